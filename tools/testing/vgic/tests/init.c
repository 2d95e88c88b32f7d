// SPDX-License-Identifier: GPL-2.0-only
/*
 * Creation and initialization of a VM's vGIC: when it may be created
 * (not after a vCPU ran, not while one is being created), and a GICv2 VM
 * initialized by its first injection while a GICv3 VM must ask.
 */
#include "common.h"

static struct test_vm vm;

/* A VM with @nr vCPUs online and no vGIC yet, as before KVM_CREATE_DEVICE. */
static void vcpus_without_vgic(enum vgic_type host, int nr)
{
	memset(&vm, 0, sizeof(vm));
	memset(&kvm_vgic_global_state, 0, sizeof(kvm_vgic_global_state));
	kvm_vgic_global_state.type = host;
	kvm_vgic_global_state.nr_lr = 4;
	kvm_vgic_early_init(&vm.kvm);
	for (int i = 0; i < nr; i++) {
		vm.vcpu[i].kvm = &vm.kvm;
		vm.vcpu[i].vcpu_id = i;
		vm.kvm.vcpus[i] = &vm.vcpu[i];
		kvm_vgic_vcpu_init(&vm.vcpu[i]);	/* cannot fail */
	}
	vm.kvm.created_vcpus = nr;
	atomic_set(&vm.kvm.online_vcpus, nr);
}

static int create(u32 model)
{
	int ret;

	mutex_lock(&vm.kvm.lock);
	ret = kvm_vgic_create(&vm.kvm, model);
	mutex_unlock(&vm.kvm.lock);
	return ret;
}

/*
 * A vCPU that ran had a userspace irqchip: its timer is enabled and would
 * inject into a vGIC that is not initialized (a WARN in arch_timer.c).
 */
TEST(no_vgic_after_a_vcpu_ran)
{
	vcpus_without_vgic(VGIC_V3, 2);
	vm.vcpu[1].has_run = true;
	ASSERT_EQ(-EBUSY, create(KVM_DEV_TYPE_ARM_VGIC_V3));
	ASSERT_FALSE(irqchip_in_kernel(&vm.kvm));
	vm.vcpu[1].has_run = false;
	ASSERT_EQ(0, create(KVM_DEV_TYPE_ARM_VGIC_V3));
	kvm_vgic_destroy(&vm.kvm);
	ASSERT_EQ(0, shim_live_allocations);
}

/*
 * A vCPU counted in created_vcpus but not online yet set up its private
 * interrupts against the GIC as it was: neither creation nor CTRL_INIT
 * may happen until it is online, or it would keep them uninitialized.
 */
TEST(no_vgic_while_a_vcpu_is_created)
{
	vcpus_without_vgic(VGIC_V3, 2);
	vm.kvm.created_vcpus = 3;
	ASSERT_EQ(-EBUSY, create(KVM_DEV_TYPE_ARM_VGIC_V3));
	vm.kvm.created_vcpus = 2;
	ASSERT_EQ(0, create(KVM_DEV_TYPE_ARM_VGIC_V3));

	vm.kvm.created_vcpus = 3;
	mutex_lock(&vm.kvm.lock);
	mutex_lock(&vm.kvm.arch.config_lock);
	ASSERT_EQ(-EBUSY, vgic_init_settled(&vm.kvm));
	ASSERT_FALSE(vgic_initialized(&vm.kvm));
	vm.kvm.created_vcpus = 2;
	ASSERT_EQ(0, vgic_init_settled(&vm.kvm));
	mutex_unlock(&vm.kvm.arch.config_lock);
	mutex_unlock(&vm.kvm.lock);
	ASSERT_TRUE(vgic_initialized(&vm.kvm));
	for (int i = 0; i < 2; i++)
		ASSERT_EQ(VGIC_CONFIG_LEVEL, test_irq(&vm, i, 27)->config);
	kvm_vgic_destroy(&vm.kvm);
	ASSERT_EQ(0, shim_live_allocations);
}

/* KVM_DEV_ARM_VGIC_CTRL_INIT with no vCPU: -ENODEV (arm-vgic.rst). */
TEST(no_init_without_vcpus)
{
	vcpus_without_vgic(VGIC_V2, 0);
	ASSERT_EQ(0, create(KVM_DEV_TYPE_ARM_VGIC_V2));
	mutex_lock(&vm.kvm.lock);
	mutex_lock(&vm.kvm.arch.config_lock);
	ASSERT_EQ(-ENODEV, vgic_init_settled(&vm.kvm));
	mutex_unlock(&vm.kvm.arch.config_lock);
	mutex_unlock(&vm.kvm.lock);
	ASSERT_FALSE(vgic_initialized(&vm.kvm));
	ASSERT_EQ(-ENODEV, kvm_vgic_inject_irq(&vm.kvm, NULL, 40, true, NULL));
	kvm_vgic_destroy(&vm.kvm);
	ASSERT_EQ(0, shim_live_allocations);
}

/*
 * GICv2: userspace's first injection initializes with the defaults (256
 * INTIDs; NR_IRQS then answers -EBUSY, arm-vgic.rst); an in-kernel device
 * gets -ENODEV.  GICv3: -ENODEV until KVM_DEV_ARM_VGIC_CTRL_INIT.
 */
TEST(first_injection_initializes_a_gicv2_only)
{
	int timer;

	ASSERT_EQ(0, test_vm_create_bare(&vm, VGIC_V3, 2, 4));
	ASSERT_EQ(-ENODEV, kvm_vgic_inject_irq(&vm.kvm, NULL, 40, true, NULL));
	ASSERT_FALSE(vgic_initialized(&vm.kvm));
	test_vm_destroy(&vm);

	ASSERT_EQ(0, test_vm_create_bare(&vm, VGIC_V2, 2, 4));
	ASSERT_EQ(-ENODEV, kvm_vgic_inject_irq(&vm.kvm, &vm.vcpu[0], 27, true, &timer));
	ASSERT_FALSE(vgic_initialized(&vm.kvm));
	ASSERT_EQ(0, kvm_vgic_inject_irq(&vm.kvm, NULL, 40, true, NULL));
	ASSERT_TRUE(vgic_initialized(&vm.kvm));
	ASSERT_EQ(256 - VGIC_NR_PRIVATE_IRQS, vm.kvm.arch.vgic.nr_spis);
	ASSERT_TRUE(vgic_irq_is_pending(test_irq(&vm, 0, 40)));	/* an edge, by default */
	ASSERT_EQ(0, shim_locks_held);
	test_vm_destroy(&vm);
	ASSERT_EQ(0, shim_live_allocations);
}

TEST_HARNESS_MAIN
