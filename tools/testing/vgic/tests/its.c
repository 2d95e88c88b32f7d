// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ITS: its registers, the command queue and each command, the
 * translation of MSIs, errors ignored and counted, device and collection
 * tables flat and two-level, and delivery of the translated LPIs through
 * the list registers.
 */
#include <linux/bitfield.h>
#include <linux/err.h>
#include <linux/rcupdate.h>
#include <linux/sizes.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_mmu.h>

#include "common.h"
#include "vgic-its.h"

#define RAM_BASE	0x40000000UL
#define RAM_SIZE	0x200000UL
#define PROP_TABLE	(RAM_BASE + 0x10000)
#define PEND_TABLE(n)	(RAM_BASE + 0x20000 + (n) * 0x10000)
#define CMD_QUEUE	(RAM_BASE + 0x80000)		/* one 4KB page: 128 commands */
#define DEV_TABLE	(RAM_BASE + 0x90000)
#define COLL_TABLE	(RAM_BASE + 0xa0000)
#define L2_TABLE	(RAM_BASE + 0xb0000)
#define ITS_BASE	0x08080000UL
#define DOORBELL	(ITS_BASE + GITS_TRANSLATER)
#define LPI		8192u

FIXTURE(its) {
	struct test_vm vm;
	struct vgic_its *its;
	u8 *ram;
};

/* GITS_CTLR and GITS_IIDR are 32-bit; the others these tests touch, 64. */
static unsigned int its_reg_len(u32 off)
{
	return off == GITS_CTLR || off == GITS_IIDR ? 4 : 8;
}

static u64 its_read(struct vgic_its *its, u32 off)
{
	u64 val = 0xdeadbeef;

	vgic_its_access(its, off, its_reg_len(off), false, &val, false);
	return val;
}

static void its_write(struct vgic_its *its, u32 off, u64 val)
{
	vgic_its_access(its, off, its_reg_len(off), true, &val, false);
}

/* Put a command at CWRITER and advance CWRITER past it: the ITS runs it. */
static void its_cmd(FIXTURE_DATA(its) *self, u64 dw0, u64 dw1, u64 dw2, u64 dw3)
{
	u64 cwriter = its_read(self->its, GITS_CWRITER);
	u64 *slot = (u64 *)(self->ram + (CMD_QUEUE - RAM_BASE) + cwriter);

	slot[0] = dw0;
	slot[1] = dw1;
	slot[2] = dw2;
	slot[3] = dw3;
	its_write(self->its, GITS_CWRITER, (cwriter + 32) % SZ_4K);
}

static void mapd(FIXTURE_DATA(its) *self, u32 devid, unsigned int bits, bool valid)
{
	its_cmd(self, GITS_CMD_MAPD | (u64)devid << 32, bits - 1,
		(valid ? BIT_ULL(63) : 0) | (L2_TABLE + 0x100 * devid), 0);
}

static void mapc(FIXTURE_DATA(its) *self, u32 icid, u32 cpu, bool valid)
{
	its_cmd(self, GITS_CMD_MAPC, 0, (valid ? BIT_ULL(63) : 0) | (u64)cpu << 16 | icid, 0);
}

static void mapti(FIXTURE_DATA(its) *self, u32 devid, u32 eventid, u32 intid, u32 icid)
{
	its_cmd(self, GITS_CMD_MAPTI | (u64)devid << 32, (u64)intid << 32 | eventid, icid, 0);
}

static void event_cmd(FIXTURE_DATA(its) *self, u8 nr, u32 devid, u32 eventid, u64 dw2)
{
	its_cmd(self, nr | (u64)devid << 32, eventid, dw2, 0);
}

