// SPDX-License-Identifier: GPL-2.0-only
/*
 * List-register scheduling of software interrupts: level and edge
 * semantics, EOI maintenance and resampling, priority order and
 * preemption, more pending interrupts than list registers, and the
 * lock-free empty path.
 */
#include <linux/irqchip/arm-gic-v3.h>

#include "common.h"

#define SPI_LEVEL	40
#define SPI_EDGE	41

FIXTURE(sched) {
	struct test_vm vm;
	struct vcpu_if *vif;
};

FIXTURE_VARIANT(sched) {
	enum vgic_type host;
};

FIXTURE_VARIANT_ADD(sched, gicv3) { .host = VGIC_V3 };
FIXTURE_VARIANT_ADD(sched, gicv2) { .host = VGIC_V2 };

FIXTURE_SETUP(sched)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, variant->host, 2, 64, 4));
	self->vif = &self->vm.vif[0];
}

FIXTURE_TEARDOWN(sched)
{
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

static int inject(struct test_vm *vm, u32 intid, bool level)
{
	return kvm_vgic_inject_irq(&vm->kvm, NULL, intid, level, NULL);
}

TEST_F(sched, empty_path_takes_no_lock_and_touches_no_lr)
{
	struct vgic_cpu *vgic_cpu = &self->vm.vcpu[0].arch.vgic_cpu;
	unsigned long locks = shim_lock_acquisitions;
	u32 hcr;

	memset(vgic_cpu->vgic_v3.vgic_lr, 0x5a, sizeof(vgic_cpu->vgic_v3.vgic_lr));
	hcr = vgic_cpu->vgic_v3.vgic_hcr;
	for (int i = 0; i < 10; i++) {
		kvm_vgic_flush_hwstate(&self->vm.vcpu[0]);
		kvm_vgic_sync_hwstate(&self->vm.vcpu[0]);
	}
	ASSERT_EQ(locks, shim_lock_acquisitions);
	ASSERT_EQ(0, test_used_lrs(&self->vm, 0));
	ASSERT_EQ(hcr, vgic_cpu->vgic_v3.vgic_hcr);
	for (size_t i = 0; i < sizeof(vgic_cpu->vgic_v3.vgic_lr); i++)
		ASSERT_EQ(0x5a, ((u8 *)vgic_cpu->vgic_v3.vgic_lr)[i]);
}

TEST_F(sched, level_interrupt_with_eoi_maintenance)
{
	struct vgic_irq *irq = test_irq(&self->vm, 0, SPI_LEVEL);
	struct vgic_lr lr;

	test_irq_setup(&self->vm, 0, SPI_LEVEL, true, 0x80, 1, VGIC_CONFIG_LEVEL);
	ASSERT_EQ(0, inject(&self->vm, SPI_LEVEL, true));
	test_vcpu_enter(&self->vm, 0);
	lr = test_lr(&self->vm, 0, 0);
	ASSERT_EQ(SPI_LEVEL, lr.vintid);
	ASSERT_TRUE(lr.pending);
	ASSERT_FALSE(lr.hw);
	ASSERT_TRUE(lr.eoi_maint);

	/*
	 * Acknowledged while the device still asserts the line: shown
	 * active only, so that its EOI exits (the maintenance interrupt
	 * needs the LR invalid) and the line is sampled again then.
	 */
	ASSERT_EQ(SPI_LEVEL, vif_ack(self->vif, -1));
	test_vcpu_exit(&self->vm, 0);
	ASSERT_TRUE(irq->active);
	ASSERT_TRUE(vgic_irq_is_pending(irq));
	test_vcpu_enter(&self->vm, 0);
	lr = test_lr(&self->vm, 0, 0);
	ASSERT_FALSE(lr.pending);
	ASSERT_TRUE(lr.active);
	vif_eoi(self->vif, SPI_LEVEL);
	ASSERT_TRUE(vif_maintenance_irq(self->vif));
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(irq->active);
	test_vcpu_enter(&self->vm, 0);			/* still high: again */
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).pending);
	ASSERT_EQ(SPI_LEVEL, vif_ack(self->vif, -1));

	/* The device drops the line; the guest EOIs: maintenance. */
	test_vcpu_exit(&self->vm, 0);
	ASSERT_EQ(0, inject(&self->vm, SPI_LEVEL, false));
	test_vcpu_enter(&self->vm, 0);
	lr = test_lr(&self->vm, 0, 0);
	ASSERT_FALSE(lr.pending);
	ASSERT_TRUE(lr.active);
	vif_eoi(self->vif, SPI_LEVEL);
	ASSERT_EQ(1, vif_eisr(self->vif));
	ASSERT_TRUE(vif_misr(self->vif) & VIF_MISR_EOI);
	ASSERT_TRUE(vif_maintenance_irq(self->vif));
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(irq->active);
	ASSERT_FALSE(vgic_irq_is_pending(irq));
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(0, test_used_lrs(&self->vm, 0));
	ASSERT_EQ(0, test_ap_list_len(&self->vm, 0));
	ASSERT_INVARIANTS(&self->vm);
}

