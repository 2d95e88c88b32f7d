// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv3 distributor and redistributor frames for a GICv3 guest.
 *
 * The guest sees a GIC with a single Security state (GICD_CTLR.DS == 1)
 * and affinity routing always on (GICD_CTLR.ARE RAO/WI), so: SGIs and
 * PPIs live in the redistributors, the distributor's registers for INTIDs
 * 0-31 are RAZ/WI, GICD_ITARGETSR/SGIR/[CS]PENDSGIR are RAZ/WI, and
 * GICD_IGRPMODR and GICD_NSACR are RAZ/WI (IHI 0069 12.9).  SPIs route to
 * one PE named by GICD_IROUTER; 1-of-N is not offered (GICD_TYPER.No1N).
 * A VM with an ITS has LPIs (GICD_TYPER.LPIS, GICR_TYPER.PLPIS) of 16
 * INTID bits, and every redistributor shares one LPI configuration table
 * (GICR_TYPER.CommonLPIAff == 0); one without has none.
 */
#include <linux/bitfield.h>
#include <linux/kvm_host.h>
#include <linux/sizes.h>
#include <asm/kvm_emulate.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "vgic.h"
#include "vgic-mmio.h"

/* GICD_TYPER fields the kernel header does not name (IHI 0069 12.9.38). */
#define VGIC_TYPER_ITLINES	GENMASK(4, 0)
#define VGIC_TYPER_IDBITS	GENMASK(23, 19)
#define VGIC_TYPER_NO1N		BIT(25)
/* GICD_SETSPI_NSR / GICD_CLRSPI_NSR.INTID (IHI 0069 12.9.{31,4}) */
#define VGIC_SETSPI_INTID	GENMASK(12, 0)
/* GICR_TYPER.Processor_Number (IHI 0069 12.11.33) */
#define VGIC_RD_TYPER_PROCNUM	GENMASK_ULL(23, 8)
/* MPIDR and GICD_IROUTER keep Aff3 at [39:32] and Aff2..Aff0 at [23:0]. */
#define VGIC_AFFINITY_MASK	(GENMASK_ULL(39, 32) | GENMASK_ULL(23, 0))
/* The second 64KB frame of a redistributor. */
#define VGIC_SGI_BASE		SZ_64K

static u64 vgic_v3_read_ctlr(const struct vgic_mmio_ctx *ctx, u32 off)
{
	u8 groups = READ_ONCE(ctx->kvm->arch.vgic.groups_enabled);

	return GICD_CTLR_ARE_NS | GICD_CTLR_DS |
	       (groups & BIT(0) ? GICD_CTLR_ENABLE_SS_G0 : 0) |
	       (groups & BIT(1) ? GICD_CTLR_ENABLE_SS_G1 : 0);
}

static void vgic_v3_write_ctlr(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	vgic_set_group_enables(ctx->kvm,
			       (val & GICD_CTLR_ENABLE_SS_G0 ? BIT(0) : 0) |
			       (val & GICD_CTLR_ENABLE_SS_G1 ? BIT(1) : 0));
}

static u64 vgic_v3_read_typer(const struct vgic_mmio_ctx *ctx, u32 off)
{
	u32 nr_irqs = ctx->kvm->arch.vgic.nr_spis + VGIC_NR_PRIVATE_IRQS;
	u64 lpis = FIELD_PREP(VGIC_TYPER_IDBITS, VGIC_LPI_ID_BITS - 1) | GICD_TYPER_LPIS;

	return FIELD_PREP(VGIC_TYPER_ITLINES, DIV_ROUND_UP(nr_irqs, 32) - 1) |
	       (vgic_has_lpis(ctx->kvm) ? lpis : FIELD_PREP(VGIC_TYPER_IDBITS, 10 - 1)) |
	       GICD_TYPER_MBIS | VGIC_TYPER_NO1N;
}

