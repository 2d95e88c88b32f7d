// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv2 distributor frame for a GICv2 guest (IHI 0048B 4.3), a GIC
 * without the Security Extensions: GICD_CTLR enables Group 0 and Group 1,
 * the SGI and PPI registers are banked per accessing CPU, GICD_ITARGETSR
 * routes SPIs, and GICD_SGIR / GICD_[CS]PENDSGIR manage SGIs, whose
 * pending state is kept per source CPU.
 */
#include <linux/bitfield.h>
#include <linux/kvm_host.h>
#include <linux/irqchip/arm-gic.h>

#include "vgic.h"
#include "vgic-mmio.h"

/* GICD_TYPER (IHI 0048B 4.3.2) */
#define VGIC_V2_TYPER_ITLINES	GENMASK(4, 0)
#define VGIC_V2_TYPER_CPUS	GENMASK(7, 5)
/* GICD_SGIR (IHI 0048B 4.3.15) */
#define VGIC_V2_SGIR_INTID	GENMASK(3, 0)
#define VGIC_V2_SGIR_TARGETS	GENMASK(23, 16)
#define VGIC_V2_SGIR_FILTER	GENMASK(25, 24)
#define VGIC_V2_SGIR_TO_LIST	0
#define VGIC_V2_SGIR_TO_OTHERS	1
#define VGIC_V2_SGIR_TO_SELF	2
/* GICD_CTLR.EnableGrp0 / EnableGrp1 (IHI 0048B 4.3.1) */
#define VGIC_V2_CTLR_GROUPS	GENMASK(1, 0)
#define VGIC_V2_PIDR2_ARCH	0x20

static u64 vgic_v2_read_ctlr(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return READ_ONCE(ctx->kvm->arch.vgic.groups_enabled);
}

static void vgic_v2_write_ctlr(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	vgic_set_group_enables(ctx->kvm, val & VGIC_V2_CTLR_GROUPS);
}

static u64 vgic_v2_read_typer(const struct vgic_mmio_ctx *ctx, u32 off)
{
	u32 nr_irqs = ctx->kvm->arch.vgic.nr_spis + VGIC_NR_PRIVATE_IRQS;

	return FIELD_PREP(VGIC_V2_TYPER_ITLINES, DIV_ROUND_UP(nr_irqs, 32) - 1) |
	       FIELD_PREP(VGIC_V2_TYPER_CPUS, atomic_read(&ctx->kvm->online_vcpus) - 1);
}

static u64 vgic_v2_read_pidr2(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return VGIC_V2_PIDR2_ARCH;
}

/* The CPU interfaces of the VM's vCPUs, as an ITARGETSR / SGIR mask. */
static u8 vgic_v2_cpu_mask(struct kvm *kvm)
{
	return GENMASK(atomic_read(&kvm->online_vcpus) - 1, 0);
}

/*
 * GICD_ITARGETSR: read-only for SGIs and PPIs, where it names the reading
 * CPU; an SPI goes to the lowest-numbered CPU it targets (1-of-N delivery
 * to the first that takes it is not offered yet).
 */
static u64 vgic_get_targets(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq)
{
	if (irq->intid < VGIC_NR_PRIVATE_IRQS)
		return ctx->vcpu ? BIT(ctx->vcpu->vcpu_id) : 0;
	return irq->targets;
}

static bool vgic_set_targets(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	u8 targets = field & vgic_v2_cpu_mask(ctx->kvm);

	if (irq->intid < VGIC_NR_PRIVATE_IRQS)
		return false;
	irq->targets = targets;
	irq->target_vcpu = targets ? kvm_get_vcpu(ctx->kvm, __ffs(targets)) : NULL;
	return true;
}

/* GICD_[CS]PENDSGIR: one byte per SGI, one bit per source CPU. */
static u64 vgic_get_sgi_sources(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq)
{
	return irq->source;
}

/*
 * A request from the source a list register shows is a new instance,
 * which the LR's acknowledge must not consume: the guest may have taken
 * the one in the LR already, unseen until the sync (a request that the
 * pending one would have absorbed is delivered twice instead, which an
 * SGI's handler survives; one lost would not be).  Requests from other
 * sources are pending beside it.
 */
static bool vgic_update_sgi_sources(struct vgic_irq *irq, u8 sources, u8 requested)
{
	if (requested & BIT(irq->lr_source))
		irq->pending_in_lr = false;
	irq->source = sources;
	irq->pending_latch = sources;
	return true;
}

static bool vgic_set_sgi_sources(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	u8 requested = field & vgic_v2_cpu_mask(ctx->kvm);

	return vgic_update_sgi_sources(irq, irq->source | requested, requested);
}

static bool vgic_clear_sgi_sources(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	return vgic_update_sgi_sources(irq, irq->source & ~field, 0);
}

/* GICD_SGIR: raise an SGI on the CPUs the filter selects. */
static void vgic_v2_write_sgir(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	struct kvm_vcpu *sender = ctx->vcpu, *target;
	u32 sgi = FIELD_GET(VGIC_V2_SGIR_INTID, val);
	u8 targets;
	unsigned long idx;

	if (!sender)
		return;
	switch (FIELD_GET(VGIC_V2_SGIR_FILTER, val)) {
	case VGIC_V2_SGIR_TO_LIST:
		targets = FIELD_GET(VGIC_V2_SGIR_TARGETS, val);
		break;
	case VGIC_V2_SGIR_TO_OTHERS:
		targets = vgic_v2_cpu_mask(ctx->kvm) & ~BIT(sender->vcpu_id);
		break;
	case VGIC_V2_SGIR_TO_SELF:
		targets = BIT(sender->vcpu_id);
		break;
	default:	/* reserved filter: nothing is sent */
		return;
	}

	kvm_for_each_vcpu(idx, target, ctx->kvm) {
		struct vgic_irq *irq;
		unsigned long flags;

		if (!(targets & BIT(target->vcpu_id)))
			continue;
		irq = vgic_get_irq(ctx->kvm, target, sgi);
		raw_spin_lock_irqsave(&irq->irq_lock, flags);
		vgic_update_sgi_sources(irq, irq->source | BIT(sender->vcpu_id),
					BIT(sender->vcpu_id));
		vgic_queue_irq_unlock(ctx->kvm, irq, flags);
	}
}

