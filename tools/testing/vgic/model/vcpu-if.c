// SPDX-License-Identifier: GPL-2.0-only
/*
 * Model of the GIC virtual CPU interface; see vcpu-if.h.
 */
#include <assert.h>
#include <string.h>

#include "phys-gic.h"
#include "vcpu-if.h"

void vif_init(struct vcpu_if *vif, const struct lr_layout *lay, unsigned int nr_lr)
{
	assert(nr_lr <= VIF_MAX_LRS);
	memset(vif, 0, sizeof(*vif));
	vif->lay = lay;
	vif->nr_lr = nr_lr;
	vif->pmr = 0xff;
	vif->grpen[0] = vif->grpen[1] = true;
	vif->bpr[0] = 2;	/* the minimum for 5 priority bits */
	vif->bpr[1] = 3;	/* BPR1 minimum is BPR0 minimum + 1 */
}

u64 vif_lr_field(const struct vcpu_if *vif, unsigned int n, u64 mask)
{
	return mask ? (vif->lr[n] & mask) >> __builtin_ctzll(mask) : 0;
}

static void vif_lr_set(struct vcpu_if *vif, unsigned int n, u64 mask, bool on)
{
	vif->lr[n] = on ? vif->lr[n] | mask : vif->lr[n] & ~mask;
}

bool vif_lr_pending(const struct vcpu_if *vif, unsigned int n)
{
	return vif->lr[n] & vif->lay->pending;
}

bool vif_lr_active(const struct vcpu_if *vif, unsigned int n)
{
	return vif->lr[n] & vif->lay->active;
}

u32 vif_lr_vintid(const struct vcpu_if *vif, unsigned int n)
{
	return vif_lr_field(vif, n, vif->lay->vintid);
}

static bool vif_lr_valid(const struct vcpu_if *vif, unsigned int n)
{
	return vif_lr_pending(vif, n) || vif_lr_active(vif, n);
}

static u8 vif_lr_priority(const struct vcpu_if *vif, unsigned int n)
{
	return vif_lr_field(vif, n, vif->lay->priority) << vif->lay->prio_drop;
}

static int vif_lr_group(const struct vcpu_if *vif, unsigned int n)
{
	return !!(vif->lr[n] & vif->lay->group);
}

/* GICV_IAR / ICV_IAR: the INTID, and for a GICv2 SGI its source CPU. */
static u32 vif_lr_iar(const struct vcpu_if *vif, unsigned int n)
{
	u32 iar = vif_lr_vintid(vif, n);

	if (!(vif->lr[n] & vif->lay->hw) && iar < 16 && vif->lay->cpuid)
		iar |= vif_lr_field(vif, n, vif->lay->cpuid) << __builtin_ctzll(vif->lay->cpuid);
	return iar;
}

unsigned int vif_valid_lrs(const struct vcpu_if *vif)
{
	unsigned int n, valid = 0;

	for (n = 0; n < vif->nr_lr; n++)
		valid += vif_lr_valid(vif, n);
	return valid;
}

int vif_find_lr(const struct vcpu_if *vif, u32 vintid)
{
	for (unsigned int n = 0; n < vif->nr_lr; n++)
		if (vif_lr_valid(vif, n) && vif_lr_vintid(vif, n) == vintid)
			return n;
	return -1;
}

/*
 * Group priority: the priority with the subpriority bits below the binary
 * point cleared (IHI 0069 4.8.5; Group 0 splits at BPR0 + 1, Group 1 at
 * BPR1).
 */
static unsigned int vif_group_priority(const struct vcpu_if *vif, u8 prio, int group)
{
	unsigned int split = group ? vif->bpr[1] : vif->bpr[0] + 1;

	return prio & VIF_PRI_MASK & (0xff << split);
}

/* The running priority: the highest active group priority, or idle. */
unsigned int vif_rpr(const struct vcpu_if *vif)
{
	u32 active = vif->apr[0] | vif->apr[1];

	if (!active)
		return VIF_IDLE_PRIORITY;
	return __builtin_ctz(active) << (8 - VIF_PRI_BITS);
}

/* The LR holding the highest-priority interrupt the guest may take. */
static int vif_best_pending(const struct vcpu_if *vif, int group)
{
	int best = -1;
	unsigned int n;

	for (n = 0; n < vif->nr_lr; n++) {
		int grp = vif_lr_group(vif, n);
		u8 prio = vif_lr_priority(vif, n);

		if (!vif_lr_pending(vif, n) || vif_lr_active(vif, n))
			continue;
		if ((group >= 0 && grp != group) || !vif->grpen[grp])
			continue;
		if (prio >= vif->pmr ||
		    vif_group_priority(vif, prio, grp) >= vif_rpr(vif))
			continue;
		if (best < 0 || prio < vif_lr_priority(vif, best))
			best = n;
	}
	return best;
}

u32 vif_hppir(const struct vcpu_if *vif, int group)
{
	int n = vif_best_pending(vif, group);

	return n < 0 ? VIF_SPURIOUS : vif_lr_iar(vif, n);
}

