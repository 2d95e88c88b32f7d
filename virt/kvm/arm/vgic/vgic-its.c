// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ITS: its state, its register frame, and the translation of an MSI,
 * (doorbell, DeviceID, EventID), to an LPI (IHI 0069 chapter 6).
 *
 * A VM's ITSes are found by doorbell in vgic_dist::its_xa, keyed by the
 * frame's 64KB page; an MSI is translated under RCU with no lock (the
 * device, its translation and the LPI are freed after a grace period),
 * so that it may be injected from any context.  Everything that changes a
 * translation (commands, registers, reset) runs under the ITS's mutex.
 *
 * The ITS is a physical-LPI ITS of 16 bits of DeviceID, EventID and ICID;
 * a collection is named by processor number (GITS_TYPER.PTA == 0), and
 * collections are held in memory (HCC == 0).  Command errors are not
 * reported to the guest (SEIS == 0): the command is ignored.
 */
#include <linux/bitfield.h>
#include <linux/kvm_host.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "vgic.h"
#include "vgic-its.h"
#include "vgic-mmio.h"

/* The 64KB page of the control frame, the key in vgic_dist::its_xa. */
static unsigned long vgic_its_key(gpa_t base)
{
	return base >> 16;
}

/**
 * vgic_its_create() - a new ITS, not yet placed
 * @kvm:	the VM, a GICv3 one
 *
 * Return: the ITS, or NULL without memory.
 */
struct vgic_its *vgic_its_create(struct kvm *kvm)
{
	struct vgic_its *its = kzalloc(sizeof(*its), GFP_KERNEL_ACCOUNT);

	if (!its || vgic_its_cache_create(kvm)) {
		kfree(its);
		return NULL;
	}
	its->kvm = kvm;
	its->base = VGIC_ADDR_UNDEF;
	its->abi_rev = VGIC_ITS_ABI_REV;
	mutex_init(&its->lock);
	xa_init(&its->devices);
	xa_init(&its->collections);
	vgic_its_reset(its);
	kvm->arch.vgic.has_its = true;
	kvm->arch.vgic.msis_require_devid = true;
	return its;
}

/**
 * vgic_its_forget() - drop every translation and collection
 * @its:	the ITS, locked (RESET, a failed restore, teardown)
 */
void vgic_its_forget(struct vgic_its *its)
{
	struct vgic_its_device *dev;
	unsigned long devid;

	xa_for_each(&its->devices, devid, dev)
		vgic_its_drop_device(its, devid);
	xa_destroy(&its->collections);
}

/**
 * vgic_its_reset() - KVM_DEV_ARM_ITS_CTRL_RESET, and the state at creation
 * @its:	the ITS
 *
 * Disabled and quiescent, no translations, no tables, an empty queue;
 * the table layout revision stays (arm-vgic-its.rst, ITS Reset State).
 */
void vgic_its_reset(struct vgic_its *its)
{
	mutex_lock(&its->lock);
	vgic_its_forget(its);
	its->enabled = false;
	its->cbaser = 0;
	its->creadr = 0;
	its->cwriter = 0;
	its->baser_device = FIELD_PREP(GENMASK_ULL(58, 56), GITS_BASER_TYPE_DEVICE) |
			    FIELD_PREP(GITS_BASER_ENTRY_SIZE_MASK, VGIC_ITS_ENTRY_SIZE - 1);
	its->baser_coll = FIELD_PREP(GENMASK_ULL(58, 56), GITS_BASER_TYPE_COLLECTION) |
			  FIELD_PREP(GITS_BASER_ENTRY_SIZE_MASK, VGIC_ITS_ENTRY_SIZE - 1);
	mutex_unlock(&its->lock);
}

/**
 * vgic_its_set_base() - KVM_VGIC_ITS_ADDR_TYPE: place the ITS's frame
 * @its:	the ITS
 * @base:	64KB aligned; its 128KB are checked against the IPA space
 *		and the other ITSes by the caller
 *
 * Return: 0, or -EEXIST if placed already or if another ITS is there.
 */
