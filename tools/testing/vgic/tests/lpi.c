// SPDX-License-Identifier: GPL-2.0-only
/*
 * LPIs in the redistributor: the configuration table read at map and at
 * invalidation, the pending table read at EnableLPIs and written on save,
 * GICR_CTLR/PROPBASER/PENDBASER/INVLPIR/INVALLR/SYNCR, delivery through
 * the list registers, and the life of an LPI's state (references, the
 * reap of dead ones).  The ITS that maps LPIs is stood in for by calls to
 * vgic_lpi_map().
 */
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/err.h>
#include <linux/rcupdate.h>
#include <linux/debugfs.h>
#include <stdlib.h>
#include <string.h>
#include <asm/kvm_mmu.h>

#include "common.h"

#define RAM_BASE	0x40000000UL
#define RAM_SIZE	0x100000UL
#define PROP_TABLE	(RAM_BASE + 0x10000)	/* 4KB aligned */
#define PEND_TABLE(n)	(RAM_BASE + 0x20000 + (n) * 0x10000)	/* 64KB aligned */
#define LPI		8192u

FIXTURE(lpi) {
	struct test_vm vm;
	u8 *ram;
};

FIXTURE_SETUP(lpi)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, VGIC_V3, 2, 64, 4));
	self->ram = test_vm_add_ram(&self->vm, RAM_BASE, RAM_SIZE);
	ASSERT_NE(NULL, self->ram);
	self->vm.kvm.arch.vgic.has_its = true;	/* what creating an ITS does */
	self->vm.kvm.arch.vgic.iidr_rev = 3;
}

