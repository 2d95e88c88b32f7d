/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's board: where RAM, the GIC and the UART are, and the device
 * tree that tells the guest kernel so.
 */
#ifndef VMM_BOARD_H
#define VMM_BOARD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOARD_GICD		0x08000000ULL
#define BOARD_GICC		0x08010000ULL	/* GICv2 CPU interface */
#define BOARD_GITS		0x08080000ULL	/* GICv3 ITS, 128KB */
#define BOARD_GICR		0x080a0000ULL	/* GICv3 redistributors */
#define BOARD_UART		0x09000000ULL
#define BOARD_UART_SIZE		0x1000
#define BOARD_UART_SPI		1		/* INTID 33 */
#define BOARD_RAM		0x40000000ULL
#define BOARD_NR_IRQS		128

struct board {
	int gic_version;		/* 2 or 3 */
	bool its;			/* GICv3: an ITS (an msi-controller) */
	int nr_cpus;
	uint64_t ram_size;
	uint64_t initrd_start, initrd_end;
	const char *bootargs;
};

/* Return: the size of the device tree written to @buf, or -1. */
long board_fdt(const struct board *board, void *buf, size_t size);

#endif
