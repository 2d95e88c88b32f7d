// SPDX-License-Identifier: GPL-2.0-only
/*
 * The irqchip routing of SPIs, as irqfds use it: a resampled irqfd drives
 * a level SPI's line and the guest's EOI notifies its resampler; a plain
 * irqfd's event is one delivery, never a line left high.
 */
#include "common.h"

#define SPI	40
#define PIN	(SPI - VGIC_NR_PRIVATE_IRQS)

FIXTURE(irqfd) {
	struct test_vm vm;
	struct kvm_kernel_irq_routing_entry e;
	struct vgic_irq *irq;
	struct vcpu_if *vif;
};

FIXTURE_VARIANT(irqfd) {
	enum vgic_type host;
};

FIXTURE_VARIANT_ADD(irqfd, gicv3) { .host = VGIC_V3 };
FIXTURE_VARIANT_ADD(irqfd, gicv2) { .host = VGIC_V2 };

FIXTURE_SETUP(irqfd)
{
	struct kvm_irq_routing_entry ue = {
		.type = KVM_IRQ_ROUTING_IRQCHIP, .u.irqchip.pin = PIN,
	};

	phys_gic_reset();
	memset(shim_pin_has_notifier, 0, KVM_IRQCHIP_NUM_PINS);
	shim_acked_irqs = 0;
	ASSERT_EQ(0, test_vm_create(&self->vm, variant->host, 2, 64, 4));
	self->e.type = ue.type;		/* as KVM's setup_routing_entry() */
	ASSERT_EQ(0, kvm_set_routing_entry(&self->vm.kvm, &self->e, &ue));
	self->irq = test_irq(&self->vm, 0, SPI);
	self->vif = &self->vm.vif[0];
	test_irq_setup(&self->vm, 0, SPI, true, 0x80, variant->host == VGIC_V3,
		       VGIC_CONFIG_LEVEL);
}

FIXTURE_TEARDOWN(irqfd)
{
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

/* The guest takes an interrupt and EOIs it, between an entry and an exit. */
static u32 guest_takes_one(struct test_vm *vm, struct vcpu_if *vif)
{
	u32 iar;

	test_vcpu_enter(vm, 0);
	iar = vif_ack(vif, -1);
	vif_eoi(vif, iar);
	test_vcpu_exit(vm, 0);
	return iar;
}

TEST_F(irqfd, resampled_line_and_eoi_notification)
{
	struct test_vm *vm = &self->vm;

	shim_pin_has_notifier[PIN] = true;
	ASSERT_EQ(0, kvm_arch_set_irq_inatomic(&self->e, &vm->kvm, 0, 1, false));
	ASSERT_TRUE(self->irq->line_level);
	ASSERT_FALSE(self->irq->pending_latch);

	test_vcpu_enter(vm, 0);
	ASSERT_TRUE(test_lr(vm, 0, 0).eoi_maint);
	ASSERT_EQ(SPI, vif_ack(self->vif, -1));
	test_vcpu_exit(vm, 0);
	ASSERT_EQ(0, shim_acked_irqs);			/* active: not yet */
	test_vcpu_enter(vm, 0);
	vif_eoi(self->vif, SPI);
	ASSERT_TRUE(vif_maintenance_irq(self->vif));	/* the EOI exits */
	test_vcpu_exit(vm, 0);
	ASSERT_EQ(1, shim_acked_irqs);
	ASSERT_EQ(PIN, shim_last_acked_pin);

	/* the resampler lowers the line (kvm_set_irq(..., 0)): nothing left */
	ASSERT_EQ(0, self->e.set(&self->e, &vm->kvm, 1, 0, false));
	ASSERT_FALSE(vgic_irq_is_pending(self->irq));
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(0, test_used_lrs(vm, 0));
	test_vcpu_exit(vm, 0);
	ASSERT_EQ(1, shim_acked_irqs);
	ASSERT_INVARIANTS(vm);
}

TEST_F(irqfd, plain_irqfd_event_is_one_delivery)
{
	struct test_vm *vm = &self->vm;

	/* the atomic path: asserted only */
	ASSERT_EQ(0, kvm_arch_set_irq_inatomic(&self->e, &vm->kvm, 0, 1, false));
	ASSERT_FALSE(self->irq->line_level);
	ASSERT_TRUE(vgic_irq_is_pending(self->irq));
	ASSERT_EQ(SPI, guest_takes_one(vm, self->vif));
	ASSERT_FALSE(vgic_irq_is_pending(self->irq));
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(0, test_used_lrs(vm, 0));		/* not asserted for ever */
	test_vcpu_exit(vm, 0);

	/* the deferred path: asserted and de-asserted at once, still delivered */
	ASSERT_EQ(0, self->e.set(&self->e, &vm->kvm, 0, 1, false));
	ASSERT_EQ(0, self->e.set(&self->e, &vm->kvm, 0, 0, false));
	ASSERT_TRUE(vgic_irq_is_pending(self->irq));
	ASSERT_EQ(SPI, guest_takes_one(vm, self->vif));
	ASSERT_FALSE(vgic_irq_is_pending(self->irq));
	ASSERT_EQ(2, self->vif->acks);
	ASSERT_INVARIANTS(vm);
}

/* Before the vGIC is initialized the atomic path defers (a GICv2 may init then). */
TEST(atomic_path_defers_before_init)
{
	static struct test_vm vm;
	struct kvm_irq_routing_entry ue = {
		.type = KVM_IRQ_ROUTING_IRQCHIP, .u.irqchip.pin = PIN,
	};
	struct kvm_kernel_irq_routing_entry e;

	ASSERT_EQ(0, test_vm_create_bare(&vm, VGIC_V2, 1, 4));
	e.type = ue.type;
	ASSERT_EQ(0, kvm_set_routing_entry(&vm.kvm, &e, &ue));
	ASSERT_EQ(-EWOULDBLOCK, kvm_arch_set_irq_inatomic(&e, &vm.kvm, 0, 1, false));
	ASSERT_FALSE(vgic_initialized(&vm.kvm));
	test_vm_destroy(&vm);
}

TEST_HARNESS_MAIN