/* The line is still high at EOI: resampling makes it pending again. */
TEST_F(sched, level_resampled_after_eoi)
{
	test_irq_setup(&self->vm, 0, SPI_LEVEL, true, 0x80, 1, VGIC_CONFIG_LEVEL);
	inject(&self->vm, SPI_LEVEL, true);
	for (int i = 0; i < 3; i++) {
		test_vcpu_enter(&self->vm, 0);
		ASSERT_EQ(SPI_LEVEL, vif_ack(self->vif, -1));
		vif_eoi(self->vif, SPI_LEVEL);
		ASSERT_TRUE(vif_maintenance_irq(self->vif));
		test_vcpu_exit(&self->vm, 0);
		ASSERT_TRUE(vgic_irq_is_pending(test_irq(&self->vm, 0, SPI_LEVEL)));
		ASSERT_INVARIANTS(&self->vm);
	}
	ASSERT_EQ(3, self->vif->acks);
}

/* An edge that arrives while the previous one is active is not lost. */
TEST_F(sched, edge_during_active_is_kept)
{
	struct vgic_irq *irq = test_irq(&self->vm, 0, SPI_EDGE);
	struct vgic_lr lr;

	test_irq_setup(&self->vm, 0, SPI_EDGE, true, 0x80, 1, VGIC_CONFIG_EDGE);
	inject(&self->vm, SPI_EDGE, true);
	test_vcpu_enter(&self->vm, 0);
	lr = test_lr(&self->vm, 0, 0);
	ASSERT_FALSE(lr.eoi_maint);
	ASSERT_EQ(SPI_EDGE, vif_ack(self->vif, -1));
	inject(&self->vm, SPI_EDGE, true);	/* a new edge, guest running */
	test_vcpu_exit(&self->vm, 0);
	ASSERT_TRUE(irq->active);
	ASSERT_TRUE(irq->pending_latch);

	test_vcpu_enter(&self->vm, 0);
	lr = test_lr(&self->vm, 0, 0);
	ASSERT_TRUE(lr.pending && lr.active);
	vif_eoi(self->vif, SPI_EDGE);
	ASSERT_EQ(SPI_EDGE, vif_ack(self->vif, -1));
	vif_eoi(self->vif, SPI_EDGE);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(irq->active);
	ASSERT_FALSE(irq->pending_latch);
	ASSERT_EQ(2, self->vif->acks);

	/* A pending edge the guest has not taken stays pending. */
	inject(&self->vm, SPI_EDGE, true);
	test_vcpu_enter(&self->vm, 0);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_TRUE(irq->pending_latch);
	ASSERT_INVARIANTS(&self->vm);
}