int vgic_its_set_base(struct vgic_its *its, gpa_t base)
{
	struct vgic_dist *dist = &its->kvm->arch.vgic;
	unsigned long key = vgic_its_key(base);
	int ret;

	if (!vgic_addr_undef(its->base))
		return -EEXIST;
	/* Each frame is two 64KB pages: neither may hold another's. */
	if ((key && xa_load(&dist->its_xa, key - 1)) || xa_load(&dist->its_xa, key + 1))
		return -EEXIST;
	ret = xa_insert(&dist->its_xa, key, its, GFP_KERNEL_ACCOUNT);
	if (ret)
		return ret == -EBUSY ? -EEXIST : ret;
	its->base = base;
	return 0;
}

/**
 * vgic_its_destroy() - free an ITS and what it translates
 * @its:	the ITS, whose VM runs no more commands or MSIs through it
 */
void vgic_its_destroy(struct vgic_its *its)
{
	struct vgic_dist *dist = &its->kvm->arch.vgic;

	if (!vgic_addr_undef(its->base))
		xa_erase(&dist->its_xa, vgic_its_key(its->base));
	mutex_lock(&its->lock);
	vgic_its_forget(its);
	mutex_unlock(&its->lock);
	xa_destroy(&its->devices);
	kfree_rcu(its, rcu);
}

/*
 * The LPI @devid's @eventid translates to, referenced, or NULL.  A
 * translation to a collection that is not mapped is an error, and the MSI
 * is dropped (IHI 0069, the ITS's translation of an event: a collection
 * that is not valid).  Any context: under RCU, with no lock.
 */
static struct vgic_irq *vgic_its_translate(struct vgic_its *its, u32 devid, u32 eventid)
{
	struct vgic_its_device *dev;
	struct vgic_its_ite *ite;
	struct vgic_irq *irq = NULL;

	rcu_read_lock();
	dev = xa_load(&its->devices, devid);
	ite = dev ? xa_load(&dev->ites, eventid) : NULL;
	if (ite && xa_load(&its->collections, READ_ONCE(ite->icid)) &&
	    refcount_inc_not_zero(&ite->irq->refcount))
		irq = ite->irq;
	rcu_read_unlock();
	return irq;
}

/*
 * A miss of the translation cache: find the ITS at @doorbell and
 * translate there.  Return as vgic_its_inject_msi(), with *@irq the LPI,
 * referenced, when the result is 1.
 */
static int vgic_its_translate_msi(struct kvm *kvm, u64 doorbell, u32 devid, u32 eventid,
				  struct vgic_irq **irq)
{
	struct vgic_its *its;

	its = xa_load(&kvm->arch.vgic.its_xa, vgic_its_key(doorbell - GITS_TRANSLATER));
	if (!its || its->base + GITS_TRANSLATER != doorbell)
		return -EINVAL;
	if (!READ_ONCE(its->enabled))
		return 0;
	*irq = vgic_its_translate(its, devid, eventid);
	return *irq ? 1 : -EINVAL;
}

/**
 * vgic_its_inject_msi() - an MSI written to an ITS's GITS_TRANSLATER
 * @kvm:	the VM
 * @doorbell:	the address written
 * @devid:	the DeviceID of the writer
 * @eventid:	the data written
 *
 * Any context: nothing here sleeps or takes a mutex.  A translation made
 * here is cached (vgic-its-cache.c).
 *
 * Return: 1 if an LPI was made pending, 0 if the ITS is disabled, -EINVAL
 * if no ITS is at @doorbell or it translates nothing for the pair.
 */
int vgic_its_inject_msi(struct kvm *kvm, u64 doorbell, u32 devid, u32 eventid)
{
	struct vgic_irq *irq;
	unsigned long gen;
	int ret = 1;

	rcu_read_lock();
	irq = vgic_its_cache_lookup(kvm, doorbell, devid, eventid);
	if (!irq) {
		gen = vgic_its_cache_gen(kvm);
		ret = vgic_its_translate_msi(kvm, doorbell, devid, eventid, &irq);
		if (ret == 1)
			vgic_its_cache_fill(kvm, gen, doorbell, devid, eventid, irq);
	}
	if (ret == 1) {
		vgic_lpi_inject(kvm, irq);
		vgic_lpi_put(kvm, irq);
	}
	rcu_read_unlock();
	return ret;
}

