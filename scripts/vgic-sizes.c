// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sizes of the vGIC's state as a kernel lays it out: compiled to
 * assembly with that kernel's own flags (scripts/vgic-sizes.sh), each size
 * an "->name value" line, as asm-offsets does.  Only the interface header's
 * structures: what include/kvm/arm_vgic.h declares, in either kernel.
 */
#include <linux/kvm_host.h>
#include <kvm/arm_vgic.h>

#define SIZE(sym, val) asm volatile("\n.ascii \"->" #sym " %0\"" : : "i" (val))

void vgic_sizes(void);
void vgic_sizes(void)
{
	SIZE(vgic_irq, sizeof(struct vgic_irq));
	SIZE(vgic_cpu, sizeof(struct vgic_cpu));
	SIZE(vgic_dist, sizeof(struct vgic_dist));
	/* An array in struct vgic_cpu, or a pointer to an allocation. */
	SIZE(private_irqs_field, sizeof(((struct vgic_cpu *)0)->private_irqs));
}