FIXTURE_SETUP(its)
{
	struct test_vm *vm = &self->vm;

	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(vm, VGIC_V3, 2, 64, 4));
	self->ram = test_vm_add_ram(vm, RAM_BASE, RAM_SIZE);
	ASSERT_NE(NULL, self->ram);
	self->its = vgic_its_create(&vm->kvm);
	ASSERT_NE(NULL, self->its);
	ASSERT_EQ(0, vgic_its_set_base(self->its, ITS_BASE));
	memset(self->ram + (PROP_TABLE - RAM_BASE), 0xa0 | 1, 0x1000);	/* all on */
	for (int cpu = 0; cpu < 2; cpu++) {
		gicr_write(vm, cpu, GICR_PROPBASER, 8, PROP_TABLE | (16 - 1));
		gicr_write(vm, cpu, GICR_PENDBASER, 8, PEND_TABLE(cpu));
		gicr_write(vm, cpu, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	}
	its_write(self->its, GITS_CBASER, GITS_CBASER_VALID | CMD_QUEUE);
	its_write(self->its, GITS_BASER, GITS_BASER_VALID | DEV_TABLE);		/* 512 */
	its_write(self->its, GITS_BASER + 8, GITS_BASER_VALID | COLL_TABLE);	/* 512 */
	its_write(self->its, GITS_CTLR, GITS_CTLR_ENABLE);
}

FIXTURE_TEARDOWN(its)
{
	vgic_its_destroy(self->its);
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

TEST_F(its, registers)
{
	struct vgic_its *its = self->its;
	u64 typer = its_read(its, GITS_TYPER), val;

	ASSERT_TRUE(typer & GITS_TYPER_PLPIS);
	ASSERT_FALSE(typer & (GITS_TYPER_VLPIS | GITS_TYPER_PTA));
	ASSERT_EQ(8, FIELD_GET(GITS_TYPER_ITT_ENTRY_SIZE, typer) + 1);
	ASSERT_EQ(16, FIELD_GET(GITS_TYPER_IDBITS, typer) + 1);
	ASSERT_EQ(16, FIELD_GET(GITS_TYPER_DEVBITS, typer) + 1);
	ASSERT_EQ(0, GITS_TYPER_HCC(typer));
	ASSERT_EQ(0, GITS_IIDR_REV(its_read(its, GITS_IIDR)));
	ASSERT_EQ(GITS_CTLR_QUIESCENT | GITS_CTLR_ENABLE, its_read(its, GITS_CTLR) & 0xffffffff);
	ASSERT_TRUE(self->vm.kvm.arch.vgic.msis_require_devid);

	/* Type and entry size are read-only; BASER2-7 are RAZ/WI. */
	ASSERT_EQ(GITS_BASER_TYPE_DEVICE, GITS_BASER_TYPE(its_read(its, GITS_BASER)));
	ASSERT_EQ(GITS_BASER_TYPE_COLLECTION, GITS_BASER_TYPE(its_read(its, GITS_BASER + 8)));
	ASSERT_EQ(8, GITS_BASER_ENTRY_SIZE(its_read(its, GITS_BASER + 8)));
	its_write(its, GITS_BASER + 16, ~0ULL);
	ASSERT_EQ(0, its_read(its, GITS_BASER + 16));

	/* Enabled: the bases are read-only. */
	its_write(its, GITS_BASER, 0);
	ASSERT_TRUE(its_read(its, GITS_BASER) & GITS_BASER_VALID);
	its_write(its, GITS_CBASER, 0);
	ASSERT_TRUE(its_read(its, GITS_CBASER) & GITS_CBASER_VALID);

	/* CWRITER past the queue is ignored; a CBASER write empties it. */
	its_write(its, GITS_CWRITER, SZ_4K);
	ASSERT_EQ(0, its_read(its, GITS_CWRITER));
	its_write(its, GITS_CTLR, 0);
	val = 64;
	ASSERT_EQ(0, vgic_its_access(its, GITS_CWRITER, 8, true, &val, true));
	ASSERT_EQ(0, vgic_its_access(its, GITS_CREADR, 8, true, &val, true));
	ASSERT_EQ(64, its_read(its, GITS_CREADR));
	its_write(its, GITS_CBASER, GITS_CBASER_VALID | CMD_QUEUE);
	ASSERT_EQ(0, its_read(its, GITS_CREADR));
	ASSERT_EQ(0, its_read(its, GITS_CWRITER));
	val = SZ_4K;
	ASSERT_EQ(-EINVAL, vgic_its_access(its, GITS_CREADR, 8, true, &val, true));

	/* Only this revision of the table layout restores. */
	val = FIELD_PREP(GITS_IIDR_REV_MASK, 1);
	ASSERT_EQ(-EINVAL, vgic_its_access(its, GITS_IIDR, 4, true, &val, true));
}

/* MAPD, MAPC, MAPTI, then INT and an MSI: the LPI reaches vCPU 1's LRs. */
TEST_F(its, translated_lpi_is_delivered)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq;

	mapd(self, 5, 4, true);
	mapc(self, 3, 1, true);
	mapti(self, 5, 2, LPI + 8, 3);
	ASSERT_EQ(0, self->its->cmd_errors);
	ASSERT_EQ(its_read(self->its, GITS_CWRITER), its_read(self->its, GITS_CREADR));
	irq = vgic_lpi_get(&vm->kvm, LPI + 8);
	ASSERT_NE(NULL, irq);
	ASSERT_EQ(&vm->vcpu[1], irq->target_vcpu);
	ASSERT_EQ(0xa0, irq->priority);

	event_cmd(self, GITS_CMD_INT, 5, 2, 0);
	ASSERT_TRUE(test_on_ap_list(vm, 1, LPI + 8));
	test_vcpu_enter(vm, 1);
	ASSERT_EQ(LPI + 8, test_lr(vm, 1, 0).vintid);
	ASSERT_EQ(LPI + 8, vif_ack(&vm->vif[1], -1));
	vif_eoi(&vm->vif[1], LPI + 8);
	test_vcpu_exit(vm, 1);

	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 5, 2));
	ASSERT_TRUE(irq->pending_latch);
	ASSERT_EQ(-EINVAL, vgic_its_inject_msi(&vm->kvm, DOORBELL, 5, 3));	/* no event */
	ASSERT_EQ(-EINVAL, vgic_its_inject_msi(&vm->kvm, DOORBELL, 6, 2));	/* no device */
	ASSERT_EQ(-EINVAL, vgic_its_inject_msi(&vm->kvm, DOORBELL + 4, 5, 2));
	its_write(self->its, GITS_CTLR, 0);
	ASSERT_EQ(0, vgic_its_inject_msi(&vm->kvm, DOORBELL, 5, 2));
	ASSERT_INVARIANTS(vm);
	vgic_lpi_put(&vm->kvm, irq);
}

