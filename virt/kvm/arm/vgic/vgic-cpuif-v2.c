// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GICv2 CPU interface (GICC, IHI 0048B 4.4) of a GICv2 guest, in
 * software: for the guest when its accesses are trapped rather than sent
 * to the hardware's GICV, and for userspace save/restore
 * (KVM_DEV_ARM_VGIC_GRP_CPU_REGS).
 *
 * Its configuration is the vCPU's saved GICH_VMCR and GICH_APR, the state
 * the hardware uses while the vCPU runs.  Acknowledge, EOI and deactivate
 * work on the per-IRQ state, the list registers being folded while the
 * vCPU is out of the guest.  GICH_APR keeps one bit per preemption level
 * for both groups, 32 levels with five priority bits.
 *
 * There are no Security Extensions: GICC_IAR takes Group 0 interrupts, and
 * Group 1 ones when GICC_CTLR.AckCtl is set; GICC_AIAR, GICC_AEOIR and
 * GICC_AHPPIR are the Group 1 views; GICC_NSAPR<n> are RAZ/WI.
 */
#include <linux/bitfield.h>
#include <linux/kvm_host.h>
#include <linux/irqchip/arm-gic.h>

#include "vgic.h"
#include "vgic-mmio.h"

#define GICC_AIAR		0x20
#define GICC_AEOIR		0x24
#define GICC_AHPPIR		0x28
#define GICC_NSAPR0		0xe0
/* GICC_IIDR: architecture version 2, ARM as implementer */
#define VGIC_V2_GICC_IIDR	0x0002043b
/* GICC_IAR.CPUID: the source of an SGI (IHI 0048B 4.4.4) */
#define VGIC_V2_IAR_CPUID	GENMASK(12, 10)
#define VGIC_V2_IAR_INTID	GENMASK(9, 0)
#define VGIC_V2_SPURIOUS	1023
#define VGIC_V2_PRI_SHIFT	3
#define VGIC_V2_BPR_MIN		2
#define VGIC_V2_CTLR_MASK	(GIC_CPU_CTRL_EnableGrp0 | GIC_CPU_CTRL_EnableGrp1 | \
				 GIC_CPU_CTRL_AckCtl | GIC_CPU_CTRL_FIQEn | \
				 GIC_CPU_CTRL_CBPR | GIC_CPU_CTRL_EOImodeNS)

/* Which groups an access acknowledges: bit n for Group n. */
#define VGIC_GRP0		BIT(0)
#define VGIC_GRP1		BIT(1)

static struct vgic_vmcr vgic_v2_vmcr(struct kvm_vcpu *vcpu)
{
	struct vgic_vmcr vmcr;

	vgic_get_vmcr(vcpu, &vmcr);
	return vmcr;
}

/* Group priority: the bits above the binary point (IHI 0048B 3.3.3). */
static u8 vgic_v2_group_priority(const struct vgic_vmcr *vmcr, const struct vgic_irq *irq)
{
	unsigned int split = irq->group && !vmcr->cbpr ? vmcr->bpr1 : vmcr->bpr0 + 1;

	return irq->priority & (0xff << split);
}

/* The running priority: the highest active preemption level, or idle. */
static unsigned int vgic_v2_running_priority(struct kvm_vcpu *vcpu)
{
	u32 apr = vcpu->arch.vgic_cpu.vgic_v2.apr;

	return apr ? __ffs(apr) << VGIC_V2_PRI_SHIFT : 0x100;
}

static u8 vgic_v2_groups(const struct vgic_vmcr *vmcr, u8 asked)
{
	return asked & ((vmcr->grpen0 ? VGIC_GRP0 : 0) | (vmcr->grpen1 ? VGIC_GRP1 : 0));
}

/*
 * The highest-priority interrupt @vcpu could take now through an access
 * for @groups: pending, enabled, not active, above the priority mask and
 * preempting the running priority.
 */
