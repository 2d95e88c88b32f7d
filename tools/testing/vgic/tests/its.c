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
#include "../lib/its-guest.h"

#define RAM_BASE	ITS_GUEST_RAM
#define RAM_SIZE	ITS_GUEST_RAM_SIZE
#define PROP_TABLE	ITS_GUEST_PROP_TABLE
#define PEND_TABLE(n)	ITS_GUEST_PEND_TABLE(n)
#define CMD_QUEUE	ITS_GUEST_CMD_QUEUE
#define DEV_TABLE	ITS_GUEST_DEV_TABLE
#define COLL_TABLE	ITS_GUEST_COLL_TABLE
#define L2_TABLE	ITS_GUEST_ITT
#define ITS_BASE	ITS_GUEST_BASE
#define DOORBELL	ITS_GUEST_DOORBELL
#define LPI		8192u

FIXTURE(its) {
	struct test_vm vm;
	struct its_guest g;
};

FIXTURE_SETUP(its)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, VGIC_V3, 2, 64, 4));
	ASSERT_EQ(0, its_guest_create(&self->g, &self->vm, 2));
}

FIXTURE_TEARDOWN(its)
{
	vgic_its_destroy(self->g.its);
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

TEST_F(its, registers)
{
	struct vgic_its *its = self->g.its;
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

	its_mapd(&self->g, 5, 4, true);
	its_mapc(&self->g, 3, 1, true);
	its_mapti(&self->g, 5, 2, LPI + 8, 3);
	ASSERT_EQ(0, self->g.its->cmd_errors);
	ASSERT_EQ(its_read(self->g.its, GITS_CWRITER), its_read(self->g.its, GITS_CREADR));
	irq = vgic_lpi_get(&vm->kvm, LPI + 8);
	ASSERT_NE(NULL, irq);
	ASSERT_EQ(&vm->vcpu[1], irq->target_vcpu);
	ASSERT_EQ(0xa0, irq->priority);

	its_event_cmd(&self->g, GITS_CMD_INT, 5, 2, 0);
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
	its_write(self->g.its, GITS_CTLR, 0);
	ASSERT_EQ(0, vgic_its_inject_msi(&vm->kvm, DOORBELL, 5, 2));
	ASSERT_INVARIANTS(vm);
	vgic_lpi_put(&vm->kvm, irq);
}

/*
 * An MSI while the guest handles the last one of its event, before the
 * vCPU exits: the list register still holds the acknowledged LPI, and the
 * sync must not take that acknowledge for the new MSI's (the LPI was lost
 * so on a real host, found by vgic_its_move).  At the next entry the LR is
 * pending and active (not a mapped interrupt), and the guest takes the LPI
 * again as soon as it EOIs the first, with no exit.
 */
TEST_F(its, msi_while_the_guest_handles_the_last)
{
	struct test_vm *vm = &self->vm;
	struct vgic_lr lr;

	its_mapd(&self->g, 5, 4, true);
	its_mapc(&self->g, 0, 0, true);
	its_mapti(&self->g, 5, 2, LPI, 0);
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 5, 2));
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(LPI, vif_ack(&vm->vif[0], -1));
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 5, 2));
	test_vcpu_exit(vm, 0);
	test_vcpu_enter(vm, 0);
	lr = test_lr(vm, 0, 0);
	ASSERT_EQ(LPI, lr.vintid);
	ASSERT_TRUE(lr.pending && lr.active);
	vif_eoi(&vm->vif[0], LPI);
	ASSERT_EQ(LPI, vif_ack(&vm->vif[0], -1));
	vif_eoi(&vm->vif[0], LPI);
	test_vcpu_exit(vm, 0);
	ASSERT_INVARIANTS(vm);
}

/*
 * A pending LPI moved to another vCPU, whose translation then goes (its
 * device unmapped): the list's reference is the last, and it moves with
 * the LPI to the new vCPU's list (the fuzzer found it dropped and taken
 * again, on a count of zero).  The LPI is still delivered, then freed.
 */