FIXTURE_TEARDOWN(lpi)
{
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

static u8 *cfg_byte(FIXTURE_DATA(lpi) *self, u32 intid)
{
	return self->ram + (PROP_TABLE - RAM_BASE) + intid - LPI;
}

static u8 *pend_byte(FIXTURE_DATA(lpi) *self, int cpu, u32 intid)
{
	return self->ram + (PEND_TABLE(cpu) - RAM_BASE) + intid / 8;
}

/* As a guest's ITS driver sets up a redistributor, 16 INTID bits. */
static void rd_setup(struct test_vm *vm, int cpu, bool enable)
{
	gicr_write(vm, cpu, GICR_PROPBASER, 8, PROP_TABLE | (16 - 1));
	gicr_write(vm, cpu, GICR_PENDBASER, 8, PEND_TABLE(cpu));
	if (enable)
		gicr_write(vm, cpu, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
}

TEST_F(lpi, registers)
{
	struct test_vm *vm = &self->vm;
	u64 typer = gicd_read(vm, 0, GICD_TYPER, 4);

	ASSERT_TRUE(typer & GICD_TYPER_LPIS);
	ASSERT_EQ(16, GICD_TYPER_ID_BITS(typer));
	ASSERT_TRUE(gicr_read(vm, 0, GICR_TYPER, 8) & GICR_TYPER_PLPIS);
	ASSERT_EQ(0, gicr_read(vm, 0, GICR_TYPER, 8) & GICR_TYPER_COMMON_LPI_AFF);

	/* Revision 3: the invalidate registers exist; LPIs stay enabled. */
	ASSERT_EQ(GICR_CTLR_IR, gicr_read(vm, 0, GICR_CTLR, 4));
	rd_setup(vm, 0, true);
	ASSERT_EQ(GICR_CTLR_IR | GICR_CTLR_ENABLE_LPIS, gicr_read(vm, 0, GICR_CTLR, 4));
	gicr_write(vm, 0, GICR_CTLR, 4, 0);
	ASSERT_EQ(GICR_CTLR_IR | GICR_CTLR_ENABLE_LPIS, gicr_read(vm, 0, GICR_CTLR, 4));
	ASSERT_EQ(0, gicr_read(vm, 0, GICR_SYNCR, 4));		/* never busy */

	/* The bases are read-only once LPIs are enabled. */
	ASSERT_EQ(PROP_TABLE | 15, gicr_read(vm, 0, GICR_PROPBASER, 8) &
				   (GENMASK_ULL(51, 12) | GICR_PROPBASER_IDBITS_MASK));
	gicr_write(vm, 0, GICR_PENDBASER, 8, PEND_TABLE(1));
	ASSERT_EQ(PEND_TABLE(0), GICR_PENDBASER_ADDRESS(gicr_read(vm, 0, GICR_PENDBASER, 8)));
	/* PTZ is write-only; reserved bits are RES0 */
	gicr_write(vm, 1, GICR_PENDBASER, 8, PEND_TABLE(1) | GICR_PENDBASER_PTZ | 0x3f);
	ASSERT_EQ(PEND_TABLE(1), gicr_read(vm, 1, GICR_PENDBASER, 8) &
				 ~(GICR_PENDBASER_SHAREABILITY_MASK |
				   GICR_PENDBASER_INNER_CACHEABILITY_MASK |
				   GICR_PENDBASER_OUTER_CACHEABILITY_MASK));

	/* Revision 1: no invalidate registers, RAZ/WI. */
	vm->kvm.arch.vgic.iidr_rev = 1;
	ASSERT_EQ(GICR_CTLR_ENABLE_LPIS, gicr_read(vm, 0, GICR_CTLR, 4));
	ASSERT_EQ(0, gicr_read(vm, 0, GICR_INVLPIR, 8));
}

TEST_F(lpi, no_its_no_lpis)
{
	struct test_vm *vm = &self->vm;

	vm->kvm.arch.vgic.has_its = false;
	ASSERT_FALSE(gicd_read(vm, 0, GICD_TYPER, 4) & GICD_TYPER_LPIS);
	ASSERT_FALSE(gicr_read(vm, 0, GICR_TYPER, 8) & GICR_TYPER_PLPIS);
	rd_setup(vm, 0, true);
	ASSERT_EQ(0, gicr_read(vm, 0, GICR_CTLR, 4));
	ASSERT_EQ(0, gicr_read(vm, 0, GICR_PROPBASER, 8));
	ASSERT_FALSE(vm->vcpu[0].arch.vgic_cpu.lpis_enabled);
}

/* An LPI of the table's priority, delivered once through an LR as Group 1. */
TEST_F(lpi, delivered_through_the_list_registers)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq;
	struct vgic_lr lr;

	*cfg_byte(self, LPI) = 0xa0 | 1;
	rd_setup(vm, 0, true);
	irq = vgic_lpi_map(&vm->kvm, LPI, &vm->vcpu[0]);
	ASSERT_FALSE(IS_ERR(irq));
	ASSERT_EQ(0xa0, irq->priority);
	ASSERT_TRUE(irq->enabled);
	ASSERT_EQ(1, irq->group);
	ASSERT_EQ(irq, vgic_lpi_get(&vm->kvm, LPI));
	vgic_lpi_put(&vm->kvm, irq);

	vgic_lpi_inject(&vm->kvm, irq);
	ASSERT_TRUE(test_on_ap_list(vm, 0, LPI));
	ASSERT_EQ(2, refcount_read(&irq->refcount));	/* the map's, the list's */
	test_vcpu_enter(vm, 0);
	lr = test_lr(vm, 0, 0);
	ASSERT_EQ(LPI, lr.vintid);
	ASSERT_TRUE(lr.pending);
	ASSERT_EQ(1, lr.group);
	ASSERT_EQ(0xa0, lr.priority);
	ASSERT_FALSE(lr.hw);
	ASSERT_FALSE(lr.eoi_maint);
	ASSERT_INVARIANTS(vm);
	ASSERT_EQ(LPI, vif_ack(&vm->vif[0], -1));
	vif_eoi(&vm->vif[0], LPI);
	test_vcpu_exit(vm, 0);
	ASSERT_FALSE(irq->pending_latch);
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(0, test_used_lrs(vm, 0));
	ASSERT_FALSE(test_on_ap_list(vm, 0, LPI));
	ASSERT_EQ(1, refcount_read(&irq->refcount));
	test_vcpu_exit(vm, 0);
	ASSERT_INVARIANTS(vm);
	vgic_lpi_put(&vm->kvm, irq);
}

/*
 * An MSI that finds its LPI pending and waiting merges with it: no kick,
 * one LR.  One that finds it in a list register is a new edge: the vCPU
 * is kicked, and the guest's acknowledge of the older one leaves it
 * pending.
 */
TEST_F(lpi, an_edge_merges_only_with_one_that_waits)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq;
	unsigned long kicks;

	*cfg_byte(self, LPI) = 0xa0 | 1;
	rd_setup(vm, 0, true);
	irq = vgic_lpi_map(&vm->kvm, LPI, &vm->vcpu[0]);
	ASSERT_FALSE(IS_ERR(irq));

	kicks = vm->vcpu[0].kicks;
	vgic_lpi_inject(&vm->kvm, irq);
	ASSERT_EQ(kicks + 1, vm->vcpu[0].kicks);
	vgic_lpi_inject(&vm->kvm, irq);
	vgic_lpi_inject(&vm->kvm, irq);
	ASSERT_EQ(kicks + 1, vm->vcpu[0].kicks);
	ASSERT_EQ(2, refcount_read(&irq->refcount));	/* listed once */
	ASSERT_INVARIANTS(vm);

	test_vcpu_enter(vm, 0);
	ASSERT_EQ(1, test_used_lrs(vm, 0));
	ASSERT_TRUE(irq->pending_in_lr);
	vgic_lpi_inject(&vm->kvm, irq);
	ASSERT_EQ(kicks + 2, vm->vcpu[0].kicks);
	ASSERT_FALSE(irq->pending_in_lr);
	ASSERT_EQ(LPI, vif_ack(&vm->vif[0], -1));
	vif_eoi(&vm->vif[0], LPI);
	test_vcpu_exit(vm, 0);
	ASSERT_TRUE(irq->pending_latch);	/* the second edge survives */
	ASSERT_TRUE(test_on_ap_list(vm, 0, LPI));

	test_vcpu_enter(vm, 0);
	ASSERT_EQ(LPI, vif_ack(&vm->vif[0], -1));
	vif_eoi(&vm->vif[0], LPI);
	test_vcpu_exit(vm, 0);
	ASSERT_FALSE(irq->pending_latch);
	ASSERT_INVARIANTS(vm);
	vgic_lpi_put(&vm->kvm, irq);
}