TEST_F(sched, priority_order_and_preemption)
{
	test_irq_setup(&self->vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_EDGE);
	test_irq_setup(&self->vm, 0, 41, true, 0x40, 1, VGIC_CONFIG_EDGE);
	test_irq_setup(&self->vm, 0, 42, true, 0xc0, 1, VGIC_CONFIG_EDGE);
	inject(&self->vm, 40, true);
	inject(&self->vm, 41, true);
	inject(&self->vm, 42, true);

	test_vcpu_enter(&self->vm, 0);
	/* All fit: listed in any order, the CPU interface picks by priority. */
	ASSERT_EQ(3, test_used_lrs(&self->vm, 0));
	ASSERT_LE(0, vif_find_lr(self->vif, 40));
	ASSERT_LE(0, vif_find_lr(self->vif, 41));
	ASSERT_LE(0, vif_find_lr(self->vif, 42));

	ASSERT_EQ(41, vif_ack(self->vif, -1));
	ASSERT_EQ(0x40, vif_rpr(self->vif));
	/* 0x80 cannot preempt 0x40 */
	ASSERT_EQ(VIF_SPURIOUS, vif_ack(self->vif, -1));
	test_vcpu_exit(&self->vm, 0);

	/* A higher-priority interrupt arrives: it preempts. */
	test_irq_setup(&self->vm, 0, 43, true, 0x10, 1, VGIC_CONFIG_EDGE);
	inject(&self->vm, 43, true);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(4, test_used_lrs(&self->vm, 0));
	ASSERT_TRUE(vif_lr_active(self->vif, vif_find_lr(self->vif, 41)));
	ASSERT_TRUE(vif_lr_pending(self->vif, vif_find_lr(self->vif, 43)));
	ASSERT_EQ(43, vif_ack(self->vif, -1));
	ASSERT_EQ(0x10, vif_rpr(self->vif));
	vif_eoi(self->vif, 43);
	vif_eoi(self->vif, 41);
	ASSERT_EQ(40, vif_ack(self->vif, -1));
	vif_eoi(self->vif, 40);
	ASSERT_EQ(42, vif_ack(self->vif, -1));
	vif_eoi(self->vif, 42);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_EQ(4, self->vif->acks);
	ASSERT_INVARIANTS(&self->vm);
}

/* The priority mask and the group enables keep interrupts in their LRs. */
TEST_F(sched, pmr_and_group_enable_mask)
{
	test_irq_setup(&self->vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_EDGE);
	inject(&self->vm, 40, true);
	test_vcpu_enter(&self->vm, 0);
	self->vif->pmr = 0x80;
	ASSERT_EQ(VIF_SPURIOUS, vif_ack(self->vif, -1));
	self->vif->pmr = 0xff;
	self->vif->grpen[1] = false;
	ASSERT_EQ(VIF_SPURIOUS, vif_ack(self->vif, -1));
	test_vcpu_exit(&self->vm, 0);
	ASSERT_TRUE(test_irq(&self->vm, 0, 40)->pending_latch);
}

/*
 * Three SPIs fit vCPU 0's list registers, but the middle one was retargeted
 * to vCPU 1 after it was listed: the one-pass flush takes back what it wrote,
 * the list is pruned, and only vCPU 0's are listed; the moved one is vCPU 1's
 * alone, shown once there.
 */
TEST_F(sched, retargeted_before_the_flush_is_listed_once)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *moved = test_irq(vm, 0, 41);

	for (u32 intid = 40; intid <= 42; intid++) {
		test_irq_setup(vm, 0, intid, true, 0x80, 1, VGIC_CONFIG_EDGE);
		inject(vm, intid, true);
	}
	ASSERT_EQ(3, test_ap_list_len(vm, 0));
	ASSERT_EQ(3, vm->vcpu[0].arch.vgic_cpu.ap_list_len);
	raw_spin_lock(&moved->irq_lock);
	moved->target_vcpu = &vm->vcpu[1];	/* a retarget not yet acted on */
	raw_spin_unlock(&moved->irq_lock);

	test_vcpu_enter(vm, 0);
	ASSERT_EQ(2, test_used_lrs(vm, 0));
	ASSERT_LE(0, vif_find_lr(&vm->vif[0], 40));
	ASSERT_LE(0, vif_find_lr(&vm->vif[0], 42));
	ASSERT_GT(0, vif_find_lr(&vm->vif[0], 41));
	ASSERT_FALSE(moved->pending_in_lr);
	ASSERT_TRUE(test_irq(vm, 0, 40)->pending_in_lr);
	ASSERT_TRUE(test_on_ap_list(vm, 1, 41));
	ASSERT_EQ(2, vm->vcpu[0].arch.vgic_cpu.ap_list_len);
	ASSERT_INVARIANTS(vm);

	test_vcpu_enter(vm, 1);
	ASSERT_EQ(41, vif_ack(&vm->vif[1], -1));
	for (u32 n = 0, first = 0; n < 2; n++) {
		u32 intid = vif_ack(&vm->vif[0], -1);

		ASSERT_TRUE((intid == 40 || intid == 42) && intid != first);
		vif_eoi(&vm->vif[0], intid);
		first = intid;
	}
	ASSERT_EQ(VIF_SPURIOUS, vif_ack(&vm->vif[0], -1));
	test_vcpu_exit(vm, 0);
	test_vcpu_exit(vm, 1);
	ASSERT_INVARIANTS(vm);
}