/* GITS_CTLR: Quiescent always (commands complete within the write). */
static u64 vgic_its_read_ctlr(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return GITS_CTLR_QUIESCENT | (ctx->its->enabled ? GITS_CTLR_ENABLE : 0);
}

static void vgic_its_write_ctlr(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	bool enable = val & GITS_CTLR_ENABLE;

	WRITE_ONCE(ctx->its->enabled, enable);
	if (!enable)
		vgic_its_cache_invalidate(ctx->kvm);	/* it translates no more */
	vgic_its_process_commands(ctx->its);
}

static u64 vgic_its_read_iidr(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return VGIC_IIDR_IMPLEMENTER_ARM |
	       FIELD_PREP(GITS_IIDR_REV_MASK, ctx->its->abi_rev) |
	       ((u64)VGIC_IIDR_PRODUCT_KVM << GITS_IIDR_PRODUCTID_SHIFT);
}

/* The table layout revision: only the one this ITS saves restores. */
static int vgic_its_uwrite_iidr(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	return GITS_IIDR_REV(val) == VGIC_ITS_ABI_REV ? 0 : -EINVAL;
}

/* GITS_TYPER: what vgic-its.h says this ITS offers; CIL: CIDbits holds. */
#define VGIC_GITS_TYPER_CIDBITS	GENMASK_ULL(35, 32)
#define VGIC_GITS_TYPER_CIL	BIT_ULL(36)

static u64 vgic_its_read_typer(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return GITS_TYPER_PLPIS |
	       FIELD_PREP(GITS_TYPER_ITT_ENTRY_SIZE, VGIC_ITS_ENTRY_SIZE - 1) |
	       FIELD_PREP(GITS_TYPER_IDBITS, VGIC_ITS_EVENTID_BITS - 1) |
	       FIELD_PREP(GITS_TYPER_DEVBITS, VGIC_ITS_DEVID_BITS - 1) |
	       FIELD_PREP(VGIC_GITS_TYPER_CIDBITS, VGIC_ITS_ICID_BITS - 1) | VGIC_GITS_TYPER_CIL;
}

#define VGIC_CBASER_SIZE	GENMASK_ULL(7, 0)
#define VGIC_CBASER_MASK	(GITS_CBASER_VALID | GITS_CBASER_INNER_CACHEABILITY_MASK | \
				 GITS_CBASER_OUTER_CACHEABILITY_MASK | \
				 GITS_CBASER_SHAREABILITY_MASK | GENMASK_ULL(51, 12) | \
				 VGIC_CBASER_SIZE)
/* GITS_CWRITER.Offset, GITS_CREADR.Offset */
#define VGIC_CMDQ_OFFSET	GENMASK_ULL(19, 5)

/*
 * GITS_CBASER: while the ITS is enabled a write is UNPREDICTABLE (IHI
 * 0069, GITS_CBASER) and ignored; otherwise it empties the queue (CREADR
 * is reset to 0, and CWRITER with it).
 */
static u64 vgic_its_read_cbaser(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return ctx->its->cbaser;
}

static void vgic_its_write_cbaser(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	struct vgic_its *its = ctx->its;

	if (its->enabled)
		return;
	its->cbaser = val & VGIC_CBASER_MASK;
	its->creadr = 0;
	its->cwriter = 0;
}

/**
 * vgic_its_queue_size() - bytes of the command queue GITS_CBASER describes
 * @its:	the ITS
 *
 * Return: the size, a multiple of 4KB.
 */
u64 vgic_its_queue_size(const struct vgic_its *its)
{
	return (FIELD_GET(VGIC_CBASER_SIZE, its->cbaser) + 1) * SZ_4K;
}

static u64 vgic_its_read_cwriter(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return ctx->its->cwriter;
}

