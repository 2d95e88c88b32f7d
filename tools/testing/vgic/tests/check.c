// SPDX-License-Identifier: GPL-2.0-only
/*
 * The debug kernel's self-checks (vgic-check.c): a flush's list registers
 * pass them, and each broken rule, planted in an LR after a real flush,
 * is named.
 */
#include <string.h>
#include "common.h"

FIXTURE(check) {
	struct test_vm vm;
};

FIXTURE_VARIANT(check) {
	enum vgic_type host;
};

FIXTURE_VARIANT_ADD(check, gicv3) { .host = VGIC_V3 };
FIXTURE_VARIANT_ADD(check, gicv2) { .host = VGIC_V2 };

FIXTURE_SETUP(check)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, variant->host, 2, 64, 4));
	test_irq_setup(&self->vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_EDGE);
	test_irq_setup(&self->vm, 0, 41, true, 0x80, 1, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(&self->vm.kvm, NULL, 40, true, NULL);
	kvm_vgic_inject_irq(&self->vm.kvm, NULL, 41, true, NULL);
}

FIXTURE_TEARDOWN(check)
{
	test_vm_destroy(&self->vm);
}

static const char *checked(struct kvm_vcpu *vcpu)
{
	const char *why;

	raw_spin_lock(&vcpu->arch.vgic_cpu.ap_list_lock);
	why = vgic_check_lrs(vcpu);
	raw_spin_unlock(&vcpu->arch.vgic_cpu.ap_list_lock);
	return why;
}

/* Check LR @n of vCPU 0 rewritten through @plant, then put it back. */
static const char *planted(struct test_vm *vm, int n, void (*plant)(struct vgic_lr *lr))
{
	struct vgic_lr lr, was;
	const char *why;

	vgic_lr_ops()->read_lr(&vm->vcpu[0], n, &was);
	lr = was;
	plant(&lr);
	vgic_lr_ops()->write_lr(&vm->vcpu[0], n, &lr);
	why = checked(&vm->vcpu[0]);
	vgic_lr_ops()->write_lr(&vm->vcpu[0], n, &was);
	return why;
}

static void hw_pending_active(struct vgic_lr *lr)
{
	lr->hw = true;
	lr->pintid = 40;
	lr->pending = lr->active = true;
}

static void hw_unmapped(struct vgic_lr *lr)
{
	lr->hw = true;
	lr->pintid = 40;
}

static void twice(struct vgic_lr *lr)
{
	lr->vintid = 40;
}

static void nothing(struct vgic_lr *lr)
{
	lr->pending = lr->active = false;
}

static void elsewhere(struct vgic_lr *lr)
{
	lr->vintid = 42;	/* enabled nowhere, on no list */
}

TEST_F(check, a_flush_passes_and_each_broken_rule_is_named)
{
	static const struct {
		void (*plant)(struct vgic_lr *lr);
		const char *why;
	} cases[] = {
		{ hw_pending_active, "a HW LR pending and active" },
		{ hw_unmapped, "a HW LR whose pINTID is not the interrupt's mapping" },
		{ twice, "an interrupt in two LRs" },
		{ nothing, "an LR written with nothing to show" },
		{ elsewhere, "an interrupt in an LR is not on that vCPU's ap_list" },
	};
	struct test_vm *vm = &self->vm;

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		test_vcpu_enter(vm, 0);
		ASSERT_EQ(2, test_used_lrs(vm, 0));
		ASSERT_EQ(NULL, checked(&vm->vcpu[0]));
		ASSERT_STREQ(cases[i].why, planted(vm, 1, cases[i].plant));
		ASSERT_EQ(NULL, checked(&vm->vcpu[0]));
		test_vcpu_exit(vm, 0);
	}
}

TEST_F(check, an_ap_list_entry_of_another_vcpu_is_named)
{
	struct vgic_irq *irq = test_irq(&self->vm, 0, 40);

	test_vcpu_enter(&self->vm, 0);
	test_vcpu_exit(&self->vm, 0);
	irq->vcpu = &self->vm.vcpu[1];
	ASSERT_STREQ("an ap_list entry that names another vCPU", checked(&self->vm.vcpu[0]));
	irq->vcpu = &self->vm.vcpu[0];
	ASSERT_EQ(NULL, checked(&self->vm.vcpu[0]));
}

TEST_HARNESS_MAIN
