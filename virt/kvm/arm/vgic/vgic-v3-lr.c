// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv3 list registers: ICH_LR<n>_EL2 (IHI 0069 12.4.6) held in the vCPU's
 * struct vgic_v3_cpu_if, which the hyp world switch loads and saves.
 */
#include <linux/bitfield.h>
#include <linux/kvm_host.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "vgic.h"

/**
 * vgic_v3_lr_encode() - an ICH_LR<n>_EL2 value
 * @lr:	the list register
 *
 * With HW set, bits [41:32] are the physical INTID; without, bit 41 is the
 * EOI maintenance request.
 *
 * Return: the register value.
 */
u64 vgic_v3_lr_encode(const struct vgic_lr *lr)
{
	u64 val = FIELD_PREP(ICH_LR_VIRTUAL_ID_MASK, lr->vintid) |
		  FIELD_PREP(ICH_LR_PRIORITY_MASK, lr->priority);

	if (lr->group)
		val |= ICH_LR_GROUP;
	if (lr->pending)
		val |= ICH_LR_PENDING_BIT;
	if (lr->active)
		val |= ICH_LR_ACTIVE_BIT;
	if (lr->hw)
		val |= ICH_LR_HW | FIELD_PREP(ICH_LR_PHYS_ID_MASK, lr->pintid);
	else if (lr->eoi_maint)
		val |= ICH_LR_EOI;
	return val;
}

/**
 * vgic_v3_lr_decode() - the fields of an ICH_LR<n>_EL2 value
 * @val:	the register value
 * @lr:	where to decode it
 */
void vgic_v3_lr_decode(u64 val, struct vgic_lr *lr)
{
	*lr = (struct vgic_lr) {
		.vintid = FIELD_GET(ICH_LR_VIRTUAL_ID_MASK, val),
		.priority = FIELD_GET(ICH_LR_PRIORITY_MASK, val),
		.group = !!(val & ICH_LR_GROUP),
		.pending = !!(val & ICH_LR_PENDING_BIT),
		.active = !!(val & ICH_LR_ACTIVE_BIT),
		.hw = !!(val & ICH_LR_HW),
	};
	if (lr->hw)
		lr->pintid = FIELD_GET(ICH_LR_PHYS_ID_MASK, val);
	else
		lr->eoi_maint = !!(val & ICH_LR_EOI);
}

static void vgic_v3_read_lr(struct kvm_vcpu *vcpu, int n, struct vgic_lr *lr)
{
	vgic_v3_lr_decode(vcpu->arch.vgic_cpu.vgic_v3.vgic_lr[n], lr);
}

static void vgic_v3_write_lr(struct kvm_vcpu *vcpu, int n, const struct vgic_lr *lr)
{
	vcpu->arch.vgic_cpu.vgic_v3.vgic_lr[n] = vgic_v3_lr_encode(lr);
}

static void vgic_v3_set_hcr(struct kvm_vcpu *vcpu, unsigned int used,
			    bool underflow, bool no_pending)
{
	struct vgic_v3_cpu_if *cpu_if = &vcpu->arch.vgic_cpu.vgic_v3;
	u32 hcr = cpu_if->vgic_hcr & ~(ICH_HCR_UIE | ICH_HCR_NPIE);

	if (underflow)
		hcr |= ICH_HCR_UIE;
	if (no_pending)
		hcr |= ICH_HCR_NPIE;
	cpu_if->vgic_hcr = hcr;
	cpu_if->used_lrs = used;
}

static unsigned int vgic_v3_used_lrs(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.vgic_cpu.vgic_v3.used_lrs;
}

/* Read with GICH_HCR's names (vgic_maint_trace()): UIE and NPIE are the same bits. */
static u32 vgic_v3_hcr(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.vgic_cpu.vgic_v3.vgic_hcr;
}

static void vgic_v3_reset(struct kvm_vcpu *vcpu)
{
	struct vgic_v3_cpu_if *cpu_if = &vcpu->arch.vgic_cpu.vgic_v3;

	cpu_if->vgic_hcr = ICH_HCR_EN;
	cpu_if->used_lrs = 0;
	/* A GICv3 guest has the system register interface only. */
	if (vcpu->kvm->arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3)
		cpu_if->vgic_sre = ICC_SRE_EL1_DIB | ICC_SRE_EL1_DFB | ICC_SRE_EL1_SRE;
}

