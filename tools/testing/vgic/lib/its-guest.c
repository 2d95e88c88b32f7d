// SPDX-License-Identifier: GPL-2.0-only
/* An ITS driven as a guest drives it: see its-guest.h. */
#include <linux/sizes.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "guest-access.h"
#include "its-guest.h"

/* GITS_CTLR and GITS_IIDR are 32-bit; the others used here, 64. */
static unsigned int its_reg_len(u32 off)
{
	return off == GITS_CTLR || off == GITS_IIDR ? 4 : 8;
}

u64 its_read(struct vgic_its *its, u32 off)
{
	u64 val = 0xdeadbeef;

	vgic_its_access(its, off, its_reg_len(off), false, &val, false);
	return val;
}

void its_write(struct vgic_its *its, u32 off, u64 val)
{
	vgic_its_access(its, off, its_reg_len(off), true, &val, false);
}

int its_guest_create(struct its_guest *g, struct test_vm *vm, int nr_vcpus)
{
	g->vm = vm;
	g->ram = test_vm_add_ram(vm, ITS_GUEST_RAM, ITS_GUEST_RAM_SIZE);
	g->its = g->ram ? vgic_its_create(&vm->kvm) : NULL;
	if (!g->its || vgic_its_set_base(g->its, ITS_GUEST_BASE))
		return -ENOMEM;
	memset(g->ram + (ITS_GUEST_PROP_TABLE - ITS_GUEST_RAM), 0xa0 | 1, SZ_4K);
	for (int cpu = 0; cpu < nr_vcpus; cpu++) {
		gicr_write(vm, cpu, GICR_PROPBASER, 8, ITS_GUEST_PROP_TABLE | (16 - 1));
		gicr_write(vm, cpu, GICR_PENDBASER, 8, ITS_GUEST_PEND_TABLE(cpu));
		gicr_write(vm, cpu, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	}
	its_start(g);
	return 0;
}

void its_start(struct its_guest *g)
{
	its_write(g->its, GITS_CBASER, GITS_CBASER_VALID | ITS_GUEST_CMD_QUEUE);
	its_write(g->its, GITS_BASER, GITS_BASER_VALID | ITS_GUEST_DEV_TABLE);
	its_write(g->its, GITS_BASER + 8, GITS_BASER_VALID | ITS_GUEST_COLL_TABLE);
	its_write(g->its, GITS_CTLR, GITS_CTLR_ENABLE);
}

void its_cmd(struct its_guest *g, u64 dw0, u64 dw1, u64 dw2, u64 dw3)
{
	u64 cwriter = its_read(g->its, GITS_CWRITER);
	u64 *slot = (u64 *)(g->ram + (ITS_GUEST_CMD_QUEUE - ITS_GUEST_RAM) + cwriter);

	slot[0] = dw0;
	slot[1] = dw1;
	slot[2] = dw2;
	slot[3] = dw3;
	its_write(g->its, GITS_CWRITER, (cwriter + 32) % SZ_4K);
}

void its_mapd(struct its_guest *g, u32 devid, unsigned int bits, bool valid)
{
	its_cmd(g, GITS_CMD_MAPD | (u64)devid << 32, bits - 1,
		(valid ? BIT_ULL(63) : 0) | (ITS_GUEST_ITT + 0x100 * devid), 0);
}

void its_mapc(struct its_guest *g, u32 icid, u32 cpu, bool valid)
{
	its_cmd(g, GITS_CMD_MAPC, 0, (valid ? BIT_ULL(63) : 0) | (u64)cpu << 16 | icid, 0);
}

void its_mapti(struct its_guest *g, u32 devid, u32 eventid, u32 intid, u32 icid)
{
	its_cmd(g, GITS_CMD_MAPTI | (u64)devid << 32, (u64)intid << 32 | eventid, icid, 0);
}

void its_event_cmd(struct its_guest *g, u8 nr, u32 devid, u32 eventid, u64 dw2)
{
	its_cmd(g, nr | (u64)devid << 32, eventid, dw2, 0);
}