TEST_F(its, lpi_moving_on_its_last_reference)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq;

	its_mapd(&self->g, 5, 4, true);
	its_mapc(&self->g, 0, 0, true);
	its_mapc(&self->g, 1, 1, true);
	its_mapti(&self->g, 5, 2, LPI, 0);
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 5, 2));
	ASSERT_TRUE(test_on_ap_list(vm, 0, LPI));
	its_event_cmd(&self->g, GITS_CMD_MOVI, 5, 2, 1);
	irq = vgic_lpi_get(&vm->kvm, LPI);
	its_mapd(&self->g, 5, 4, false);
	ASSERT_EQ(0, self->g.its->cmd_errors);
	ASSERT_EQ(2, refcount_read(&irq->refcount));	/* the list's and ours */
	vgic_lpi_put(&vm->kvm, irq);			/* the list's is the last */
	test_vcpu_enter(vm, 0);				/* hands it over */
	test_vcpu_exit(vm, 0);
	ASSERT_TRUE(test_on_ap_list(vm, 1, LPI));
	test_vcpu_enter(vm, 1);
	ASSERT_EQ(LPI, vif_ack(&vm->vif[1], -1));
	vif_eoi(&vm->vif[1], LPI);
	test_vcpu_exit(vm, 1);
	test_vcpu_enter(vm, 1);				/* the flush drops it */
	test_vcpu_exit(vm, 1);
	ASSERT_FALSE(test_on_ap_list(vm, 1, LPI));
	ASSERT_EQ(NULL, vgic_lpi_get(&vm->kvm, LPI));	/* dead with its last reference */
	ASSERT_INVARIANTS(vm);
}

/* Each error is ignored, changes nothing and is counted. */
TEST_F(its, command_errors_are_ignored)
{
	struct vgic_its *its = self->g.its;

	its_mapti(&self->g, 7, 0, LPI, 0);
	ASSERT_EQ(E_ITS_MAPTI_UNMAPPED_DEVICE, its->last_error);
	its_mapd(&self->g, 512, 4, true);			/* the flat table holds 512 */
	ASSERT_EQ(E_ITS_MAPD_DEVICE_OOR, its->last_error);
	its_mapd(&self->g, 7, 17, true);
	ASSERT_EQ(E_ITS_MAPD_ITTSIZE_OOR, its->last_error);
	its_mapd(&self->g, 7, 4, true);
	its_mapti(&self->g, 7, 16, LPI, 0);
	ASSERT_EQ(E_ITS_MAPTI_ID_OOR, its->last_error);
	its_mapti(&self->g, 7, 0, LPI - 1, 0);
	ASSERT_EQ(E_ITS_MAPTI_PHYSICALID_OOR, its->last_error);
	its_mapti(&self->g, 7, 0, 1u << 16, 0);
	ASSERT_EQ(E_ITS_MAPTI_PHYSICALID_OOR, its->last_error);
	its_mapc(&self->g, 512, 0, true);
	ASSERT_EQ(E_ITS_MAPC_COLLECTION_OOR, its->last_error);
	its_mapc(&self->g, 1, 2, true);				/* no third vCPU */
	ASSERT_EQ(E_ITS_MAPC_PROCNUM_OOR, its->last_error);
	its_event_cmd(&self->g, GITS_CMD_INT, 7, 0, 0);
	ASSERT_EQ(E_ITS_INT_UNMAPPED_INTERRUPT, its->last_error);
	its_event_cmd(&self->g, GITS_CMD_DISCARD, 7, 0, 0);
	ASSERT_EQ(E_ITS_DISCARD_UNMAPPED_INTERRUPT, its->last_error);
	its_event_cmd(&self->g, GITS_CMD_INVALL, 0, 0, 9);
	ASSERT_EQ(E_ITS_INVALL_UNMAPPED_COLLECTION, its->last_error);
	its_cmd(&self->g, GITS_CMD_MOVALL, 0, 0, 5ULL << 16);
	ASSERT_EQ(E_ITS_MOVALL_PROCNUM_OOR, its->last_error);
	its_cmd(&self->g, GITS_CMD_VMAPP, 0, 0, 0);		/* GICv4: not offered */
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

	its_mapd(&self->g, 1, 2, true);
	its_mapc(&self->g, 0, 0, true);
	its_mapc(&self->g, 1, 1, true);
	its_mapti(&self->g, 1, 3, LPI, 0);
	irq = vgic_lpi_get(&vm->kvm, LPI);
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 1, 3));
	ASSERT_TRUE(test_on_ap_list(vm, 0, LPI));

	its_event_cmd(&self->g, GITS_CMD_MOVI, 1, 3, 1);
	ASSERT_EQ(&vm->vcpu[1], irq->target_vcpu);
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(0, test_used_lrs(vm, 0));
	test_vcpu_exit(vm, 0);
	ASSERT_TRUE(test_on_ap_list(vm, 1, LPI));
	ASSERT_INVARIANTS(vm);

	its_event_cmd(&self->g, GITS_CMD_DISCARD, 1, 3, 0);
	ASSERT_EQ(0, self->g.its->cmd_errors);
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