/* One more than the list registers: ranked, the least urgent left for underflow. */
TEST_F(sched, one_more_than_the_lrs_is_ranked)
{
	struct test_vm *vm = &self->vm;
	struct vgic_cpu *vgic_cpu = &vm->vcpu[0].arch.vgic_cpu;
	u32 hcr;

	for (u32 i = 0; i < 5; i++) {
		test_irq_setup(vm, 0, 40 + i, true, i == 2 ? 0xe0 : 0x20 + 0x10 * i, 1,
			       VGIC_CONFIG_EDGE);
		inject(vm, 40 + i, true);
	}
	test_vcpu_enter(vm, 0);
	hcr = variant->host == VGIC_V3 ? vgic_cpu->vgic_v3.vgic_hcr : vgic_cpu->vgic_v2.hcr;
	ASSERT_EQ(4, test_used_lrs(vm, 0));
	ASSERT_GT(0, vif_find_lr(self->vif, 42));	/* the least urgent */
	ASSERT_TRUE(hcr & self->vif->lay->hcr_uie);
	test_vcpu_exit(vm, 0);
	ASSERT_INVARIANTS(vm);
}

/*
 * Sixteen pending interrupts, four list registers: each entry holds the
 * four most urgent that remain, maintenance is requested while more wait,
 * and every interrupt is delivered once, in priority order.
 */
TEST_F(sched, more_pending_than_list_registers)
{
	static const u8 prio[16] = { 0x70, 0x10, 0xe0, 0x30, 0x90, 0x08, 0xc0, 0x50,
				     0xa8, 0x20, 0xf0, 0x60, 0x38, 0x80, 0xd8, 0x48 };
	u32 delivered[16];
	int n_delivered = 0, entries = 0;
	struct vgic_cpu *vgic_cpu = &self->vm.vcpu[0].arch.vgic_cpu;
	bool v3 = variant->host == VGIC_V3;

	for (int i = 0; i < 16; i++) {
		test_irq_setup(&self->vm, 0, 40 + i, true, prio[i], 1, VGIC_CONFIG_EDGE);
		inject(&self->vm, 40 + i, true);
	}
	ASSERT_EQ(16, test_ap_list_len(&self->vm, 0));

	while (n_delivered < 16) {
		unsigned int used;
		u32 hcr, uie, npie;
		u32 intid;

		ASSERT_LT(entries++, 16);
		test_vcpu_enter(&self->vm, 0);
		used = test_used_lrs(&self->vm, 0);
		hcr = v3 ? vgic_cpu->vgic_v3.vgic_hcr : vgic_cpu->vgic_v2.hcr;
		uie = self->vif->lay->hcr_uie;
		npie = self->vif->lay->hcr_npie;
		ASSERT_EQ(16 - n_delivered > 4 ? 4 : 16 - n_delivered, used);
		ASSERT_EQ(16 - n_delivered > 4, !!(hcr & uie));
		ASSERT_EQ(16 - n_delivered > 4, !!(hcr & npie));
		/* LRs sorted, and nothing left out is more urgent */
		for (unsigned int n = 1; n < used; n++)
			ASSERT_LE(test_lr(&self->vm, 0, n - 1).priority,
				  test_lr(&self->vm, 0, n).priority);
		ASSERT_INVARIANTS(&self->vm);

		/* The guest takes and completes all it can, then exits on
		 * the maintenance interrupt if one was requested. */
		while ((intid = vif_ack(self->vif, -1)) != VIF_SPURIOUS) {
			delivered[n_delivered++] = intid;
			vif_eoi(self->vif, intid);
		}
		ASSERT_EQ(16 - n_delivered > 0, vif_maintenance_irq(self->vif));
		test_vcpu_exit(&self->vm, 0);
	}
	ASSERT_EQ(4, entries);
	for (int i = 1; i < 16; i++)
		ASSERT_LT(prio[delivered[i - 1] - 40], prio[delivered[i] - 40]);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(0, test_used_lrs(&self->vm, 0));
	ASSERT_EQ(0, test_ap_list_len(&self->vm, 0));
}

