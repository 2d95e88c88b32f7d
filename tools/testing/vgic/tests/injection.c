// SPDX-License-Identifier: GPL-2.0-only
/*
 * Injection: INTID and owner checks, enable gating, kicks, and the
 * per-vCPU lists following a change of target.
 */
#include "common.h"

/* GICD_IROUTER<40> (IHI 0069 12.9.22): the guest routes SPI 40 here */
#define GICD_IROUTER_SPI40	(0x6000 + 40 * 8)

FIXTURE(inject) {
	struct test_vm vm;
};

FIXTURE_SETUP(inject)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, VGIC_V3, 2, 64, 4));
}

FIXTURE_TEARDOWN(inject)
{
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

TEST_F(inject, bad_intids_are_refused)
{
	struct kvm *kvm = &self->vm.kvm;
	struct kvm_vcpu *vcpu = &self->vm.vcpu[0];

	ASSERT_EQ(-EINVAL, kvm_vgic_inject_irq(kvm, vcpu, 0, true, NULL));	/* SGI */
	ASSERT_EQ(-EINVAL, kvm_vgic_inject_irq(kvm, vcpu, 15, true, NULL));
	ASSERT_EQ(-EINVAL, kvm_vgic_inject_irq(kvm, NULL, 20, true, NULL));	/* PPI, no vCPU */
	ASSERT_EQ(-EINVAL, kvm_vgic_inject_irq(kvm, NULL, 32 + 64, true, NULL));
	ASSERT_EQ(-EINVAL, kvm_vgic_inject_irq(kvm, NULL, 1020, true, NULL));
	ASSERT_EQ(-EINVAL, kvm_vgic_inject_irq(kvm, NULL, 1023, true, NULL));
	ASSERT_EQ(-EINVAL, kvm_vgic_inject_irq(kvm, NULL, 8192, true, NULL));
	ASSERT_EQ(-EINVAL, kvm_vgic_inject_irq(kvm, NULL, 0xffffffffu, true, NULL));
	ASSERT_EQ(0, kvm_vgic_inject_irq(kvm, vcpu, 20, true, NULL));
	ASSERT_EQ(0, kvm_vgic_inject_irq(kvm, NULL, 32 + 63, true, NULL));
	ASSERT_EQ(-EINVAL, kvm_vgic_set_owner(vcpu, 3, &self->vm));
	ASSERT_EQ(-EINVAL, kvm_vgic_set_owner(vcpu, 20, NULL));
	ASSERT_INVARIANTS(&self->vm);
}

TEST(inject_before_init_is_refused)
{
	static struct kvm kvm;

	ASSERT_EQ(-ENODEV, kvm_vgic_inject_irq(&kvm, NULL, 40, true, NULL));
}

TEST_F(inject, foreign_owner_is_refused)
{
	struct kvm *kvm = &self->vm.kvm;
	struct kvm_vcpu *vcpu = &self->vm.vcpu[0];
	int timer, pmu;

	ASSERT_EQ(0, kvm_vgic_set_owner(vcpu, 27, &timer));
	ASSERT_EQ(0, kvm_vgic_set_owner(vcpu, 27, &timer));
	ASSERT_EQ(-EBUSY, kvm_vgic_set_owner(vcpu, 27, &pmu));
	ASSERT_EQ(-EPERM, kvm_vgic_inject_irq(kvm, vcpu, 27, true, NULL));
	ASSERT_EQ(-EPERM, kvm_vgic_inject_irq(kvm, vcpu, 27, true, &pmu));
	ASSERT_FALSE(test_irq(&self->vm, 0, 27)->line_level);
	ASSERT_EQ(0, kvm_vgic_inject_irq(kvm, vcpu, 27, true, &timer));
	ASSERT_TRUE(test_irq(&self->vm, 0, 27)->line_level);
	/* the other vCPU's PPI 27 is its own */
	ASSERT_EQ(0, kvm_vgic_inject_irq(kvm, &self->vm.vcpu[1], 27, true, NULL));
}

TEST_F(inject, disabled_interrupts_wait_off_list)
{
	struct kvm *kvm = &self->vm.kvm;

	test_irq_setup(&self->vm, 0, 40, false, 0x80, 1, VGIC_CONFIG_EDGE);
	ASSERT_EQ(0, kvm_vgic_inject_irq(kvm, NULL, 40, true, NULL));
	ASSERT_TRUE(test_irq(&self->vm, 0, 40)->pending_latch);
	ASSERT_EQ(0, test_ap_list_len(&self->vm, 0));
	ASSERT_EQ(0, kvm_vgic_vcpu_pending_irq(&self->vm.vcpu[0]));

	test_irq_setup(&self->vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_EDGE);
	ASSERT_TRUE(test_on_ap_list(&self->vm, 0, 40));
	ASSERT_EQ(1, kvm_vgic_vcpu_pending_irq(&self->vm.vcpu[0]));
	ASSERT_NE(0, self->vm.vcpu[0].requests & (1UL << KVM_REQ_IRQ_PENDING));
	ASSERT_INVARIANTS(&self->vm);
}

/* A vCPU waits through what its CPU interface masks, and wakes for the rest. */
TEST_F(inject, pending_irq_follows_the_priority_mask_and_groups)
{
	struct kvm_vcpu *vcpu = &self->vm.vcpu[0];
	struct vgic_vmcr vmcr;

	test_irq_setup(&self->vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_EDGE);
	ASSERT_EQ(0, kvm_vgic_inject_irq(&self->vm.kvm, NULL, 40, true, NULL));
	ASSERT_EQ(1, kvm_vgic_vcpu_pending_irq(vcpu));
	vgic_get_vmcr(vcpu, &vmcr);
	vmcr.pmr = 0x80;			/* equal priority is masked */
	vgic_set_vmcr(vcpu, &vmcr);
	ASSERT_EQ(0, kvm_vgic_vcpu_pending_irq(vcpu));
	vmcr.pmr = 0x88;
	vgic_set_vmcr(vcpu, &vmcr);
	ASSERT_EQ(1, kvm_vgic_vcpu_pending_irq(vcpu));
	vmcr.grpen1 = false;			/* its group, Group 1, disabled */
	vgic_set_vmcr(vcpu, &vmcr);
	ASSERT_EQ(0, kvm_vgic_vcpu_pending_irq(vcpu));
	test_irq_setup(&self->vm, 0, 40, true, 0x80, 0, VGIC_CONFIG_EDGE);
	ASSERT_EQ(1, kvm_vgic_vcpu_pending_irq(vcpu));	/* Group 0 is enabled */
	ASSERT_INVARIANTS(&self->vm);
}

/*
 * A vCPU in WFI wakes only for what its CPU interface would signal: not
 * for a level interrupt it has active whose line is still high (pending
 * and active is not signalled until the deactivation), nor for one the
 * running priority holds back; it wakes for one of higher priority.
 */
TEST_F(inject, pending_irq_ignores_what_cannot_be_signalled)
{
	struct kvm_vcpu *vcpu = &self->vm.vcpu[0];
	struct vgic_irq *irq = test_irq(&self->vm, 0, 40);

	test_irq_setup(&self->vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_LEVEL);
	test_irq_setup(&self->vm, 0, 41, true, 0x90, 1, VGIC_CONFIG_EDGE);
	test_irq_setup(&self->vm, 0, 42, true, 0x40, 1, VGIC_CONFIG_EDGE);
	ASSERT_EQ(0, kvm_vgic_inject_irq(&self->vm.kvm, NULL, 40, true, NULL));
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(40, vif_ack(&self->vm.vif[0], 1));
	test_vcpu_exit(&self->vm, 0);		/* the guest handles it, WFI */
	ASSERT_TRUE(irq->active);
	ASSERT_TRUE(vgic_irq_is_pending(irq));	/* its line is still high */
	ASSERT_NE(0, self->vm.vcpu[0].arch.vgic_cpu.vgic_v3.vgic_ap1r[0] |
		     self->vm.vcpu[0].arch.vgic_cpu.vgic_v2.apr);
	ASSERT_EQ(0, kvm_vgic_vcpu_pending_irq(vcpu));

	/* Its priority dropped (EOImode 1), it is still active: no wake either. */
	test_vcpu_enter(&self->vm, 0);
	self->vm.vif[0].eoimode = true;
	vif_eoi(&self->vm.vif[0], 40);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_TRUE(irq->active);
	ASSERT_EQ(0, self->vm.vcpu[0].arch.vgic_cpu.vgic_v3.vgic_ap1r[0]);
	ASSERT_EQ(0, kvm_vgic_vcpu_pending_irq(vcpu));
	test_vcpu_enter(&self->vm, 0);
	vif_dir(&self->vm.vif[0], 40);
	self->vm.vif[0].eoimode = false;
	test_vcpu_exit(&self->vm, 0);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(40, vif_ack(&self->vm.vif[0], 1));	/* its line is high */
	test_vcpu_exit(&self->vm, 0);

	/* Lower priority than the running one: held back. */
	ASSERT_EQ(0, kvm_vgic_inject_irq(&self->vm.kvm, NULL, 41, true, NULL));
	ASSERT_EQ(0, kvm_vgic_vcpu_pending_irq(vcpu));
	/* Higher: it preempts, so it wakes the vCPU. */
	ASSERT_EQ(0, kvm_vgic_inject_irq(&self->vm.kvm, NULL, 42, true, NULL));
	ASSERT_EQ(1, kvm_vgic_vcpu_pending_irq(vcpu));

	/* Once the guest deactivates 40, the rest are signalled. */
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(42, vif_ack(&self->vm.vif[0], 1));
	vif_eoi(&self->vm.vif[0], 42);
	vif_eoi(&self->vm.vif[0], 40);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(irq->active);
	ASSERT_EQ(1, kvm_vgic_vcpu_pending_irq(vcpu));
	ASSERT_INVARIANTS(&self->vm);
}

TEST_F(inject, level_and_edge_inputs)
{
	struct kvm *kvm = &self->vm.kvm;
	struct vgic_irq *lvl = test_irq(&self->vm, 0, 40), *edge = test_irq(&self->vm, 0, 41);

	test_irq_setup(&self->vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_LEVEL);
	test_irq_setup(&self->vm, 0, 41, true, 0x80, 1, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(kvm, NULL, 40, true, NULL);
	kvm_vgic_inject_irq(kvm, NULL, 41, true, NULL);
	ASSERT_TRUE(vgic_irq_is_pending(lvl));
	ASSERT_TRUE(vgic_irq_is_pending(edge));
	kvm_vgic_inject_irq(kvm, NULL, 40, false, NULL);
	kvm_vgic_inject_irq(kvm, NULL, 41, false, NULL);
	ASSERT_FALSE(vgic_irq_is_pending(lvl));	/* follows the line */
	ASSERT_TRUE(vgic_irq_is_pending(edge));	/* latched */
}

TEST_F(inject, target_change_moves_between_lists)
{
	struct kvm *kvm = &self->vm.kvm;
	struct vgic_irq *irq = test_irq(&self->vm, 0, 40);
	unsigned long kicks0, kicks1;

	test_irq_setup(&self->vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(kvm, NULL, 40, true, NULL);
	ASSERT_TRUE(test_on_ap_list(&self->vm, 0, 40));
	ASSERT_EQ(&self->vm.vcpu[0], irq->vcpu);

	kicks0 = self->vm.vcpu[0].kicks;
	kicks1 = self->vm.vcpu[1].kicks;
	gicd_write(&self->vm, 0, GICD_IROUTER_SPI40, 8, 1);	/* Aff0 = 1 */
	/* vCPU0 may hold it in an LR: it moves it at its next flush */
	ASSERT_EQ(kicks0 + 1, self->vm.vcpu[0].kicks);
	ASSERT_TRUE(test_on_ap_list(&self->vm, 0, 40));
	ASSERT_EQ(1, kvm_vgic_vcpu_pending_irq(&self->vm.vcpu[0]));
	ASSERT_INVARIANTS(&self->vm);

	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(0, test_used_lrs(&self->vm, 0));
	ASSERT_FALSE(test_on_ap_list(&self->vm, 0, 40));
	ASSERT_TRUE(test_on_ap_list(&self->vm, 1, 40));
	ASSERT_EQ(&self->vm.vcpu[1], irq->vcpu);
	ASSERT_EQ(kicks1 + 1, self->vm.vcpu[1].kicks);
	test_vcpu_exit(&self->vm, 0);

	test_vcpu_enter(&self->vm, 1);
	ASSERT_EQ(1, test_used_lrs(&self->vm, 1));
	ASSERT_EQ(40, test_lr(&self->vm, 1, 0).vintid);
	ASSERT_INVARIANTS(&self->vm);
}

static void route_spi40_to_vcpu1(struct test_vm *vm, int cpu)
{
	gicd_write(vm, cpu, GICD_IROUTER_SPI40, 8, 1);
}

/*
 * A retarget that lands after the flush wrote the list registers (another
 * CPU writing GICD_IROUTER) must leave the interrupt with the vCPU whose
 * LR holds it: the other vCPU must not load it too, and the acknowledge
 * must not leave it active on a list it is not on.
 */
TEST_F(inject, retarget_after_lr_write_stays_in_one_lr)
{
	struct kvm *kvm = &self->vm.kvm;
	struct vgic_irq *irq = test_irq(&self->vm, 0, 40);

	test_irq_setup(&self->vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(kvm, NULL, 40, true, NULL);
	/* SPI 41 leaves vCPU0's list at this flush: the list is maintained */
	test_irq_setup(&self->vm, 0, 41, true, 0x80, 1, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(kvm, NULL, 41, true, NULL);
	gicd_write(&self->vm, 0, GICD_IROUTER_SPI40 + 8, 8, 1);
	self->vm.on_lr_load = route_spi40_to_vcpu1;
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(&self->vm.vcpu[1], irq->target_vcpu);
	ASSERT_EQ(0, vif_find_lr(&self->vm.vif[0], 40));
	ASSERT_EQ(&self->vm.vcpu[0], irq->vcpu);	/* still where its LR is */
	ASSERT_TRUE(test_on_ap_list(&self->vm, 0, 40));
	ASSERT_TRUE(test_on_ap_list(&self->vm, 1, 41));
	test_vcpu_enter(&self->vm, 1);
	ASSERT_EQ(-1, vif_find_lr(&self->vm.vif[1], 40));
	ASSERT_EQ(41, vif_ack(&self->vm.vif[1], -1));
	vif_eoi(&self->vm.vif[1], 41);
	ASSERT_INVARIANTS(&self->vm);

	ASSERT_EQ(40, vif_ack(&self->vm.vif[0], -1));
	test_vcpu_exit(&self->vm, 0);
	ASSERT_TRUE(irq->active);
	ASSERT_EQ(&self->vm.vcpu[0], irq->vcpu);
	ASSERT_INVARIANTS(&self->vm);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).active);
	vif_eoi(&self->vm.vif[0], 40);
	test_vcpu_exit(&self->vm, 0);
	test_vcpu_exit(&self->vm, 1);
	ASSERT_FALSE(irq->active);
	ASSERT_FALSE(vgic_irq_is_pending(irq));
	test_vcpu_enter(&self->vm, 0);
	test_vcpu_enter(&self->vm, 1);
	ASSERT_EQ(0, test_ap_list_len(&self->vm, 0) + test_ap_list_len(&self->vm, 1));
	ASSERT_EQ(1, self->vm.vif[0].acks);	/* each delivered once */
	ASSERT_EQ(1, self->vm.vif[1].acks);
	ASSERT_INVARIANTS(&self->vm);
}

/* An active interrupt stays with the vCPU that acknowledged it. */
TEST_F(inject, active_interrupt_moves_after_deactivation)
{
	struct kvm *kvm = &self->vm.kvm;
	struct vgic_irq *irq = test_irq(&self->vm, 0, 40);

	test_irq_setup(&self->vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(kvm, NULL, 40, true, NULL);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(40, vif_ack(&self->vm.vif[0], -1));
	test_vcpu_exit(&self->vm, 0);

	gicd_write(&self->vm, 0, GICD_IROUTER_SPI40, 8, 1);
	ASSERT_EQ(&self->vm.vcpu[1], irq->target_vcpu);
	ASSERT_EQ(&self->vm.vcpu[0], irq->vcpu);		/* still active there */
	kvm_vgic_inject_irq(kvm, NULL, 40, true, NULL);	/* pending again */
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TRUE(test_on_ap_list(&self->vm, 0, 40));
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).active);
	vif_eoi(&self->vm.vif[0], 40);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_INVARIANTS(&self->vm);

	test_vcpu_enter(&self->vm, 0);		/* flush moves it */
	ASSERT_EQ(0, test_used_lrs(&self->vm, 0));
	ASSERT_TRUE(test_on_ap_list(&self->vm, 1, 40));
	test_vcpu_enter(&self->vm, 1);
	ASSERT_EQ(40, vif_ack(&self->vm.vif[1], -1));
	ASSERT_INVARIANTS(&self->vm);
}

TEST_HARNESS_MAIN