/* Each error is ignored, changes nothing and is counted. */
TEST_F(its, command_errors_are_ignored)
{
	struct vgic_its *its = self->its;

	mapti(self, 7, 0, LPI, 0);
	ASSERT_EQ(E_ITS_MAPTI_UNMAPPED_DEVICE, its->last_error);
	mapd(self, 512, 4, true);			/* the flat table holds 512 */
	ASSERT_EQ(E_ITS_MAPD_DEVICE_OOR, its->last_error);
	mapd(self, 7, 17, true);
	ASSERT_EQ(E_ITS_MAPD_ITTSIZE_OOR, its->last_error);
	mapd(self, 7, 4, true);
	mapti(self, 7, 16, LPI, 0);
	ASSERT_EQ(E_ITS_MAPTI_ID_OOR, its->last_error);
	mapti(self, 7, 0, LPI - 1, 0);
	ASSERT_EQ(E_ITS_MAPTI_PHYSICALID_OOR, its->last_error);
	mapti(self, 7, 0, 1u << 16, 0);
	ASSERT_EQ(E_ITS_MAPTI_PHYSICALID_OOR, its->last_error);
	mapc(self, 512, 0, true);
	ASSERT_EQ(E_ITS_MAPC_COLLECTION_OOR, its->last_error);
	mapc(self, 1, 2, true);				/* no third vCPU */
	ASSERT_EQ(E_ITS_MAPC_PROCNUM_OOR, its->last_error);
	event_cmd(self, GITS_CMD_INT, 7, 0, 0);
	ASSERT_EQ(E_ITS_INT_UNMAPPED_INTERRUPT, its->last_error);
	event_cmd(self, GITS_CMD_DISCARD, 7, 0, 0);
	ASSERT_EQ(E_ITS_DISCARD_UNMAPPED_INTERRUPT, its->last_error);
	event_cmd(self, GITS_CMD_INVALL, 0, 0, 9);
	ASSERT_EQ(E_ITS_INVALL_UNMAPPED_COLLECTION, its->last_error);
	its_cmd(self, GITS_CMD_MOVALL, 0, 0, 5ULL << 16);
	ASSERT_EQ(E_ITS_MOVALL_PROCNUM_OOR, its->last_error);
	its_cmd(self, GITS_CMD_VMAPP, 0, 0, 0);		/* GICv4: not offered */
	ASSERT_EQ(13, its->cmd_errors);
	ASSERT_TRUE(xa_empty(&self->vm.kvm.arch.vgic.lpi_xa));
	ASSERT_EQ(its_read(its, GITS_CWRITER), its_read(its, GITS_CREADR));
}