/**
 * vif_ack() - read ICV_IAR<group>_EL1 (GICv3) or GICV_IAR (group -1)
 * @vif:	the CPU interface
 * @group:	0, 1, or -1 for either
 *
 * The highest-priority pending interrupt that the priority mask and the
 * running priority allow becomes active, and its group priority is marked
 * in the active-priorities register.
 *
 * Return: its INTID (with the source CPU for a GICv2 SGI), or 1023.
 */
u32 vif_ack(struct vcpu_if *vif, int group)
{
	int n = vif_best_pending(vif, group);
	int grp;

	if (n < 0) {
		vif->spurious++;
		return VIF_SPURIOUS;
	}
	grp = vif_lr_group(vif, n);
	vif_lr_set(vif, n, vif->lay->pending, false);
	vif_lr_set(vif, n, vif->lay->active, true);
	vif->apr[grp] |= 1u << (vif_group_priority(vif, vif_lr_priority(vif, n), grp) >>
				(8 - VIF_PRI_BITS));
	vif->acks++;
	return vif_lr_iar(vif, n);
}

static void vif_priority_drop(struct vcpu_if *vif)
{
	u32 active = vif->apr[0] | vif->apr[1];
	u32 bit;

	if (!active)
		return;
	bit = active & -active;
	vif->apr[vif->apr[0] & bit ? 0 : 1] &= ~bit;
}

static void vif_add_eoicount(struct vcpu_if *vif)
{
	u32 mask = vif->lay->hcr_eoicount;
	u32 count = ((vif->hcr & mask) >> __builtin_ctz(mask)) + 1;

	vif->hcr = (vif->hcr & ~mask) | ((count << __builtin_ctz(mask)) & mask);
}

/*
 * Deactivation: the LR of @iar leaves the active state; with HW set the
 * physical interrupt is deactivated too.  No LR: EOIcount counts it.
 */
static void vif_deactivate(struct vcpu_if *vif, u32 iar)
{
	unsigned int n;

	for (n = 0; n < vif->nr_lr; n++) {
		if (!vif_lr_active(vif, n) || vif_lr_iar(vif, n) != iar)
			continue;
		vif_lr_set(vif, n, vif->lay->active, false);
		if (vif->lr[n] & vif->lay->hw)
			phys_gic_deactivate(vif_lr_field(vif, n, vif->lay->pintid));
		return;
	}
	vif_add_eoicount(vif);
}

/* ICV_EOIR / GICV_EOIR: priority drop, and deactivation with EOImode 0. */
void vif_eoi(struct vcpu_if *vif, u32 iar)
{
	if ((iar & 0x3ff) >= VIF_SPURIOUS - 3)
		return;		/* special INTIDs 1020-1023 are ignored */
	vif_priority_drop(vif);
	if (!vif->eoimode)
		vif_deactivate(vif, iar);
}

/* ICV_DIR / GICV_DIR: deactivation, meaningful with EOImode 1 only. */
void vif_dir(struct vcpu_if *vif, u32 iar)
{
	if (vif->eoimode && (iar & 0x3ff) < VIF_SPURIOUS - 3)
		vif_deactivate(vif, iar);
}

/* Empty: invalid, and no EOI maintenance outstanding. */
u64 vif_elrsr(const struct vcpu_if *vif)
{
	u64 elrsr = 0;

	for (unsigned int n = 0; n < vif->nr_lr; n++)
		if (!vif_lr_valid(vif, n) &&
		    ((vif->lr[n] & vif->lay->hw) || !(vif->lr[n] & vif->lay->eoi)))
			elrsr |= 1ULL << n;
	return elrsr;
}

/* EOI maintenance outstanding: invalid, HW clear, EOI set. */
u64 vif_eisr(const struct vcpu_if *vif)
{
	u64 eisr = 0;

	for (unsigned int n = 0; n < vif->nr_lr; n++)
		if (!vif_lr_valid(vif, n) && !(vif->lr[n] & vif->lay->hw) &&
		    (vif->lr[n] & vif->lay->eoi))
			eisr |= 1ULL << n;
	return eisr;
}

unsigned int vif_eoicount(const struct vcpu_if *vif)
{
	return (vif->hcr & vif->lay->hcr_eoicount) >> __builtin_ctz(vif->lay->hcr_eoicount);
}

u32 vif_misr(const struct vcpu_if *vif)
{
	u32 misr = 0;
	bool any_pending = false;

	/* NP: no LR in the pending state, which active and pending is not */
	for (unsigned int n = 0; n < vif->nr_lr; n++)
		any_pending |= vif_lr_pending(vif, n) && !vif_lr_active(vif, n);
	if (vif_eisr(vif))
		misr |= VIF_MISR_EOI;
	if ((vif->hcr & vif->lay->hcr_uie) && vif_valid_lrs(vif) <= 1)
		misr |= VIF_MISR_U;
	if ((vif->hcr & vif->lay->hcr_lrenpie) && vif_eoicount(vif))
		misr |= VIF_MISR_LRENP;
	if ((vif->hcr & vif->lay->hcr_npie) && !any_pending)
		misr |= VIF_MISR_NP;
	return misr;
}

bool vif_maintenance_irq(const struct vcpu_if *vif)
{
	return (vif->hcr & vif->lay->hcr_en) && vif_misr(vif);
}
