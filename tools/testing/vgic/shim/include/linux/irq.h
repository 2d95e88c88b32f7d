/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness shim: Linux irq descriptors and the irqchip state API, backed by
 * the physical GIC of the model (tools/testing/vgic/model/phys-gic.c).
 */
#ifndef _SHIM_LINUX_IRQ_H
#define _SHIM_LINUX_IRQ_H
#include <linux/types.h>

struct irq_data {
	unsigned int irq;
	irq_hw_number_t hwirq;
	struct irq_data *parent_data;
};

enum irqchip_irq_state {
	IRQCHIP_STATE_PENDING,
	IRQCHIP_STATE_ACTIVE,
	IRQCHIP_STATE_MASKED,
	IRQCHIP_STATE_LINE_LEVEL,
};

struct irq_data *irq_get_irq_data(unsigned int irq);
int irq_get_irqchip_state(unsigned int irq, enum irqchip_irq_state which,
			  bool *state);
int irq_set_irqchip_state(unsigned int irq, enum irqchip_irq_state which,
			  bool val);

#endif
