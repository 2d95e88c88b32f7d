// SPDX-License-Identifier: GPL-2.0-only
/*
 * Model of the host's physical GIC distributor; see phys-gic.h.
 * It also implements the kernel's irqchip state API for the harness.
 */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include "phys-gic.h"

struct phys_gic phys_gic;

void phys_gic_reset(void)
{
	memset(&phys_gic, 0, sizeof(phys_gic));
}

/**
 * phys_gic_register() - give a hardware INTID a Linux irq and a handler
 * @hwintid:		hardware INTID
 * @level_sensitive:	level (true) or edge (false) input
 * @handler:		what the host runs when it takes the interrupt
 * @data:		handler argument
 *
 * The Linux irq is a two-level domain stack (as the arch timer builds on
 * hosts without HW deactivation): the leaf's hwirq is meaningless, the
 * root's is the INTID, so a vGIC must walk to the root.
 *
 * Return: the Linux irq number.
 */
unsigned int phys_gic_register(u32 hwintid, bool level_sensitive,
			       phys_gic_handler_t handler, void *data)
{
	struct phys_gic_irq *p = &phys_gic.irq[hwintid];
	unsigned int host_irq = PHYS_GIC_IRQ_BASE + hwintid;

	assert(hwintid < PHYS_GIC_NR_INTIDS);
	p->registered = true;
	p->level_sensitive = level_sensitive;
	p->handler = handler;
	p->data = data;
	p->leaf = (struct irq_data){ .irq = host_irq, .hwirq = 0x5a5a,
				     .parent_data = &p->root };
	p->root = (struct irq_data){ .irq = host_irq, .hwirq = hwintid };
	return host_irq;
}

struct phys_gic_irq *phys_gic_irq_of(unsigned int host_irq)
{
	unsigned int hwintid = host_irq - PHYS_GIC_IRQ_BASE;

	if (host_irq < PHYS_GIC_IRQ_BASE || hwintid >= PHYS_GIC_NR_INTIDS ||
	    !phys_gic.irq[hwintid].registered)
		return NULL;
	return &phys_gic.irq[hwintid];
}

/* A level input is pending while asserted and not active-and-pending
 * consumed; an edge input latches on the rising edge. */
void phys_gic_set_line(u32 hwintid, bool level)
{
	struct phys_gic_irq *p = &phys_gic.irq[hwintid];

	if (level && !p->line)
		p->pending = true;
	if (!level && p->level_sensitive)
		p->pending = false;
	p->line = level;
}

/* Deactivation (by the host, or by a guest through a HW list register). */
void phys_gic_deactivate(u32 hwintid)
{
	struct phys_gic_irq *p = &phys_gic.irq[hwintid];

	p->active = false;
	if (p->level_sensitive && p->line)
		p->pending = true;
}

/**
 * phys_gic_host_window() - let the host take what it can
 *
 * The host takes every interrupt that is pending, not active and not
 * masked: it becomes active (the host drops its priority but leaves it
 * active, EOImode 1) and its handler runs.  The harness opens this window
 * where a real host would have interrupts enabled, never inside the vGIC.
 *
 * Return: the number of interrupts taken.
 */
unsigned int phys_gic_host_window(void)
{
	unsigned int taken = 0;

	for (u32 i = 0; i < PHYS_GIC_NR_INTIDS; i++) {
		struct phys_gic_irq *p = &phys_gic.irq[i];

		if (!p->registered || !p->pending || p->active || p->masked)
			continue;
		p->active = true;
		p->pending = p->level_sensitive && p->line;
		p->taken++;
		taken++;
		if (p->handler)
			p->handler(PHYS_GIC_IRQ_BASE + i, p->data);
	}
	return taken;
}

/* The kernel's irqchip state API, as the harness shim's linux/irq.h declares. */

struct irq_data *irq_get_irq_data(unsigned int irq)
{
	struct phys_gic_irq *p = phys_gic_irq_of(irq);

	return p ? &p->leaf : NULL;
}

static bool *phys_gic_state(struct phys_gic_irq *p, enum irqchip_irq_state which)
{
	switch (which) {
	case IRQCHIP_STATE_PENDING:
		return &p->pending;
	case IRQCHIP_STATE_ACTIVE:
		return &p->active;
	case IRQCHIP_STATE_MASKED:
		return &p->masked;
	case IRQCHIP_STATE_LINE_LEVEL:
		return &p->line;
	}
	return NULL;
}

int irq_get_irqchip_state(unsigned int irq, enum irqchip_irq_state which,
			  bool *state)
{
	struct phys_gic_irq *p = phys_gic_irq_of(irq);
	bool *s = p ? phys_gic_state(p, which) : NULL;

	if (!s)
		return -EINVAL;
	phys_gic.state_reads++;
	*state = *s;
	return 0;
}

int irq_set_irqchip_state(unsigned int irq, enum irqchip_irq_state which,
			  bool val)
{
	struct phys_gic_irq *p = phys_gic_irq_of(irq);

	if (!p || which == IRQCHIP_STATE_LINE_LEVEL)
		return -EINVAL;
	phys_gic.state_writes++;
	if (which == IRQCHIP_STATE_ACTIVE && !val)
		phys_gic_deactivate(irq - PHYS_GIC_IRQ_BASE);
	else
		*phys_gic_state(p, which) = val;
	return 0;
}
