// SPDX-License-Identifier: GPL-2.0-only
/*
 * The KVM devices KVM_DEV_TYPE_ARM_VGIC_V2 and KVM_DEV_TYPE_ARM_VGIC_V3
 * (Documentation/virt/kvm/devices/arm-vgic.rst, arm-vgic-v3.rst): guest
 * addresses of the frames, number of interrupts, initialization, and the
 * save/restore groups of vgic-uaccess.c.
 */
#include <linux/bitfield.h>
#include <linux/kvm_host.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <asm/kvm_mmu.h>

#include "vgic.h"
#include "vgic-mmio.h"

/* KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION (arm-vgic-v3.rst): count, base, index */
#define VGIC_RDREG_COUNT	GENMASK_ULL(63, 52)
#define VGIC_RDREG_BASE		GENMASK_ULL(51, 16)
#define VGIC_RDREG_FLAGS	GENMASK_ULL(15, 12)
#define VGIC_RDREG_INDEX	GENMASK_ULL(11, 0)

static bool vgic_addr_unset(gpa_t addr)
{
	return addr == VGIC_ADDR_UNDEF;
}

/* KVM_VGIC_V3_ADDR_TYPE_REDIST: the base of one region, one frame per vCPU. */
static int vgic_legacy_redist_access(struct kvm *kvm, u64 *addr, bool write)
{
	const struct vgic_redist_region *rdreg = vgic_v3_rdist_region_get(kvm, 0);

	if (write)
		return vgic_v3_rdist_region_add(kvm, 0, *addr, 0, kvm_phys_shift(&kvm->arch.mmu));
	*addr = rdreg && !rdreg->count ? rdreg->base : VGIC_ADDR_UNDEF;
	return 0;
}

/* KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION: count, base and index of a region. */
static int vgic_redist_region_access(struct kvm *kvm, u64 *val, bool write)
{
	u32 index = FIELD_GET(VGIC_RDREG_INDEX, *val);
	const struct vgic_redist_region *rdreg;
	u32 count = FIELD_GET(VGIC_RDREG_COUNT, *val);

	if (write) {
		if (*val & VGIC_RDREG_FLAGS || !count)
			return -EINVAL;
		return vgic_v3_rdist_region_add(kvm, index, FIELD_GET(VGIC_RDREG_BASE, *val) << 16,
						count, kvm_phys_shift(&kvm->arch.mmu));
	}
	rdreg = vgic_v3_rdist_region_get(kvm, index);
	if (!rdreg || !rdreg->count)
		return -ENOENT;
	*val = FIELD_PREP(VGIC_RDREG_BASE, rdreg->base >> 16) |
	       FIELD_PREP(VGIC_RDREG_COUNT, rdreg->count) |
	       FIELD_PREP(VGIC_RDREG_INDEX, rdreg->index);
	return 0;
}

/*
 * KVM_DEV_ARM_VGIC_GRP_ADDR: set or get a frame's guest address, which
 * must be aligned to 64KB (GICv3) or 4KB (GICv2), inside the IPA space,
 * and set only once.  A type unknown, or of the other GIC version, is
 * -ENXIO (arm-vgic.rst, arm-vgic-v3.rst).
 */
static int vgic_addr_access(struct kvm *kvm, u64 type, u64 *addr, bool write)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	bool v3 = dist->vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3;
	u64 align = v3 ? SZ_64K : SZ_4K, size;
	gpa_t *slot;

	switch (type) {
	case KVM_VGIC_V2_ADDR_TYPE_DIST:
		if (v3)
			return -ENXIO;
		slot = &dist->vgic_dist_base;
		size = KVM_VGIC_V2_DIST_SIZE;
		break;
	case KVM_VGIC_V3_ADDR_TYPE_DIST:
		if (!v3)
			return -ENXIO;
		slot = &dist->vgic_dist_base;
		size = KVM_VGIC_V3_DIST_SIZE;
		break;
	case KVM_VGIC_V2_ADDR_TYPE_CPU:
		if (v3)
			return -ENXIO;
		slot = &dist->vgic_cpu_base;
		size = KVM_VGIC_V2_CPU_SIZE;
		break;
	case KVM_VGIC_V3_ADDR_TYPE_REDIST:
		if (!v3)
			return -ENXIO;
		return vgic_legacy_redist_access(kvm, addr, write);
	case KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION:
		if (!v3)
			return -ENXIO;
		return vgic_redist_region_access(kvm, addr, write);
	default:
		return -ENXIO;
	}

	if (!write) {
		*addr = *slot;
		return 0;
	}
	if (*addr & (align - 1))
		return -EINVAL;
	if (!vgic_range_fits(*addr, size, kvm_phys_shift(&kvm->arch.mmu)))
		return -E2BIG;
	if (!vgic_addr_unset(*slot))
		return -EEXIST;
	*slot = *addr;
	return 0;
}

