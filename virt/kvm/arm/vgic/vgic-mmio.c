// SPDX-License-Identifier: GPL-2.0-only
/*
 * The register-frame dispatcher and the per-IRQ fields that GICv2 and
 * GICv3 frames share (enable, pending, active, group, priority, trigger).
 *
 * Writes that change an interrupt's enable, pending or active state go
 * through vgic_queue_irq_unlock(): the per-vCPU lists and the kicks follow
 * at once.  For a hardware-mapped interrupt, pending and active changes
 * are carried to the physical interrupt (vgic-phys-map.c), because the
 * guest must never deactivate through a HW list register a physical
 * interrupt that is not active (IHI 0069 4.8.1).
 */
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/kvm_host.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "vgic.h"
#include "vgic-mmio.h"

static const struct vgic_reg *vgic_search_regs(const struct vgic_reg *regs,
					       unsigned int nr, u32 off)
{
	unsigned int lo = 0, hi = nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		const struct vgic_reg *r = &regs[mid];

		if (off < r->offset)
			hi = mid;
		else if (off - r->offset >= r->size)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

static const struct vgic_reg *vgic_find_reg(const struct vgic_frame *frame, u32 off)
{
	return vgic_search_regs(frame->regs, frame->nr_regs, off) ?:
	       vgic_search_regs(frame->irq_regs, frame->nr_irq_regs, off);
}

/* The interrupt a field stands for, if it exists and this frame holds it. */
static struct vgic_irq *vgic_mmio_irq(const struct vgic_mmio_ctx *ctx, u32 intid)
{
	if (ctx->private_only && intid >= VGIC_NR_PRIVATE_IRQS)
		return NULL;
	return vgic_get_irq(ctx->kvm, ctx->vcpu, intid);
}

/**
 * vgic_frame_has() - does a register of @frame cover @offset?
 * @frame:	the frame
 * @offset:	byte offset
 * @user:	for userspace, which does not see registers with side effects
 *
 * Return: true if so.
 */
bool vgic_frame_has(const struct vgic_frame *frame, u32 offset, bool user)
{
	const struct vgic_reg *r = vgic_find_reg(frame, offset);

	return r && !(user && r->guest_only);
}

/* Naturally aligned, of an allowed width, inside the entry. */
static bool vgic_access_ok(const struct vgic_reg *r, u32 off, unsigned int len)
{
	if (len != 1 && len != 2 && len != 4 && len != 8)
		return false;
	if ((off & (len - 1)) || !(r->widths & BIT(__ffs(len))))
		return false;
	return off - r->offset + len <= r->size;
}

static u64 vgic_field_mask(unsigned int bits)
{
	return bits >= 64 ? ~0ULL : BIT_ULL(bits) - 1;
}

/* INTID of the first field an access at @off touches, and its bit offset. */
static u32 vgic_reg_intid(const struct vgic_reg *r, u32 off, unsigned int *shift)
{
	u32 bit = (off - r->offset) * 8;

	*shift = bit % r->bpi;
	return r->first_intid + bit / r->bpi;
}

static u64 vgic_irq_regs_read(const struct vgic_reg *r,
			      const struct vgic_mmio_ctx *ctx, u32 off,
			      unsigned int len)
{
	u64 (*get)(const struct vgic_mmio_ctx *, struct vgic_irq *) =
		ctx->user && r->uget ? r->uget : r->get;
	unsigned int bits = min_t(unsigned int, len * 8, r->bpi), shift, i;
	u32 intid = vgic_reg_intid(r, off, &shift);
	u64 val = 0;

	for (i = 0; i < len * 8; i += bits, intid++) {
		struct vgic_irq *irq = vgic_mmio_irq(ctx, intid);
		unsigned long flags;
		u64 field;

		if (!irq)
			continue;
		raw_spin_lock_irqsave(&irq->irq_lock, flags);
		field = get(ctx, irq);
		raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
		val |= ((field >> shift) & vgic_field_mask(bits)) << i;
	}
	return val;
}

static void vgic_irq_regs_set(const struct vgic_reg *r,
			      const struct vgic_mmio_ctx *ctx, u32 off,
			      unsigned int len, u64 val)
{
	bool (*set)(const struct vgic_mmio_ctx *, struct vgic_irq *, u64) =
		ctx->user && r->uset ? r->uset : r->set;
	unsigned int bits = min_t(unsigned int, len * 8, r->bpi), shift, i;
	u32 intid = vgic_reg_intid(r, off, &shift);

	for (i = 0; i < len * 8; i += bits, intid++) {
		struct vgic_irq *irq = vgic_mmio_irq(ctx, intid);
		u64 field = (val >> i) & vgic_field_mask(bits);
		unsigned long flags;

		if (!irq)
			continue;
		raw_spin_lock_irqsave(&irq->irq_lock, flags);
		if (bits < r->bpi) {
			/* A part of a wider field: merge it with the rest. */
			u64 mask = vgic_field_mask(bits) << shift;

			field = (r->get(ctx, irq) & ~mask) | (field << shift);
		}
		if (set(ctx, irq, field)) {
			vgic_queue_irq_unlock(ctx->kvm, irq, flags);
			continue;
		}
		vgic_ap_list_note(irq);
		raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
	}
}

/*
 * The active state of an interrupt may sit in a list register of a vCPU
 * that is running: its next sync would overwrite what a write changes,
 * and a read would miss what the guest acknowledged or deactivated there.
 * A guest's access to such state therefore stops every vCPU, which syncs
 * its list registers on the way out, and lets them go once it is done.
 * Userspace accesses run with every vCPU locked out already.
 *
 * The accessing vCPU has synced its own list registers before it handles
 * the trap, and its SGIs and PPIs are listed nowhere else: an access to
 * its own private interrupts never stops the VM.  A read stops it only if
 * an interrupt it covers is listed on another vCPU (the only place its
 * state can be held); if none is, the read is exact without.
 */
static bool vgic_access_is_own_private(const struct vgic_reg *r,
				       const struct vgic_mmio_ctx *ctx, u32 off,
				       unsigned int len)
{
	unsigned int shift;
	u32 last = vgic_reg_intid(r, off + len - 1, &shift);

	return ctx->vcpu == kvm_get_running_vcpu() && last < VGIC_NR_PRIVATE_IRQS;
}

static bool vgic_range_listed_elsewhere(const struct vgic_reg *r,
					const struct vgic_mmio_ctx *ctx, u32 off,
					unsigned int len)
{
	struct kvm_vcpu *self = kvm_get_running_vcpu();
	unsigned int bits = min_t(unsigned int, len * 8, r->bpi), shift, i;
	u32 intid = vgic_reg_intid(r, off, &shift);

	for (i = 0; i < len * 8; i += bits, intid++) {
		struct vgic_irq *irq = vgic_mmio_irq(ctx, intid);
		struct kvm_vcpu *holder = irq ? READ_ONCE(irq->vcpu) : NULL;

		if (holder && holder != self)
			return true;
	}
	return false;
}

static bool vgic_access_halts(const struct vgic_reg *r,
			      const struct vgic_mmio_ctx *ctx, u32 off,
			      unsigned int len, bool is_write)
{
	if (!r->halts_guest || ctx->user || vgic_access_is_own_private(r, ctx, off, len))
		return false;
	return is_write || vgic_range_listed_elsewhere(r, ctx, off, len);
}

static u64 vgic_irq_regs_access(const struct vgic_reg *r,
				const struct vgic_mmio_ctx *ctx, u32 off,
				unsigned int len, bool is_write, u64 val)
{
	bool halt = vgic_access_halts(r, ctx, off, len, is_write);

	if (halt)
		kvm_arm_halt_guest(ctx->kvm);
	if (is_write)
		vgic_irq_regs_set(r, ctx, off, len, val);
	else
		val = vgic_irq_regs_read(r, ctx, off, len);
	if (halt)
		kvm_arm_resume_guest(ctx->kvm);
	return val;
}

/* A plain register; a 32-bit access to a 64-bit one is a half of it. */
static int vgic_plain_access(const struct vgic_reg *r,
			     const struct vgic_mmio_ctx *ctx, u32 off,
			     unsigned int len, bool is_write, u64 *val)
{
	u32 elem_off = (off - r->offset) & ~(u32)(r->elem - 1);
	unsigned int shift = ((off - r->offset) & (r->elem - 1)) * 8;
	u64 mask = vgic_field_mask(len * 8) << shift;
	u64 cur = 0;

	if (!is_write) {
		u64 (*read)(const struct vgic_mmio_ctx *, u32) =
			ctx->user && r->uread ? r->uread : r->read;

		*val = read ? (read(ctx, elem_off) & mask) >> shift : 0;
		return 0;
	}
	if (len < r->elem && r->read)
		cur = r->read(ctx, elem_off) & ~mask;
	cur |= (*val << shift) & mask;
	if (ctx->user && r->uwrite)
		return r->uwrite(ctx, elem_off, cur);
	if (r->write)
		r->write(ctx, elem_off, cur);
	return 0;
}

/**
 * vgic_mmio_access() - one access to a register frame
 * @frame:	the frame
 * @ctx:	who accesses, and for which vCPU's banked registers
 * @offset:	byte offset in the frame
 * @len:	1, 2, 4 or 8 bytes
 * @is_write:	a write of *@val, or a read into *@val
 * @val:	the value
 *
 * Reserved offsets, and widths or alignments a register does not allow,
 * read as zero and ignore writes (IHI 0069 12.1.3, IHI 0048B 4.1.4).
 *
 * Return: 0, or a negative errno from a refused userspace write.
 */
int vgic_mmio_access(const struct vgic_frame *frame,
		     const struct vgic_mmio_ctx *ctx, u32 offset,
		     unsigned int len, bool is_write, u64 *val)
{
	const struct vgic_reg *r = vgic_find_reg(frame, offset);

	if (!r || !vgic_access_ok(r, offset, len) || (ctx->user && r->guest_only)) {
		if (!is_write)
			*val = 0;
		return 0;
	}
	if (is_write)
		*val &= vgic_field_mask(len * 8);
	if (!r->bpi)
		return vgic_plain_access(r, ctx, offset, len, is_write, val);
	*val = vgic_irq_regs_access(r, ctx, offset, len, is_write, *val);
	return 0;
}

/*
 * GICD_IIDR / GICR_IIDR: ARM as implementer, product 'K'.  The revision
 * numbers this vGIC's guest-visible behaviour; a VMM that restores a VM
 * writes back the IIDR it saved, and may pick an older revision.  The
 * revisions Linux 6.12 saves (2: guest-writable IGROUPR, 3: GICR_CTLR.IR
 * and CES, which concern LPIs) restore too: without LPIs, this vGIC shows
 * the guest the same registers under all three.
 */
#define VGIC_IIDR_REVISION		1
#define VGIC_IIDR_REVISION_MAX		3

u64 vgic_read_iidr(const struct vgic_mmio_ctx *ctx, u32 off)
{
	u8 rev = READ_ONCE(ctx->kvm->arch.vgic.iidr_rev);

	return FIELD_PREP(GICD_IIDR_IMPLEMENTER_MASK, VGIC_IIDR_IMPLEMENTER_ARM) |
	       FIELD_PREP(GICD_IIDR_REVISION_MASK, rev ?: VGIC_IIDR_REVISION) |
	       FIELD_PREP(GICD_IIDR_PRODUCT_ID_MASK, VGIC_IIDR_PRODUCT_KVM);
}

int vgic_uwrite_iidr(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	u32 rev = FIELD_GET(GICD_IIDR_REVISION_MASK, val);
	u64 mine = vgic_read_iidr(ctx, off);
	u64 same = GICD_IIDR_IMPLEMENTER_MASK | GICD_IIDR_PRODUCT_ID_MASK |
		   GICD_IIDR_VARIANT_MASK;

	if ((val & same) != (mine & same) || !rev || rev > VGIC_IIDR_REVISION_MAX)
		return -EINVAL;
	WRITE_ONCE(ctx->kvm->arch.vgic.iidr_rev, rev);
	return 0;
}

u64 vgic_mmio_raz(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return 0;
}

void vgic_mmio_wi(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
}

/* GICv2 SGIs: always enabled, pending per source (GICD_[CS]PENDSGIR). */
static bool vgic_is_v2_sgi(const struct vgic_mmio_ctx *ctx, const struct vgic_irq *irq)
{
	return irq->intid < VGIC_NR_SGIS &&
	       ctx->kvm->arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V2;
}

u64 vgic_get_group(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq)
{
	return irq->group;
}

/*
 * A pending interrupt of a group the distributor does not forward waits
 * off the lists (IHI 0069 4.1.1): a new group may make it deliverable, or
 * make the vCPU holding it drop it, so requeue on a change.
 */
bool vgic_set_group(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	bool changed = irq->group != (field & 1);

	irq->group = field & 1;
	return changed;
}

u64 vgic_get_enabled(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq)
{
	return irq->enabled;
}

bool vgic_set_enable(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	if (!field)
		return false;
	irq->enabled = true;
	vgic_irq_resample(irq);
	return true;
}

bool vgic_clear_enable(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	if (!field || vgic_is_v2_sgi(ctx, irq))
		return false;
	irq->enabled = false;
	return true;
}

u64 vgic_get_pending(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq)
{
	vgic_irq_resample(irq);
	return vgic_irq_is_pending(irq);
}

/* GICD_ISPENDR: a mapped interrupt's physical twin becomes active. */
bool vgic_set_pending(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	if (!field || vgic_is_v2_sgi(ctx, irq))
		return false;
	vgic_irq_new_edge(irq);
	if (vgic_irq_hw_deactivates(irq))
		vgic_hw_irq_claim(irq);
	return true;
}

/*
 * GICD_ICPENDR: clear the physical pending state too, so that the device
 * cannot raise it again, and the physical active state unless the guest
 * still has the interrupt active.
 */
bool vgic_clear_pending(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	if (!field || vgic_is_v2_sgi(ctx, irq))
		return false;
	irq->pending_latch = false;
	irq->pending_in_lr = false;
	if (irq->map)
		vgic_hw_irq_clear_pending(irq);
	return true;
}

u64 vgic_get_active(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq)
{
	return irq->active;
}

bool vgic_set_active(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	if (!field || irq->active)
		return false;
	irq->active = true;
	if (vgic_irq_hw_deactivates(irq))
		vgic_hw_irq_claim(irq);
	return true;
}

bool vgic_clear_active(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	if (!field || !irq->active)
		return false;
	irq->active = false;
	if (irq->map)
		vgic_hw_irq_settle(irq);
	return true;
}

u64 vgic_get_priority(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq)
{
	return irq->priority;
}

bool vgic_set_priority(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	irq->priority = field & VGIC_PRI_IMPL_MASK;
	return false;
}

/* GICD_ICFGR: Int_config[1] is 1 for edge (IHI 0069 12.9.9). */
#define VGIC_ICFGR_EDGE		2

u64 vgic_get_config(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq)
{
	return irq->config == VGIC_CONFIG_EDGE ? VGIC_ICFGR_EDGE : 0;
}

/* SGIs are edge and PPIs level, read-only; SPIs are programmable. */
bool vgic_set_config(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	if (irq->intid >= VGIC_NR_PRIVATE_IRQS)
		irq->config = field & VGIC_ICFGR_EDGE ? VGIC_CONFIG_EDGE : VGIC_CONFIG_LEVEL;
	return false;
}

/*
 * Userspace sees and sets the pending latch through GICD_ISPENDR, and
 * GICD_ICPENDR is RAZ/WI (Documentation/virt/kvm/devices/arm-vgic-v3.rst).
 */
u64 vgic_uget_latch(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq)
{
	return irq->pending_latch;
}

/*
 * A VMM restoring a snapshot sets a mapped interrupt's latch like any
 * other (QEMU rewrites the whole state after a reset); the physical twin
 * follows as for the guest's ISPENDR/ICPENDR.
 */
bool vgic_uset_latch(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	if (vgic_is_v2_sgi(ctx, irq))
		return false;
	irq->pending_latch = field & 1;
	irq->pending_in_lr = false;
	if (vgic_irq_hw_deactivates(irq)) {
		if (irq->pending_latch)
			vgic_hw_irq_claim(irq);
		else
			vgic_hw_irq_settle(irq);
	}
	return true;
}

u64 vgic_uget_raz(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq)
{
	return 0;
}

bool vgic_uset_wi(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field)
{
	return false;
}