/*
 * MOVI moves a pending LPI to another collection's vCPU (the next flush
 * of the old one hands it over); DISCARD removes it and its pending state;
 * the LPI's state then dies with its last reference.
 */
TEST_F(its, movi_then_discard)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq;

	mapd(self, 1, 2, true);
	mapc(self, 0, 0, true);
	mapc(self, 1, 1, true);
	mapti(self, 1, 3, LPI, 0);
	irq = vgic_lpi_get(&vm->kvm, LPI);
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 1, 3));
	ASSERT_TRUE(test_on_ap_list(vm, 0, LPI));

	event_cmd(self, GITS_CMD_MOVI, 1, 3, 1);
	ASSERT_EQ(&vm->vcpu[1], irq->target_vcpu);
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(0, test_used_lrs(vm, 0));
	test_vcpu_exit(vm, 0);
	ASSERT_TRUE(test_on_ap_list(vm, 1, LPI));
	ASSERT_INVARIANTS(vm);

	event_cmd(self, GITS_CMD_DISCARD, 1, 3, 0);
	ASSERT_EQ(0, self->its->cmd_errors);
	ASSERT_FALSE(irq->pending_latch);
	ASSERT_EQ(-EINVAL, vgic_its_inject_msi(&vm->kvm, DOORBELL, 1, 3));
	test_vcpu_enter(vm, 1);				/* the flush drops it */
	ASSERT_EQ(0, test_used_lrs(vm, 1));
	test_vcpu_exit(vm, 1);
	ASSERT_EQ(1, refcount_read(&irq->refcount));	/* ours alone */
	vgic_lpi_put(&vm->kvm, irq);
	ASSERT_EQ(NULL, vgic_lpi_get(&vm->kvm, LPI));
	ASSERT_INVARIANTS(vm);
}

/* MAPC remaps a collection: its LPIs follow; MOVALL moves a redistributor's. */
TEST_F(its, collections_follow_mapc_and_movall)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *a, *b;

	mapd(self, 2, 4, true);
	mapc(self, 7, 0, true);
	mapti(self, 2, 0, LPI, 7);
	mapti(self, 2, 1, LPI + 1, 7);
	a = vgic_lpi_get(&vm->kvm, LPI);
	b = vgic_lpi_get(&vm->kvm, LPI + 1);
	ASSERT_EQ(&vm->vcpu[0], a->target_vcpu);
	mapc(self, 7, 1, true);
	ASSERT_EQ(&vm->vcpu[1], a->target_vcpu);
	ASSERT_EQ(&vm->vcpu[1], b->target_vcpu);
	its_cmd(self, GITS_CMD_MOVALL, 0, 1ULL << 16, 0);
	ASSERT_EQ(0, self->its->cmd_errors);
	ASSERT_EQ(&vm->vcpu[0], a->target_vcpu);
	ASSERT_EQ(&vm->vcpu[0], b->target_vcpu);
	mapc(self, 7, 0, false);			/* unmapped: delivered nowhere */
	ASSERT_EQ(NULL, a->target_vcpu);
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 2, 0));
	ASSERT_FALSE(a->pending_latch);
	vgic_lpi_put(&vm->kvm, a);
	vgic_lpi_put(&vm->kvm, b);
}

