/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A GICv2 guest for the project's vGIC selftests: the distributor and CPU
 * interface where the guest finds them, their registers (IHI 0048B 4.1.2,
 * 4.1.3), and the VMM side that creates and places the GICv2 device.
 */
#ifndef SELFTEST_KVM_VGIC_V2_MMIO_H
#define SELFTEST_KVM_VGIC_V2_MMIO_H

#include "kvm_util.h"

#define DIST_GPA	0x8000000ULL
#define CPU_GPA		0x8010000ULL

#define GICD_CTLR	0x000
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ISPENDR	0x200
#define GICD_ICPENDR	0x280
#define GICD_ISACTIVER	0x300
#define GICD_ICACTIVER	0x380
#define GICD_SGIR	0xf00
#define GICC_CTLR	0x00
#define GICC_PMR	0x04
#define GICC_IAR	0x0c
#define GICC_EOIR	0x10
#define IAR_INTID(iar)	((iar) & 0x3ff)
#define IAR_CPUID(iar)	(((iar) >> 10) & 0x7)
#define SGIR_TARGETS(t)	((t) << 16)
#define SGIR_SELF	(2u << 24)
#define SPURIOUS	1023

#define gicd(off)	((void *)(DIST_GPA + (off)))
#define gicc(off)	((void *)(CPU_GPA + (off)))

/* The GICv2 device with @nr_irqs INTIDs, initialized; or -errno. */
static int vgic_v2_setup(struct kvm_vm *vm, uint32_t nr_irqs)
{
	uint64_t dist = DIST_GPA, cpu = CPU_GPA;
	int fd = __kvm_create_device(vm, KVM_DEV_TYPE_ARM_VGIC_V2);

	if (fd < 0)
		return fd;
	kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, &dist);
	kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, &cpu);
	kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs);
	kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL);
	virt_map(vm, DIST_GPA, DIST_GPA, KVM_VGIC_V2_DIST_SIZE / vm->page_size ?: 1);
	virt_map(vm, CPU_GPA, CPU_GPA, KVM_VGIC_V2_CPU_SIZE / vm->page_size ?: 1);
	return fd;
}

#endif
