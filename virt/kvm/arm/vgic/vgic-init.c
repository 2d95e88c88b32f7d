// SPDX-License-Identifier: GPL-2.0-only
/*
 * Creation, initialization and teardown of a VM's vGIC and of its vCPUs'
 * interrupt state.
 */
#include <linux/kvm_host.h>
#include <linux/slab.h>

#include "vgic.h"

/* KVM_DEV_ARM_VGIC_GRP_NR_IRQS left unset: the GICv2 minimum of 256 INTIDs. */
#define VGIC_DEFAULT_NR_SPIS	(256 - VGIC_NR_PRIVATE_IRQS)

struct vgic_global kvm_vgic_global_state __ro_after_init;
DEFINE_STATIC_KEY_FALSE(vgic_v2_cpuif_trap);
DEFINE_STATIC_KEY_FALSE(vgic_v3_cpuif_trap);

/**
 * kvm_vgic_early_init() - set up the parts of the vGIC a new VM needs
 * @kvm:	the VM being created
 */
void kvm_vgic_early_init(struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;

	vgic_phys_map_tree_init(&dist->phys_map);
	dist->vgic_dist_base = VGIC_ADDR_UNDEF;
	dist->vgic_cpu_base = VGIC_ADDR_UNDEF;
	INIT_LIST_HEAD(&dist->rd_regions);
	xa_init_flags(&dist->lpi_xa, XA_FLAGS_LOCK_IRQ);
	mutex_init(&dist->lpi_mutex);
	xa_init(&dist->its_xa);
}

/*
 * A vCPU in KVM_CREATE_VCPU is counted in created_vcpus (under kvm->lock)
 * before it is online: its vGIC state may have been set up against the
 * VM's GIC as it was then, and vgic_init() would not see it.
 */
static bool vgic_vcpus_settled(struct kvm *kvm)
{
	lockdep_assert_held(&kvm->lock);
	return kvm->created_vcpus == atomic_read(&kvm->online_vcpus);
}

/**
 * kvm_vgic_create() - give a VM an in-kernel GIC
 * @kvm:	the VM, its lock held
 * @type:	KVM_DEV_TYPE_ARM_VGIC_V2 or KVM_DEV_TYPE_ARM_VGIC_V3
 *
 * Not once a vCPU has run: it ran with a userspace irqchip, and its timer
 * and PMU would now inject into a vGIC that is not initialized.
 *
 * Return: 0, -EEXIST if it has one, -ENODEV if the host cannot provide
 * that model, -EBUSY if a vCPU has run or is being created.
 */
int kvm_vgic_create(struct kvm *kvm, u32 type)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	bool v3_host = kvm_vgic_global_state.type == VGIC_V3;
	struct kvm_vcpu *vcpu;
	unsigned long idx;

	if (irqchip_in_kernel(kvm))
		return -EEXIST;
	if (!vgic_vcpus_settled(kvm))
		return -EBUSY;
	kvm_for_each_vcpu(idx, vcpu, kvm)
		if (vcpu_has_run_once(vcpu))
			return -EBUSY;
	if (type == KVM_DEV_TYPE_ARM_VGIC_V3 ? !v3_host :
	    type != KVM_DEV_TYPE_ARM_VGIC_V2 ||
	    (v3_host && !kvm_vgic_global_state.v2_guests))
		return -ENODEV;

	dist->in_kernel = true;
	dist->vgic_model = type;
	vgic_debug_init(kvm);
	return 0;
}

/* Reset the SGIs and PPIs of @vcpu for the VM's GIC model. */
static void vgic_vcpu_init_private_irqs(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	bool v3 = vcpu->kvm->arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3;
	u32 i;

	for (i = 0; i < VGIC_NR_PRIVATE_IRQS; i++) {
		struct vgic_irq *irq = &vgic_cpu->private_irqs[i];

		vgic_irq_init(irq, i, vcpu);
		if (i < VGIC_NR_SGIS) {
			/* GICv2 SGIs cannot be disabled (IHI 0048B 4.3.5). */
			irq->enabled = !v3;
		} else {
			/*
			 * The PPIs KVM drives (timers, PMU) are level
			 * signals; GICv3 lets GICR_ICFGR1 be read-only for
			 * PPIs (IHI 0069 12.11.7), and this vGIC keeps it so.
			 */
			irq->config = VGIC_CONFIG_LEVEL;
		}
		/* A GICv3 guest's interrupts are Group 1 out of reset. */
		irq->group = v3;
	}
}

/**
 * vgic_init() - allocate and reset a VM's interrupt state
 * @kvm:	the VM, with its vCPUs created
 *
 * Return: 0, -ENODEV with no vCPU online (arm-vgic.rst), -ENOMEM.
 */
