// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device tree of the guest's board: CPUs started by PSCI (hvc), RAM,
 * a GICv3 (distributor + one redistributor per CPU, and an ITS) or a GICv2
 * (distributor + CPU interface), the architected timer's PPIs and a PL011
 * UART.  Bindings: Documentation/devicetree/bindings/ (arm/cpus, arm/psci,
 * interrupt-controller/arm,gic-v3 and arm,gic, timer/arm,arch_timer,
 * serial/pl011).
 */
#include <stdio.h>

#include "board.h"
#include "fdt.h"

#define PHANDLE_GIC	1
#define PHANDLE_CLK	2

#define GIC_SPI		0
#define GIC_PPI		1
#define IRQ_LEVEL_HIGH	4

static void reg(struct fdt *fdt, uint64_t base, uint64_t size)
{
	uint32_t cells[] = { base >> 32, (uint32_t)base, size >> 32, (uint32_t)size };

	fdt_prop_cells(fdt, "reg", cells, 4);
}

static void cpus(struct fdt *fdt, const struct board *board)
{
	char name[32];

	fdt_node(fdt, "cpus");
	fdt_prop_u32(fdt, "#address-cells", 1);
	fdt_prop_u32(fdt, "#size-cells", 0);
	for (int i = 0; i < board->nr_cpus; i++) {
		snprintf(name, sizeof(name), "cpu@%d", i);
		fdt_node(fdt, name);
		fdt_prop_str(fdt, "device_type", "cpu");
		fdt_prop_str(fdt, "compatible", "arm,arm-v8");
		fdt_prop_u32(fdt, "reg", i);		/* MPIDR Aff0 */
		fdt_prop_str(fdt, "enable-method", "psci");
		fdt_end_node(fdt);
	}
	fdt_end_node(fdt);

	fdt_node(fdt, "psci");
	fdt_prop_str(fdt, "compatible", "arm,psci-0.2");
	fdt_prop_str(fdt, "method", "hvc");
	fdt_end_node(fdt);
}

/* The ITS, a child of the GICv3 node (arm,gic-v3.yaml), with its own ranges. */
static void its(struct fdt *fdt)
{
	fdt_prop_u32(fdt, "#address-cells", 2);
	fdt_prop_u32(fdt, "#size-cells", 2);
	fdt_prop_empty(fdt, "ranges");
	fdt_node(fdt, "msi-controller@8080000");
	fdt_prop_str(fdt, "compatible", "arm,gic-v3-its");
	fdt_prop_empty(fdt, "msi-controller");
	fdt_prop_u32(fdt, "#msi-cells", 1);
	reg(fdt, BOARD_GITS, 0x20000);
	fdt_end_node(fdt);
}

static void gic(struct fdt *fdt, const struct board *board)
{
	fdt_node(fdt, "intc@8000000");
	if (board->gic_version == 3) {
		uint32_t cells[] = { 0, BOARD_GICD, 0, 0x10000,
				     0, BOARD_GICR, 0, 0x20000 * board->nr_cpus };

		fdt_prop_str(fdt, "compatible", "arm,gic-v3");
		fdt_prop_cells(fdt, "reg", cells, 8);
		fdt_prop_u32(fdt, "#redistributor-regions", 1);
	} else {
		uint32_t cells[] = { 0, BOARD_GICD, 0, 0x1000, 0, BOARD_GICC, 0, 0x2000 };

		fdt_prop_str(fdt, "compatible", "arm,cortex-a15-gic");
		fdt_prop_cells(fdt, "reg", cells, 8);
	}
	fdt_prop_u32(fdt, "#interrupt-cells", 3);
	fdt_prop_empty(fdt, "interrupt-controller");
	fdt_prop_u32(fdt, "phandle", PHANDLE_GIC);
	if (board->its)
		its(fdt);			/* properties before subnodes */
	fdt_end_node(fdt);
}

/* Secure, non-secure physical, virtual, hypervisor timer PPIs: 29, 30, 27, 26. */
static void timer(struct fdt *fdt, const struct board *board)
{
	/* GICv2 PPIs name their CPUs (bits [15:8] of the flags cell) */
	uint32_t flags = IRQ_LEVEL_HIGH |
			 (board->gic_version == 2 ? ((1u << board->nr_cpus) - 1) << 8 : 0);
	uint32_t cells[] = { GIC_PPI, 13, flags, GIC_PPI, 14, flags,
			     GIC_PPI, 11, flags, GIC_PPI, 10, flags };

	fdt_node(fdt, "timer");
	fdt_prop_str(fdt, "compatible", "arm,armv8-timer");
	fdt_prop_cells(fdt, "interrupts", cells, 12);
	fdt_prop_empty(fdt, "always-on");
	fdt_end_node(fdt);
}

static void uart(struct fdt *fdt)
{
	static const char compatible[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	uint32_t irq[] = { GIC_SPI, BOARD_UART_SPI, IRQ_LEVEL_HIGH };
	uint32_t clocks[] = { PHANDLE_CLK, PHANDLE_CLK };

	fdt_node(fdt, "apb-pclk");
	fdt_prop_str(fdt, "compatible", "fixed-clock");
	fdt_prop_u32(fdt, "#clock-cells", 0);
	fdt_prop_u32(fdt, "clock-frequency", 24000000);
	fdt_prop_u32(fdt, "phandle", PHANDLE_CLK);
	fdt_end_node(fdt);

	fdt_node(fdt, "pl011@9000000");
	fdt_prop(fdt, "compatible", compatible, sizeof(compatible));
	reg(fdt, BOARD_UART, BOARD_UART_SIZE);
	fdt_prop_cells(fdt, "interrupts", irq, 3);
	fdt_prop_cells(fdt, "clocks", clocks, 2);
	fdt_prop(fdt, "clock-names", clock_names, sizeof(clock_names));
	fdt_end_node(fdt);
}

long board_fdt(const struct board *board, void *buf, size_t size)
{
	struct fdt fdt;
	uint32_t initrd[] = { board->initrd_start >> 32, (uint32_t)board->initrd_start };
	uint32_t initrd_end[] = { board->initrd_end >> 32, (uint32_t)board->initrd_end };

	fdt_begin(&fdt, buf, size);
	fdt_node(&fdt, "");
	fdt_prop_str(&fdt, "compatible", "linux,dummy-virt");
	fdt_prop_u32(&fdt, "#address-cells", 2);
	fdt_prop_u32(&fdt, "#size-cells", 2);
	fdt_prop_u32(&fdt, "interrupt-parent", PHANDLE_GIC);

	fdt_node(&fdt, "chosen");
	fdt_prop_str(&fdt, "bootargs", board->bootargs);
	fdt_prop_str(&fdt, "stdout-path", "/pl011@9000000");
	fdt_prop_cells(&fdt, "linux,initrd-start", initrd, 2);
	fdt_prop_cells(&fdt, "linux,initrd-end", initrd_end, 2);
	fdt_end_node(&fdt);

	fdt_node(&fdt, "memory@40000000");
	fdt_prop_str(&fdt, "device_type", "memory");
	reg(&fdt, BOARD_RAM, board->ram_size);
	fdt_end_node(&fdt);

	cpus(&fdt, board);
	gic(&fdt, board);
	timer(&fdt, board);
	uart(&fdt);
	fdt_end_node(&fdt);
	return fdt_finish(&fdt);
}
