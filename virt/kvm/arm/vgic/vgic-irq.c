// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-IRQ state and the per-vCPU lists of pending or active interrupts.
 *
 * An interrupt is on exactly one vCPU's ap_list while it has something to
 * show that vCPU: it is pending and enabled, or it is active.  The list is
 * what the flush walks to fill the list registers, so the rule "on a list
 * iff it wants a list register" keeps the world switch O(ap_list).
 *
 * Lock order (Documentation/virt/kvm/arm/vgic.rst):
 *   phys-map lock -> ap_list_lock (lower vcpu_id first) -> irq_lock
 */
#include <linux/kvm_host.h>
#include <linux/nospec.h>

#include "vgic.h"

/**
 * vgic_get_irq() - find the state of an interrupt
 * @kvm:	the VM
 * @vcpu:	the vCPU an SGI or PPI belongs to (unused for SPIs)
 * @intid:	the INTID
 *
 * An LPI is returned without a reference: the caller must know that one
 * is held, as the sync does of an LPI in a list register (its list's).
 *
 * Return: the interrupt, or NULL if @intid does not exist in this VM.
 */
struct vgic_irq *vgic_get_irq(struct kvm *kvm, struct kvm_vcpu *vcpu, u32 intid)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	u32 spi = intid - VGIC_NR_PRIVATE_IRQS;

	if (intid < VGIC_NR_PRIVATE_IRQS) {
		if (!vcpu)
			return NULL;
		intid = array_index_nospec(intid, VGIC_NR_PRIVATE_IRQS);
		return &vcpu->arch.vgic_cpu.private_irqs[intid];
	}
	if (intid <= VGIC_MAX_SPI && spi < (u32)dist->nr_spis && dist->spis)
		return &dist->spis[array_index_nospec(spi, dist->nr_spis)];
	if (vgic_is_lpi(intid))
		return xa_load(&dist->lpi_xa, intid);
	return NULL;
}

/**
 * vgic_irq_init() - reset an interrupt to its architectural reset state
 * @irq:	the interrupt
 * @intid:	its INTID
 * @target:	the vCPU it is delivered to (its owner for SGIs and PPIs)
 *
 * SGIs are edge-triggered and always enabled on GICv2 (IHI 0048B 4.3.2);
 * everything else resets disabled, edge, priority 0, group 0.
 */
void vgic_irq_init(struct vgic_irq *irq, u32 intid, struct kvm_vcpu *target)
{
	memset(irq, 0, sizeof(*irq));
	raw_spin_lock_init(&irq->irq_lock);
	INIT_LIST_HEAD(&irq->ap_list);
	irq->intid = intid;
	irq->target_vcpu = target;
	irq->config = VGIC_CONFIG_EDGE;
}

/**
 * vgic_irq_is_pending() - the pending state the architecture defines
 * @irq:	the interrupt, its lock held
 *
 * A level-sensitive interrupt is pending while its line is asserted or
 * its latch is set (IHI 0069 4.1.1); an edge-triggered one while latched.
 *
 * Return: true if the interrupt is pending.
 */
bool vgic_irq_is_pending(const struct vgic_irq *irq)
{
	if (irq->config == VGIC_CONFIG_LEVEL)
		return irq->pending_latch || irq->line_level;
	return irq->pending_latch;
}

/**
 * vgic_irq_consume_pending() - the guest acknowledged the interrupt
 * @irq:	the interrupt, locked
 * @source:	for a GICv2 SGI, the source CPU the acknowledge reported
 *
 * The latched pending state is spent; a GICv2 SGI stays pending for its
 * other sources.  A level interrupt stays pending while its line is high.
 */
void vgic_irq_consume_pending(struct vgic_irq *irq, u8 source)
{
	irq->source &= ~BIT(source);
	irq->pending_latch = irq->source;
}

/**
 * vgic_irq_dest() - the vCPU whose list this interrupt belongs on
 * @irq:	the interrupt, its lock held
 *
 * An active interrupt stays with the vCPU that acknowledged it until it is
 * deactivated; a pending and enabled one goes to its target.
 *
 * Return: that vCPU, or NULL if the interrupt has nothing to show.
 */
struct kvm_vcpu *vgic_irq_dest(const struct vgic_irq *irq)
{
	struct kvm_vcpu *target = irq->target_vcpu;