/* The translation cache holds (DOORBELL, 5, 0) now? */
static bool cache_holds(struct test_vm *vm, u32 intid)
{
	struct vgic_irq *irq;

	rcu_read_lock();
	irq = vgic_its_cache_lookup(&vm->kvm, DOORBELL, 5, 0);
	rcu_read_unlock();
	if (!irq)
		return false;
	vgic_lpi_put(&vm->kvm, irq);
	return irq->intid == intid;
}

/* Each change below is made to: device 5, events 0 and 1 to LPI, collection 0. */
static void cache_discard(struct its_guest *g) { its_event_cmd(g, GITS_CMD_DISCARD, 5, 0, 0); }
static void cache_unmapd(struct its_guest *g) { its_mapd(g, 5, 4, false); }
static void cache_remapd(struct its_guest *g) { its_mapd(g, 5, 4, true); }
static void cache_remapti(struct its_guest *g) { its_mapti(g, 5, 0, LPI + 1, 0); }
static void cache_newti(struct its_guest *g) { its_mapti(g, 5, 2, LPI + 2, 0); }
static void cache_unmapc(struct its_guest *g) { its_mapc(g, 0, 0, false); }
static void cache_remapc(struct its_guest *g) { its_mapc(g, 0, 1, true); }
static void cache_movi(struct its_guest *g) { its_event_cmd(g, GITS_CMD_MOVI, 5, 0, 1); }
static void cache_disable(struct its_guest *g) { its_write(g->its, GITS_CTLR, 0); }
static void cache_reset(struct its_guest *g) { vgic_its_reset(g->its); }
static void cache_int(struct its_guest *g) { its_event_cmd(g, GITS_CMD_INT, 5, 1, 0); }
static void cache_clear(struct its_guest *g) { its_event_cmd(g, GITS_CMD_CLEAR, 5, 0, 0); }
static void cache_inv(struct its_guest *g) { its_event_cmd(g, GITS_CMD_INV, 5, 0, 0); }
static void cache_invall(struct its_guest *g) { its_event_cmd(g, GITS_CMD_INVALL, 0, 0, 0); }
static void cache_sync(struct its_guest *g) { its_cmd(g, GITS_CMD_SYNC, 0, 0, 0); }
static void cache_movall(struct its_guest *g) { its_cmd(g, GITS_CMD_MOVALL, 0, 0, 1ULL << 16); }

