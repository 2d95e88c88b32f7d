// SPDX-License-Identifier: GPL-2.0-only
/*
 * List-register scheduling: the flush before every guest entry and the
 * sync after every exit.
 *
 * The flush lists the vCPU's ap_list in its list registers.  The list is
 * kept in rank order (active interrupts first, then pending ones by
 * priority: vgic_irq_rank()), so that only its head is read however long
 * it grows: interrupts join it in order, and a change that moves one marks
 * the list, which the next flush then prunes and sorts.
 * Each entry rebuilds the list registers from the per-IRQ state and each
 * exit folds them back, so an interrupt is never in two list registers.
 *
 * A list register is the owner of the pending state it presents: if the
 * guest acknowledges it, the latch is consumed; an edge that arrives in
 * the meantime is a new one and survives (see @pending_in_lr).
 */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqchip/arm-gic.h>
#include <linux/kvm_host.h>
#include <linux/list_sort.h>

#include "vgic.h"
#include "trace.h"

static const struct vgic_lr_ops *const vgic_lr_backends[] = {
	[VGIC_V2] = &vgic_v2_lr_ops,
	[VGIC_V3] = &vgic_v3_lr_ops,
};

/**
 * vgic_lr_ops() - the list-register format of the host
 *
 * Return: the operations for the host's CPU interface.
 */
const struct vgic_lr_ops *vgic_lr_ops(void)
{
	return vgic_lr_backends[kvm_vgic_global_state.type];
}

static u32 vgic_vmcr_get(u32 val, u32 mask)
{
	return (val & mask) >> __ffs(mask);
}

static u32 vgic_vmcr_put(u32 field, u32 mask)
{
	return (field << __ffs(mask)) & mask;
}

/**
 * vgic_get_vmcr() - the guest's saved CPU interface configuration
 * @vcpu:	the vCPU, not running
 * @vmcr:	where to decode it
 */
void vgic_get_vmcr(struct kvm_vcpu *vcpu, struct vgic_vmcr *vmcr)
{
	const struct vgic_vmcr_layout *l = vgic_lr_ops()->vmcr_layout;
	u32 val = *vgic_lr_ops()->vmcr(vcpu);

	*vmcr = (struct vgic_vmcr) {
		.pmr = vgic_vmcr_get(val, l->pmr) << l->pmr_drop,
		.bpr0 = vgic_vmcr_get(val, l->bpr0),
		.bpr1 = vgic_vmcr_get(val, l->bpr1),
		.grpen0 = val & l->grpen0,
		.grpen1 = val & l->grpen1,
		.ackctl = val & l->ackctl,
		.fiqen = val & l->fiqen,
		.cbpr = val & l->cbpr,
		.eoim = val & l->eoim,
	};
}

/**
 * vgic_set_vmcr() - change the guest's saved CPU interface configuration
 * @vcpu:	the vCPU, not running
 * @vmcr:	the configuration to encode
 */
void vgic_set_vmcr(struct kvm_vcpu *vcpu, const struct vgic_vmcr *vmcr)
{
	const struct vgic_vmcr_layout *l = vgic_lr_ops()->vmcr_layout;

	*vgic_lr_ops()->vmcr(vcpu) =
		vgic_vmcr_put(vmcr->pmr >> l->pmr_drop, l->pmr) |
		vgic_vmcr_put(vmcr->bpr0, l->bpr0) | vgic_vmcr_put(vmcr->bpr1, l->bpr1) |
		(vmcr->grpen0 ? l->grpen0 : 0) | (vmcr->grpen1 ? l->grpen1 : 0) |
		(vmcr->ackctl ? l->ackctl : 0) | (vmcr->fiqen ? l->fiqen : 0) |
		(vmcr->cbpr ? l->cbpr : 0) | (vmcr->eoim ? l->eoim : 0);
}

/* The GICv2 SGI source reported with the next acknowledge. */
static u8 vgic_irq_next_source(const struct vgic_irq *irq)
{
	return irq->source ? __ffs(irq->source) : 0;
}

/*
 * A GICv2 SGI's list register carries one source CPU, which the guest's
 * GICV_EOIR must match to deactivate it (IHI 0048B 5.3.9): an active SGI
 * keeps the source it was acknowledged with, and is shown pending too only
 * for that source.  A pending instance from another source waits for the
 * deactivation, which raises a maintenance interrupt so that it is shown
 * at once.  Return: whether the LR shows the SGI pending.
 */