/* CLEAR removes the pending state; INV and INVALL read the table again. */
TEST_F(its, clear_inv_invall)
{
	struct test_vm *vm = &self->vm;
	u8 *cfg = self->ram + (PROP_TABLE - RAM_BASE);
	struct vgic_irq *irq;

	mapd(self, 3, 1, true);
	mapc(self, 0, 0, true);
	mapti(self, 3, 1, LPI + 4, 0);
	irq = vgic_lpi_get(&vm->kvm, LPI + 4);
	event_cmd(self, GITS_CMD_INT, 3, 1, 0);
	ASSERT_TRUE(irq->pending_latch);
	event_cmd(self, GITS_CMD_CLEAR, 3, 1, 0);
	ASSERT_FALSE(irq->pending_latch);

	cfg[4] = 0x30;					/* disabled, 0x30 */
	event_cmd(self, GITS_CMD_INV, 3, 1, 0);
	ASSERT_FALSE(irq->enabled);
	ASSERT_EQ(0x30, irq->priority);
	cfg[4] = 0x40 | 1;
	event_cmd(self, GITS_CMD_INVALL, 0, 0, 0);
	ASSERT_TRUE(irq->enabled);
	ASSERT_EQ(0x40, irq->priority);
	ASSERT_EQ(0, self->its->cmd_errors);
	vgic_lpi_put(&vm->kvm, irq);
}

/* A two-level device table: a DeviceID is in range only where level 1 is valid. */
TEST_F(its, two_level_device_table)
{
	struct vgic_its *its = self->its;
	u64 *l1 = (u64 *)(self->ram + (DEV_TABLE - RAM_BASE));

	its_write(its, GITS_CTLR, 0);
	its_write(its, GITS_BASER, GITS_BASER_VALID | GITS_BASER_INDIRECT | DEV_TABLE);
	its_write(its, GITS_CTLR, GITS_CTLR_ENABLE);
	l1[1] = GITS_BASER_VALID | L2_TABLE;		/* DeviceIDs 512-1023 */
	mapd(self, 600, 4, true);
	ASSERT_EQ(0, its->cmd_errors);
	ASSERT_NE(NULL, xa_load(&its->devices, 600));
	mapd(self, 100, 4, true);			/* level-1 entry 0 invalid */
	ASSERT_EQ(E_ITS_MAPD_DEVICE_OOR, its->last_error);
	mapd(self, 512 * 512, 4, true);			/* past level 1 */
	ASSERT_EQ(E_ITS_MAPD_DEVICE_OOR, its->last_error);
	mapd(self, 600, 4, false);
	ASSERT_EQ(NULL, xa_load(&its->devices, 600));
}

/*
 * The queue is a ring: commands wrap at its end.  A disabled ITS runs
 * none; enabling it runs what waits.  A command that cannot be read is
 * skipped.
 */
TEST_F(its, queue_wraps_and_waits_for_enable)
{
	struct vgic_its *its = self->its;

	for (int i = 0; i < 130; i++)
		its_cmd(self, GITS_CMD_SYNC, 0, 0, 0);
	ASSERT_EQ(2 * 32, its_read(its, GITS_CREADR));
	ASSERT_EQ(0, its->cmd_errors);

	its_write(its, GITS_CTLR, 0);
	mapd(self, 9, 4, true);
	ASSERT_EQ(NULL, xa_load(&its->devices, 9));
	ASSERT_EQ(3 * 32, its_read(its, GITS_CWRITER));
	ASSERT_EQ(2 * 32, its_read(its, GITS_CREADR));
	its_write(its, GITS_CTLR, GITS_CTLR_ENABLE);
	ASSERT_NE(NULL, xa_load(&its->devices, 9));
	ASSERT_EQ(3 * 32, its_read(its, GITS_CREADR));

	its_write(its, GITS_CTLR, 0);
	its_write(its, GITS_CBASER, GITS_CBASER_VALID | (RAM_BASE + RAM_SIZE));
	its_write(its, GITS_CTLR, GITS_CTLR_ENABLE);
	its_write(its, GITS_CWRITER, 32);
	ASSERT_EQ(32, its_read(its, GITS_CREADR));
	ASSERT_EQ(1, its->cmd_errors);
}