	if (irq->active)
		return irq->vcpu ? irq->vcpu : target;
	if (target && irq->enabled && vgic_irq_is_pending(irq) &&
	    (target->kvm->arch.vgic.groups_enabled & BIT(irq->group)))
		return target;
	return NULL;
}

/* Queue @irq if it now has something to show; kick the vCPU listing it. */
static void vgic_irq_requeue(struct kvm *kvm, struct vgic_irq *irq)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	if (irq->vcpu || vgic_irq_dest(irq))
		vgic_queue_irq_unlock(kvm, irq, flags);
	else
		raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
}

/**
 * vgic_set_group_enables() - GICD_CTLR.EnableGrp0 / EnableGrp1
 * @kvm:	the VM
 * @groups:	bit n set to enable Group n
 *
 * A pending interrupt of a disabled group is not forwarded to any CPU
 * interface (IHI 0069 4.1.1); enabling the group forwards those that wait.
 */
void vgic_set_group_enables(struct kvm *kvm, u8 groups)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	u8 newly = groups & ~dist->groups_enabled;
	struct kvm_vcpu *vcpu;
	unsigned long idx;
	int i;

	WRITE_ONCE(dist->groups_enabled, groups);
	if (!newly || !vgic_initialized(kvm))
		return;
	for (i = 0; i < dist->nr_spis; i++)
		vgic_irq_requeue(kvm, &dist->spis[i]);
	kvm_for_each_vcpu(idx, vcpu, kvm)
		for (i = 0; i < VGIC_NR_PRIVATE_IRQS; i++)
			vgic_irq_requeue(kvm, &vcpu->arch.vgic_cpu.private_irqs[i]);
}

static void vgic_kick(struct kvm_vcpu *vcpu)
{
	kvm_make_request(KVM_REQ_IRQ_PENDING, vcpu);
	kvm_vcpu_kick(vcpu);
}

/**
 * vgic_queue_irq_unlock() - put an interrupt on the list it belongs on
 * @kvm:	the VM
 * @irq:	the interrupt, locked with irqsave into @flags
 * @flags:	the saved interrupt flags
 *
 * Drops the interrupt's lock.  If the interrupt now has something to show
 * a vCPU, it goes on that vCPU's ap_list and the vCPU is kicked.  If it is
 * already on a list, that vCPU is kicked so that it notices the change,
 * and the list is noted for sorting if the change moves the interrupt.
 *
 * Return: true if the interrupt was added to a list.
 */
bool vgic_queue_irq_unlock(struct kvm *kvm, struct vgic_irq *irq,
			   unsigned long flags) __releases(&irq->irq_lock)
{
	struct kvm_vcpu *dest, *holder;
	raw_spinlock_t *list_lock;
	bool listed;

	lockdep_assert_held(&irq->irq_lock);
	vgic_ap_list_note(irq);
	for (;;) {
		holder = irq->vcpu;
		dest = holder ? NULL : vgic_irq_dest(irq);
		raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
		if (!dest)
			break;

		/* The list lock nests outside the IRQ's: take both in order. */
		list_lock = &dest->arch.vgic_cpu.ap_list_lock;
		raw_spin_lock_irqsave(list_lock, flags);
		raw_spin_lock(&irq->irq_lock);
		listed = !irq->vcpu && vgic_irq_dest(irq) == dest;
		if (listed)
			vgic_ap_list_add(dest, irq);
		raw_spin_unlock(&irq->irq_lock);
		raw_spin_unlock_irqrestore(list_lock, flags);
		if (listed) {
			vgic_kick(dest);
			return true;
		}
		/* It moved while unlocked: look again. */
		raw_spin_lock_irqsave(&irq->irq_lock, flags);
	}

	if (holder)
		vgic_kick(holder);
	return false;
}