/* Active interrupts keep their list registers ahead of pending ones. */
TEST_F(sched, active_interrupts_come_first)
{
	for (int i = 0; i < 4; i++) {
		test_irq_setup(&self->vm, 0, 40 + i, true, 0xc0, 1, VGIC_CONFIG_EDGE);
		inject(&self->vm, 40 + i, true);
	}
	/* EOImode 1: the guest drops priority and defers deactivation. */
	test_vcpu_enter(&self->vm, 0);
	self->vif->eoimode = true;
	for (int i = 0; i < 4; i++) {
		ASSERT_EQ(40 + i, vif_ack(self->vif, 1));
		vif_eoi(self->vif, 40 + i);
	}
	test_vcpu_exit(&self->vm, 0);

	for (int i = 0; i < 4; i++) {
		test_irq_setup(&self->vm, 0, 50 + i, true, 0x10, 1, VGIC_CONFIG_EDGE);
		inject(&self->vm, 50 + i, true);
	}
	test_vcpu_enter(&self->vm, 0);
	for (unsigned int n = 0; n < 4; n++) {
		ASSERT_TRUE(test_lr(&self->vm, 0, n).active);
		ASSERT_LT(test_lr(&self->vm, 0, n).vintid, 50);
	}
	ASSERT_INVARIANTS(&self->vm);
}

/*
 * Interrupts made active and pending by the guest's GICD_ISACTIVER writes
 * fill the list registers (active ones come first) and one more waits:
 * the LRs hold no interrupt in the pending state, which the guest could
 * acknowledge, so the entry must not ask for a No Pending maintenance
 * interrupt, which would be asserted at once, and at every entry again:
 * the vCPU would never run.
 */
TEST_F(sched, active_and_pending_lrs_raise_no_maintenance)
{
	for (int i = 0; i < 5; i++) {
		test_irq_setup(&self->vm, 0, 40 + i, true, 0xa0, 1, VGIC_CONFIG_EDGE);
		inject(&self->vm, 40 + i, true);
		if (i < 4)
			gicd_write(&self->vm, 1, GICD_ISACTIVER + 4, 4, BIT(40 + i - 32));
	}
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(4, test_used_lrs(&self->vm, 0));
	for (unsigned int n = 0; n < 4; n++) {
		ASSERT_TRUE(test_lr(&self->vm, 0, n).active);
		ASSERT_TRUE(test_lr(&self->vm, 0, n).pending);
	}
	ASSERT_FALSE(vif_maintenance_irq(self->vif));
	ASSERT_EQ(1023, vif_ack(self->vif, 1));	/* nothing to acknowledge: spurious */
	ASSERT_INVARIANTS(&self->vm);

	/* The guest deactivates one (EOImode 1: GICC_DIR, ICC_DIR_EL1). */
	self->vif->eoimode = true;
	vif_dir(self->vif, 40);
	ASSERT_EQ(40, vif_ack(self->vif, 1));
	vif_eoi(self->vif, 40);
	vif_dir(self->vif, 40);
	/*
	 * One LR free among three in use raises nothing (underflow needs at
	 * most one valid): SPI 44 is listed at the next exit, whatever it is.
	 */
	ASSERT_FALSE(vif_maintenance_irq(self->vif));
	test_vcpu_exit(&self->vm, 0);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_NE(-1, vif_find_lr(self->vif, 44));
	ASSERT_INVARIANTS(&self->vm);
}

/* Twelve pending SPIs from 40, priorities 0x40-0xf0 in a scrambled order. */
static void queue_twelve(struct test_vm *vm)
{
	for (u32 i = 0; i < 12; i++) {
		test_irq_setup(vm, 0, 40 + i, true, 0xf0 - 0x10 * ((i * 5) % 12), 1,
			       VGIC_CONFIG_EDGE);
		inject(vm, 40 + i, true);
	}
}