static struct vgic_irq *vgic_v2_best_pending(struct kvm_vcpu *vcpu, u8 groups)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	struct vgic_vmcr vmcr = vgic_v2_vmcr(vcpu);
	unsigned int rpr = vgic_v2_running_priority(vcpu);
	struct vgic_irq *irq, *best = NULL;
	unsigned long flags;

	groups = vgic_v2_groups(&vmcr, groups);
	raw_spin_lock_irqsave(&vgic_cpu->ap_list_lock, flags);
	list_for_each_entry(irq, &vgic_cpu->ap_list_head, ap_list) {
		bool eligible;

		raw_spin_lock(&irq->irq_lock);
		eligible = vgic_irq_dest(irq) == vcpu && !irq->active &&
			   irq->enabled && vgic_irq_is_pending(irq) &&
			   (groups & BIT(irq->group)) && irq->priority < vmcr.pmr &&
			   vgic_v2_group_priority(&vmcr, irq) < rpr &&
			   (!best || irq->priority < best->priority);
		raw_spin_unlock(&irq->irq_lock);
		if (eligible)
			best = irq;
	}
	raw_spin_unlock_irqrestore(&vgic_cpu->ap_list_lock, flags);
	return best;
}

static u64 vgic_v2_iar_of(const struct vgic_irq *irq)
{
	u64 iar = irq->intid;

	if (irq->source)
		iar |= FIELD_PREP(VGIC_V2_IAR_CPUID, __ffs(irq->source));
	return iar;
}

/* GICC_IAR / GICC_AIAR: the interrupt becomes active. */
static u64 vgic_v2_acknowledge(struct kvm_vcpu *vcpu, u8 groups)
{
	struct vgic_irq *irq = vgic_v2_best_pending(vcpu, groups);
	struct vgic_vmcr vmcr = vgic_v2_vmcr(vcpu);
	unsigned long flags;
	u64 iar;

	if (!irq)
		return VGIC_V2_SPURIOUS;
	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	iar = vgic_v2_iar_of(irq);
	vgic_irq_consume_pending(irq, FIELD_GET(VGIC_V2_IAR_CPUID, iar));
	irq->active = true;
	if (vgic_irq_hw_deactivates(irq))
		vgic_hw_irq_claim(irq);
	vcpu->arch.vgic_cpu.vgic_v2.apr |=
		BIT(vgic_v2_group_priority(&vmcr, irq) >> VGIC_V2_PRI_SHIFT);
	raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
	return iar;
}

/* Deactivation: a mapped interrupt's physical twin is released with it. */
static void vgic_v2_deactivate(struct kvm_vcpu *vcpu, u64 iar)
{
	struct vgic_irq *irq = vgic_get_irq(vcpu->kvm, vcpu, FIELD_GET(VGIC_V2_IAR_INTID, iar));
	unsigned long flags;

	if (!irq)
		return;
	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	if (!irq->active) {
		raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
		return;
	}
	irq->active = false;
	if (irq->map)
		vgic_hw_irq_settle(irq);
	vgic_queue_irq_unlock(vcpu->kvm, irq, flags);
}

/* GICC_EOIR / GICC_AEOIR: priority drop, and deactivation in EOImode 0. */
static void vgic_v2_end_of_interrupt(struct kvm_vcpu *vcpu, u64 iar)
{
	u32 *apr = &vcpu->arch.vgic_cpu.vgic_v2.apr;

	if (FIELD_GET(VGIC_V2_IAR_INTID, iar) >= VGIC_V2_SPURIOUS - 3)
		return;		/* special INTIDs: no effect */
	if (*apr)
		*apr &= *apr - 1;
	if (!vgic_v2_vmcr(vcpu).eoim)
		vgic_v2_deactivate(vcpu, iar);
}

static u8 vgic_v2_iar_groups(struct kvm_vcpu *vcpu)
{
	return VGIC_GRP0 | (vgic_v2_vmcr(vcpu).ackctl ? VGIC_GRP1 : 0);
}

static u64 gicc_iar_read(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return vgic_v2_acknowledge(ctx->vcpu, vgic_v2_iar_groups(ctx->vcpu));
}

static u64 gicc_aiar_read(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return vgic_v2_acknowledge(ctx->vcpu, VGIC_GRP1);
}