/* An offset past the queue is UNPREDICTABLE (GITS_CWRITER): ignored. */
static void vgic_its_write_cwriter(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	struct vgic_its *its = ctx->its;
	u64 offset = val & VGIC_CMDQ_OFFSET;

	if (offset >= vgic_its_queue_size(its))
		return;
	its->cwriter = offset;
	vgic_its_process_commands(its);
}

static int vgic_its_uwrite_cwriter(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	u64 offset = val & VGIC_CMDQ_OFFSET;

	if (offset >= vgic_its_queue_size(ctx->its))
		return -EINVAL;
	ctx->its->cwriter = offset;
	return 0;
}

static u64 vgic_its_read_creadr(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return ctx->its->creadr;
}

/* Userspace restores CREADR (arm-vgic-its.rst), after CBASER, before CTLR. */
static int vgic_its_uwrite_creadr(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	u64 offset = val & VGIC_CMDQ_OFFSET;

	if (ctx->its->enabled)
		return -EBUSY;
	if (offset >= vgic_its_queue_size(ctx->its))
		return -EINVAL;
	ctx->its->creadr = offset;
	return 0;
}

#define VGIC_BASER_RO		(GENMASK_ULL(58, 56) | GITS_BASER_ENTRY_SIZE_MASK)
#define VGIC_BASER_RW		(GITS_BASER_VALID | GITS_BASER_INDIRECT | \
				 GITS_BASER_INNER_CACHEABILITY_MASK | \
				 GITS_BASER_OUTER_CACHEABILITY_MASK | GENMASK_ULL(47, 12) | \
				 GITS_BASER_SHAREABILITY_MASK | GITS_BASER_PAGE_SIZE_MASK | \
				 GENMASK_ULL(7, 0))

/* GITS_BASER0 is the device table, GITS_BASER1 the collection table; the rest RAZ/WI. */
static u64 *vgic_its_baser(struct vgic_its *its, u32 off)
{
	switch (off / 8) {		/* off: from GITS_BASER */
	case 0:
		return &its->baser_device;
	case 1:
		return &its->baser_coll;
	default:
		return NULL;
	}
}

static u64 vgic_its_read_baser(const struct vgic_mmio_ctx *ctx, u32 off)
{
	u64 *baser = vgic_its_baser(ctx->its, off);

	return baser ? *baser : 0;
}

/*
 * Type and Entry_Size are read-only; a write while the ITS is enabled is
 * UNPREDICTABLE (GITS_BASER<n>) and ignored.  A reserved page size
 * (0b11) reads back as 64KB.
 */
static void vgic_its_write_baser(const struct vgic_mmio_ctx *ctx, u32 off, u64 val)
{
	u64 *baser = vgic_its_baser(ctx->its, off);

	if (!baser || ctx->its->enabled)
		return;
	if (FIELD_GET(GITS_BASER_PAGE_SIZE_MASK, val) == 3)
		val = (val & ~GITS_BASER_PAGE_SIZE_MASK) | GITS_BASER_PAGE_SIZE_64K;
	*baser = (*baser & VGIC_BASER_RO) | (val & VGIC_BASER_RW);
}

static u64 vgic_its_read_pidr2(const struct vgic_mmio_ctx *ctx, u32 off)
{
	return FIELD_PREP(GIC_PIDR2_ARCH_MASK, 3);	/* ArchRev: GICv3 */
}

static const struct vgic_reg vgic_its_regs[] = {
	VGIC_REG32(GITS_CTLR, vgic_its_read_ctlr, vgic_its_write_ctlr),
	{ .offset = GITS_IIDR, .size = 4, .elem = 4, .widths = VGIC_ACC_32,
	  .read = vgic_its_read_iidr, .write = vgic_mmio_wi, .uwrite = vgic_its_uwrite_iidr },
	VGIC_REG64(GITS_TYPER, vgic_its_read_typer, vgic_mmio_wi),
	VGIC_REG64(GITS_CBASER, vgic_its_read_cbaser, vgic_its_write_cbaser),
	{ .offset = GITS_CWRITER, .size = 8, .elem = 8, .widths = VGIC_ACC_32_64,
	  .read = vgic_its_read_cwriter, .write = vgic_its_write_cwriter,
	  .uwrite = vgic_its_uwrite_cwriter },
	{ .offset = GITS_CREADR, .size = 8, .elem = 8, .widths = VGIC_ACC_32_64,
	  .read = vgic_its_read_creadr, .write = vgic_mmio_wi,
	  .uwrite = vgic_its_uwrite_creadr },
	{ .offset = GITS_BASER, .size = 8 * GITS_BASER_NR_REGS, .elem = 8,
	  .widths = VGIC_ACC_32_64, .read = vgic_its_read_baser, .write = vgic_its_write_baser },
	VGIC_REG32(GITS_PIDR2, vgic_its_read_pidr2, vgic_mmio_wi),
};