/* SETSPI_NSR / CLRSPI_NSR: message-based SPIs set and clear the latch. */
static void vgic_v3_spi_message(struct kvm *kvm, u64 val, bool set)
{
	u32 intid = FIELD_GET(VGIC_SETSPI_INTID, val);
	struct vgic_irq *irq;
	unsigned long flags;

	if (!vgic_valid_spi(kvm, intid))
		return;
	irq = vgic_get_irq(kvm, NULL, intid);
	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	irq->pending_latch = set;
	irq->pending_in_lr = false;
	vgic_queue_irq_unlock(kvm, irq, flags);
}

static void vgic_v3_write_setspi(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	vgic_v3_spi_message(ctx->kvm, val, true);
}

static void vgic_v3_write_clrspi(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	vgic_v3_spi_message(ctx->kvm, val, false);
}

static u64 vgic_read_pidr2_v3(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return FIELD_PREP(GIC_PIDR2_ARCH_MASK, 3);	/* ArchRev: GICv3 */
}

/* GICD_IROUTER<n>: the affinity of the one PE the SPI goes to. */
static u64 vgic_get_router(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq)
{
	return irq->mpidr;
}

static bool vgic_set_router(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	irq->mpidr = field & VGIC_AFFINITY_MASK;
	irq->target_vcpu = kvm_mpidr_to_vcpu(ctx->kvm, irq->mpidr);
	return true;
}

/*
 * The per-IRQ families of GICv3, over all INTIDs: the distributor has no
 * vCPU to bank, so its fields for INTIDs 0-31 find no interrupt and are
 * RAZ/WI; SGI_base holds only those (ctx->private_only).
 */
static const struct vgic_reg vgic_v3_irq_regs[] = {
	VGIC_IRQ_REGS(GICD_IGROUPR, 0x80, 1, 0, VGIC_ACC_32,
		      vgic_get_group, vgic_set_group),
	VGIC_IRQ_REGS(GICD_ISENABLER, 0x80, 1, 0, VGIC_ACC_32,
		      vgic_get_enabled, vgic_set_enable),
	VGIC_IRQ_REGS(GICD_ICENABLER, 0x80, 1, 0, VGIC_ACC_32,
		      vgic_get_enabled, vgic_clear_enable),
	{ .offset = GICD_ISPENDR, .size = 0x80, .elem = 4, .widths = VGIC_ACC_32,
	  .bpi = 1, .get = vgic_get_pending, .set = vgic_set_pending,
	  .uget = vgic_uget_latch, .uset = vgic_uset_latch },
	{ .offset = GICD_ICPENDR, .size = 0x80, .elem = 4, .widths = VGIC_ACC_32,
	  .bpi = 1, .get = vgic_get_pending, .set = vgic_clear_pending,
	  .uget = vgic_uget_raz, .uset = vgic_uset_wi },
	{ .offset = GICD_ISACTIVER, .size = 0x80, .elem = 4, .widths = VGIC_ACC_32,
	  .bpi = 1, .get = vgic_get_active, .set = vgic_set_active, .halts_guest = true },
	{ .offset = GICD_ICACTIVER, .size = 0x80, .elem = 4, .widths = VGIC_ACC_32,
	  .bpi = 1, .get = vgic_get_active, .set = vgic_clear_active, .halts_guest = true },
	VGIC_IRQ_REGS(GICD_IPRIORITYR, 0x400, 8, 0, VGIC_ACC_8 | VGIC_ACC_32,
		      vgic_get_priority, vgic_set_priority),
	VGIC_IRQ_REGS(GICD_ICFGR, 0x100, 2, 0, VGIC_ACC_32,
		      vgic_get_config, vgic_set_config),
	{ .offset = GICD_IROUTER + VGIC_NR_PRIVATE_IRQS * 8,
	  .size = (VGIC_MAX_SPI + 1 - VGIC_NR_PRIVATE_IRQS) * 8, .elem = 8,
	  .widths = VGIC_ACC_32_64, .bpi = 64, .first_intid = VGIC_NR_PRIVATE_IRQS,
	  .get = vgic_get_router, .set = vgic_set_router },
};