/* KVM_DEV_ARM_VGIC_GRP_NR_IRQS: 64 to 1024, a multiple of 32, once. */
static int vgic_set_nr_irqs(struct kvm *kvm, u32 nr_irqs)
{
	struct vgic_dist *dist = &kvm->arch.vgic;

	if (nr_irqs < 64 || nr_irqs > VGIC_MAX_RESERVED + 1 || nr_irqs % 32)
		return -EINVAL;
	if (vgic_initialized(kvm) || dist->nr_spis)
		return -EBUSY;
	/* INTIDs 1020-1023 are special (IHI 0069 2.2.1): no SPI there. */
	dist->nr_spis = min(nr_irqs, VGIC_MAX_SPI + 1) - VGIC_NR_PRIVATE_IRQS;
	return 0;
}

static int vgic_ctrl(struct kvm *kvm, u64 attr)
{
	int ret;

	switch (attr) {
	case KVM_DEV_ARM_VGIC_CTRL_INIT:
		mutex_lock(&kvm->lock);
		mutex_lock(&kvm->arch.config_lock);
		ret = vgic_init_settled(kvm);
		mutex_unlock(&kvm->arch.config_lock);
		mutex_unlock(&kvm->lock);
		return ret ?: kvm_vgic_setup_default_irq_routing(kvm);
	case KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES:
		if (kvm->arch.vgic.vgic_model != KVM_DEV_TYPE_ARM_VGIC_V3)
			return -ENXIO;
		mutex_lock(&kvm->lock);
		ret = lock_all_vcpus(kvm) ? vgic_lpi_save_pending_tables(kvm) : -EBUSY;
		if (ret != -EBUSY)
			unlock_all_vcpus(kvm);
		mutex_unlock(&kvm->lock);
		return ret;
	default:
		return -ENXIO;
	}
}

static bool vgic_attr_is_regs(u32 group)
{
	return group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS ||
	       group == KVM_DEV_ARM_VGIC_GRP_REDIST_REGS ||
	       group == KVM_DEV_ARM_VGIC_GRP_CPU_REGS ||
	       group == KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS ||
	       group == KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO;
}

/* Register groups: 64-bit values for CPU_SYSREGS, 32-bit otherwise. */
static int vgic_regs_attr(struct kvm_device *dev, struct kvm_device_attr *attr, bool write)
{
	struct kvm *kvm = dev->kvm;
	bool wide = attr->group == KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS;
	u64 __user *uaddr64 = (u64 __user *)(unsigned long)attr->addr;
	u32 __user *uaddr32 = (u32 __user *)(unsigned long)attr->addr;
	u64 val = 0;
	u32 val32;
	int ret;

	ret = vgic_attr_has(kvm, attr->group, attr->attr);
	if (ret)
		return ret;	/* a bad CPU or register, whatever the state */
	if (write && (wide ? get_user(val, uaddr64) : get_user(val32, uaddr32)))
		return -EFAULT;
	if (write && !wide)
		val = val32;

	mutex_lock(&kvm->lock);
	ret = vgic_lazy_init(kvm);
	if (ret)
		goto out;
	if (!lock_all_vcpus(kvm)) {
		ret = -EBUSY;
		goto out;
	}
	mutex_lock(&kvm->arch.config_lock);
	ret = vgic_attr_access(kvm, attr->group, attr->attr, &val, write);
	mutex_unlock(&kvm->arch.config_lock);
	unlock_all_vcpus(kvm);
out:
	mutex_unlock(&kvm->lock);
	if (ret || write)
		return ret;
	return wide ? put_user(val, uaddr64) : put_user((u32)val, uaddr32);
}

static int vgic_set_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	u64 __user *uaddr = (u64 __user *)(unsigned long)attr->addr;
	struct kvm *kvm = dev->kvm;
	u32 nr_irqs;
	u64 addr;
	int ret;

	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR:
		if (get_user(addr, uaddr))
			return -EFAULT;
		mutex_lock(&kvm->arch.config_lock);
		ret = vgic_ready(kvm) ? -EBUSY : vgic_addr_access(kvm, attr->attr, &addr, true);
		mutex_unlock(&kvm->arch.config_lock);
		return ret;
	case KVM_DEV_ARM_VGIC_GRP_NR_IRQS:
		if (get_user(nr_irqs, (u32 __user *)uaddr))
			return -EFAULT;
		mutex_lock(&kvm->arch.config_lock);
		ret = vgic_set_nr_irqs(kvm, nr_irqs);
		mutex_unlock(&kvm->arch.config_lock);
		return ret;
	case KVM_DEV_ARM_VGIC_GRP_CTRL:
		return vgic_ctrl(kvm, attr->attr);
	default:
		return vgic_attr_is_regs(attr->group) ? vgic_regs_attr(dev, attr, true) : -ENXIO;
	}
}