/* RESET forgets every translation; the LPIs' state goes with them. */
TEST_F(its, reset_forgets_everything)
{
	struct test_vm *vm = &self->vm;

	mapd(self, 4, 4, true);
	mapc(self, 0, 0, true);
	for (u32 ev = 0; ev < 16; ev++)
		mapti(self, 4, ev, LPI + ev, 0);
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 4, 15));
	vgic_its_reset(self->its);
	ASSERT_FALSE(self->its->enabled);
	ASSERT_EQ(0, its_read(self->its, GITS_CBASER));
	ASSERT_FALSE(its_read(self->its, GITS_BASER) & GITS_BASER_VALID);
	ASSERT_EQ(GITS_BASER_TYPE_DEVICE, GITS_BASER_TYPE(its_read(self->its, GITS_BASER)));
	ASSERT_TRUE(xa_empty(&self->its->devices));
	ASSERT_EQ(0, vgic_its_inject_msi(&vm->kvm, DOORBELL, 4, 15));	/* disabled */
	ASSERT_EQ(NULL, vgic_lpi_get(&vm->kvm, LPI));
	ASSERT_TRUE(test_on_ap_list(vm, 0, LPI + 15));	/* still pending there */
	ASSERT_INVARIANTS(vm);
}

/* Two ITSes: each its own doorbell and translations; frames may not overlap. */
TEST_F(its, second_its)
{
	struct test_vm *vm = &self->vm;
	struct vgic_its *other = vgic_its_create(&vm->kvm);

	ASSERT_EQ(-EEXIST, vgic_its_set_base(other, ITS_BASE));
	ASSERT_EQ(-EEXIST, vgic_its_set_base(other, ITS_BASE + SZ_64K));
	ASSERT_EQ(-EEXIST, vgic_its_set_base(other, ITS_BASE - SZ_64K));
	ASSERT_EQ(0, vgic_its_set_base(other, ITS_BASE + 2 * SZ_64K));
	ASSERT_EQ(-EEXIST, vgic_its_set_base(other, ITS_BASE + 4 * SZ_64K));
	mapd(self, 1, 1, true);
	mapc(self, 0, 0, true);
	mapti(self, 1, 0, LPI, 0);
	ASSERT_EQ(0, vgic_its_inject_msi(&vm->kvm, ITS_BASE + 2 * SZ_64K + GITS_TRANSLATER, 1, 0));
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 1, 0));
	vgic_its_destroy(other);
}

/*
 * MSI routes: a DeviceID is required once the VM has an ITS; the route's
 * address names the ITS, its data the EventID.  The atomic path (an
 * irqfd's) translates too, without sleeping.
 */
TEST_F(its, msi_routes)
{
	struct test_vm *vm = &self->vm;
	struct kvm_irq_routing_entry ue = {
		.type = KVM_IRQ_ROUTING_MSI,
		.u.msi = { .address_lo = (u32)DOORBELL, .address_hi = DOORBELL >> 32, .data = 6 },
	};
	struct kvm_kernel_irq_routing_entry e = { .type = KVM_IRQ_ROUTING_MSI };	/* irqchip.c's */
	struct vgic_irq *irq;

	ASSERT_EQ(-EINVAL, kvm_set_routing_entry(&vm->kvm, &e, &ue));
	ue.flags = KVM_MSI_VALID_DEVID;
	ue.u.msi.devid = 11;
	ASSERT_EQ(0, kvm_set_routing_entry(&vm->kvm, &e, &ue));
	ASSERT_EQ(-EINVAL, e.set(&e, &vm->kvm, 0, 1, false));	/* not mapped yet */

	mapd(self, 11, 4, true);
	mapc(self, 0, 1, true);
	mapti(self, 11, 6, LPI + 40, 0);
	irq = vgic_lpi_get(&vm->kvm, LPI + 40);
	ASSERT_EQ(1, e.set(&e, &vm->kvm, 0, 1, false));
	ASSERT_TRUE(test_on_ap_list(vm, 1, LPI + 40));
	event_cmd(self, GITS_CMD_CLEAR, 11, 6, 0);
	preempt_disable();
	ASSERT_EQ(1, kvm_arch_set_irq_inatomic(&e, &vm->kvm, 0, 1, false));
	preempt_enable();
	ASSERT_TRUE(irq->pending_latch);
	ASSERT_INVARIANTS(vm);
	vgic_lpi_put(&vm->kvm, irq);
}