static bool vgic_sgi_to_lr(struct vgic_irq *irq, struct vgic_lr *lr, bool pending)
{
	if (!irq->active) {
		irq->lr_source = vgic_irq_next_source(irq);
	} else if (irq->source && !(irq->source & BIT(irq->lr_source))) {
		lr->eoi_maint = true;
		pending = false;
	}
	lr->source = irq->lr_source;
	return pending;
}

/*
 * Build the list register for @irq (locked) and take ownership of what it
 * presents.  A mapped interrupt is never pending and active at once in a
 * list register with HW set (IHI 0069 4.8.1: the physical interrupt has a
 * single active state), so an active one waits for its deactivation before
 * its next pending state is shown; making it pending makes its physical
 * twin active, once.
 */
static void vgic_irq_to_lr(struct vgic_irq *irq, struct vgic_lr *lr)
{
	bool pending = irq->enabled && vgic_irq_is_pending(irq);

	*lr = (struct vgic_lr) {
		.vintid = irq->intid,
		.priority = irq->priority,
		.group = irq->group,
		.active = irq->active,
	};

	if (vgic_irq_hw_deactivates(irq)) {
		lr->hw = true;
		lr->pintid = irq->map->phys_irq;
		pending &= !irq->active;
		if (pending)
			vgic_hw_irq_claim(irq);
	} else if (irq->config == VGIC_CONFIG_LEVEL) {
		/*
		 * The EOI of a level interrupt must exit (EOI maintenance),
		 * so that its line is sampled again and a resampler hears
		 * of it: the maintenance interrupt needs the LR to become
		 * invalid (ICH_EISR_EL2, GICH_EISR), so an active one
		 * is not shown pending too.
		 */
		lr->eoi_maint = true;
		pending &= !irq->active;
	}

	if (irq->intid < VGIC_NR_SGIS)
		pending = vgic_sgi_to_lr(irq, lr, pending);
	lr->pending = pending;
	irq->pending_in_lr = pending && irq->pending_latch;
}

/* What one flush has written so far. */
struct vgic_lr_fill {
	unsigned int used;
	bool any_pending;
	bool left_out;
};

/* Write @irq (locked) into the next free list register, if it has anything to show. */
static void vgic_list_irq(struct kvm_vcpu *vcpu, struct vgic_irq *irq, struct vgic_lr_fill *fill)
{
	struct vgic_lr lr;

	vgic_irq_to_lr(irq, &lr);
	if (!lr.pending && !lr.active)
		return;
	trace_vgic_lr_queue(vcpu->vcpu_id, fill->used, lr.vintid, lr.hw ? lr.pintid : 0,
			    lr.pending, lr.active, lr.hw);
	vgic_lr_ops()->write_lr(vcpu, fill->used++, &lr);
	/*
	 * Only an LR in the pending state (not active and pending) counts for
	 * the No Pending maintenance interrupt (IHI 0069 12.4.9, IHI 0048B
	 * 5.3.4): one the guest cannot acknowledge would never end it.
	 */
	fill->any_pending |= lr.pending && !lr.active;
}

/*
 * List the head of @vcpu's ap_list (locked), which is all of it or, the
 * list being sorted, its best: the CPU interface picks the highest
 * priority among its list registers whatever their order (IHI 0069 4.8.1,
 * IHI 0048B 5.2.1).  Interrupts with nothing left to show leave the list
 * on the way.
 *
 * One that belongs to another vCPU means that the list must be pruned
 * before anything is listed, or a retarget in between could list an
 * interrupt here and move it there too: when @strict, listing stops there
 * and the registers written so far are taken back (their claims on
 * physical interrupts stand, as the ISPENDR path's do).  Otherwise, once
 * pruned, such an interrupt (moved here again in between) is left for the
 * next entry, which the kick that moved it makes happen.
 * Return: false if it stopped so.
 */
static bool vgic_list_head(struct kvm_vcpu *vcpu, struct vgic_lr_fill *fill, bool strict)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	unsigned int nr_lr = kvm_vgic_global_state.nr_lr;
	struct vgic_irq *irq, *tmp;
	struct kvm_vcpu *dest;

	list_for_each_entry_safe(irq, tmp, &vgic_cpu->ap_list_head, ap_list) {
		if (fill->used == nr_lr) {
			fill->left_out = true;
			break;
		}
		raw_spin_lock(&irq->irq_lock);
		dest = vgic_listed_irq_dest(irq);
		if (dest == vcpu)
			vgic_list_irq(vcpu, irq, fill);
		raw_spin_unlock(&irq->irq_lock);
		if (dest && dest != vcpu) {
			if (strict)
				goto take_back;
			WRITE_ONCE(vgic_cpu->ap_list_unsorted, true);
		}
	}
	return true;