static const struct {
	const char *what;
	void (*change)(struct its_guest *g);
	bool invalidates;
	int msi;		/* what an MSI of (5, 0) returns after it */
	u32 intid;		/* and, if 1, the LPI it makes pending */
	int vcpu;		/* on this vCPU */
} cache_changes[] = {
	{ "DISCARD", cache_discard, true, -EINVAL },
	{ "MAPD unmap", cache_unmapd, true, -EINVAL },
	{ "MAPD remap", cache_remapd, true, -EINVAL },
	{ "MAPTI remap", cache_remapti, true, 1, LPI + 1, 0 },
	{ "MAPC unmap", cache_unmapc, true, -EINVAL },
	{ "MAPC remap", cache_remapc, true, 1, LPI, 1 },
	{ "MOVI", cache_movi, true, 1, LPI, 1 },
	{ "GITS_CTLR disable", cache_disable, true, 0 },
	{ "RESET", cache_reset, true, 0 },
	{ "MAPTI new event", cache_newti, false, 1, LPI, 0 },
	{ "INT", cache_int, false, 1, LPI, 0 },
	{ "CLEAR", cache_clear, false, 1, LPI, 0 },
	{ "INV", cache_inv, false, 1, LPI, 0 },
	{ "INVALL", cache_invall, false, 1, LPI, 0 },
	{ "SYNC", cache_sync, false, 1, LPI, 0 },
	{ "MOVALL", cache_movall, false, 1, LPI, 1 },	/* the LPI carries its target */
};

/*
 * A translated MSI is cached; every change to what the ITS translates
 * forgets it (a second event keeps the LPI alive, so that a stale entry
 * would deliver it), and nothing else does.
 */
TEST_F(its, cache_follows_each_command)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq;

	for (int i = 0; i < ARRAY_SIZE(cache_changes); i++) {
		TH_LOG("%s", cache_changes[i].what);
		vgic_its_reset(self->g.its);
		its_start(&self->g);
		its_mapd(&self->g, 5, 4, true);
		its_mapc(&self->g, 0, 0, true);
		its_mapc(&self->g, 1, 1, true);
		its_mapti(&self->g, 5, 0, LPI, 0);
		its_mapti(&self->g, 5, 1, LPI, 0);
		ASSERT_FALSE(cache_holds(vm, LPI));
		ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 5, 0));
		ASSERT_TRUE(cache_holds(vm, LPI));

		cache_changes[i].change(&self->g);
		ASSERT_EQ(!cache_changes[i].invalidates, cache_holds(vm, LPI));
		for (u32 intid = LPI; intid < LPI + 3; intid++) {
			irq = vgic_lpi_get(&vm->kvm, intid);
			if (!irq)
				continue;
			irq->pending_latch = false;
			vgic_lpi_put(&vm->kvm, irq);
		}
		ASSERT_EQ(cache_changes[i].msi, vgic_its_inject_msi(&vm->kvm, DOORBELL, 5, 0));
		if (cache_changes[i].msi != 1)
			continue;
		ASSERT_TRUE(cache_holds(vm, cache_changes[i].intid));
		irq = vgic_lpi_get(&vm->kvm, cache_changes[i].intid);
		ASSERT_TRUE(irq->pending_latch);
		ASSERT_EQ(&vm->vcpu[cache_changes[i].vcpu], irq->target_vcpu);
		vgic_lpi_put(&vm->kvm, irq);
	}
	for (int cpu = 0; cpu < 2; cpu++) {		/* drop what is listed */
		test_vcpu_enter(vm, cpu);
		test_vcpu_exit(vm, cpu);
	}
	ASSERT_INVARIANTS(vm);
}

/*
 * A lookup takes no lock.  A miss that translated before an invalidation
 * does not fill the cache; one that translated after it does.
 */