/**
 * vcpu_set_ich_hcr() - the ICH_HCR_EL2 configuration of a vCPU
 * @vcpu:	the vCPU, before its first run
 *
 * The virtual CPU interface is enabled for a GICv3 guest; the CPU
 * interface traps follow the host's needs (vgic_v3_cpuif_trap).  A VM
 * with no in-kernel GIC on a GICv3 host has no CPU interface at all:
 * every ICC_* access traps (TALL0, TALL1, TC) and sys_regs.c makes it
 * UNDEFINED.
 */
void vcpu_set_ich_hcr(struct kvm_vcpu *vcpu)
{
	struct vgic_v3_cpu_if *cpu_if = &vcpu->arch.vgic_cpu.vgic_v3;

	if (kvm_vgic_global_state.type == VGIC_V3 && !irqchip_in_kernel(vcpu->kvm)) {
		cpu_if->vgic_hcr = ICH_HCR_TALL0 | ICH_HCR_TALL1 | ICH_HCR_TC;
		return;
	}
	if (!kvm_has_gicv3(vcpu->kvm))
		return;
	cpu_if->vgic_hcr |= ICH_HCR_EN;
	if (static_branch_unlikely(&vgic_v3_cpuif_trap))
		cpu_if->vgic_hcr |= ICH_HCR_TALL0 | ICH_HCR_TALL1 | ICH_HCR_TC;
}

static u32 *vgic_v3_vmcr(struct kvm_vcpu *vcpu)
{
	return &vcpu->arch.vgic_cpu.vgic_v3.vgic_vmcr;
}

/* ICH_VMCR_EL2 (IHI 0069 12.4.10) */
static const struct vgic_vmcr_layout vgic_v3_vmcr_layout = {
	.pmr = ICH_VMCR_PMR_MASK,
	.bpr0 = ICH_VMCR_BPR0_MASK, .bpr1 = ICH_VMCR_BPR1_MASK,
	.grpen0 = ICH_VMCR_ENG0_MASK, .grpen1 = ICH_VMCR_ENG1_MASK,
	.ackctl = ICH_VMCR_ACK_CTL_MASK, .fiqen = ICH_VMCR_FIQ_EN_MASK,
	.cbpr = ICH_VMCR_CBPR_MASK, .eoim = ICH_VMCR_EOIM_MASK,
};

/* ICH_VTR_EL2.PREbits (IHI 0069 12.4.8): preemption bits, minus one. */
#define VGIC_V3_VTR_PREBITS	GENMASK(28, 26)

/*
 * The running priority of a put vCPU: its highest active priority, from
 * the ICH_AP0R<n>_EL2 / ICH_AP1R<n>_EL2 it saved, in which bit k of the
 * n-th register stands for preemption level 32n + k.  VGIC_PRIORITY_IDLE
 * if nothing is active.
 */
static unsigned int vgic_v3_running_priority(struct kvm_vcpu *vcpu)
{
	const struct vgic_v3_cpu_if *cpu_if = &vcpu->arch.vgic_cpu.vgic_v3;
	unsigned int prebits = FIELD_GET(VGIC_V3_VTR_PREBITS,
					 kvm_vgic_global_state.ich_vtr_el2) + 1;
	unsigned int n, nr_aprs = prebits > 5 ? 1 << (prebits - 5) : 1;

	for (n = 0; n < nr_aprs && n < ARRAY_SIZE(cpu_if->vgic_ap1r); n++) {
		u32 active = cpu_if->vgic_ap0r[n] | cpu_if->vgic_ap1r[n];

		if (active)
			return (32 * n + __ffs(active)) << (8 - prebits);
	}
	return VGIC_PRIORITY_IDLE;
}

const struct vgic_lr_ops vgic_v3_lr_ops = {
	.reset = vgic_v3_reset,
	.used_lrs = vgic_v3_used_lrs,
	.hcr = vgic_v3_hcr,
	.read_lr = vgic_v3_read_lr, .write_lr = vgic_v3_write_lr,
	.set_hcr = vgic_v3_set_hcr,
	.vmcr = vgic_v3_vmcr, .vmcr_layout = &vgic_v3_vmcr_layout,
	.running_priority = vgic_v3_running_priority,
};
