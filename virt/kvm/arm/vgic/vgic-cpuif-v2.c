// SPDX-License-Identifier: GPL-2.0-only
/*
 * The configuration registers of a GICv2 guest's CPU interface (GICC,
 * IHI 0048B 4.4) for userspace save/restore (KVM_DEV_ARM_VGIC_GRP_CPU_REGS):
 * GICC_CTLR, PMR, BPR, ABPR, APR<n>, NSAPR<n> (RAZ/WI: no Security
 * Extensions) and IIDR, over the vCPU's saved GICH_VMCR and GICH_APR, the
 * state the hardware uses while the vCPU runs.  GICH_APR keeps one bit per
 * preemption level for both groups, 32 levels with five priority bits.
 *
 * The guest itself reaches the hardware's GICV frame, mapped into its
 * address space: acknowledge, EOI and deactivation (GICC_IAR, EOIR, DIR,
 * HPPIR, RPR and their aliases) never come here, and userspace does not
 * see them (they have side effects).
 */
#include <linux/bitfield.h>
#include <linux/kvm_host.h>
#include <linux/irqchip/arm-gic.h>

#include "vgic.h"
#include "vgic-mmio.h"

#define GICC_NSAPR0		0xe0
/* GICC_IIDR: architecture version 2, ARM as implementer */
#define VGIC_V2_GICC_IIDR	0x0002043b
#define VGIC_V2_PRI_SHIFT	3
#define VGIC_V2_BPR_MIN		2

static struct vgic_vmcr vgic_v2_vmcr(struct kvm_vcpu *vcpu)
{
	struct vgic_vmcr vmcr;

	vgic_get_vmcr(vcpu, &vmcr);
	return vmcr;
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
	VGIC_REG32(GIC_CPU_ALIAS_BINPOINT, gicc_abpr_read, gicc_abpr_write),
	{ .offset = GIC_CPU_ACTIVEPRIO, .size = 16, .elem = 4, .widths = VGIC_ACC_32,
	  .read = gicc_apr_read, .write = gicc_apr_write },
	{ .offset = GICC_NSAPR0, .size = 16, .elem = 4, .widths = VGIC_ACC_32,
	  .read = vgic_mmio_raz, .write = vgic_mmio_wi },
	VGIC_REG32(GIC_CPU_IDENT, gicc_iidr_read, vgic_mmio_wi),
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