static const struct vgic_reg vgic_v3_dist_regs[] = {
	VGIC_REG32(GICD_CTLR, vgic_v3_read_ctlr, vgic_v3_write_ctlr),
	VGIC_REG32(GICD_TYPER, vgic_v3_read_typer, vgic_mmio_wi),
	{ .offset = GICD_IIDR, .size = 4, .elem = 4, .widths = VGIC_ACC_32,
	  .read = vgic_read_iidr, .write = vgic_mmio_wi, .uwrite = vgic_uwrite_iidr },
	VGIC_REG32(GICD_TYPER2, vgic_mmio_raz, vgic_mmio_wi),
	VGIC_REG32(GICD_STATUSR, vgic_mmio_raz, vgic_mmio_wi),
	VGIC_REG32_GUEST(GICD_SETSPI_NSR, vgic_mmio_raz, vgic_v3_write_setspi),
	VGIC_REG32_GUEST(GICD_CLRSPI_NSR, vgic_mmio_raz, vgic_v3_write_clrspi),
	VGIC_REG32(GICD_PIDR2, vgic_read_pidr2_v3, vgic_mmio_wi),
};

const struct vgic_frame vgic_v3_dist_frame = {
	.regs = vgic_v3_dist_regs,
	.nr_regs = ARRAY_SIZE(vgic_v3_dist_regs),
	.irq_regs = vgic_v3_irq_regs,
	.nr_irq_regs = ARRAY_SIZE(vgic_v3_irq_regs),
};

/**
 * vgic_v3_rd_typer() - GICR_TYPER: affinity, processor number, last
 * redistributor
 * @vcpu:	the redistributor's vCPU
 *
 * Return: the register's value for the present layout.
 */
u64 vgic_v3_rd_typer(struct kvm_vcpu *vcpu)
{
	u64 typer = FIELD_PREP(GICR_TYPER_AFFINITY,
				 vgic_mpidr_to_aff32(kvm_vcpu_get_mpidr_aff(vcpu))) |
		    FIELD_PREP(VGIC_RD_TYPER_PROCNUM, vcpu->vcpu_id);

	if (vgic_v3_rdist_is_last(vcpu))
		typer |= GICR_TYPER_LAST;
	if (vgic_has_lpis(vcpu->kvm))
		typer |= GICR_TYPER_PLPIS;
	return typer;
}

/**
 * vgic_v3_rd_typers_fix() - every GICR_TYPER as the first run fixes it
 * @kvm:	the VM, about to become ready
 */
void vgic_v3_rd_typers_fix(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	unsigned long idx;

	kvm_for_each_vcpu(idx, vcpu, kvm)
		vcpu->arch.vgic_cpu.rd_typer = vgic_v3_rd_typer(vcpu);
}

/* Computed until the first run; from then on what that run fixed. */
static u64 vgic_v3_read_rd_typer(const struct vgic_mmio_ctx *ctx, u32 off)
{
	if (vgic_ready(ctx->kvm))
		return ctx->vcpu->arch.vgic_cpu.rd_typer;
	return vgic_v3_rd_typer(ctx->vcpu);
}

/* GICR_WAKER: ChildrenAsleep follows ProcessorSleep at once. */
static u64 vgic_v3_read_waker(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return READ_ONCE(ctx->vcpu->arch.vgic_cpu.rd_asleep) ?
	       GICR_WAKER_ProcessorSleep | GICR_WAKER_ChildrenAsleep : 0;
}

static void vgic_v3_write_waker(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	WRITE_ONCE(ctx->vcpu->arch.vgic_cpu.rd_asleep,
		   !!(val & GICR_WAKER_ProcessorSleep));
}

/*
 * The invalidate registers (GICR_INVLPIR, INVALLR, SYNCR) and their flag
 * GICR_CTLR.IR come with IIDR revision 3, as in 6.12: a VM restored at an
 * older revision keeps the registers it was created with.
 */
static bool vgic_v3_has_invalidate(struct kvm *kvm)
{
	return vgic_has_lpis(kvm) && READ_ONCE(kvm->arch.vgic.iidr_rev) >= 3;
}