take_back:
	list_for_each_entry_continue_reverse(irq, &vgic_cpu->ap_list_head, ap_list) {
		raw_spin_lock(&irq->irq_lock);
		irq->pending_in_lr = false;
		raw_spin_unlock(&irq->irq_lock);
	}
	*fill = (struct vgic_lr_fill) {};
	return false;
}

static int vgic_ap_rank_cmp(void *priv, const struct list_head *a, const struct list_head *b)
{
	return list_entry(a, struct vgic_irq, ap_list)->ap_rank >
	       list_entry(b, struct vgic_irq, ap_list)->ap_rank;
}

/*
 * Sort @vcpu's pruned ap_list (locked) by rank, with the ranks of now;
 * list_sort() is stable, so equals keep their order of arrival.  The mark
 * is cleared first: a change made meanwhile marks the list again.  One
 * that moved to another vCPU since the prune keeps the list marked.
 */
static void vgic_sort_ap_list(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	struct vgic_irq *irq, *tmp;
	struct kvm_vcpu *dest;
	bool placed = true;

	WRITE_ONCE(vgic_cpu->ap_list_unsorted, false);
	list_for_each_entry_safe(irq, tmp, &vgic_cpu->ap_list_head, ap_list) {
		raw_spin_lock(&irq->irq_lock);
		dest = vgic_listed_irq_dest(irq);
		irq->ap_rank = vgic_irq_rank(irq);
		placed &= !dest || dest == vcpu;
		raw_spin_unlock(&irq->irq_lock);
	}
	list_sort(NULL, &vgic_cpu->ap_list_head, vgic_ap_rank_cmp);
	if (!placed)
		WRITE_ONCE(vgic_cpu->ap_list_unsorted, true);
}

/*
 * The list registers for a non-empty list.  A list that fits them, or a
 * sorted one, is listed from its head, one look at each interrupt it
 * lists.  Otherwise, and when an interrupt is to move, the list is pruned,
 * sorted if it is longer than the list registers, and listed.  A function
 * of its own so that an entry with nothing listed does not pay for its
 * stack frame (which CONFIG_INIT_STACK_ALL_ZERO would clear on every call).
 */
static noinline void vgic_flush_lrs(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	unsigned int nr_lr = kvm_vgic_global_state.nr_lr;
	struct vgic_lr_fill fill = {};

	raw_spin_lock(&vgic_cpu->ap_list_lock);
	if ((vgic_cpu->ap_list_len > nr_lr && READ_ONCE(vgic_cpu->ap_list_unsorted)) ||
	    !vgic_list_head(vcpu, &fill, true)) {
		raw_spin_unlock(&vgic_cpu->ap_list_lock);
		vgic_prune_ap_list(vcpu);
		raw_spin_lock(&vgic_cpu->ap_list_lock);
		if (vgic_cpu->ap_list_len > nr_lr)
			vgic_sort_ap_list(vcpu);
		vgic_list_head(vcpu, &fill, false);
	}

	/*
	 * More to deliver than list registers: ask for a maintenance
	 * interrupt when the guest has drained them (underflow), and when it
	 * has taken every pending one (no pending) if some were loaded.
	 */
	vgic_lr_ops()->set_hcr(vcpu, fill.used, fill.left_out,
			       fill.left_out && fill.any_pending);
	if (VGIC_CHECKS) {
		const char *why = vgic_check_lrs(vcpu);

		WARN_ONCE(why, "vgic: vcpu %d: %s\n", vcpu->vcpu_id, why);
	}
	raw_spin_unlock(&vgic_cpu->ap_list_lock);
	vgic_hw_load_lrs(vcpu);
}

/**
 * kvm_vgic_flush_hwstate() - fill the list registers before guest entry
 * @vcpu:	the vCPU about to enter, preemption disabled
 *
 * Interrupts that are done leave the list here, and interrupts bound for
 * another vCPU move there, before any list register is written: once an
 * interrupt is in one of this vCPU's list registers it stays on this
 * vCPU's list until the sync has folded it back, whatever the guest or
 * userspace retarget in between, so no other vCPU can load it too.  With
 * an empty ap_list this touches no list register and takes no lock.
 */
void kvm_vgic_flush_hwstate(struct kvm_vcpu *vcpu)
{
	if (list_empty(&vcpu->arch.vgic_cpu.ap_list_head))
		return;
	vgic_flush_lrs(vcpu);
}

/*
 * Fold list register @n back into its interrupt.  Return: true if the
 * guest deactivated a level SPI of software (its EOI ended it): KVM's
 * acked-irq notifiers (an irqfd's resampler) are due.
 */