static u64 gicc_hppir_of(struct kvm_vcpu *vcpu, u8 groups)
{
	struct vgic_irq *irq = vgic_v2_best_pending(vcpu, groups);
	unsigned long flags;
	u64 iar;

	if (!irq)
		return VGIC_V2_SPURIOUS;
	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	iar = vgic_v2_iar_of(irq);
	raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
	return iar;
}

static u64 gicc_hppir_read(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return gicc_hppir_of(ctx->vcpu, vgic_v2_iar_groups(ctx->vcpu));
}

static u64 gicc_ahppir_read(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return gicc_hppir_of(ctx->vcpu, VGIC_GRP1);
}

static void gicc_eoir_write(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	vgic_v2_end_of_interrupt(ctx->vcpu, val);
}

static void gicc_dir_write(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	if (vgic_v2_vmcr(ctx->vcpu).eoim)
		vgic_v2_deactivate(ctx->vcpu, val);
}

static u64 gicc_rpr_read(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return min(vgic_v2_running_priority(ctx->vcpu), 0xffU);
}

static u64 gicc_ctlr_read(const struct vgic_mmio_ctx *ctx, u32 off)
{
	struct vgic_vmcr vmcr = vgic_v2_vmcr(ctx->vcpu);

	return (vmcr.grpen0 ? GIC_CPU_CTRL_EnableGrp0 : 0) |
	       (vmcr.grpen1 ? GIC_CPU_CTRL_EnableGrp1 : 0) |
	       (vmcr.ackctl ? GIC_CPU_CTRL_AckCtl : 0) |
	       (vmcr.fiqen ? GIC_CPU_CTRL_FIQEn : 0) |
	       (vmcr.cbpr ? GIC_CPU_CTRL_CBPR : 0) |
	       (vmcr.eoim ? GIC_CPU_CTRL_EOImodeNS : 0);
}

static void gicc_ctlr_write(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	struct vgic_vmcr vmcr = vgic_v2_vmcr(ctx->vcpu);

	vmcr.grpen0 = val & GIC_CPU_CTRL_EnableGrp0;
	vmcr.grpen1 = val & GIC_CPU_CTRL_EnableGrp1;
	vmcr.ackctl = val & GIC_CPU_CTRL_AckCtl;
	vmcr.fiqen = val & GIC_CPU_CTRL_FIQEn;
	vmcr.cbpr = val & GIC_CPU_CTRL_CBPR;
	vmcr.eoim = val & GIC_CPU_CTRL_EOImodeNS;
	vgic_set_vmcr(ctx->vcpu, &vmcr);
}

static u64 gicc_pmr_read(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return vgic_v2_vmcr(ctx->vcpu).pmr;
}

static void gicc_pmr_write(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	struct vgic_vmcr vmcr = vgic_v2_vmcr(ctx->vcpu);

	vmcr.pmr = val & VGIC_PRI_IMPL_MASK;
	vgic_set_vmcr(ctx->vcpu, &vmcr);
}

/*
 * Userspace sees GICC_PMR as GICH_VMCR.VMPriMask, five bits in the low
 * bits of the word (Documentation/virt/kvm/devices/arm-vgic.rst).
 */
static u64 gicc_pmr_uread(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return gicc_pmr_read(ctx, off) >> VGIC_V2_PRI_SHIFT;
}

static int gicc_pmr_uwrite(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	gicc_pmr_write(ctx, off, (val & 0x1f) << VGIC_V2_PRI_SHIFT);
	return 0;
}

static u64 gicc_bpr_read(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return vgic_v2_vmcr(ctx->vcpu).bpr0;
}

static void gicc_bpr_write(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	struct vgic_vmcr vmcr = vgic_v2_vmcr(ctx->vcpu);

	vmcr.bpr0 = clamp_t(u64, val & 7, VGIC_V2_BPR_MIN, 7);
	vgic_set_vmcr(ctx->vcpu, &vmcr);
}

/* GICC_ABPR: Group 1's binary point, one above BPR's minimum. */
static u64 gicc_abpr_read(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return vgic_v2_vmcr(ctx->vcpu).bpr1;
}