/*
 * GICR_CTLR: EnableLPIs, which cannot be cleared once set (CES == 0, IHI
 * 0069 GICR_CTLR); RWP never set, since nothing a write starts is left in
 * flight when it returns.
 */
static u64 vgic_v3_read_rd_ctlr(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return (READ_ONCE(ctx->vcpu->arch.vgic_cpu.lpis_enabled) ? GICR_CTLR_ENABLE_LPIS : 0) |
	       (vgic_v3_has_invalidate(ctx->kvm) ? GICR_CTLR_IR : 0);
}

static void vgic_v3_write_rd_ctlr(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	if (vgic_has_lpis(ctx->kvm) && (val & GICR_CTLR_ENABLE_LPIS) &&
	    !READ_ONCE(ctx->vcpu->arch.vgic_cpu.lpis_enabled))
		vgic_lpis_enable(ctx->vcpu);
}

#define VGIC_BASER_ATTRS(reg)	(reg##_OUTER_CACHEABILITY_MASK | reg##_SHAREABILITY_MASK | \
				 reg##_INNER_CACHEABILITY_MASK)
#define VGIC_PROPBASER_MASK	(VGIC_BASER_ATTRS(GICR_PROPBASER) | \
				 GICR_PROPBASER_ADDRESS(~0ULL) | GICR_PROPBASER_IDBITS_MASK)
#define VGIC_PENDBASER_MASK	(VGIC_BASER_ATTRS(GICR_PENDBASER) | \
				 GICR_PENDBASER_ADDRESS(~0ULL) | GICR_PENDBASER_PTZ)

/*
 * GICR_PROPBASER and GICR_PENDBASER: writes once this redistributor's
 * LPIs are enabled are UNPREDICTABLE (IHI 0069 GICR_PROPBASER,
 * GICR_PENDBASER) and ignored here.  PTZ reads as 0.
 */
static bool vgic_v3_lpi_bases_writable(const struct vgic_mmio_ctx *ctx)
{
	return vgic_has_lpis(ctx->kvm) && !READ_ONCE(ctx->vcpu->arch.vgic_cpu.lpis_enabled);
}

static u64 vgic_v3_read_propbaser(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return vgic_has_lpis(ctx->kvm) ? READ_ONCE(ctx->kvm->arch.vgic.propbaser) : 0;
}

static void vgic_v3_write_propbaser(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	if (vgic_v3_lpi_bases_writable(ctx))
		WRITE_ONCE(ctx->kvm->arch.vgic.propbaser, val & VGIC_PROPBASER_MASK);
}

static u64 vgic_v3_read_pendbaser(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return vgic_has_lpis(ctx->kvm) ?
	       ctx->vcpu->arch.vgic_cpu.pendbaser & ~GICR_PENDBASER_PTZ : 0;
}

static void vgic_v3_write_pendbaser(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	if (vgic_v3_lpi_bases_writable(ctx))
		ctx->vcpu->arch.vgic_cpu.pendbaser = val & VGIC_PENDBASER_MASK;
}

/* GICR_INVLPIR: the LPI's configuration is read again; V (a vPE's) is 0. */
static void vgic_v3_write_invlpir(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	struct vgic_irq *irq;

	if (!vgic_v3_has_invalidate(ctx->kvm) || (val & GICR_INVLPIR_V))
		return;
	irq = vgic_lpi_get(ctx->kvm, FIELD_GET(GICR_INVLPIR_INTID, val));
	if (!irq)
		return;
	vgic_lpi_read_config(ctx->kvm, irq);
	vgic_lpi_put(ctx->kvm, irq);
}

/* GICR_INVALLR: every LPI of this redistributor's is read again. */
static void vgic_v3_write_invallr(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	if (vgic_v3_has_invalidate(ctx->kvm) && !(val & GICR_INVALLR_V))
		vgic_lpi_invalidate_all(ctx->vcpu);
}

