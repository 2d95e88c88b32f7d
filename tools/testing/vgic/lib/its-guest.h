/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An ITS driven as a guest drives it: guest RAM holding the LPI tables,
 * the command queue and the ITS tables, the ITS's registers, and commands
 * put on its queue (for the tests and the benchmarks).
 */
#ifndef _VGIC_ITS_GUEST_H
#define _VGIC_ITS_GUEST_H
#include <linux/irqchip/arm-gic-v3.h>

#include "test-vm.h"
#include "vgic-its.h"

#define ITS_GUEST_RAM		0x40000000UL
#define ITS_GUEST_RAM_SIZE	0x200000UL
#define ITS_GUEST_PROP_TABLE	(ITS_GUEST_RAM + 0x10000)
#define ITS_GUEST_PEND_TABLE(n)	(ITS_GUEST_RAM + 0x20000 + (n) * 0x10000)
#define ITS_GUEST_CMD_QUEUE	(ITS_GUEST_RAM + 0x80000)	/* 4KB: 128 commands */
#define ITS_GUEST_DEV_TABLE	(ITS_GUEST_RAM + 0x90000)
#define ITS_GUEST_COLL_TABLE	(ITS_GUEST_RAM + 0xa0000)
#define ITS_GUEST_ITT		(ITS_GUEST_RAM + 0xb0000)	/* 256B per DeviceID */
#define ITS_GUEST_BASE		0x08080000UL
#define ITS_GUEST_DOORBELL	(ITS_GUEST_BASE + GITS_TRANSLATER)

struct its_guest {
	struct test_vm *vm;
	struct vgic_its *its;
	u8 *ram;		/* ITS_GUEST_RAM */
};

/*
 * RAM, an ITS at ITS_GUEST_BASE, LPIs enabled on the first @nr_vcpus (all
 * on, priority 0xa0), then its_start().  Return: 0, or -ENOMEM.
 */
int its_guest_create(struct its_guest *g, struct test_vm *vm, int nr_vcpus);
/* The queue, a flat device table and collection table of 512, Enabled. */
void its_start(struct its_guest *g);

u64 its_read(struct vgic_its *its, u32 off);
void its_write(struct vgic_its *its, u32 off, u64 val);
/* Put a command at CWRITER and advance CWRITER past it: the ITS runs it. */
void its_cmd(struct its_guest *g, u64 dw0, u64 dw1, u64 dw2, u64 dw3);
void its_mapd(struct its_guest *g, u32 devid, unsigned int bits, bool valid);
void its_mapc(struct its_guest *g, u32 icid, u32 cpu, bool valid);
void its_mapti(struct its_guest *g, u32 devid, u32 eventid, u32 intid, u32 icid);
void its_event_cmd(struct its_guest *g, u8 nr, u32 devid, u32 eventid, u64 dw2);

#endif