/* Move @irq from @from's list to its destination; no locks held. */
static void vgic_migrate_irq(struct kvm_vcpu *from, struct vgic_irq *irq)
{
	struct kvm_vcpu *to, *first, *second;
	unsigned long flags;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	to = vgic_irq_dest(irq);
	raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
	if (!to || to == from)
		return;

	first = from->vcpu_id < to->vcpu_id ? from : to;
	second = first == from ? to : from;
	raw_spin_lock_irqsave(&first->arch.vgic_cpu.ap_list_lock, flags);
	raw_spin_lock_nested(&second->arch.vgic_cpu.ap_list_lock,
			     SINGLE_DEPTH_NESTING);
	raw_spin_lock(&irq->irq_lock);

	/* Recheck: the state may have moved while no lock was held. */
	if (irq->vcpu == from && vgic_irq_dest(irq) == to) {
		/* the list's reference moves with it: it may be the last */
		vgic_ap_list_unlink(irq);
		vgic_ap_list_insert(to, irq);
	} else {
		to = NULL;
	}

	raw_spin_unlock(&irq->irq_lock);
	raw_spin_unlock(&second->arch.vgic_cpu.ap_list_lock);
	raw_spin_unlock_irqrestore(&first->arch.vgic_cpu.ap_list_lock, flags);
	if (to)
		vgic_kick(to);
}

/**
 * vgic_prune_ap_list() - make @vcpu's list hold only what belongs there
 * @vcpu:	the vCPU, not in the guest (its list registers are folded)
 *
 * Interrupts with nothing left to show leave the list; interrupts whose
 * destination is another vCPU move to that vCPU's list.
 */
void vgic_prune_ap_list(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	struct vgic_irq *irq, *tmp;
	unsigned long flags;

retry:
	raw_spin_lock_irqsave(&vgic_cpu->ap_list_lock, flags);
	list_for_each_entry_safe(irq, tmp, &vgic_cpu->ap_list_head, ap_list) {
		struct kvm_vcpu *dest;

		raw_spin_lock(&irq->irq_lock);
		dest = vgic_listed_irq_dest(irq);
		raw_spin_unlock(&irq->irq_lock);

		if (dest && dest != vcpu) {
			raw_spin_unlock_irqrestore(&vgic_cpu->ap_list_lock, flags);
			vgic_migrate_irq(vcpu, irq);
			goto retry;
		}
	}
	raw_spin_unlock_irqrestore(&vgic_cpu->ap_list_lock, flags);
}

/*
 * Would the CPU interface signal @irq (locked, pending and enabled)?  Its
 * group must be enabled there, and its priority above the priority mask
 * and the running priority (IHI 0069 4.8, IHI 0048B 3.3): a vCPU in WFI
 * wakes only for an interrupt it could take.  An interrupt that is active
 * and pending is not signalled until it is deactivated.  The running
 * priority is compared at the preemption levels the active-priorities
 * registers keep, not the guest's binary point: an interrupt that ties
 * with the running group priority still wakes the vCPU, so that a wake
 * is never missed.
 */
static bool vgic_cpuif_signals(const struct vgic_vmcr *vmcr, unsigned int running,
			       const struct vgic_irq *irq)
{
	return (irq->group ? vmcr->grpen1 : vmcr->grpen0) && !irq->active &&
	       irq->priority < vmcr->pmr && irq->priority < running;
}

/**
 * kvm_vgic_vcpu_pending_irq() - does @vcpu have an interrupt to take?
 * @vcpu:	the vCPU, put (its VMCR saved), as in WFI
 *
 * Also true when an interrupt on its list is due to move to another vCPU:
 * the vCPU has to run its flush for the move to happen.
 *
 * Return: 1 if the vCPU should run, 0 otherwise.
 */
int kvm_vgic_vcpu_pending_irq(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	struct kvm_vcpu *dest;
	struct vgic_irq *irq;
	unsigned int running;
	struct vgic_vmcr vmcr;
	unsigned long flags;
	bool pending = false;

	if (list_empty(&vgic_cpu->ap_list_head))
		return 0;

	vgic_get_vmcr(vcpu, &vmcr);
	running = vgic_lr_ops()->running_priority(vcpu);
	raw_spin_lock_irqsave(&vgic_cpu->ap_list_lock, flags);
	list_for_each_entry(irq, &vgic_cpu->ap_list_head, ap_list) {
		raw_spin_lock(&irq->irq_lock);
		dest = vgic_irq_dest(irq);
		pending = (dest && dest != vcpu) ||
			  (irq->enabled && vgic_irq_is_pending(irq) &&
			   vgic_cpuif_signals(&vmcr, running, irq));
		raw_spin_unlock(&irq->irq_lock);
		if (pending)
			break;
	}
	raw_spin_unlock_irqrestore(&vgic_cpu->ap_list_lock, flags);
	return pending;
}
