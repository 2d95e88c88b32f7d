// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PL011 (ARM DDI 0183G, 3.2 register summary) reduced to a console: the
 * transmit FIFO is always empty (a write to UARTDR goes straight to stdout),
 * the receive FIFO always empty.  The transmit interrupt is therefore
 * always raised and reaches the GIC whenever UARTIMSC unmasks it: the
 * guest's driver masks it once it has nothing more to send.
 */
#include <stdio.h>
#include <unistd.h>

#include "pl011.h"

#define UARTDR		0x000
#define UARTFR		0x018
#define UARTIBRD	0x024
#define UARTFBRD	0x028
#define UARTLCR_H	0x02c
#define UARTCR		0x030
#define UARTIFLS	0x034
#define UARTIMSC	0x038
#define UARTRIS		0x03c
#define UARTMIS		0x040
#define UARTICR		0x044
#define UARTDMACR	0x048
#define UARTPERIPHID0	0xfe0

#define FR_RXFE		(1u << 4)
#define FR_TXFE		(1u << 7)
#define CR_LBE		(1u << 7)
#define INT_TX		(1u << 5)

/* UARTPeriphID0-3, UARTPCellID0-3: a PL011 r1p5 (DDI 0183G 3.3.10-11) */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static const uint32_t pl011_ris = INT_TX;

static void pl011_update_irq(struct pl011 *uart)
{
	bool level = pl011_ris & uart->imsc;

	if (level != uart->irq_level) {
		uart->irq_level = level;
		uart->set_irq(uart, level);
	}
}

/* The control registers a driver programs and reads back. */
static uint32_t *pl011_reg(struct pl011 *uart, uint64_t offset)
{
	switch (offset) {
	case UARTIBRD:	return &uart->ibrd;
	case UARTFBRD:	return &uart->fbrd;
	case UARTLCR_H:	return &uart->lcrh;
	case UARTCR:	return &uart->cr;
	case UARTIFLS:	return &uart->ifls;
	case UARTIMSC:	return &uart->imsc;
	case UARTDMACR:	return &uart->dmacr;
	default:	return NULL;
	}
}

uint32_t pl011_read(struct pl011 *uart, uint64_t offset)
{
	uint32_t *reg = pl011_reg(uart, offset);

	if (reg)
		return *reg;
	if (offset >= UARTPERIPHID0 && offset < UARTPERIPHID0 + 4 * sizeof(pl011_id))
		return pl011_id[(offset - UARTPERIPHID0) / 4];
	switch (offset) {
	case UARTFR:	return FR_TXFE | FR_RXFE;
	case UARTRIS:	return pl011_ris;
	case UARTMIS:	return pl011_ris & uart->imsc;
	default:	return 0;	/* UARTDR: nothing received */
	}
}

void pl011_write(struct pl011 *uart, uint64_t offset, uint32_t val)
{
	uint32_t *reg = pl011_reg(uart, offset);
	char c = val;

	if (offset == UARTDR && !(uart->cr & CR_LBE)) {
		if (write(STDOUT_FILENO, &c, 1) != 1)
			return;
	} else if (reg) {
		*reg = val;
		pl011_update_irq(uart);
	}
	/* UARTICR: the transmit condition holds on; the rest is read-only */
}
