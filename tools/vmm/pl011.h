/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's console: a PL011 UART that transmits to the VMM's stdout and
 * never receives.
 */
#ifndef VMM_PL011_H
#define VMM_PL011_H
#include <stdbool.h>
#include <stdint.h>

struct pl011 {
	uint32_t cr, lcrh, ibrd, fbrd, ifls, imsc, dmacr;
	bool irq_level;
	/* drive the UART's interrupt line */
	void (*set_irq)(struct pl011 *uart, bool level);
};

uint32_t pl011_read(struct pl011 *uart, uint64_t offset);
void pl011_write(struct pl011 *uart, uint64_t offset, uint32_t val);

#endif
