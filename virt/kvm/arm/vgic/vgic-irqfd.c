// SPDX-License-Identifier: GPL-2.0-only
/*
 * The KVM irqchip routing of a vGIC: KVM_IRQ_LINE-style pins are SPIs
 * (pin n is INTID 32 + n), and irqfds raise them; MSIs (KVM_SIGNAL_MSI,
 * MSI routes) go to the ITS whose doorbell they write.
 */
#include <linux/kvm_host.h>
#include <linux/slab.h>

#include "vgic.h"

/*
 * An irqfd with a resampler (KVM_IRQFD_FLAG_RESAMPLE, VFIO INTx) drives
 * the line: asserted now, de-asserted by the resampler once the guest has
 * EOI-ed the interrupt (the sync calls kvm_notify_acked_irq()).  A plain
 * irqfd only reports an event: asserted and, on the deferred path, at once
 * de-asserted, or only asserted on the atomic one.  On a level SPI the
 * first would be lost if the guest had not looked yet and the second would
 * stay asserted for ever, so the event is latched instead, as GICD_ISPENDR
 * would latch it, and the guest's acknowledge consumes it.
 */
static int vgic_irqfd_set_irq(struct kvm_kernel_irq_routing_entry *e,
			      struct kvm *kvm, int irq_source_id, int level,
			      bool line_status)
{
	u32 spi = e->irqchip.pin + VGIC_NR_PRIVATE_IRQS;

	if (!vgic_valid_spi(kvm, spi))
		return -EINVAL;
	if (!kvm_irq_has_notifier(kvm, e->irqchip.irqchip, e->irqchip.pin))
		return level ? vgic_inject_event(kvm, spi) : 0;
	return kvm_vgic_inject_irq(kvm, NULL, spi, level, NULL);
}

/* An MSI route: the doorbell write it stands for, kept whole. */
static int vgic_msi_route(struct kvm *kvm, struct kvm_kernel_irq_routing_entry *e,
			  const struct kvm_irq_routing_entry *ue)
{
	const struct kvm_irq_routing_msi *msi = &ue->u.msi;
	bool has_devid = ue->flags & KVM_MSI_VALID_DEVID;

	if (kvm->arch.vgic.msis_require_devid && !has_devid)
		return -EINVAL;
	e->set = kvm_set_msi;
	e->msi.flags = ue->flags;
	e->msi.devid = has_devid ? msi->devid : 0;
	e->msi.data = msi->data;
	e->msi.address_hi = msi->address_hi;
	e->msi.address_lo = msi->address_lo;
	return 0;
}

/**
 * kvm_set_routing_entry() - check and install one routing entry
 * @kvm:	the VM
 * @e:		the kernel entry to fill
 * @ue:		what userspace asked for
 *
 * An MSI route of a VM with an ITS must carry a DeviceID
 * (KVM_MSI_VALID_DEVID): the ITS translates by it.
 *
 * Return: 0, or -EINVAL for an entry a vGIC cannot serve.
 */
int kvm_set_routing_entry(struct kvm *kvm, struct kvm_kernel_irq_routing_entry *e,
			  const struct kvm_irq_routing_entry *ue)
{
	if (ue->type == KVM_IRQ_ROUTING_MSI)
		return vgic_msi_route(kvm, e, ue);
	if (ue->type != KVM_IRQ_ROUTING_IRQCHIP || ue->u.irqchip.irqchip ||
	    ue->u.irqchip.pin >= KVM_IRQCHIP_NUM_PINS)
		return -EINVAL;
	e->set = vgic_irqfd_set_irq;
	e->irqchip.irqchip = ue->u.irqchip.irqchip;
	e->irqchip.pin = ue->u.irqchip.pin;
	return 0;
}

/**
 * kvm_set_msi() - an MSI write
 * @e:			the routing entry
 * @kvm:		the VM
 * @irq_source_id:	unused
 * @level:		unused
 * @line_status:	unused
 *
 * The write's address names the ITS (its GITS_TRANSLATER), its data the
 * EventID, the route's DeviceID the device.  Any context.
 *
 * Return: 1 if an LPI was made pending, 0 if the ITS is disabled,
 * -EINVAL if nothing translates it, -ENODEV without an ITS.
 */
int kvm_set_msi(struct kvm_kernel_irq_routing_entry *e, struct kvm *kvm,
		int irq_source_id, int level, bool line_status)
{
	u64 doorbell = (u64)e->msi.address_hi << 32 | e->msi.address_lo;

	if (!vgic_has_lpis(kvm))
		return -ENODEV;
	return vgic_its_inject_msi(kvm, doorbell, e->msi.devid, e->msi.data);
}

/**
 * kvm_arch_set_irq_inatomic() - an irqfd fires, in atomic context
 * @e:			the routing entry
 * @kvm:		the VM
 * @irq_source_id:	the source
 * @level:		1
 * @line_status:	unused
 *
 * The SPI is raised here and now (injection takes raw spinlocks only), as
 * vgic_irqfd_set_irq() raises it: a resampled line is asserted, a plain
 * irqfd's event is latched.  An MSI is translated here too: the ITS's
 * lookups take no lock (RCU).
 *
 * Return: 0, or -EWOULDBLOCK for what must take the deferred path.
 */
int kvm_arch_set_irq_inatomic(struct kvm_kernel_irq_routing_entry *e,
			      struct kvm *kvm, int irq_source_id, int level,
			      bool line_status)
{
	if (e->type == KVM_IRQ_ROUTING_MSI && vgic_has_lpis(kvm))
		return kvm_set_msi(e, kvm, irq_source_id, level, line_status);
	/* Not initialized: a GICv2 VM initializes on the deferred path. */
	if (e->type != KVM_IRQ_ROUTING_IRQCHIP || !vgic_initialized(kvm))
		return -EWOULDBLOCK;
	return vgic_irqfd_set_irq(e, kvm, irq_source_id, 1, line_status);
}

/**
 * kvm_vgic_setup_default_irq_routing() - pin n to SPI 32 + n, for all SPIs
 * @kvm:	the VM, its vGIC initialized
 *
 * Done once, at CTRL_INIT or at the first run, whichever comes first: a
 * routing the VMM installs afterwards is not overwritten.
 *
 * Return: 0, -ENOMEM, or the error of kvm_set_irq_routing().
 */
int kvm_vgic_setup_default_irq_routing(struct kvm *kvm)
{
	u32 nr = kvm->arch.vgic.nr_spis, i;
	struct kvm_irq_routing_entry *entries;
	int ret;

	if (kvm->arch.vgic.routing_set)
		return 0;

	entries = kcalloc(nr, sizeof(*entries), GFP_KERNEL_ACCOUNT);
	if (!entries)
		return -ENOMEM;
	for (i = 0; i < nr; i++)
		entries[i] = (struct kvm_irq_routing_entry) {
			.gsi = i, .type = KVM_IRQ_ROUTING_IRQCHIP, .u.irqchip.pin = i,
		};
	ret = kvm_set_irq_routing(kvm, entries, nr, 0);
	kfree(entries);
	kvm->arch.vgic.routing_set = !ret;
	return ret;
}