/*
 * A change to the configuration table is not seen until the guest
 * invalidates the LPI (IHI 0069 5.1.1): GICR_INVLPIR for one, GICR_INVALLR
 * for all of a redistributor's.
 */
TEST_F(lpi, table_changes_take_effect_at_invalidation)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *a, *b;

	*cfg_byte(self, LPI) = 0xa0;			/* disabled */
	*cfg_byte(self, LPI + 1) = 0xa0;
	rd_setup(vm, 0, true);
	a = vgic_lpi_map(&vm->kvm, LPI, &vm->vcpu[0]);
	b = vgic_lpi_map(&vm->kvm, LPI + 1, &vm->vcpu[0]);
	vgic_lpi_inject(&vm->kvm, a);
	vgic_lpi_inject(&vm->kvm, b);
	ASSERT_TRUE(a->pending_latch);
	ASSERT_FALSE(test_on_ap_list(vm, 0, LPI));

	*cfg_byte(self, LPI) = 0x40 | 1;
	*cfg_byte(self, LPI + 1) = 0x60 | 1;
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(0, test_used_lrs(vm, 0));
	test_vcpu_exit(vm, 0);

	gicr_write(vm, 0, GICR_INVLPIR, 8, LPI);
	ASSERT_TRUE(a->enabled);
	ASSERT_EQ(0x40, a->priority);
	ASSERT_FALSE(b->enabled);
	ASSERT_TRUE(test_on_ap_list(vm, 0, LPI));
	gicr_write(vm, 0, GICR_INVALLR, 8, 0);
	ASSERT_TRUE(b->enabled);
	ASSERT_EQ(0x60, b->priority);

	test_vcpu_enter(vm, 0);
	ASSERT_EQ(2, test_used_lrs(vm, 0));
	ASSERT_EQ(LPI, vif_ack(&vm->vif[0], -1));	/* 0x40 first */
	vif_eoi(&vm->vif[0], LPI);
	ASSERT_EQ(LPI + 1, vif_ack(&vm->vif[0], -1));
	vif_eoi(&vm->vif[0], LPI + 1);
	test_vcpu_exit(vm, 0);
	ASSERT_INVARIANTS(vm);
	vgic_lpi_put(&vm->kvm, a);
	vgic_lpi_put(&vm->kvm, b);
}