/* The redistributors and the ITS of @vm set up as the fixture's, not enabled. */
static struct vgic_its *its_like_the_fixture(struct test_vm *vm)
{
	struct vgic_its *its = vgic_its_create(&vm->kvm);
	u64 val;

	for (int cpu = 0; cpu < 2; cpu++) {
		gicr_write(vm, cpu, GICR_PROPBASER, 8, PROP_TABLE | (16 - 1));
		gicr_write(vm, cpu, GICR_PENDBASER, 8, PEND_TABLE(cpu));
		gicr_write(vm, cpu, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	}
	vgic_its_set_base(its, ITS_BASE);
	val = GITS_CBASER_VALID | CMD_QUEUE;
	vgic_its_uaccess(its, GITS_CBASER, true, &val);
	val = GITS_BASER_VALID | DEV_TABLE;
	vgic_its_uaccess(its, GITS_BASER, true, &val);
	val = GITS_BASER_VALID | COLL_TABLE;
	vgic_its_uaccess(its, GITS_BASER + 8, true, &val);
	return its;
}

/*
 * SAVE_TABLES then, in a new VM with a copy of the guest's memory,
 * RESTORE_TABLES in the documented order: every translation comes back,
 * to the same vCPUs, and the LPI that was pending is pending again (from
 * the pending table SAVE_PENDING_TABLES wrote).
 */
TEST_F(its, save_restore_round_trip)
{
	static struct test_vm vm2;
	struct test_vm *vm = &self->vm;
	struct vgic_its *its2;
	u64 *dte = (u64 *)(self->ram + (DEV_TABLE - RAM_BASE));
	u64 *itt = (u64 *)(self->ram + (L2_TABLE + 0x100 * 3 - RAM_BASE));
	u64 *cte = (u64 *)(self->ram + (COLL_TABLE - RAM_BASE));
	struct vgic_irq *irq;
	u8 *ram2;

	memset(dte, 0xff, 8 * 512);			/* stale guest data */
	mapd(self, 3, 2, true);
	mapd(self, 70, 4, true);
	mapc(self, 5, 1, true);
	mapc(self, 9, 0, true);
	mapti(self, 3, 0, LPI + 1, 5);
	mapti(self, 3, 2, LPI + 2, 9);
	mapti(self, 70, 15, LPI + 3, 5);
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 3, 2));
	ASSERT_EQ(0, vgic_its_save_tables(self->its));
	ASSERT_EQ(0, vgic_lpi_save_pending_tables(&vm->kvm));

	/* The layout of arm-vgic-its.rst */
	ASSERT_EQ(0, dte[0]);
	ASSERT_EQ(BIT_ULL(63) | 67ULL << 49 | (L2_TABLE + 0x300) >> 8 << 5 | 1, dte[3]);
	ASSERT_EQ(BIT_ULL(63) | (L2_TABLE + 0x100 * 70) >> 8 << 5 | 3, dte[70]);
	ASSERT_EQ(2ULL << 48 | (u64)(LPI + 1) << 16 | 5, itt[0]);
	ASSERT_EQ(0, itt[1]);
	ASSERT_EQ((u64)(LPI + 2) << 16 | 9, itt[2]);
	ASSERT_EQ(BIT_ULL(63) | 1ULL << 16 | 5, cte[0]);
	ASSERT_EQ(BIT_ULL(63) | 0ULL << 16 | 9, cte[1]);
	ASSERT_EQ(0, cte[2]);

	ASSERT_EQ(0, test_vm_create(&vm2, VGIC_V3, 2, 64, 4));
	ram2 = test_vm_add_ram(&vm2, RAM_BASE, RAM_SIZE);
	memcpy(ram2, self->ram, RAM_SIZE);
	its2 = its_like_the_fixture(&vm2);
	ASSERT_EQ(0, vgic_its_restore_tables(its2));
	its_write(its2, GITS_CTLR, GITS_CTLR_ENABLE);

	irq = vgic_lpi_get(&vm2.kvm, LPI + 2);
	ASSERT_NE(NULL, irq);
	ASSERT_TRUE(irq->pending_latch);		/* from the pending table */
	ASSERT_EQ(&vm2.vcpu[0], irq->target_vcpu);
	ASSERT_TRUE(test_on_ap_list(&vm2, 0, LPI + 2));
	vgic_lpi_put(&vm2.kvm, irq);
	ASSERT_EQ(1, vgic_its_inject_msi(&vm2.kvm, DOORBELL, 70, 15));
	ASSERT_TRUE(test_on_ap_list(&vm2, 1, LPI + 3));
	ASSERT_EQ(1, vgic_its_inject_msi(&vm2.kvm, DOORBELL, 3, 0));
	ASSERT_EQ(-EINVAL, vgic_its_inject_msi(&vm2.kvm, DOORBELL, 3, 1));
	ASSERT_EQ(1, xa_to_value(xa_load(&its2->collections, 5)));	/* vCPU 1 */
	ASSERT_INVARIANTS(&vm2);
	vgic_its_destroy(its2);
	test_vm_destroy(&vm2);
}

