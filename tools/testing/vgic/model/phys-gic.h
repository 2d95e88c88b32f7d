/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A model of the host's physical GIC distributor, as seen through the
 * irqchip state API: per hardware INTID an input line, pending, active and
 * masked state (IHI 0069 4.1 "Interrupt lifecycle"), and a host that takes
 * an interrupt when it is pending, not active and not masked.
 *
 * The host runs KVM's physical interrupts with split priority drop and
 * deactivation (EOImode 1): taking one leaves it active until someone
 * deactivates it, in the guest's case through a HW list register.
 */
#ifndef _VGIC_MODEL_PHYS_GIC_H
#define _VGIC_MODEL_PHYS_GIC_H
#include <linux/irq.h>
#include <linux/types.h>

#define PHYS_GIC_NR_INTIDS	1020
/* Linux irq numbers of the model: far from the INTIDs, to catch mix-ups. */
#define PHYS_GIC_IRQ_BASE	4000

typedef void (*phys_gic_handler_t)(unsigned int host_irq, void *data);

struct phys_gic_irq {
	bool registered;
	bool level_sensitive;
	bool line;
	bool pending;
	bool active;
	bool masked;
	unsigned long taken;
	phys_gic_handler_t handler;
	void *data;
	struct irq_data leaf;
	struct irq_data root;
};

struct phys_gic {
	struct phys_gic_irq irq[PHYS_GIC_NR_INTIDS];
	unsigned long state_reads;
	unsigned long state_writes;
};

extern struct phys_gic phys_gic;

void phys_gic_reset(void);
unsigned int phys_gic_register(u32 hwintid, bool level_sensitive,
			       phys_gic_handler_t handler, void *data);
void phys_gic_set_line(u32 hwintid, bool level);
void phys_gic_deactivate(u32 hwintid);
unsigned int phys_gic_host_window(void);
struct phys_gic_irq *phys_gic_irq_of(unsigned int host_irq);

#endif