/* Do the list registers of vCPU 0 hold the four most urgent (0x40-0x70)? */
static bool lrs_hold_the_best_four(struct test_vm *vm)
{
	if (test_used_lrs(vm, 0) != 4)
		return false;
	for (unsigned int n = 0; n < 4; n++)
		if (test_lr(vm, 0, n).priority > 0x70)
			return false;
	return true;
}

/*
 * A list three times longer than the list registers: interrupts join it
 * in rank order, so each flush reads its head only (one lock for the list
 * and one for each interrupt listed), and an exit that changes nothing
 * leaves it sorted.
 */
TEST_F(sched, long_list_is_read_from_its_head)
{
	struct test_vm *vm = &self->vm;
	unsigned long locks;

	queue_twelve(vm);
	ASSERT_FALSE(vm->vcpu[0].arch.vgic_cpu.ap_list_unsorted);
	ASSERT_INVARIANTS(vm);
	for (int round = 0; round < 2; round++) {
		locks = shim_lock_acquisitions;
		test_vcpu_enter(vm, 0);
		/* and, in a debug kernel, one more per LR for its check */
		ASSERT_EQ(1 + 4 + (VGIC_CHECKS ? 4 : 0), shim_lock_acquisitions - locks);
		ASSERT_TRUE(lrs_hold_the_best_four(vm));
		ASSERT_EQ(12, vm->vcpu[0].arch.vgic_cpu.ap_list_len);
		test_vcpu_exit(vm, 0);
		ASSERT_FALSE(vm->vcpu[0].arch.vgic_cpu.ap_list_unsorted);
		ASSERT_INVARIANTS(vm);
	}
}

/*
 * The least urgent of a long list is made the most urgent by the guest
 * (GICD_IPRIORITYR): the list is marked, and the next flush sorts it and
 * gives the interrupt a list register.
 */
TEST_F(sched, listed_irq_made_urgent_is_listed)
{
	struct test_vm *vm = &self->vm;

	queue_twelve(vm);
	test_vcpu_enter(vm, 0);
	ASSERT_GT(0, vif_find_lr(self->vif, 40));		/* 0xf0 */
	test_vcpu_exit(vm, 0);
	gicd_write(vm, 1, GICD_IPRIORITYR + 40, 1, 0x10);	/* GICv2's too */
	ASSERT_TRUE(vm->vcpu[0].arch.vgic_cpu.ap_list_unsorted);
	ASSERT_INVARIANTS(vm);

	test_vcpu_enter(vm, 0);
	ASSERT_FALSE(vm->vcpu[0].arch.vgic_cpu.ap_list_unsorted);
	ASSERT_LE(0, vif_find_lr(self->vif, 40));
	ASSERT_EQ(40, vif_ack(self->vif, -1));
	test_vcpu_exit(vm, 0);
	ASSERT_INVARIANTS(vm);
}

/*
 * An interrupt deep in a long list is routed to vCPU 1: only the head is
 * read, so the list is marked, and the next flush moves it there, where it
 * is delivered once.
 */
TEST_F(sched, retargeted_deep_in_a_long_list_moves)
{
	struct test_vm *vm = &self->vm;

	queue_twelve(vm);
	if (variant->host == VGIC_V3)
		gicd_write(vm, 0, GICD_IROUTER + 40 * 8, 8, 1);	/* Aff0 = 1 */
	else
		gicd_write(vm, 0, GICD_ITARGETSR + 40, 1, BIT(1));	/* GICv2 only */
	ASSERT_TRUE(test_on_ap_list(vm, 0, 40));
	ASSERT_TRUE(vm->vcpu[0].arch.vgic_cpu.ap_list_unsorted);

	test_vcpu_enter(vm, 0);
	ASSERT_TRUE(lrs_hold_the_best_four(vm));
	ASSERT_TRUE(test_on_ap_list(vm, 1, 40));
	ASSERT_EQ(11, vm->vcpu[0].arch.vgic_cpu.ap_list_len);
	ASSERT_INVARIANTS(vm);
	test_vcpu_enter(vm, 1);
	ASSERT_EQ(40, vif_ack(&vm->vif[1], -1));
	ASSERT_EQ(VIF_SPURIOUS, vif_ack(&vm->vif[1], -1));
	test_vcpu_exit(vm, 1);
	test_vcpu_exit(vm, 0);
	ASSERT_INVARIANTS(vm);
}

TEST_HARNESS_MAIN