static const struct vgic_frame vgic_its_frame = {
	.regs = vgic_its_regs,
	.nr_regs = ARRAY_SIZE(vgic_its_regs),
};

/**
 * vgic_its_access() - an access to an ITS's control frame
 * @its:	the ITS
 * @offset:	byte offset in the frame
 * @len:	access size in bytes
 * @is_write:	write *@val, or read into *@val
 * @val:	the value
 * @user:	from userspace (KVM_DEV_ARM_VGIC_GRP_ITS_REGS)
 *
 * A guest write to GITS_TRANSLATER is the translation frame's, which the
 * MMIO bus hands to vgic_its_inject_msi() with no DeviceID: a PE has none
 * (IHI 0069 6.2), so it is ignored.  May sleep (commands read guest
 * memory).
 *
 * Return: 0, or a negative errno for a refused userspace write.
 */
int vgic_its_access(struct vgic_its *its, u32 offset, unsigned int len, bool is_write,
		    u64 *val, bool user)
{
	struct vgic_mmio_ctx ctx = { .kvm = its->kvm, .its = its, .user = user };
	int ret;

	mutex_lock(&its->lock);
	ret = vgic_mmio_access(&vgic_its_frame, &ctx, offset, len, is_write, val);
	mutex_unlock(&its->lock);
	return ret;
}

/**
 * vgic_its_reg_width() - the width of the register at @offset
 * @offset:	byte offset in the control frame
 *
 * Return: 4 or 8, or 0 if no register starts there.
 */
unsigned int vgic_its_reg_width(u64 offset)
{
	const struct vgic_reg *r;

	for (r = vgic_its_regs; r < vgic_its_regs + ARRAY_SIZE(vgic_its_regs); r++)
		if (offset >= r->offset && offset < r->offset + r->size &&
		    !((offset - r->offset) % r->elem))
			return r->elem;
	return 0;
}

/**
 * vgic_its_uaccess() - KVM_DEV_ARM_VGIC_GRP_ITS_REGS: one whole register
 * @its:	the ITS, its VM's vCPUs out of the guest
 * @offset:	the register's offset in the control frame
 * @write:	write *@val, or read into *@val
 * @val:	the value
 *
 * Return: 0, -EINVAL for an offset that is not 32-bit aligned, -ENXIO for
 * one with no register, or the error of a refused write.
 */
int vgic_its_uaccess(struct vgic_its *its, u64 offset, bool write, u64 *val)
{
	unsigned int len;

	if (offset & 3)
		return -EINVAL;
	len = vgic_its_reg_width(offset);
	if (!len)
		return -ENXIO;
	if (!write)
		*val = 0;
	return vgic_its_access(its, offset, len, write, val, true);
}

/**
 * vgic_its_teardown_all() - drop what every ITS of a VM translates
 * @kvm:	the VM being torn down, before its LPIs are freed
 *
 * The ITS devices themselves are freed after the VM's vGIC (their
 * kvm_device's destroy), with nothing left to drop.
 */
void vgic_its_teardown_all(struct kvm *kvm)
{
	struct vgic_its *its;
	unsigned long key;

	xa_for_each(&kvm->arch.vgic.its_xa, key, its) {
		mutex_lock(&its->lock);
		vgic_its_forget(its);
		mutex_unlock(&its->lock);
		its->base = VGIC_ADDR_UNDEF;
	}
}