int vgic_init(struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	struct kvm_vcpu *vcpu, *vcpu0 = kvm_get_vcpu(kvm, 0);
	bool v3 = dist->vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3;
	unsigned long idx;
	int i;

	if (vgic_initialized(kvm))
		return 0;
	if (!vcpu0)
		return -ENODEV;
	if (!dist->nr_spis)
		dist->nr_spis = VGIC_DEFAULT_NR_SPIS;

	dist->spis = kcalloc(dist->nr_spis, sizeof(*dist->spis), GFP_KERNEL_ACCOUNT);
	if (!dist->spis)
		return -ENOMEM;

	for (i = 0; i < dist->nr_spis; i++) {
		struct vgic_irq *irq = &dist->spis[i];

		vgic_irq_init(irq, i + VGIC_NR_PRIVATE_IRQS, vcpu0);
		irq->targets = 1;	/* GICD_ITARGETSR: CPU interface 0 */
		irq->group = v3;
	}

	kvm_for_each_vcpu(idx, vcpu, kvm) {
		vgic_vcpu_init_private_irqs(vcpu);
		vgic_lr_ops()->reset(vcpu);
	}

	dist->initialized = true;
	return 0;
}

/**
 * vgic_init_settled() - KVM_DEV_ARM_VGIC_CTRL_INIT
 * @kvm:	the VM, its lock and config_lock held
 *
 * Return: 0, -EBUSY while a vCPU is being created, or what vgic_init()
 * returns.
 */
int vgic_init_settled(struct kvm *kvm)
{
	lockdep_assert_held(&kvm->arch.config_lock);
	if (!vgic_initialized(kvm) && !vgic_vcpus_settled(kvm))
		return -EBUSY;
	return vgic_init(kvm);
}

/**
 * vgic_lazy_init() - a GICv2 VM may leave its initialization to first use
 * @kvm:	the VM, its lock held
 *
 * A GICv2 VM that never asked for KVM_DEV_ARM_VGIC_CTRL_INIT gets the
 * default configuration at its first register access from userspace, its
 * first injection, or its first run (arm-vgic.rst: NR_IRQS then answers
 * -EBUSY, "initialized with default values").  A GICv3 VM must ask.
 *
 * Return: 0 once initialized, -EBUSY for a GICv3 VM not initialized, or
 * what the initialization returns.
 */
int vgic_lazy_init(struct kvm *kvm)
{
	int ret;

	if (vgic_initialized(kvm))
		return 0;
	if (kvm->arch.vgic.vgic_model != KVM_DEV_TYPE_ARM_VGIC_V2)
		return -EBUSY;
	mutex_lock(&kvm->arch.config_lock);
	ret = vgic_init_settled(kvm);
	mutex_unlock(&kvm->arch.config_lock);
	return ret ?: kvm_vgic_setup_default_irq_routing(kvm);
}

/**
 * kvm_vgic_vcpu_init() - set up the vGIC state of a new vCPU
 * @vcpu:	the vCPU
 *
 * Return: 0.
 */
int kvm_vgic_vcpu_init(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;

	raw_spin_lock_init(&vgic_cpu->ap_list_lock);
	INIT_LIST_HEAD(&vgic_cpu->ap_list_head);
	vgic_cpu->ap_list_len = 0;
	vgic_phys_map_tree_init(&vgic_cpu->phys_map);

	vgic_lr_ops()->reset(vcpu);

	if (vgic_initialized(vcpu->kvm))
		vgic_vcpu_init_private_irqs(vcpu);
	return 0;
}

/**
 * kvm_vgic_vcpu_destroy() - release the vGIC state of a vCPU
 * @vcpu:	the vCPU
 */
void kvm_vgic_vcpu_destroy(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;

	vgic_phys_map_tree_destroy(vcpu->kvm, vcpu, &vgic_cpu->phys_map);
	INIT_LIST_HEAD(&vgic_cpu->ap_list_head);
	vgic_cpu->ap_list_len = 0;
}

/**
 * kvm_vgic_destroy() - release a VM's vGIC
 * @kvm:	the VM
 */
void kvm_vgic_destroy(struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	struct kvm_vcpu *vcpu;
	unsigned long idx;

	kvm_for_each_vcpu(idx, vcpu, kvm)
		kvm_vgic_vcpu_destroy(vcpu);
	vgic_phys_map_tree_destroy(kvm, NULL, &dist->phys_map);
	vgic_its_teardown_all(kvm);
	vgic_its_cache_destroy(kvm);
	vgic_lpi_destroy(kvm);
	xa_destroy(&dist->its_xa);

	vgic_v3_rdist_regions_free(kvm);
	kfree(dist->spis);
	dist->spis = NULL;
	dist->nr_spis = 0;
	dist->initialized = false;
	dist->in_kernel = false;
}