static const struct vgic_reg vgic_v3_rd_regs[] = {
	VGIC_REG32(GICR_CTLR, vgic_v3_read_rd_ctlr, vgic_v3_write_rd_ctlr),
	{ .offset = GICR_IIDR, .size = 4, .elem = 4, .widths = VGIC_ACC_32,
	  .read = vgic_read_iidr, .write = vgic_mmio_wi },
	VGIC_REG64(GICR_TYPER, vgic_v3_read_rd_typer, vgic_mmio_wi),
	VGIC_REG32(GICR_STATUSR, vgic_mmio_raz, vgic_mmio_wi),
	VGIC_REG32(GICR_WAKER, vgic_v3_read_waker, vgic_v3_write_waker),
	VGIC_REG64(GICR_PROPBASER, vgic_v3_read_propbaser, vgic_v3_write_propbaser),
	VGIC_REG64(GICR_PENDBASER, vgic_v3_read_pendbaser, vgic_v3_write_pendbaser),
	{ .offset = GICR_INVLPIR, .size = 8, .elem = 8, .widths = VGIC_ACC_32_64,
	  .read = vgic_mmio_raz, .write = vgic_v3_write_invlpir, .guest_only = true },
	{ .offset = GICR_INVALLR, .size = 8, .elem = 8, .widths = VGIC_ACC_32_64,
	  .read = vgic_mmio_raz, .write = vgic_v3_write_invallr, .guest_only = true },
	VGIC_REG32(GICR_SYNCR, vgic_mmio_raz, vgic_mmio_wi),
	VGIC_REG32(GICR_PIDR2, vgic_read_pidr2_v3, vgic_mmio_wi),
};

const struct vgic_frame vgic_v3_rd_frame = {
	.regs = vgic_v3_rd_regs,
	.nr_regs = ARRAY_SIZE(vgic_v3_rd_regs),
};

const struct vgic_frame vgic_v3_sgi_frame = {
	.irq_regs = vgic_v3_irq_regs,
	.nr_irq_regs = ARRAY_SIZE(vgic_v3_irq_regs),
};

/**
 * vgic_v3_dist_access() - an access to the GICv3 distributor
 * @kvm:	the VM
 * @offset:	byte offset in the 64KB frame
 * @len:	access size in bytes
 * @is_write:	write *@val, or read into *@val
 * @val:	the value
 * @user:	from userspace (KVM_DEV_ARM_VGIC_GRP_DIST_REGS)
 *
 * Return: 0, or a negative errno for a refused userspace write.
 */
int vgic_v3_dist_access(struct kvm *kvm, u32 offset, unsigned int len,
			bool is_write, u64 *val, bool user)
{
	struct vgic_mmio_ctx ctx = { .kvm = kvm, .user = user };

	return vgic_mmio_access(&vgic_v3_dist_frame, &ctx, offset, len, is_write, val);
}

/**
 * vgic_v3_rdist_access() - an access to a GICv3 redistributor
 * @vcpu:	the vCPU the redistributor belongs to
 * @offset:	byte offset in its two 64KB frames
 * @len:	access size in bytes
 * @is_write:	write *@val, or read into *@val
 * @val:	the value
 * @user:	from userspace (KVM_DEV_ARM_VGIC_GRP_REDIST_REGS)
 *
 * Return: 0, or a negative errno for a refused userspace write.
 */
int vgic_v3_rdist_access(struct kvm_vcpu *vcpu, u32 offset, unsigned int len,
			 bool is_write, u64 *val, bool user)
{
	struct vgic_mmio_ctx ctx = { .kvm = vcpu->kvm, .vcpu = vcpu, .user = user,
				     .private_only = offset >= VGIC_SGI_BASE };

	if (offset >= VGIC_SGI_BASE)
		return vgic_mmio_access(&vgic_v3_sgi_frame, &ctx, offset - VGIC_SGI_BASE,
					len, is_write, val);
	return vgic_mmio_access(&vgic_v3_rd_frame, &ctx, offset, len, is_write, val);
}
