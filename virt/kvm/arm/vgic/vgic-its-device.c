// SPDX-License-Identifier: GPL-2.0-only
/*
 * The KVM device KVM_DEV_TYPE_ARM_VGIC_ITS
 * (Documentation/virt/kvm/devices/arm-vgic-its.rst): the frame's guest
 * address, INIT and RESET, and the registers for save/restore.  A VM may
 * have several, each in its own 128KB.  The translation and the command
 * queue are vgic-its.c's and vgic-its-cmd.c's.
 */
#include <linux/kvm_host.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <asm/kvm_mmu.h>

#include "vgic.h"
#include "vgic-its.h"

#define VGIC_ITS_FRAME_SIZE	(2 * SZ_64K)	/* control and translation frames */

/* KVM_VGIC_ITS_ADDR_TYPE: 64KB aligned, inside the IPA space, once. */
static int vgic_its_dev_addr(struct vgic_its *its, u64 __user *uaddr, bool write)
{
	struct kvm *kvm = its->kvm;
	u64 addr;
	int ret;

	if (!write)
		return put_user(its->base, uaddr);
	if (get_user(addr, uaddr))
		return -EFAULT;
	if (addr & (SZ_64K - 1))
		return -EINVAL;
	if (!vgic_range_fits(addr, VGIC_ITS_FRAME_SIZE, kvm_phys_shift(&kvm->arch.mmu)))
		return -E2BIG;

	mutex_lock(&kvm->arch.config_lock);
	ret = vgic_its_set_base(its, addr);
	mutex_unlock(&kvm->arch.config_lock);
	if (ret)
		return ret;
	return vgic_io_register_its(kvm, &its->iodev, addr, VGIC_ITS_FRAME_SIZE);
}

/* GRP_ITS_REGS: every vCPU out of the guest, as for the GIC's registers. */
static int vgic_its_dev_regs(struct vgic_its *its, u64 offset, u64 __user *uaddr, bool write)
{
	struct kvm *kvm = its->kvm;
	u64 val;
	int ret;

	if (write && get_user(val, uaddr))
		return -EFAULT;
	mutex_lock(&kvm->lock);
	if (!lock_all_vcpus(kvm)) {
		mutex_unlock(&kvm->lock);
		return -EBUSY;
	}
	ret = vgic_its_uaccess(its, offset, write, &val);
	unlock_all_vcpus(kvm);
	mutex_unlock(&kvm->lock);
	if (ret || write)
		return ret;
	return put_user(val, uaddr);
}

/* SAVE_TABLES and RESTORE_TABLES run with every vCPU out of the guest. */
static int vgic_its_dev_tables(struct vgic_its *its, bool save)
{
	struct kvm *kvm = its->kvm;
	int ret;

	mutex_lock(&kvm->lock);
	if (!lock_all_vcpus(kvm)) {
		mutex_unlock(&kvm->lock);
		return -EBUSY;
	}
	ret = save ? vgic_its_save_tables(its) : vgic_its_restore_tables(its);
	unlock_all_vcpus(kvm);
	mutex_unlock(&kvm->lock);
	return ret;
}

static int vgic_its_dev_ctrl(struct vgic_its *its, u64 attr)
{
	switch (attr) {
	case KVM_DEV_ARM_VGIC_CTRL_INIT:
		return 0;		/* ready from creation */
	case KVM_DEV_ARM_ITS_CTRL_RESET:
		vgic_its_reset(its);
		return 0;
	case KVM_DEV_ARM_ITS_SAVE_TABLES:
		return vgic_its_dev_tables(its, true);
	case KVM_DEV_ARM_ITS_RESTORE_TABLES:
		return vgic_its_dev_tables(its, false);
	default:
		return -ENXIO;
	}
}

static int vgic_its_dev_access(struct kvm_device *dev, struct kvm_device_attr *attr,
			       bool write)
{
	struct vgic_its *its = dev->private;
	u64 __user *uaddr = (u64 __user *)(unsigned long)attr->addr;

	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR:
		if (attr->attr != KVM_VGIC_ITS_ADDR_TYPE)
			return -ENODEV;
		return vgic_its_dev_addr(its, uaddr, write);
	case KVM_DEV_ARM_VGIC_GRP_CTRL:
		return write ? vgic_its_dev_ctrl(its, attr->attr) : -ENXIO;
	case KVM_DEV_ARM_VGIC_GRP_ITS_REGS:
		return vgic_its_dev_regs(its, attr->attr, uaddr, write);
	default:
		return -ENXIO;
	}
}

static int vgic_its_dev_set_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	return vgic_its_dev_access(dev, attr, true);
}

static int vgic_its_dev_get_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	return vgic_its_dev_access(dev, attr, false);
}

static int vgic_its_dev_has_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR:
		return attr->attr == KVM_VGIC_ITS_ADDR_TYPE ? 0 : -ENXIO;
	case KVM_DEV_ARM_VGIC_GRP_CTRL:
		return attr->attr == KVM_DEV_ARM_VGIC_CTRL_INIT ||
		       attr->attr == KVM_DEV_ARM_ITS_CTRL_RESET ||
		       attr->attr == KVM_DEV_ARM_ITS_SAVE_TABLES ||
		       attr->attr == KVM_DEV_ARM_ITS_RESTORE_TABLES ? 0 : -ENXIO;
	case KVM_DEV_ARM_VGIC_GRP_ITS_REGS:
		return vgic_its_reg_width(attr->attr) ? 0 : -ENXIO;
	default:
		return -ENXIO;
	}
}

/* An ITS belongs to a GICv3 VM: the GIC is created first (arm-vgic-its.rst). */
static int vgic_its_dev_create(struct kvm_device *dev, u32 type)
{
	struct vgic_its *its;

	if (dev->kvm->arch.vgic.vgic_model != KVM_DEV_TYPE_ARM_VGIC_V3)
		return -ENODEV;
	its = vgic_its_create(dev->kvm);
	if (!its)
		return -ENOMEM;
	dev->private = its;
	return 0;
}

/* The MMIO bus is gone by now (kvm_destroy_vm() frees it before devices). */
static void vgic_its_dev_destroy(struct kvm_device *dev)
{
	vgic_its_destroy(dev->private);
	kfree(dev);
}

/* Laid out as vgic-kvm-device.c's VGIC_DEVICE_OPS, two to a line. */
static struct kvm_device_ops kvm_arm_vgic_its_ops = {
	.name = "kvm-arm-vgic-its", .create = vgic_its_dev_create,
	.destroy = vgic_its_dev_destroy, .set_attr = vgic_its_dev_set_attr,
	.get_attr = vgic_its_dev_get_attr, .has_attr = vgic_its_dev_has_attr,
};

/**
 * vgic_its_register_device() - offer KVM_DEV_TYPE_ARM_VGIC_ITS
 *
 * Return: 0, or the error of kvm_register_device_ops().
 */
int vgic_its_register_device(void)
{
	return kvm_register_device_ops(&kvm_arm_vgic_its_ops, KVM_DEV_TYPE_ARM_VGIC_ITS);
}