TEST_F(its, cache_refuses_a_stale_fill)
{
	struct test_vm *vm = &self->vm;
	unsigned long locks, gen;
	struct vgic_irq *irq;

	its_mapd(&self->g, 5, 4, true);
	its_mapc(&self->g, 0, 0, true);
	its_mapti(&self->g, 5, 0, LPI, 0);
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 5, 0));
	locks = shim_lock_acquisitions;
	ASSERT_TRUE(cache_holds(vm, LPI));
	ASSERT_EQ(locks, shim_lock_acquisitions);

	irq = vgic_lpi_get(&vm->kvm, LPI);
	gen = vgic_its_cache_gen(&vm->kvm);
	vgic_its_cache_invalidate(&vm->kvm);
	ASSERT_FALSE(cache_holds(vm, LPI));
	vgic_its_cache_fill(&vm->kvm, gen, DOORBELL, 5, 0, irq);
	ASSERT_FALSE(cache_holds(vm, LPI));
	vgic_its_cache_fill(&vm->kvm, vgic_its_cache_gen(&vm->kvm), DOORBELL, 5, 0, irq);
	ASSERT_TRUE(cache_holds(vm, LPI));
	vgic_lpi_put(&vm->kvm, irq);
	test_vcpu_enter(vm, 0);
	test_vcpu_exit(vm, 0);
}

/* MAPC remaps a collection: its LPIs follow; MOVALL moves a redistributor's. */
TEST_F(its, collections_follow_mapc_and_movall)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *a, *b;

	its_mapd(&self->g, 2, 4, true);
	its_mapc(&self->g, 7, 0, true);
	its_mapti(&self->g, 2, 0, LPI, 7);
	its_mapti(&self->g, 2, 1, LPI + 1, 7);
	a = vgic_lpi_get(&vm->kvm, LPI);
	b = vgic_lpi_get(&vm->kvm, LPI + 1);
	ASSERT_EQ(&vm->vcpu[0], a->target_vcpu);
	its_mapc(&self->g, 7, 1, true);
	ASSERT_EQ(&vm->vcpu[1], a->target_vcpu);
	ASSERT_EQ(&vm->vcpu[1], b->target_vcpu);
	its_cmd(&self->g, GITS_CMD_MOVALL, 0, 1ULL << 16, 0);
	ASSERT_EQ(0, self->g.its->cmd_errors);
	ASSERT_EQ(&vm->vcpu[0], a->target_vcpu);
	ASSERT_EQ(&vm->vcpu[0], b->target_vcpu);
	its_mapc(&self->g, 7, 0, false);			/* unmapped: an error, dropped */
	ASSERT_EQ(NULL, a->target_vcpu);
	ASSERT_EQ(-EINVAL, vgic_its_inject_msi(&vm->kvm, DOORBELL, 2, 0));
	ASSERT_FALSE(a->pending_latch);
	vgic_lpi_put(&vm->kvm, a);
	vgic_lpi_put(&vm->kvm, b);
}

/* CLEAR removes the pending state; INV and INVALL read the table again. */
TEST_F(its, clear_inv_invall)
{
	struct test_vm *vm = &self->vm;
	u8 *cfg = self->g.ram + (PROP_TABLE - RAM_BASE);
	struct vgic_irq *irq;

	its_mapd(&self->g, 3, 1, true);
	its_mapc(&self->g, 0, 0, true);
	its_mapti(&self->g, 3, 1, LPI + 4, 0);
	irq = vgic_lpi_get(&vm->kvm, LPI + 4);
	its_event_cmd(&self->g, GITS_CMD_INT, 3, 1, 0);
	ASSERT_TRUE(irq->pending_latch);
	its_event_cmd(&self->g, GITS_CMD_CLEAR, 3, 1, 0);
	ASSERT_FALSE(irq->pending_latch);

	cfg[4] = 0x30;					/* disabled, 0x30 */
	its_event_cmd(&self->g, GITS_CMD_INV, 3, 1, 0);
	ASSERT_FALSE(irq->enabled);
	ASSERT_EQ(0x30, irq->priority);
	cfg[4] = 0x40 | 1;
	its_event_cmd(&self->g, GITS_CMD_INVALL, 0, 0, 0);
	ASSERT_TRUE(irq->enabled);
	ASSERT_EQ(0x40, irq->priority);
	ASSERT_EQ(0, self->g.its->cmd_errors);
	vgic_lpi_put(&vm->kvm, irq);
}

