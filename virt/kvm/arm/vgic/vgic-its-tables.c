// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM_DEV_ARM_ITS_SAVE_TABLES and KVM_DEV_ARM_ITS_RESTORE_TABLES: an ITS's
 * translations in the guest's own tables, in the layout of
 * Documentation/virt/kvm/devices/arm-vgic-its.rst (ABI revision 0, every
 * entry 8 bytes, little-endian):
 *
 *   device table entry, at its DeviceID:  V[63] next[62:49] ITT[48:5] Size[4:0]
 *   ITT entry, at its EventID:            next[63:48] pINTID[47:16] ICID[15:0]
 *   collection table entry, in any order: V[63] RDBase[51:16] ICID[15:0]
 *
 * "next" is the ID offset to the next valid entry, 0 for the last.  A save
 * writes every entry of the device and collection tables, valid or not,
 * so that nothing a guest left there is taken for a translation at the
 * restore.  An ITT is written from its first entry up to the highest
 * EventID the device has translated since its MAPD (so that a discarded
 * event's entry of an earlier save goes too), but no further: a guest
 * that gives an ITT less memory than its EventID bits call for (the KVM
 * selftests' library sizes one by its event count) keeps the rest of that
 * memory.  The tables are
 * the guest's to corrupt: a restore reads only inside what GITS_BASER<n>
 * and the device table describe, visits each ID at most once (a "next"
 * only moves forward), checks every field, and on any error forgets what
 * it restored and returns the errno, leaving an ITS that translates
 * nothing.
 */
#include <linux/bitfield.h>
#include <linux/err.h>
#include <linux/kvm_host.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_mmu.h>

#include "vgic.h"
#include "vgic-its.h"

#define VGIC_DTE_VALID		BIT_ULL(63)
#define VGIC_DTE_NEXT		GENMASK_ULL(62, 49)
#define VGIC_DTE_ITT		GENMASK_ULL(48, 5)	/* ITT address [51:8] */
#define VGIC_DTE_SIZE		GENMASK_ULL(4, 0)
#define VGIC_ITE_NEXT		GENMASK_ULL(63, 48)
#define VGIC_ITE_PINTID		GENMASK_ULL(47, 16)
#define VGIC_ITE_ICID		GENMASK_ULL(15, 0)
#define VGIC_CTE_VALID		BIT_ULL(63)
#define VGIC_CTE_RDBASE		GENMASK_ULL(51, 16)
#define VGIC_CTE_ICID		GENMASK_ULL(15, 0)

static int vgic_its_read_entry(struct kvm *kvm, gpa_t gpa, u64 *val)
{
	__le64 raw;
	int ret = kvm_read_guest_lock(kvm, gpa, &raw, sizeof(raw));

	*val = le64_to_cpu(raw);
	return ret;
}

static int vgic_its_write_entry(struct kvm *kvm, gpa_t gpa, u64 val)
{
	__le64 raw = cpu_to_le64(val);

	return kvm_write_guest_lock(kvm, gpa, &raw, sizeof(raw));
}

/* The offset to the next ID of @xa after @id, capped at @max; 0 if none. */
static u64 vgic_its_next(struct xarray *xa, unsigned long id, u64 max)
{
	unsigned long next = id;

	if (!xa_find_after(xa, &next, ULONG_MAX, XA_PRESENT))
		return 0;
	return min_t(u64, next - id, max);
}

static u64 vgic_its_dte(struct xarray *devices, unsigned long devid,
			const struct vgic_its_device *dev)
{
	return VGIC_DTE_VALID |
	       FIELD_PREP(VGIC_DTE_NEXT, vgic_its_next(devices, devid, FIELD_MAX(VGIC_DTE_NEXT))) |
	       FIELD_PREP(VGIC_DTE_ITT, dev->itt_addr >> 8) |
	       FIELD_PREP(VGIC_DTE_SIZE, dev->eventid_bits - 1);
}

static u64 vgic_its_ite_entry(struct xarray *ites, unsigned long eventid,
			      const struct vgic_its_ite *ite)
{
	return FIELD_PREP(VGIC_ITE_NEXT, vgic_its_next(ites, eventid, FIELD_MAX(VGIC_ITE_NEXT))) |
	       FIELD_PREP(VGIC_ITE_PINTID, ite->irq->intid) |
	       FIELD_PREP(VGIC_ITE_ICID, ite->icid);
}

/* The ITT entries of @dev below its itt_top: each EventID it ever translated. */
static int vgic_its_save_itt(struct vgic_its *its, struct vgic_its_device *dev)
{
	u32 eventid;
	int ret;

	for (eventid = 0; eventid < dev->itt_top; eventid++) {
		struct vgic_its_ite *ite = xa_load(&dev->ites, eventid);

		ret = vgic_its_write_entry(its->kvm, dev->itt_addr + eventid * VGIC_ITS_ENTRY_SIZE,
					   ite ? vgic_its_ite_entry(&dev->ites, eventid, ite) : 0);
		if (ret)
			return ret;
	}
	return 0;
}

/* Every device table entry the table has room for, and each device's ITT. */
static int vgic_its_save_devices(struct vgic_its *its)
{
	u64 devid, end = vgic_its_table_ids(its->baser_device, VGIC_ITS_DEVID_BITS);
	struct vgic_its_device *dev;
	gpa_t gpa;
	int ret;

	for (devid = 0; devid < end; devid++) {
		if (!vgic_its_table_entry(its, its->baser_device, devid, &gpa))
			continue;		/* a level-2 page the guest did not give */
		dev = xa_load(&its->devices, devid);
		ret = vgic_its_write_entry(its->kvm, gpa,
					   dev ? vgic_its_dte(&its->devices, devid, dev) : 0);
		if (!ret && dev)
			ret = vgic_its_save_itt(its, dev);
		if (ret)
			return ret;
	}
	return 0;
}

/* The collections, one entry each from the start, then invalid entries. */
static int vgic_its_save_collections(struct vgic_its *its)
{
	u64 n = 0, end = vgic_its_table_ids(its->baser_coll, VGIC_ITS_ICID_BITS);
	gpa_t base = vgic_its_table_base(its->baser_coll);
	unsigned long icid;
	void *entry;
	int ret;

	xa_for_each(&its->collections, icid, entry) {
		ret = vgic_its_write_entry(its->kvm, base + n++ * VGIC_ITS_ENTRY_SIZE,
					   VGIC_CTE_VALID | FIELD_PREP(VGIC_CTE_ICID, icid) |
					   FIELD_PREP(VGIC_CTE_RDBASE, xa_to_value(entry)));
		if (ret)
			return ret;
	}
	for (; n < end; n++) {
		ret = vgic_its_write_entry(its->kvm, base + n * VGIC_ITS_ENTRY_SIZE, 0);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * vgic_its_save_tables() - KVM_DEV_ARM_ITS_SAVE_TABLES
 * @its:	the ITS, its VM's vCPUs out of the guest
 *
 * Return: 0, -ENXIO without valid device and collection tables, or the
 * error of a guest memory write.
 */
int vgic_its_save_tables(struct vgic_its *its)
{
	int ret = -ENXIO;

	mutex_lock(&its->lock);
	vgic_saving_tables(its->kvm, true);
	if ((its->baser_device & GITS_BASER_VALID) && (its->baser_coll & GITS_BASER_VALID))
		ret = vgic_its_save_devices(its) ?: vgic_its_save_collections(its);
	vgic_saving_tables(its->kvm, false);
	mutex_unlock(&its->lock);
	return ret;
}

static int vgic_its_restore_collections(struct vgic_its *its)
{
	u64 n, val, end = vgic_its_table_ids(its->baser_coll, VGIC_ITS_ICID_BITS);
	gpa_t base = vgic_its_table_base(its->baser_coll);
	int ret;

	for (n = 0; n < end; n++) {
		u64 procnum;

		ret = vgic_its_read_entry(its->kvm, base + n * VGIC_ITS_ENTRY_SIZE, &val);
		if (ret)
			return ret;
		if (!(val & VGIC_CTE_VALID))
			return 0;
		procnum = FIELD_GET(VGIC_CTE_RDBASE, val);
		if (procnum > INT_MAX || !kvm_get_vcpu_by_id(its->kvm, procnum) ||
		    val & GENMASK_ULL(62, 52))
			return -EINVAL;
		ret = xa_insert(&its->collections, FIELD_GET(VGIC_CTE_ICID, val),
				xa_mk_value(procnum), GFP_KERNEL_ACCOUNT);
		if (ret)
			return ret == -EBUSY ? -EINVAL : ret;
	}
	return 0;
}

/*
 * One translation (vgic_lpi_map() refuses what is no LPI); its LPI takes
 * its pending state from the pending table.
 */
static int vgic_its_restore_ite(struct vgic_its *its, struct vgic_its_device *dev,
				u32 eventid, u64 val)
{
	struct vgic_irq *irq = vgic_its_add_ite(its, dev, eventid, FIELD_GET(VGIC_ITE_PINTID, val),
						FIELD_GET(VGIC_ITE_ICID, val));

	return IS_ERR(irq) ? PTR_ERR(irq) : vgic_lpi_load_pending(its->kvm, irq);
}

static int vgic_its_restore_itt(struct vgic_its *its, struct vgic_its_device *dev)
{
	u64 eventid, val;
	int ret;

	for (eventid = 0; eventid < BIT_ULL(dev->eventid_bits);) {
		ret = vgic_its_read_entry(its->kvm, dev->itt_addr + eventid * VGIC_ITS_ENTRY_SIZE,
					  &val);
		if (ret)
			return ret;
		if (!FIELD_GET(VGIC_ITE_PINTID, val)) {
			eventid++;		/* not valid: look at the next */
			continue;
		}
		ret = vgic_its_restore_ite(its, dev, eventid, val);
		if (ret || !FIELD_GET(VGIC_ITE_NEXT, val))
			return ret;
		eventid += FIELD_GET(VGIC_ITE_NEXT, val);
	}
	return 0;
}

static int vgic_its_restore_device(struct vgic_its *its, u32 devid, u64 val)
{
	struct vgic_its_device *dev;
	int ret;

	if (FIELD_GET(VGIC_DTE_SIZE, val) + 1 > VGIC_ITS_EVENTID_BITS)
		return -EINVAL;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL_ACCOUNT);
	if (!dev)
		return -ENOMEM;
	dev->eventid_bits = FIELD_GET(VGIC_DTE_SIZE, val) + 1;
	dev->itt_addr = FIELD_GET(VGIC_DTE_ITT, val) << 8;
	xa_init(&dev->ites);
	ret = xa_insert(&its->devices, devid, dev, GFP_KERNEL_ACCOUNT);
	if (ret) {
		kfree(dev);
		return ret == -EBUSY ? -EINVAL : ret;
	}
	return vgic_its_restore_itt(its, dev);
}

static int vgic_its_restore_devices(struct vgic_its *its)
{
	u64 devid, val, end = vgic_its_table_ids(its->baser_device, VGIC_ITS_DEVID_BITS);
	gpa_t gpa;
	int ret;

	for (devid = 0; devid < end;) {
		if (!vgic_its_table_entry(its, its->baser_device, devid, &gpa)) {
			devid++;
			continue;
		}
		ret = vgic_its_read_entry(its->kvm, gpa, &val);
		if (ret)
			return ret;
		if (!(val & VGIC_DTE_VALID)) {
			devid++;
			continue;
		}
		ret = vgic_its_restore_device(its, devid, val);
		if (ret || !FIELD_GET(VGIC_DTE_NEXT, val))
			return ret;
		devid += FIELD_GET(VGIC_DTE_NEXT, val);
	}
	return 0;
}

/**
 * kvm_arch_allow_write_without_running_vcpu() - may guest memory be dirtied
 * with no vCPU running?
 * @kvm:	the VM
 *
 * Only while the VMM has the vGIC save its tables (vgic_saving_tables()),
 * so that the dirty log, not a vCPU's dirty ring, takes those pages.
 *
 * Return: true during a save.
 */
bool kvm_arch_allow_write_without_running_vcpu(struct kvm *kvm)
{
	return READ_ONCE(kvm->arch.vgic.saving_tables);
}

/**
 * vgic_its_restore_tables() - KVM_DEV_ARM_ITS_RESTORE_TABLES
 * @its:	the ITS, its registers but GITS_CTLR restored (arm-vgic-its.rst)
 *
 * Return: 0; -ENXIO without valid tables; -EINVAL for an entry out of
 * range or repeated; -EFAULT for a table outside guest memory; -ENOMEM.
 * On error the ITS translates nothing.
 */
int vgic_its_restore_tables(struct vgic_its *its)
{
	int ret = -ENXIO;

	mutex_lock(&its->lock);
	if ((its->baser_device & GITS_BASER_VALID) && (its->baser_coll & GITS_BASER_VALID)) {
		vgic_its_forget(its);
		ret = vgic_its_restore_collections(its) ?: vgic_its_restore_devices(its);
		if (ret)
			vgic_its_forget(its);
	}
	mutex_unlock(&its->lock);
	return ret;
}
