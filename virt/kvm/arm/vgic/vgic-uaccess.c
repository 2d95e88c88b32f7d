// SPDX-License-Identifier: GPL-2.0-only
/*
 * Save and restore: the KVM device attribute groups of the vGIC devices
 * (Documentation/virt/kvm/devices/arm-vgic.rst, arm-vgic-v3.rst) decoded
 * into accesses to the same register frames the guest sees, with the
 * userspace views where the documentation defines them.
 */
#include <linux/bitfield.h>
#include <linux/kvm_host.h>
#include <linux/sizes.h>

#include "vgic.h"
#include "vgic-mmio.h"

/* The attribute's mpidr field, Aff3.Aff2.Aff1.Aff0, in MPIDR layout. */
static struct kvm_vcpu *vgic_attr_mpidr_vcpu(struct kvm *kvm, u64 attr)
{
	u32 aff = FIELD_GET(KVM_DEV_ARM_VGIC_V3_MPIDR_MASK, attr);
	u64 mpidr = ((u64)(aff >> 24) << 32) | (aff & 0xffffff);

	return kvm_mpidr_to_vcpu(kvm, mpidr);
}

static struct kvm_vcpu *vgic_attr_index_vcpu(struct kvm *kvm, u64 attr)
{
	return kvm_get_vcpu(kvm, FIELD_GET(KVM_DEV_ARM_VGIC_CPUID_MASK, attr));
}

static bool vgic_is_v3(struct kvm *kvm)
{
	return kvm->arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3;
}

/*
 * KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO: the input levels of 32 interrupts from
 * @intid.  SGIs and interrupts that do not exist are RAZ/WI.  The line of
 * a mapped interrupt is its owner's: what userspace restores stands until
 * the owner is next asked (vgic_irq_resample()), and a line restored low
 * lets the physical twin go.
 */
static int vgic_line_level_access(struct kvm_vcpu *vcpu, u32 intid, u64 *val,
				  bool is_write)
{
	unsigned int i;

	if (!is_write)
		*val = 0;
	for (i = 0; i < 32; i++) {
		struct vgic_irq *irq;
		unsigned long flags;
		bool level = *val & BIT(i);

		if (intid + i < VGIC_NR_SGIS)
			continue;
		irq = vgic_get_irq(vcpu->kvm, vcpu, intid + i);
		if (!irq)
			continue;
		raw_spin_lock_irqsave(&irq->irq_lock, flags);
		if (!is_write) {
			*val |= (u64)irq->line_level << i;
			raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
			continue;
		}
		irq->line_level = level;
		if (!level && vgic_irq_hw_deactivates(irq))
			vgic_hw_irq_settle(irq);
		vgic_queue_irq_unlock(vcpu->kvm, irq, flags);
	}
	return 0;
}

/**
 * vgic_attr_access() - get or set one vGIC device attribute
 * @kvm:	the VM, its vCPUs not running
 * @group:	KVM_DEV_ARM_VGIC_GRP_{DIST,REDIST,CPU}_REGS, _CPU_SYSREGS or
 *		_LEVEL_INFO
 * @attr:	the attribute (register offset or encoding, and CPU)
 * @val:	the value (32-bit registers use the low half)
 * @is_write:	set (write *@val) or get (read into *@val)
 *
 * Return: 0; -ENXIO for a group or register this vGIC does not have;
 * -EINVAL for a CPU that does not exist or a malformed attribute;
 * -EPERM for a change to the state of a mapped interrupt.
 */
int vgic_attr_access(struct kvm *kvm, u32 group, u64 attr, u64 *val, bool is_write)
{
	u32 offset = FIELD_GET(KVM_DEV_ARM_VGIC_OFFSET_MASK, attr);
	bool v3 = vgic_is_v3(kvm);
	struct kvm_vcpu *vcpu;
	int ret;

	ret = vgic_attr_has(kvm, group, attr);
	if (ret)
		return ret;
	vcpu = v3 ? vgic_attr_mpidr_vcpu(kvm, attr) : vgic_attr_index_vcpu(kvm, attr);
	if (is_write && group != KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS)
		*val = (u32)*val;

	switch (group) {
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
		if (v3)
			return vgic_v3_dist_access(kvm, offset, 4, is_write, val, true);
		return vgic_v2_dist_access(vcpu, offset, 4, is_write, val, true);
	case KVM_DEV_ARM_VGIC_GRP_REDIST_REGS:
		return vgic_v3_rdist_access(vcpu, offset, 4, is_write, val, true);
	case KVM_DEV_ARM_VGIC_GRP_CPU_REGS:
		return vgic_v2_cpuif_access(vcpu, offset, 4, is_write, val, true);
	case KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS:
		return vgic_v3_cpu_sysregs_uaccess(vcpu, attr & KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK,
						   val, is_write);
	default:	/* KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, vetted above */
		return vgic_line_level_access(vcpu, attr & KVM_DEV_ARM_VGIC_LINE_LEVEL_INTID_MASK,
					      val, is_write);
	}
}

/**
 * vgic_attr_has() - does a vGIC device attribute exist?
 * @kvm:	the VM
 * @group:	the attribute group
 * @attr:	the attribute
 *
 * Return: 0 if it does, -ENXIO if this vGIC has no such register or group,
 * -EINVAL if it names a CPU that does not exist or is malformed.
 */
int vgic_attr_has(struct kvm *kvm, u32 group, u64 attr)
{
	u32 offset = FIELD_GET(KVM_DEV_ARM_VGIC_OFFSET_MASK, attr);
	bool v3 = vgic_is_v3(kvm);
	u64 instr = attr & KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK;
	struct kvm_vcpu *vcpu;
	u32 info;

	vcpu = v3 ? vgic_attr_mpidr_vcpu(kvm, attr) : vgic_attr_index_vcpu(kvm, attr);
	switch (group) {
	case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
		if (!v3 && !vcpu)
			return -EINVAL;
		return vgic_frame_has(v3 ? &vgic_v3_dist_frame : &vgic_v2_dist_frame,
				      offset, true) ? 0 : -ENXIO;
	case KVM_DEV_ARM_VGIC_GRP_REDIST_REGS:
		if (!v3)
			return -ENXIO;
		if (!vcpu)
			return -EINVAL;
		if (offset >= SZ_64K)
			return vgic_frame_has(&vgic_v3_sgi_frame, offset - SZ_64K, true) ?
			       0 : -ENXIO;
		return vgic_frame_has(&vgic_v3_rd_frame, offset, true) ? 0 : -ENXIO;
	case KVM_DEV_ARM_VGIC_GRP_CPU_REGS:
		if (v3)
			return -ENXIO;
		if (!vcpu)
			return -EINVAL;
		return vgic_frame_has(&vgic_v2_cpuif_frame, offset, true) ? 0 : -ENXIO;
	case KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS:
		if (!v3)
			return -ENXIO;
		if (!vcpu)
			return -EINVAL;
		return vgic_v3_has_cpu_sysregs_attr(vcpu, instr);
	case KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO:
		info = FIELD_GET(KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_MASK, attr);
		if (!v3)
			return -ENXIO;
		if (!vcpu || info != VGIC_LEVEL_INFO_LINE_LEVEL ||
		    (attr & KVM_DEV_ARM_VGIC_LINE_LEVEL_INTID_MASK) % 32)
			return -EINVAL;
		return 0;
	default:
		return -ENXIO;
	}
}