/* A two-level device table: a DeviceID is in range only where level 1 is valid. */
TEST_F(its, two_level_device_table)
{
	struct vgic_its *its = self->g.its;
	u64 *l1 = (u64 *)(self->g.ram + (DEV_TABLE - RAM_BASE));

	its_write(its, GITS_CTLR, 0);
	its_write(its, GITS_BASER, GITS_BASER_VALID | GITS_BASER_INDIRECT | DEV_TABLE);
	its_write(its, GITS_CTLR, GITS_CTLR_ENABLE);
	l1[1] = GITS_BASER_VALID | L2_TABLE;		/* DeviceIDs 512-1023 */
	its_mapd(&self->g, 600, 4, true);
	ASSERT_EQ(0, its->cmd_errors);
	ASSERT_NE(NULL, xa_load(&its->devices, 600));
	its_mapd(&self->g, 100, 4, true);			/* level-1 entry 0 invalid */
	ASSERT_EQ(E_ITS_MAPD_DEVICE_OOR, its->last_error);
	its_mapd(&self->g, 512 * 512, 4, true);			/* past level 1 */
	ASSERT_EQ(E_ITS_MAPD_DEVICE_OOR, its->last_error);
	its_mapd(&self->g, 600, 4, false);
	ASSERT_EQ(NULL, xa_load(&its->devices, 600));
}

/*
 * The queue is a ring: commands wrap at its end.  A disabled ITS runs
 * none; enabling it runs what waits.  A command that cannot be read is
 * skipped.
 */
TEST_F(its, queue_wraps_and_waits_for_enable)
{
	struct vgic_its *its = self->g.its;

	for (int i = 0; i < 130; i++)
		its_cmd(&self->g, GITS_CMD_SYNC, 0, 0, 0);
	ASSERT_EQ(2 * 32, its_read(its, GITS_CREADR));
	ASSERT_EQ(0, its->cmd_errors);

	its_write(its, GITS_CTLR, 0);
	its_mapd(&self->g, 9, 4, true);
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

	its_mapd(&self->g, 4, 4, true);
	its_mapc(&self->g, 0, 0, true);
	for (u32 ev = 0; ev < 16; ev++)
		its_mapti(&self->g, 4, ev, LPI + ev, 0);
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 4, 15));
	vgic_its_reset(self->g.its);
	ASSERT_FALSE(self->g.its->enabled);
	ASSERT_EQ(0, its_read(self->g.its, GITS_CBASER));
	ASSERT_FALSE(its_read(self->g.its, GITS_BASER) & GITS_BASER_VALID);
	ASSERT_EQ(GITS_BASER_TYPE_DEVICE, GITS_BASER_TYPE(its_read(self->g.its, GITS_BASER)));
	ASSERT_TRUE(xa_empty(&self->g.its->devices));
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
	its_mapd(&self->g, 1, 1, true);
	its_mapc(&self->g, 0, 0, true);
	its_mapti(&self->g, 1, 0, LPI, 0);
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

	its_mapd(&self->g, 11, 4, true);
	its_mapc(&self->g, 0, 1, true);
	its_mapti(&self->g, 11, 6, LPI + 40, 0);
	irq = vgic_lpi_get(&vm->kvm, LPI + 40);
	ASSERT_EQ(1, e.set(&e, &vm->kvm, 0, 1, false));
	ASSERT_TRUE(test_on_ap_list(vm, 1, LPI + 40));
	its_event_cmd(&self->g, GITS_CMD_CLEAR, 11, 6, 0);
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
	u64 *dte = (u64 *)(self->g.ram + (DEV_TABLE - RAM_BASE));
	u64 *itt = (u64 *)(self->g.ram + (L2_TABLE + 0x100 * 3 - RAM_BASE));
	u64 *cte = (u64 *)(self->g.ram + (COLL_TABLE - RAM_BASE));
	struct vgic_irq *irq;
	u8 *ram2;

	memset(dte, 0xff, 8 * 512);			/* stale guest data */
	its_mapd(&self->g, 3, 2, true);
	its_mapd(&self->g, 70, 4, true);
	its_mapc(&self->g, 5, 1, true);
	its_mapc(&self->g, 9, 0, true);
	its_mapti(&self->g, 3, 0, LPI + 1, 5);
	its_mapti(&self->g, 3, 2, LPI + 2, 9);
	its_mapti(&self->g, 70, 15, LPI + 3, 5);
	ASSERT_EQ(1, vgic_its_inject_msi(&vm->kvm, DOORBELL, 3, 2));
	ASSERT_EQ(0, vgic_its_save_tables(self->g.its));
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
	memcpy(ram2, self->g.ram, RAM_SIZE);
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