/* One bad entry: -EINVAL (or -EFAULT), nothing restored, the ITS usable. */
static void restore_fails_clean(struct __test_metadata *_metadata,
				FIXTURE_DATA(its) *self, int err)
{
	ASSERT_EQ(err, vgic_its_restore_tables(self->its));
	ASSERT_TRUE(xa_empty(&self->its->devices));
	ASSERT_TRUE(xa_empty(&self->its->collections));
	mapd(self, 1, 1, true);
	ASSERT_NE(NULL, xa_load(&self->its->devices, 1));
	mapd(self, 1, 1, false);
}

TEST_F(its, restore_refuses_hostile_tables)
{
	u64 *dte = (u64 *)(self->ram + (DEV_TABLE - RAM_BASE));
	u64 *cte = (u64 *)(self->ram + (COLL_TABLE - RAM_BASE));
	u64 *itt = (u64 *)(self->ram + (L2_TABLE - RAM_BASE));

	cte[0] = BIT_ULL(63) | 9ULL << 16 | 1;		/* no vCPU 9 */
	restore_fails_clean(_metadata, self, -EINVAL);
	cte[0] = BIT_ULL(63) | 1;
	cte[1] = BIT_ULL(63) | 1;			/* ICID 1 twice */
	restore_fails_clean(_metadata, self, -EINVAL);
	cte[1] = 0;

	dte[0] = BIT_ULL(63) | 20;			/* 21 EventID bits */
	restore_fails_clean(_metadata, self, -EINVAL);
	dte[0] = BIT_ULL(63) | L2_TABLE >> 8 << 5 | 3;
	itt[5] = 100ULL << 16;				/* not an LPI */
	restore_fails_clean(_metadata, self, -EINVAL);
	itt[5] = (u64)LPI << 16;
	dte[0] |= 1ULL << 49;				/* next: DeviceID 1 */
	dte[1] = BIT_ULL(63) | (u64)(RAM_BASE + RAM_SIZE) >> 8 << 5;	/* ITT outside RAM */
	restore_fails_clean(_metadata, self, -EFAULT);

	/* Every entry valid, each pointing at the next: bounded by the table. */
	for (int i = 0; i < 512; i++)
		dte[i] = BIT_ULL(63) | 1ULL << 49 | L2_TABLE >> 8 << 5;
	itt[0] = 0;
	ASSERT_EQ(0, vgic_its_restore_tables(self->its));
	ASSERT_NE(NULL, xa_load(&self->its->devices, 0));
	ASSERT_NE(NULL, xa_load(&self->its->devices, 511));
	ASSERT_EQ(-EINVAL, vgic_its_inject_msi(&self->vm.kvm, DOORBELL, 511, 0));	/* no ITE */
}

TEST_HARNESS_MAIN