/* The table covers 2^(IDbits + 1) INTIDs; LPIs beyond, or unreadable, are off. */
TEST_F(lpi, out_of_the_table_is_ignored)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *in, *out;

	*cfg_byte(self, LPI) = 0x20 | 1;
	*cfg_byte(self, 16384) = 0x20 | 1;
	gicr_write(vm, 0, GICR_PROPBASER, 8, PROP_TABLE | (14 - 1));
	in = vgic_lpi_map(&vm->kvm, LPI, &vm->vcpu[0]);
	out = vgic_lpi_map(&vm->kvm, 16384, &vm->vcpu[0]);
	ASSERT_TRUE(in->enabled);
	ASSERT_FALSE(out->enabled);

	/* fewer than 14 bits: no LPI at all */
	gicr_write(vm, 0, GICR_PROPBASER, 8, PROP_TABLE | (13 - 1));
	vgic_lpi_read_config(&vm->kvm, in);
	ASSERT_FALSE(in->enabled);

	/* a table outside guest memory reads as nothing */
	gicr_write(vm, 0, GICR_PROPBASER, 8, (RAM_BASE + RAM_SIZE) | (16 - 1));
	ASSERT_EQ(-EFAULT, vgic_lpi_read_config(&vm->kvm, in));
	ASSERT_FALSE(in->enabled);
	vgic_lpi_put(&vm->kvm, in);
	vgic_lpi_put(&vm->kvm, out);
}

/*
 * The pending table is read when EnableLPIs is set, unless PTZ said it
 * was zero; a redistributor with LPIs disabled takes no message.
 */
TEST_F(lpi, pending_table_read_at_enable)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *a, *b;

	*cfg_byte(self, LPI) = 0x20 | 1;
	*cfg_byte(self, LPI + 9) = 0x20 | 1;
	*pend_byte(self, 0, LPI) = BIT(0);
	*pend_byte(self, 1, LPI + 9) = BIT(1);
	rd_setup(vm, 0, false);
	rd_setup(vm, 1, false);
	a = vgic_lpi_map(&vm->kvm, LPI, &vm->vcpu[0]);
	b = vgic_lpi_map(&vm->kvm, LPI + 9, &vm->vcpu[1]);
	vgic_lpi_inject(&vm->kvm, a);			/* dropped: LPIs off */
	ASSERT_FALSE(a->pending_latch);

	gicr_write(vm, 0, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	ASSERT_TRUE(a->pending_latch);
	ASSERT_TRUE(test_on_ap_list(vm, 0, LPI));
	ASSERT_FALSE(b->pending_latch);			/* vCPU 1's table */

	gicr_write(vm, 1, GICR_PENDBASER, 8, PEND_TABLE(1) | GICR_PENDBASER_PTZ);
	gicr_write(vm, 1, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	ASSERT_FALSE(b->pending_latch);
	ASSERT_INVARIANTS(vm);
	vgic_lpi_put(&vm->kvm, a);
	vgic_lpi_put(&vm->kvm, b);
}

/* KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES: each bit set or cleared, the first kB kept. */
TEST_F(lpi, save_pending_tables)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *a, *b;

	memset(pend_byte(self, 0, 0), 0x5a, 1024);
	*pend_byte(self, 0, LPI + 3) = 0xff;
	*cfg_byte(self, LPI) = 0x20;			/* pending, not delivered */
	rd_setup(vm, 0, true);
	a = vgic_lpi_map(&vm->kvm, LPI, &vm->vcpu[0]);
	b = vgic_lpi_map(&vm->kvm, LPI + 3, &vm->vcpu[0]);
	vgic_lpi_inject(&vm->kvm, a);
	ASSERT_TRUE(a->pending_latch);
	ASSERT_FALSE(b->pending_latch);

	/* one byte: LPI's bit kept set, LPI + 3's cleared, the unmapped kept */
	ASSERT_EQ(0, vgic_lpi_save_pending_tables(&vm->kvm));
	ASSERT_EQ(0xff & ~BIT(3), *pend_byte(self, 0, LPI));
	for (int i = 0; i < 1024; i++)
		ASSERT_EQ(0x5a, pend_byte(self, 0, 0)[i]);
	vgic_lpi_put(&vm->kvm, a);
	vgic_lpi_put(&vm->kvm, b);
}

/*
 * The last reference leaves an LPI dead in the xarray, even while it is
 * being delivered (the list keeps it alive until it leaves); a lookup does
 * not find it, and mapping its INTID again reaps it and starts afresh.
 */