static void gicc_abpr_write(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	struct vgic_vmcr vmcr = vgic_v2_vmcr(ctx->vcpu);

	vmcr.bpr1 = clamp_t(u64, val & 7, VGIC_V2_BPR_MIN + 1, 7);
	vgic_set_vmcr(ctx->vcpu, &vmcr);
}

/* GICC_APR0 is GICH_APR; five priority bits need no more (APR1-3 RAZ/WI). */
static u64 gicc_apr_read(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return off ? 0 : ctx->vcpu->arch.vgic_cpu.vgic_v2.apr;
}

static void gicc_apr_write(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	if (!off)
		ctx->vcpu->arch.vgic_cpu.vgic_v2.apr = val;
}

static u64 gicc_iidr_read(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return VGIC_V2_GICC_IIDR;
}

static const struct vgic_reg vgic_v2_cpuif_regs[] = {
	VGIC_REG32(GIC_CPU_CTRL, gicc_ctlr_read, gicc_ctlr_write),
	{ .offset = GIC_CPU_PRIMASK, .size = 4, .elem = 4, .widths = VGIC_ACC_32,
	  .read = gicc_pmr_read, .write = gicc_pmr_write, .uread = gicc_pmr_uread,
	  .uwrite = gicc_pmr_uwrite },
	VGIC_REG32(GIC_CPU_BINPOINT, gicc_bpr_read, gicc_bpr_write),
	VGIC_REG32_GUEST(GIC_CPU_INTACK, gicc_iar_read, vgic_mmio_wi),
	VGIC_REG32_GUEST(GIC_CPU_EOI, vgic_mmio_raz, gicc_eoir_write),
	VGIC_REG32_GUEST(GIC_CPU_RUNNINGPRI, gicc_rpr_read, vgic_mmio_wi),
	VGIC_REG32_GUEST(GIC_CPU_HIGHPRI, gicc_hppir_read, vgic_mmio_wi),
	VGIC_REG32(GIC_CPU_ALIAS_BINPOINT, gicc_abpr_read, gicc_abpr_write),
	VGIC_REG32_GUEST(GICC_AIAR, gicc_aiar_read, vgic_mmio_wi),
	VGIC_REG32_GUEST(GICC_AEOIR, vgic_mmio_raz, gicc_eoir_write),
	VGIC_REG32_GUEST(GICC_AHPPIR, gicc_ahppir_read, vgic_mmio_wi),
	{ .offset = GIC_CPU_ACTIVEPRIO, .size = 16, .elem = 4, .widths = VGIC_ACC_32,
	  .read = gicc_apr_read, .write = gicc_apr_write },
	{ .offset = GICC_NSAPR0, .size = 16, .elem = 4, .widths = VGIC_ACC_32,
	  .read = vgic_mmio_raz, .write = vgic_mmio_wi },
	VGIC_REG32(GIC_CPU_IDENT, gicc_iidr_read, vgic_mmio_wi),
	VGIC_REG32_GUEST(GIC_CPU_DEACTIVATE, vgic_mmio_raz, gicc_dir_write),
};

const struct vgic_frame vgic_v2_cpuif_frame = {
	.regs = vgic_v2_cpuif_regs,
	.nr_regs = ARRAY_SIZE(vgic_v2_cpuif_regs),
};

/**
 * vgic_v2_cpuif_access() - an access to a vCPU's GICv2 CPU interface
 * @vcpu:	the vCPU, out of the guest
 * @offset:	byte offset in the 8KB frame
 * @len:	access size in bytes
 * @is_write:	write *@val, or read into *@val
 * @val:	the value
 * @user:	from userspace (KVM_DEV_ARM_VGIC_GRP_CPU_REGS)
 *
 * Return: 0, or a negative errno for a refused userspace write.
 */
int vgic_v2_cpuif_access(struct kvm_vcpu *vcpu, u32 offset, unsigned int len,
			 bool is_write, u64 *val, bool user)
{
	struct vgic_mmio_ctx ctx = { .kvm = vcpu->kvm, .vcpu = vcpu, .user = user };

	return vgic_mmio_access(&vgic_v2_cpuif_frame, &ctx, offset, len, is_write, val);
}
