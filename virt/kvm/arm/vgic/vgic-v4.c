// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv4 direct injection: not offered yet.  Interrupts from irq-bypass
 * producers keep the software path through their irqfd, and a vCPU has
 * no vPE to make resident.
 */
#include <linux/kvm_host.h>

#include "vgic.h"

/**
 * kvm_vgic_v4_set_forwarding() - forward a host interrupt as a vLPI
 * @kvm:	the VM
 * @host_irq:	the host interrupt
 * @route:	its irqfd routing entry
 *
 * Return: 0: nothing is forwarded, the irqfd path serves it.
 */
int kvm_vgic_v4_set_forwarding(struct kvm *kvm, int host_irq,
			       struct kvm_kernel_irq_routing_entry *route)
{
	return 0;
}

/**
 * kvm_vgic_v4_unset_forwarding() - stop forwarding a host interrupt
 * @kvm:	the VM
 * @host_irq:	the host interrupt
 * @route:	its irqfd routing entry
 *
 * Return: 0.
 */
int kvm_vgic_v4_unset_forwarding(struct kvm *kvm, int host_irq,
				 struct kvm_kernel_irq_routing_entry *route)
{
	return 0;
}

/**
 * vgic_v4_load() - make a vCPU's vPE resident
 * @vcpu:	the vCPU
 *
 * Return: 0: there is no vPE.
 */
int vgic_v4_load(struct kvm_vcpu *vcpu)
{
	return 0;
}

/**
 * vgic_v4_put() - make a vCPU's vPE non-resident
 * @vcpu:	the vCPU
 *
 * Return: 0: there is no vPE.
 */
int vgic_v4_put(struct kvm_vcpu *vcpu)
{
	return 0;
}