static const struct vgic_reg vgic_v2_dist_regs[] = {
	VGIC_REG32(GIC_DIST_CTRL, vgic_v2_read_ctlr, vgic_v2_write_ctlr),
	VGIC_REG32(GIC_DIST_CTR, vgic_v2_read_typer, vgic_mmio_wi),
	{ .offset = GIC_DIST_IIDR, .size = 4, .elem = 4, .widths = VGIC_ACC_32,
	  .read = vgic_read_iidr, .write = vgic_mmio_wi, .uwrite = vgic_uwrite_iidr },
	VGIC_REG32_GUEST(GIC_DIST_SOFTINT, vgic_mmio_raz, vgic_v2_write_sgir),
	VGIC_REG32(0xfe8, vgic_v2_read_pidr2, vgic_mmio_wi),	/* ICPIDR2 */
};

static const struct vgic_reg vgic_v2_irq_regs[] = {
	VGIC_IRQ_REGS(GIC_DIST_IGROUP, 0x80, 1, 0, VGIC_ACC_32,
		      vgic_get_group, vgic_set_group),
	VGIC_IRQ_REGS(GIC_DIST_ENABLE_SET, 0x80, 1, 0, VGIC_ACC_32,
		      vgic_get_enabled, vgic_set_enable),
	VGIC_IRQ_REGS(GIC_DIST_ENABLE_CLEAR, 0x80, 1, 0, VGIC_ACC_32,
		      vgic_get_enabled, vgic_clear_enable),
	{ .offset = GIC_DIST_PENDING_SET, .size = 0x80, .elem = 4,
	  .widths = VGIC_ACC_32, .bpi = 1, .get = vgic_get_pending,
	  .set = vgic_set_pending, .uget = vgic_uget_latch,
	  .uset = vgic_uset_latch },
	{ .offset = GIC_DIST_PENDING_CLEAR, .size = 0x80, .elem = 4,
	  .widths = VGIC_ACC_32, .bpi = 1, .get = vgic_get_pending,
	  .set = vgic_clear_pending, .uget = vgic_uget_raz, .uset = vgic_uset_wi },
	{ .offset = GIC_DIST_ACTIVE_SET, .size = 0x80, .elem = 4,
	  .widths = VGIC_ACC_32, .bpi = 1, .get = vgic_get_active,
	  .set = vgic_set_active, .halts_guest = true },
	{ .offset = GIC_DIST_ACTIVE_CLEAR, .size = 0x80, .elem = 4,
	  .widths = VGIC_ACC_32, .bpi = 1, .get = vgic_get_active,
	  .set = vgic_clear_active, .halts_guest = true },
	VGIC_IRQ_REGS(GIC_DIST_PRI, 0x400, 8, 0, VGIC_ACC_8 | VGIC_ACC_32,
		      vgic_get_priority, vgic_set_priority),
	VGIC_IRQ_REGS(GIC_DIST_TARGET, 0x400, 8, 0, VGIC_ACC_8 | VGIC_ACC_32,
		      vgic_get_targets, vgic_set_targets),
	VGIC_IRQ_REGS(GIC_DIST_CONFIG, 0x100, 2, 0, VGIC_ACC_32,
		      vgic_get_config, vgic_set_config),
	VGIC_IRQ_REGS(GIC_DIST_SGI_PENDING_CLEAR, VGIC_NR_SGIS, 8, 0,
		      VGIC_ACC_8 | VGIC_ACC_32, vgic_get_sgi_sources,
		      vgic_clear_sgi_sources),
	VGIC_IRQ_REGS(GIC_DIST_SGI_PENDING_SET, VGIC_NR_SGIS, 8, 0,
		      VGIC_ACC_8 | VGIC_ACC_32, vgic_get_sgi_sources,
		      vgic_set_sgi_sources),
};

const struct vgic_frame vgic_v2_dist_frame = {
	.regs = vgic_v2_dist_regs,
	.nr_regs = ARRAY_SIZE(vgic_v2_dist_regs),
	.irq_regs = vgic_v2_irq_regs,
	.nr_irq_regs = ARRAY_SIZE(vgic_v2_irq_regs),
};

/**
 * vgic_v2_dist_access() - an access to the GICv2 distributor
 * @vcpu:	the accessing vCPU (its SGIs and PPIs are the banked ones)
 * @offset:	byte offset in the 4KB frame
 * @len:	access size in bytes
 * @is_write:	write *@val, or read into *@val
 * @val:	the value
 * @user:	from userspace (KVM_DEV_ARM_VGIC_GRP_DIST_REGS)
 *
 * Return: 0, or a negative errno for a refused userspace write.
 */
int vgic_v2_dist_access(struct kvm_vcpu *vcpu, u32 offset, unsigned int len,
			bool is_write, u64 *val, bool user)
{
	struct vgic_mmio_ctx ctx = { .kvm = vcpu->kvm, .vcpu = vcpu, .user = user };

	return vgic_mmio_access(&vgic_v2_dist_frame, &ctx, offset, len, is_write, val);
}