/*
 * A save writes an ITT only up to the highest EventID the device has
 * translated: memory past it, which a guest may not have given the ITT,
 * keeps what it held; an entry a DISCARD left is cleared at the next save.
 */
TEST_F(its, save_writes_the_itt_up_to_its_last_event)
{
	u64 *itt = (u64 *)(self->g.ram + (L2_TABLE + 0x100 * 3 - RAM_BASE));

	memset(itt, 0xaa, 0x100);			/* 32 entries for 5 bits */
	its_mapd(&self->g, 3, 5, true);
	its_mapc(&self->g, 0, 0, true);
	its_mapti(&self->g, 3, 6, LPI + 1, 0);
	its_mapti(&self->g, 3, 1, LPI, 0);
	ASSERT_EQ(0, vgic_its_save_tables(self->g.its));
	ASSERT_EQ(0, itt[0]);
	ASSERT_EQ(5ULL << 48 | (u64)LPI << 16, itt[1]);
	ASSERT_EQ((u64)(LPI + 1) << 16, itt[6]);
	ASSERT_EQ(0xaaaaaaaaaaaaaaaaULL, itt[7]);	/* past the last event */
	ASSERT_EQ(0xaaaaaaaaaaaaaaaaULL, itt[31]);

	its_event_cmd(&self->g, GITS_CMD_DISCARD, 3, 6, 0);
	ASSERT_EQ(0, vgic_its_save_tables(self->g.its));
	ASSERT_EQ((u64)LPI << 16, itt[1]);		/* now the last */
	ASSERT_EQ(0, itt[6]);
	ASSERT_EQ(0xaaaaaaaaaaaaaaaaULL, itt[7]);
}

/* One bad entry: -EINVAL (or -EFAULT), nothing restored, the ITS usable. */
static void restore_fails_clean(struct __test_metadata *_metadata,
				FIXTURE_DATA(its) *self, int err)
{
	ASSERT_EQ(err, vgic_its_restore_tables(self->g.its));
	ASSERT_TRUE(xa_empty(&self->g.its->devices));
	ASSERT_TRUE(xa_empty(&self->g.its->collections));
	its_mapd(&self->g, 1, 1, true);
	ASSERT_NE(NULL, xa_load(&self->g.its->devices, 1));
	its_mapd(&self->g, 1, 1, false);
}

TEST_F(its, restore_refuses_hostile_tables)
{
	u64 *dte = (u64 *)(self->g.ram + (DEV_TABLE - RAM_BASE));
	u64 *cte = (u64 *)(self->g.ram + (COLL_TABLE - RAM_BASE));
	u64 *itt = (u64 *)(self->g.ram + (L2_TABLE - RAM_BASE));

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
	ASSERT_EQ(0, vgic_its_restore_tables(self->g.its));
	ASSERT_NE(NULL, xa_load(&self->g.its->devices, 0));
	ASSERT_NE(NULL, xa_load(&self->g.its->devices, 511));
	ASSERT_EQ(-EINVAL, vgic_its_inject_msi(&self->vm.kvm, DOORBELL, 511, 0));	/* no ITE */
}

TEST_HARNESS_MAIN