static bool vgic_fold_lr(struct kvm_vcpu *vcpu, unsigned int n, const struct vgic_lr *lr)
{
	struct vgic_irq *irq = vgic_get_irq(vcpu->kvm, vcpu, lr->vintid);
	const struct irq_ops *irq_ops;
	bool deactivated = !lr->pending && !lr->active, acked, moved;

	if (!irq)
		return false;

	raw_spin_lock(&irq->irq_lock);
	/* shown pending (an inactive one always is), back without it */
	trace_vgic_lr_fold(vcpu->vcpu_id, n, lr->vintid,
			   !lr->pending && (irq->pending_in_lr || !irq->active), deactivated);
	if (!lr->pending && irq->pending_in_lr)
		vgic_irq_consume_pending(irq, lr->source);
	irq->pending_in_lr = false;
	moved = irq->active != lr->active;	/* its rank, and maybe its vCPU */
	irq->active = lr->active;

	/*
	 * A level-sensitive interrupt is pending only while its line is high
	 * (IHI 0069 4.1.1): the guest may have silenced the device (a timer
	 * reprogrammed) with the interrupt still pending in the LR.
	 */
	irq_ops = irq->map ? irq->map->ops : NULL;
	if (irq_ops && irq_ops->get_input_level && irq->config == VGIC_CONFIG_LEVEL)
		irq->line_level = irq_ops->get_input_level(irq->intid);

	if (vgic_irq_hw_deactivates(irq))
		vgic_hw_irq_fold(irq, lr->hw && deactivated);
	else if (irq->map && deactivated)
		vgic_sw_resample_release(irq);
	acked = deactivated && lr->eoi_maint && irq->intid >= VGIC_NR_PRIVATE_IRQS;
	if (moved)
		vgic_ap_list_note(irq);
	raw_spin_unlock(&irq->irq_lock);
	return acked;
}

/* GICH_MISR.NP (and ICH_MISR_EL2.NP), which arm-gic.h does not name */
#define VGIC_MISR_NP	BIT(3)

/* What the list registers signalled at the exit, for the tracepoint. */
struct vgic_maint {
	u32 eisr;
	unsigned int valid;
	bool pending;
};

static void vgic_maint_note(struct vgic_maint *m, unsigned int n, const struct vgic_lr *lr)
{
	if (!lr->pending && !lr->active && lr->eoi_maint && !lr->hw)
		m->eisr |= BIT(n);
	m->valid += lr->pending || lr->active;
	m->pending |= lr->pending && !lr->active;	/* the pending state */
}

/*
 * The maintenance interrupt the list registers asserted, which the exit
 * does not save: ICH_MISR_EL2 (IHI 0069 12.4.9) and GICH_MISR (IHI 0048B
 * 5.3.4) keep EOI, U and NP at the same bits, as the HCRs keep UIE and
 * NPIE: GICH_* names serve both.
 */
static void vgic_maint_trace(struct kvm_vcpu *vcpu, const struct vgic_maint *m)
{
	u32 hcr = vgic_lr_ops()->hcr(vcpu), misr = 0;

	if (m->eisr)
		misr |= GICH_MISR_EOI;
	if ((hcr & GICH_HCR_UIE) && m->valid <= 1)
		misr |= GICH_MISR_U;
	if ((hcr & GICH_HCR_NPIE) && !m->pending)
		misr |= VGIC_MISR_NP;
	if (misr)
		trace_vgic_maint(vcpu->vcpu_id, misr, m->eisr);
}

/**
 * kvm_vgic_sync_hwstate() - fold the list registers after guest exit
 * @vcpu:	the vCPU that exited, preemption disabled
 *
 * With no list register in use this touches none and takes no lock.
 */
void kvm_vgic_sync_hwstate(struct kvm_vcpu *vcpu)
{
	const struct vgic_lr_ops *ops = vgic_lr_ops();
	unsigned int used = ops->used_lrs(vcpu), i;
	bool tracing = trace_vgic_maint_enabled();
	struct vgic_maint maint = {};

	if (!used)
		return;
	vgic_hw_save_lrs(vcpu);

	for (i = 0; i < used; i++) {
		struct vgic_lr lr;

		ops->read_lr(vcpu, i, &lr);
		if (tracing)
			vgic_maint_note(&maint, i, &lr);
		/* a resampler lowers the line: not under the IRQ's lock */
		if (vgic_fold_lr(vcpu, i, &lr))
			kvm_notify_acked_irq(vcpu->kvm, 0, lr.vintid - VGIC_NR_PRIVATE_IRQS);
	}
	if (tracing)
		vgic_maint_trace(vcpu, &maint);
	ops->set_hcr(vcpu, 0, false, false);
}
