// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-checks of a debug kernel (one built with CONFIG_PROVE_LOCKING, which
 * no production kernel is): after each flush, the list registers just
 * written and the ap_list they came from are held to the rules the rest
 * of the vGIC relies on.  A broken rule is a bug of the vGIC, never of the
 * guest: it WARNs once.
 */
#include <linux/kvm_host.h>

#include "vgic.h"

/* One list register of @vcpu (its ap_list locked) against its interrupt. */
static const char *vgic_check_lr(struct kvm_vcpu *vcpu, const struct vgic_lr *lr)
{
	struct vgic_irq *irq = vgic_get_irq(vcpu->kvm, vcpu, lr->vintid);
	const char *why = NULL;

	if (!irq)
		return "an LR holds an INTID the VM does not have";
	if (!lr->pending && !lr->active)
		return "an LR written with nothing to show";
	/* IHI 0069 4.4.5 note, IHI 0048B 5.2.6: a HW LR is never pending and active */
	if (lr->hw && lr->pending && lr->active)
		return "a HW LR pending and active";

	raw_spin_lock(&irq->irq_lock);
	if (irq->vcpu != vcpu)
		why = "an interrupt in an LR is not on that vCPU's ap_list";
	else if (lr->hw && (!irq->map || irq->map->phys_irq != lr->pintid))
		why = "a HW LR whose pINTID is not the interrupt's mapping";
	else if (lr->hw && !irq->hw_queued)
		why = "a HW LR whose physical twin the guest does not own (not active)";
	raw_spin_unlock(&irq->irq_lock);
	return why;
}

/**
 * vgic_check_lrs() - the list registers the flush just wrote, checked
 * @vcpu:	the vCPU, its ap_list locked
 *
 * Return: what is wrong, or NULL.
 */
const char *vgic_check_lrs(struct kvm_vcpu *vcpu)
{
	const struct vgic_lr_ops *ops = vgic_lr_ops();
	unsigned int used = ops->used_lrs(vcpu), n, m, len = 0;
	u32 vintid[VGIC_V2_MAX_LRS];	/* the larger of the two */
	struct vgic_irq *irq;
	struct vgic_lr lr;
	const char *why;

	lockdep_assert_held(&vcpu->arch.vgic_cpu.ap_list_lock);
	BUILD_BUG_ON(VGIC_V2_MAX_LRS < VGIC_V3_MAX_LRS);
	if (used > kvm_vgic_global_state.nr_lr)
		return "more LRs used than the host has";
	for (n = 0; n < used; n++) {
		ops->read_lr(vcpu, n, &lr);
		why = vgic_check_lr(vcpu, &lr);
		if (why)
			return why;
		vintid[n] = lr.vintid;
		for (m = 0; m < n; m++)
			if (vintid[m] == lr.vintid)
				return "an interrupt in two LRs";
	}
	list_for_each_entry(irq, &vcpu->arch.vgic_cpu.ap_list_head, ap_list) {
		if (READ_ONCE(irq->vcpu) != vcpu)
			return "an ap_list entry that names another vCPU";
		len++;
	}
	if (len != vcpu->arch.vgic_cpu.ap_list_len)
		return "ap_list_len is not the list's length";
	return NULL;
}
