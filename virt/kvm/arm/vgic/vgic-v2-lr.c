// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv2 list registers: GICH_LR<n> (IHI 0048B 5.3.11) held in the vCPU's
 * struct vgic_v2_cpu_if; the vGIC itself loads and saves GICH.
 */
#include <linux/bitfield.h>
#include <linux/kvm_host.h>
#include <linux/irqchip/arm-gic.h>

#include "vgic.h"

/* GICH_LR.Priority keeps the top five bits of the priority. */
#define VGIC_V2_LR_PRIORITY	GENMASK(27, GICH_LR_PRIORITY_SHIFT)
#define VGIC_V2_PRIORITY_SHIFT	3

/* With HW clear, GICH_LR[12:10] is the CPUID of an SGI's source. */
#define VGIC_V2_LR_SGI_SOURCE	GENMASK(12, GICH_LR_PHYSID_CPUID_SHIFT)

/**
 * vgic_v2_lr_encode() - a GICH_LR<n> value
 * @lr:	the list register
 *
 * Return: the register value.
 */
u32 vgic_v2_lr_encode(const struct vgic_lr *lr)
{
	u32 val = FIELD_PREP(GICH_LR_VIRTUALID, lr->vintid) |
		  FIELD_PREP(VGIC_V2_LR_PRIORITY,
			     lr->priority >> VGIC_V2_PRIORITY_SHIFT);

	if (lr->group)
		val |= GICH_LR_GROUP1;
	if (lr->pending)
		val |= GICH_LR_PENDING_BIT;
	if (lr->active)
		val |= GICH_LR_ACTIVE_BIT;
	if (lr->hw) {
		val |= GICH_LR_HW | FIELD_PREP(GICH_LR_PHYSID_CPUID, lr->pintid);
	} else {
		val |= FIELD_PREP(VGIC_V2_LR_SGI_SOURCE, lr->source);
		if (lr->eoi_maint)
			val |= GICH_LR_EOI;
	}
	return val;
}

/**
 * vgic_v2_lr_decode() - the fields of a GICH_LR<n> value
 * @val:	the register value
 * @lr:	where to decode it
 */
void vgic_v2_lr_decode(u32 val, struct vgic_lr *lr)
{
	*lr = (struct vgic_lr) {
		.vintid = FIELD_GET(GICH_LR_VIRTUALID, val),
		.priority = FIELD_GET(VGIC_V2_LR_PRIORITY, val) << VGIC_V2_PRIORITY_SHIFT,
		.group = !!(val & GICH_LR_GROUP1),
		.pending = !!(val & GICH_LR_PENDING_BIT),
		.active = !!(val & GICH_LR_ACTIVE_BIT),
		.hw = !!(val & GICH_LR_HW),
	};
	if (lr->hw) {
		lr->pintid = FIELD_GET(GICH_LR_PHYSID_CPUID, val);
	} else {
		lr->source = FIELD_GET(VGIC_V2_LR_SGI_SOURCE, val);
		lr->eoi_maint = !!(val & GICH_LR_EOI);
	}
}

static void vgic_v2_read_lr(struct kvm_vcpu *vcpu, int n, struct vgic_lr *lr)
{
	vgic_v2_lr_decode(vcpu->arch.vgic_cpu.vgic_v2.lr[n], lr);
}

static void vgic_v2_write_lr(struct kvm_vcpu *vcpu, int n, const struct vgic_lr *lr)
{
	vcpu->arch.vgic_cpu.vgic_v2.lr[n] = vgic_v2_lr_encode(lr);
}

static void vgic_v2_set_hcr(struct kvm_vcpu *vcpu, unsigned int used,
			    bool underflow, bool no_pending)
{
	struct vgic_v2_cpu_if *cpu_if = &vcpu->arch.vgic_cpu.vgic_v2;
	u32 hcr = cpu_if->hcr & ~(GICH_HCR_UIE | GICH_HCR_NPIE);

	if (underflow)
		hcr |= GICH_HCR_UIE;
	if (no_pending)
		hcr |= GICH_HCR_NPIE;
	cpu_if->hcr = hcr;
	cpu_if->used_lrs = used;
}

static unsigned int vgic_v2_used_lrs(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.vgic_cpu.vgic_v2.used_lrs;
}

static u32 vgic_v2_hcr(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.vgic_cpu.vgic_v2.hcr;
}

static void vgic_v2_reset(struct kvm_vcpu *vcpu)
{
	struct vgic_v2_cpu_if *cpu_if = &vcpu->arch.vgic_cpu.vgic_v2;

	cpu_if->hcr = GICH_HCR_EN;
	cpu_if->used_lrs = 0;
}

static u32 *vgic_v2_vmcr(struct kvm_vcpu *vcpu)
{
	return &vcpu->arch.vgic_cpu.vgic_v2.vmcr;
}

/* GICH_VMCR (IHI 0048B 5.3.5): the priority mask keeps five bits. */
static const struct vgic_vmcr_layout vgic_v2_vmcr_layout = {
	.pmr = GICH_VMCR_PRIMASK_MASK, .pmr_drop = VGIC_V2_PRIORITY_SHIFT,
	.bpr0 = GICH_VMCR_BINPOINT_MASK, .bpr1 = GICH_VMCR_ALIAS_BINPOINT_MASK,
	.grpen0 = GICH_VMCR_ENABLE_GRP0_MASK, .grpen1 = GICH_VMCR_ENABLE_GRP1_MASK,
	.ackctl = GICH_VMCR_ACK_CTL_MASK, .fiqen = GICH_VMCR_FIQ_EN_MASK,
	.cbpr = GICH_VMCR_CBPR_MASK, .eoim = GICH_VMCR_EOI_MODE_MASK,
};

/*
 * The running priority of a put vCPU from the GICH_APR it saved (IHI 0048B
 * 5.3.6): bit k stands for the five-bit priority k.  VGIC_PRIORITY_IDLE if
 * nothing is active.
 */
static unsigned int vgic_v2_running_priority(struct kvm_vcpu *vcpu)
{
	u32 apr = vcpu->arch.vgic_cpu.vgic_v2.apr;

	return apr ? __ffs(apr) << VGIC_V2_PRIORITY_SHIFT : VGIC_PRIORITY_IDLE;
}

const struct vgic_lr_ops vgic_v2_lr_ops = {
	.reset = vgic_v2_reset,
	.used_lrs = vgic_v2_used_lrs,
	.hcr = vgic_v2_hcr,
	.read_lr = vgic_v2_read_lr, .write_lr = vgic_v2_write_lr,
	.set_hcr = vgic_v2_set_hcr,
	.vmcr = vgic_v2_vmcr, .vmcr_layout = &vgic_v2_vmcr_layout,
	.running_priority = vgic_v2_running_priority,
};
