// SPDX-License-Identifier: GPL-2.0-only
/*
 * Injection of interrupts by in-kernel devices and by userspace, and the
 * ownership that keeps one device's interrupt out of another's hands.
 */
#include <linux/kvm_host.h>

#include "vgic.h"
#include "trace.h"

/*
 * The interrupt a caller names: an SGI or PPI of @vcpu, or an SPI.  SGIs
 * are raised by the guest itself, never through the injection API.
 */
static struct vgic_irq *vgic_injectable_irq(struct kvm *kvm,
					    struct kvm_vcpu *vcpu, u32 intid)
{
	if (intid < VGIC_NR_SGIS || intid > VGIC_MAX_SPI)
		return NULL;
	if (irq_is_ppi(intid) && !vcpu)
		return NULL;
	return vgic_get_irq(kvm, vcpu, intid);
}

/**
 * kvm_vgic_inject_irq() - drive the input of a virtual interrupt
 * @kvm:	the VM
 * @vcpu:	the vCPU of a PPI; ignored for SPIs
 * @intid:	the INTID, a PPI or an SPI
 * @level:	the new line level; for an edge-triggered interrupt a true
 *		level is an edge and a false one does nothing
 * @owner:	who injects: must match the owner set with
 *		kvm_vgic_set_owner(), NULL for userspace
 *
 * Userspace (@owner NULL, process context) may inject into a GICv2 VM
 * before KVM_DEV_ARM_VGIC_CTRL_INIT: that initializes it with the defaults
 * (vgic_lazy_init()).
 *
 * Return: 0, -ENODEV before the vGIC is initialized, -EINVAL for an
 * INTID this VM does not have, -EPERM if @owner does not own it.
 */
int kvm_vgic_inject_irq(struct kvm *kvm, struct kvm_vcpu *vcpu,
			unsigned int intid, bool level, void *owner)
{
	struct vgic_irq *irq;
	unsigned long flags;

	if (!vgic_initialized(kvm)) {
		int ret = -ENODEV;

		if (!owner && irqchip_in_kernel(kvm)) {
			mutex_lock(&kvm->lock);
			ret = vgic_lazy_init(kvm);
			mutex_unlock(&kvm->lock);
		}
		if (ret)
			return -ENODEV;
	}

	trace_vgic_update_irq_pending(vcpu ? vcpu->vcpu_id : 0, intid, level);
	irq = vgic_injectable_irq(kvm, vcpu, intid);
	if (!irq)
		return -EINVAL;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	if (irq->owner != owner) {
		raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
		return -EPERM;
	}

	/*
	 * An in-kernel device raises a mapped line when the host has taken
	 * its physical interrupt, which stays active (it is forwarded to a
	 * vCPU, so the host does not deactivate it), or after making it
	 * active itself (the timers at vcpu_load): the guest owns it now.
	 */
	if (owner && level && vgic_irq_hw_deactivates(irq))
		irq->hw_queued = true;

	if (irq->config == VGIC_CONFIG_LEVEL) {
		if (irq->line_level == level) {
			raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
			return 0;
		}
		irq->line_level = level;
		/*
		 * The line of a mapped interrupt dropped before the guest
		 * took it: the physical twin, which the host may have taken
		 * and left active, must not stay active with nothing to show.
		 */
		if (!level && vgic_irq_hw_deactivates(irq))
			vgic_hw_irq_settle(irq);
	} else if (level) {
		vgic_irq_new_edge(irq);
	} else {
		raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
		return 0;
	}

	vgic_queue_irq_unlock(kvm, irq, flags);
	return 0;
}

/**
 * vgic_inject_event() - latch an SPI pending, whatever its trigger
 * @kvm:	the VM, its vGIC initialized
 * @intid:	an SPI that no in-kernel device owns
 *
 * What a plain irqfd delivers: one event, pending until the guest takes
 * it, edge or level (a level line is not left asserted).
 *
 * Return: 0, -EINVAL for an INTID this VM does not have, -EPERM if it is
 * owned.
 */
int vgic_inject_event(struct kvm *kvm, u32 intid)
{
	struct vgic_irq *irq = vgic_injectable_irq(kvm, NULL, intid);
	unsigned long flags;

	if (!irq)
		return -EINVAL;
	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	if (irq->owner) {
		raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
		return -EPERM;
	}
	vgic_irq_new_edge(irq);
	vgic_queue_irq_unlock(kvm, irq, flags);
	return 0;
}

/**
 * kvm_vgic_set_owner() - reserve a PPI or SPI for an in-kernel device
 * @vcpu:	the vCPU of a PPI
 * @intid:	the INTID
 * @owner:	the device's opaque identity
 *
 * Return: 0, -EAGAIN before the vGIC is initialized, -EINVAL for an INTID
 * that cannot be owned, -EBUSY if another device owns it.
 */
int kvm_vgic_set_owner(struct kvm_vcpu *vcpu, unsigned int intid, void *owner)
{
	struct vgic_irq *irq = NULL;
	unsigned long flags;
	bool taken;

	if (vgic_initialized(vcpu->kvm))
		irq = vgic_injectable_irq(vcpu->kvm, vcpu, intid);
	else
		return -EAGAIN;
	if (!owner || !irq)
		return -EINVAL;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	taken = irq->owner && irq->owner != owner;
	if (!taken)
		irq->owner = owner;
	raw_spin_unlock_irqrestore(&irq->irq_lock, flags);

	return taken ? -EBUSY : 0;
}