TEST_F(lpi, life_of_the_state)
{
	struct test_vm *vm = &self->vm;
	struct vgic_dist *dist = &vm->kvm.arch.vgic;
	unsigned long live = shim_live_allocations;
	struct vgic_irq *irq, *again;

	*cfg_byte(self, LPI) = 0x20 | 1;
	rd_setup(vm, 0, true);
	irq = vgic_lpi_map(&vm->kvm, LPI, &vm->vcpu[0]);
	ASSERT_EQ(live + 1 + 1, shim_live_allocations);	/* the LPI, the xarray */
	ASSERT_EQ(irq, vgic_lpi_map(&vm->kvm, LPI, &vm->vcpu[1]));	/* shared */
	ASSERT_EQ(&vm->vcpu[1], irq->target_vcpu);
	ASSERT_EQ(2, refcount_read(&irq->refcount));
	vgic_lpi_put(&vm->kvm, irq);
	irq->target_vcpu = &vm->vcpu[0];

	vgic_lpi_inject(&vm->kvm, irq);
	test_vcpu_enter(vm, 0);
	vgic_lpi_put(&vm->kvm, irq);			/* unmapped while in an LR */
	ASSERT_EQ(1, refcount_read(&irq->refcount));
	ASSERT_EQ(irq, xa_load(&dist->lpi_xa, LPI));
	ASSERT_EQ(LPI, vif_ack(&vm->vif[0], -1));
	vif_eoi(&vm->vif[0], LPI);
	test_vcpu_exit(vm, 0);
	test_vcpu_enter(vm, 0);				/* the flush drops it */
	test_vcpu_exit(vm, 0);
	ASSERT_EQ(0, refcount_read(&irq->refcount));
	ASSERT_EQ(1, atomic_read(&dist->lpi_dead));
	ASSERT_EQ(NULL, vgic_lpi_get(&vm->kvm, LPI));

	again = vgic_lpi_map(&vm->kvm, LPI, &vm->vcpu[0]);
	ASSERT_FALSE(IS_ERR(again));
	ASSERT_EQ(0, atomic_read(&dist->lpi_dead));
	ASSERT_EQ(again, xa_load(&dist->lpi_xa, LPI));
	ASSERT_EQ(1, refcount_read(&again->refcount));
	shim_rcu_quiesce();
	ASSERT_EQ(live + 1 + 1, shim_live_allocations);
	vgic_lpi_put(&vm->kvm, again);
}

TEST_F(lpi, map_refuses_what_is_no_lpi)
{
	ASSERT_EQ(-EINVAL, PTR_ERR(vgic_lpi_map(&self->vm.kvm, LPI - 1, &self->vm.vcpu[0])));
	ASSERT_EQ(-EINVAL, PTR_ERR(vgic_lpi_map(&self->vm.kvm, 1u << 16, &self->vm.vcpu[0])));
}

/* vgic-state lists every live LPI once, read on across several reads. */
TEST_F(lpi, debugfs_lists_the_lpis)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq[12];
	char *text, *p;
	int i, n = 0;

	rd_setup(vm, 0, false);
	rd_setup(vm, 1, true);
	for (i = 0; i < 12; i++) {
		*cfg_byte(self, LPI + 3 * i) = 0xa0 | 1;
		irq[i] = vgic_lpi_map(&vm->kvm, LPI + 3 * i, &vm->vcpu[i & 1]);
		ASSERT_FALSE(IS_ERR(irq[i]));
	}
	vgic_lpi_inject(&vm->kvm, irq[11]);
	text = shim_debugfs_read("vgic-state");
	ASSERT_NE(NULL, text);
	for (p = text; (p = strstr(p, " LPI ")); p++)
		n++;
	ASSERT_EQ(12, n);
	ASSERT_NE(NULL, strstr(text, "\n  8225 LPI    1      1 1 0 0 1 1  0xa0 edge   0     -1 -\n"));
	ASSERT_NE(NULL, strstr(text, "\n  8192 LPI   -1      0 0 0 0 1 1  0xa0 edge "));
	ASSERT_NE(NULL, strstr(text, "vcpu 1:\tLRs used 0, ap_list 1, LPIs enabled\n"));
	free(text);
	for (i = 0; i < 12; i++)
		vgic_lpi_put(&vm->kvm, irq[i]);
}

TEST_HARNESS_MAIN