static int vgic_get_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	u64 __user *uaddr = (u64 __user *)(unsigned long)attr->addr;
	struct kvm *kvm = dev->kvm;
	u64 addr = 0;
	int ret;

	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR:
		if (attr->attr == KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION && get_user(addr, uaddr))
			return -EFAULT;
		mutex_lock(&kvm->arch.config_lock);
		ret = vgic_addr_access(kvm, attr->attr, &addr, false);
		mutex_unlock(&kvm->arch.config_lock);
		return ret ?: put_user(addr, uaddr);
	case KVM_DEV_ARM_VGIC_GRP_NR_IRQS:
		return put_user(kvm->arch.vgic.nr_spis + VGIC_NR_PRIVATE_IRQS,
				(u32 __user *)uaddr);
	default:
		return vgic_attr_is_regs(attr->group) ? vgic_regs_attr(dev, attr, false) : -ENXIO;
	}
}

static int vgic_has_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	bool v3 = dev->kvm->arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3;

	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR:
		if (v3)
			return attr->attr == KVM_VGIC_V3_ADDR_TYPE_DIST ||
			       attr->attr == KVM_VGIC_V3_ADDR_TYPE_REDIST ||
			       attr->attr == KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION ? 0 : -ENXIO;
		return attr->attr == KVM_VGIC_V2_ADDR_TYPE_DIST ||
		       attr->attr == KVM_VGIC_V2_ADDR_TYPE_CPU ? 0 : -ENXIO;
	case KVM_DEV_ARM_VGIC_GRP_NR_IRQS:
		return 0;
	case KVM_DEV_ARM_VGIC_GRP_CTRL:
		return attr->attr == KVM_DEV_ARM_VGIC_CTRL_INIT ||
		       (v3 && attr->attr == KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES) ? 0 : -ENXIO;
	default:
		if (!vgic_attr_is_regs(attr->group))
			return -ENXIO;
		return vgic_attr_has(dev->kvm, attr->group, attr->attr);
	}
}

static int vgic_device_create(struct kvm_device *dev, u32 type)
{
	return kvm_vgic_create(dev->kvm, type);
}

static void vgic_device_destroy(struct kvm_device *dev)
{
	kfree(dev);
}

/* Both models share every operation; the model is the device type. */
#define VGIC_DEVICE_OPS(devname) {					\
	.name = devname, .create = vgic_device_create,			\
	.destroy = vgic_device_destroy, .set_attr = vgic_set_attr,	\
	.get_attr = vgic_get_attr, .has_attr = vgic_has_attr }

struct kvm_device_ops kvm_arm_vgic_v2_ops = VGIC_DEVICE_OPS("kvm-arm-vgic-v2");
struct kvm_device_ops kvm_arm_vgic_v3_ops = VGIC_DEVICE_OPS("kvm-arm-vgic-v3");

/**
 * vgic_register_devices() - offer the vGIC devices this host can back
 *
 * Return: 0, or the error of kvm_register_device_ops().
 */
int vgic_register_devices(void)
{
	int ret = 0;

	if (kvm_vgic_global_state.v2_guests)
		ret = kvm_register_device_ops(&kvm_arm_vgic_v2_ops, KVM_DEV_TYPE_ARM_VGIC_V2);
	if (!ret && kvm_vgic_global_state.type == VGIC_V3)
		ret = kvm_register_device_ops(&kvm_arm_vgic_v3_ops, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (!ret && kvm_vgic_global_state.type == VGIC_V3)
		ret = vgic_its_register_device();
	return ret;
}

/**
 * kvm_set_legacy_vgic_v2_addr() - KVM_ARM_SET_DEVICE_ADDR for a GICv2
 * @kvm:	the VM
 * @dev_addr:	the frame and its address
 *
 * Return: 0 or an errno as for KVM_DEV_ARM_VGIC_GRP_ADDR.
 */
int kvm_set_legacy_vgic_v2_addr(struct kvm *kvm, struct kvm_arm_device_addr *dev_addr)
{
	u64 type = FIELD_GET(KVM_ARM_DEVICE_TYPE_MASK, dev_addr->id), addr = dev_addr->addr;
	int ret;

	mutex_lock(&kvm->arch.config_lock);
	ret = vgic_addr_access(kvm, type, &addr, true);
	mutex_unlock(&kvm->arch.config_lock);
	return ret;
}
