// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ITS command queue (IHI 0069 6.2, 6.3): GITS_CBASER names a ring of
 * 32-byte commands in guest memory, the guest advances GITS_CWRITER, and
 * every command between GITS_CREADR and it is carried out within that
 * write, under the ITS's mutex.  The walk is bounded by the ring: CREADR
 * and CWRITER are both inside it and CREADR moves on by one command each
 * step, so it meets CWRITER within one turn.
 *
 * A command the architecture calls an error (a device, event or
 * collection that is not mapped or out of range) is ignored, and counted:
 * GITS_TYPER.SEIS is 0, so the guest is not told.  So is a command that
 * cannot be read, or that needs memory the host cannot give.
 */
#include <linux/bitfield.h>
#include <linux/err.h>
#include <linux/kvm_host.h>
#include <linux/rcupdate.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm_mmu.h>

#include "vgic.h"
#include "vgic-its.h"

/* The fields of a command, by doubleword (IHI 0069 6.3). */
#define VGIC_CMD_NUMBER		GENMASK_ULL(7, 0)	/* DW0 */
#define VGIC_CMD_DEVID		GENMASK_ULL(63, 32)	/* DW0 */
#define VGIC_CMD_EVENTID	GENMASK_ULL(31, 0)	/* DW1 */
#define VGIC_CMD_PINTID		GENMASK_ULL(63, 32)	/* DW1: MAPTI */
#define VGIC_CMD_SIZE		GENMASK_ULL(4, 0)	/* DW1: MAPD, EventID bits - 1 */
#define VGIC_CMD_ICID		GENMASK_ULL(15, 0)	/* DW2 */
#define VGIC_CMD_ITT_ADDR	GENMASK_ULL(51, 8)	/* DW2: MAPD */
#define VGIC_CMD_RDBASE		GENMASK_ULL(51, 16)	/* DW2, DW3: processor number */
#define VGIC_CMD_VALID		BIT_ULL(63)		/* DW2: MAPD, MAPC */

/* Errors of our own, beside the architecture's E_ITS_* codes. */
#define VGIC_ITS_E_UNREADABLE	0xff0001	/* the command could not be read */
#define VGIC_ITS_E_NOMEM	0xff0002	/* no memory for a translation */
#define VGIC_ITS_E_UNKNOWN	0xff0003	/* not a physical-LPI command */

static void vgic_its_error(struct vgic_its *its, u32 code)
{
	its->cmd_errors++;
	its->last_error = code;
}

/* The GITS_BASER page size in bytes. */
static u64 vgic_its_page_size(u64 baser)
{
	static const u64 sizes[] = { SZ_4K, SZ_16K, SZ_64K, SZ_64K };

	return sizes[FIELD_GET(GITS_BASER_PAGE_SIZE_MASK, baser)];
}

/**
 * vgic_its_table_base() - where the table of a GITS_BASER<n> starts
 * @baser:	the register
 *
 * With 64KB pages, bits [15:12] hold PA[51:48].
 *
 * Return: the guest physical address.
 */
gpa_t vgic_its_table_base(u64 baser)
{
	if (vgic_its_page_size(baser) == SZ_64K)
		return GITS_BASER_ADDR_48_to_52(baser);
	return baser & GENMASK_ULL(47, 12);
}

/**
 * vgic_its_table_ids() - how many IDs the table of a GITS_BASER<n> holds
 * @baser:	the register
 * @bits:	the ID's width
 *
 * Flat, one entry per ID; two-level, a page of entries per level-1 entry
 * (IHI 0069 GITS_BASER<n>.Indirect).  At most 2^@bits.
 *
 * Return: the number, 0 for an invalid table.
 */
u64 vgic_its_table_ids(u64 baser, unsigned int bits)
{
	u64 psz = vgic_its_page_size(baser), size = GITS_BASER_NR_PAGES(baser) * psz;
	u64 ids = size / VGIC_ITS_ENTRY_SIZE;

	if (!(baser & GITS_BASER_VALID))
		return 0;
	if (baser & GITS_BASER_INDIRECT)
		ids = size / GITS_LVL1_ENTRY_SIZE * (psz / VGIC_ITS_ENTRY_SIZE);
	return min_t(u64, ids, BIT_ULL(bits));
}

/**
 * vgic_its_table_entry() - where the table of a GITS_BASER<n> keeps @id
 * @its:	the ITS
 * @baser:	the register, valid
 * @id:		below vgic_its_table_ids()
 * @gpa:	the entry's guest physical address
 *
 * Two-level, the level-1 entry must be valid (and readable).
 *
 * Return: true if the table has an entry for @id.
 */
bool vgic_its_table_entry(struct vgic_its *its, u64 baser, u64 id, gpa_t *gpa)
{
	u64 per_page = vgic_its_page_size(baser) / VGIC_ITS_ENTRY_SIZE, l1;
	gpa_t base = vgic_its_table_base(baser);
	__le64 entry;

	if (!(baser & GITS_BASER_INDIRECT)) {
		*gpa = base + id * VGIC_ITS_ENTRY_SIZE;
		return true;
	}
	if (kvm_read_guest_lock(its->kvm, base + id / per_page * GITS_LVL1_ENTRY_SIZE,
				&entry, sizeof(entry)))
		return false;
	l1 = le64_to_cpu(entry);
	*gpa = (l1 & GENMASK_ULL(51, 12)) + id % per_page * VGIC_ITS_ENTRY_SIZE;
	return l1 & GITS_BASER_VALID;
}

/* Does the table of @baser have room for @id, of @bits at most? */
static bool vgic_its_table_has(struct vgic_its *its, u64 baser, u64 id, unsigned int bits)
{
	gpa_t gpa;

	return id < vgic_its_table_ids(baser, bits) &&
	       vgic_its_table_entry(its, baser, id, &gpa);
}

/**
 * vgic_its_collection_vcpu() - the vCPU a collection is mapped to
 * @its:	the ITS
 * @icid:	the collection
 *
 * Return: the vCPU, or NULL if the collection is not mapped.
 */
struct kvm_vcpu *vgic_its_collection_vcpu(struct vgic_its *its, u32 icid)
{
	void *entry = xa_load(&its->collections, icid);

	return entry ? kvm_get_vcpu_by_id(its->kvm, xa_to_value(entry)) : NULL;
}

/* @irq (an LPI, referenced) is now delivered to @vcpu, or nowhere. */
static void vgic_its_retarget(struct kvm *kvm, struct vgic_irq *irq, struct kvm_vcpu *vcpu)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	irq->target_vcpu = vcpu;
	vgic_queue_irq_unlock(kvm, irq, flags);
}

/* DISCARD, CLEAR: the LPI's pending state is removed. */
static void vgic_its_clear_pending(struct kvm *kvm, struct vgic_irq *irq)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	irq->pending_latch = false;
	vgic_queue_irq_unlock(kvm, irq, flags);
}

static void vgic_its_drop_ite(struct vgic_its *its, struct vgic_its_device *dev, u32 eventid)
{
	struct vgic_its_ite *ite = xa_erase(&dev->ites, eventid);

	if (!ite)
		return;
	vgic_its_cache_invalidate(its->kvm);
	vgic_lpi_put(its->kvm, ite->irq);
	kfree_rcu(ite, rcu);
}

/**
 * vgic_its_drop_device() - forget a device and its translations
 * @its:	the ITS, locked
 * @devid:	the device
 *
 * Its LPIs keep their state while something else holds them (a list
 * register, another translation).
 */
void vgic_its_drop_device(struct vgic_its *its, u32 devid)
{
	struct vgic_its_device *dev = xa_erase(&its->devices, devid);
	struct vgic_its_ite *ite;
	unsigned long eventid;

	if (!dev)
		return;
	xa_for_each(&dev->ites, eventid, ite)
		vgic_its_drop_ite(its, dev, eventid);
	xa_destroy(&dev->ites);
	kfree_rcu(dev, rcu);
}

/* The translation a command names by DW0's DeviceID and DW1's EventID. */
static struct vgic_its_ite *vgic_its_cmd_ite(struct vgic_its *its, const u64 *cmd)
{
	struct vgic_its_device *dev = xa_load(&its->devices, FIELD_GET(VGIC_CMD_DEVID, cmd[0]));

	return dev ? xa_load(&dev->ites, FIELD_GET(VGIC_CMD_EVENTID, cmd[1])) : NULL;
}

/* A processor number (RDbase, GITS_TYPER.PTA == 0) as a vCPU, or NULL. */
static struct kvm_vcpu *vgic_its_rdbase_vcpu(struct vgic_its *its, u64 dw)
{
	u64 procnum = FIELD_GET(VGIC_CMD_RDBASE, dw);

	return procnum <= INT_MAX ? kvm_get_vcpu_by_id(its->kvm, procnum) : NULL;
}

static void vgic_its_cmd_mapd(struct vgic_its *its, const u64 *cmd)
{
	u32 devid = FIELD_GET(VGIC_CMD_DEVID, cmd[0]);
	unsigned int bits = FIELD_GET(VGIC_CMD_SIZE, cmd[1]) + 1;
	struct vgic_its_device *dev;

	if (!vgic_its_table_has(its, its->baser_device, devid, VGIC_ITS_DEVID_BITS))
		return vgic_its_error(its, E_ITS_MAPD_DEVICE_OOR);
	if (bits > VGIC_ITS_EVENTID_BITS)
		return vgic_its_error(its, E_ITS_MAPD_ITTSIZE_OOR);
	vgic_its_drop_device(its, devid);		/* a remap starts afresh */
	if (!(cmd[2] & VGIC_CMD_VALID))
		return;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL_ACCOUNT);
	if (!dev)
		return vgic_its_error(its, VGIC_ITS_E_NOMEM);
	dev->eventid_bits = bits;
	dev->itt_addr = cmd[2] & VGIC_CMD_ITT_ADDR;
	xa_init(&dev->ites);
	if (xa_insert(&its->devices, devid, dev, GFP_KERNEL_ACCOUNT)) {
		kfree(dev);
		vgic_its_error(its, VGIC_ITS_E_NOMEM);
	}
}

/* Every translation to collection @icid now delivers to @vcpu. */
static void vgic_its_retarget_collection(struct vgic_its *its, u32 icid, struct kvm_vcpu *vcpu)
{
	struct vgic_its_device *dev;
	struct vgic_its_ite *ite;
	unsigned long devid, eventid;

	xa_for_each(&its->devices, devid, dev)
		xa_for_each(&dev->ites, eventid, ite)
			if (ite->icid == icid)
				vgic_its_retarget(its->kvm, ite->irq, vcpu);
}

static void vgic_its_cmd_mapc(struct vgic_its *its, const u64 *cmd)
{
	u32 icid = FIELD_GET(VGIC_CMD_ICID, cmd[2]);
	struct kvm_vcpu *vcpu = NULL;

	if (!vgic_its_table_has(its, its->baser_coll, icid, VGIC_ITS_ICID_BITS))
		return vgic_its_error(its, E_ITS_MAPC_COLLECTION_OOR);
	if (cmd[2] & VGIC_CMD_VALID) {
		vcpu = vgic_its_rdbase_vcpu(its, cmd[2]);
		if (!vcpu)
			return vgic_its_error(its, E_ITS_MAPC_PROCNUM_OOR);
		if (xa_is_err(xa_store(&its->collections, icid, xa_mk_value(vcpu->vcpu_id),
				       GFP_KERNEL_ACCOUNT)))
			return vgic_its_error(its, VGIC_ITS_E_NOMEM);
	} else {
		xa_erase(&its->collections, icid);
	}
	vgic_its_cache_invalidate(its->kvm);
	vgic_its_retarget_collection(its, icid, vcpu);
}

/**
 * vgic_its_add_ite() - translate @dev's @eventid to LPI @pintid in @icid
 * @its:	the ITS, locked
 * @dev:	the device
 * @eventid:	below 2^@dev->eventid_bits
 * @pintid:	an LPI's INTID
 * @icid:	the collection, in range
 *
 * A translation the event had is replaced, after the new one holds its
 * LPI: a remap to the same LPI keeps the LPI's state.
 *
 * Return: the LPI, or an ERR_PTR (-ENOMEM; -EINVAL for no LPI).
 */
struct vgic_irq *vgic_its_add_ite(struct vgic_its *its, struct vgic_its_device *dev,
				  u32 eventid, u32 pintid, u32 icid)
{
	struct vgic_its_ite *ite = kzalloc(sizeof(*ite), GFP_KERNEL_ACCOUNT);
	struct vgic_irq *irq;

	if (!ite)
		return ERR_PTR(-ENOMEM);
	irq = vgic_lpi_map(its->kvm, pintid, vgic_its_collection_vcpu(its, icid));
	if (IS_ERR(irq)) {
		kfree(ite);
		return irq;
	}
	ite->icid = icid;
	ite->irq = irq;
	vgic_its_drop_ite(its, dev, eventid);
	if (xa_insert(&dev->ites, eventid, ite, GFP_KERNEL_ACCOUNT)) {
		vgic_lpi_put(its->kvm, irq);
		kfree(ite);
		return ERR_PTR(-ENOMEM);
	}
	dev->itt_top = max(dev->itt_top, eventid + 1);
	return irq;
}

/* MAPTI and MAPI: EventID to LPI @pintid in collection DW2.ICID. */
static void vgic_its_map_event(struct vgic_its *its, const u64 *cmd, u32 pintid)
{
	struct vgic_its_device *dev = xa_load(&its->devices, FIELD_GET(VGIC_CMD_DEVID, cmd[0]));
	u32 eventid = FIELD_GET(VGIC_CMD_EVENTID, cmd[1]);
	u32 icid = FIELD_GET(VGIC_CMD_ICID, cmd[2]);

	if (!dev)
		return vgic_its_error(its, E_ITS_MAPTI_UNMAPPED_DEVICE);
	if (eventid >= BIT(dev->eventid_bits))
		return vgic_its_error(its, E_ITS_MAPTI_ID_OOR);
	if (!vgic_is_lpi(pintid) || pintid >= BIT(VGIC_LPI_ID_BITS))
		return vgic_its_error(its, E_ITS_MAPTI_PHYSICALID_OOR);
	if (!vgic_its_table_has(its, its->baser_coll, icid, VGIC_ITS_ICID_BITS))
		return vgic_its_error(its, E_ITS_MAPC_COLLECTION_OOR);

	if (IS_ERR(vgic_its_add_ite(its, dev, eventid, pintid, icid)))
		vgic_its_error(its, VGIC_ITS_E_NOMEM);
}

static void vgic_its_cmd_mapti(struct vgic_its *its, const u64 *cmd)
{
	vgic_its_map_event(its, cmd, FIELD_GET(VGIC_CMD_PINTID, cmd[1]));
}

static void vgic_its_cmd_mapi(struct vgic_its *its, const u64 *cmd)
{
	vgic_its_map_event(its, cmd, FIELD_GET(VGIC_CMD_EVENTID, cmd[1]));
}

static void vgic_its_cmd_movi(struct vgic_its *its, const u64 *cmd)
{
	struct vgic_its_ite *ite = vgic_its_cmd_ite(its, cmd);
	u32 icid = FIELD_GET(VGIC_CMD_ICID, cmd[2]);
	struct kvm_vcpu *vcpu;

	if (!ite)
		return vgic_its_error(its, E_ITS_MOVI_UNMAPPED_INTERRUPT);
	vcpu = vgic_its_collection_vcpu(its, icid);
	if (!vcpu)
		return vgic_its_error(its, E_ITS_MOVI_UNMAPPED_COLLECTION);
	WRITE_ONCE(ite->icid, icid);
	vgic_its_cache_invalidate(its->kvm);
	vgic_its_retarget(its->kvm, ite->irq, vcpu);
}

static void vgic_its_cmd_discard(struct vgic_its *its, const u64 *cmd)
{
	struct vgic_its_device *dev = xa_load(&its->devices, FIELD_GET(VGIC_CMD_DEVID, cmd[0]));
	struct vgic_its_ite *ite = vgic_its_cmd_ite(its, cmd);

	if (!ite)
		return vgic_its_error(its, E_ITS_DISCARD_UNMAPPED_INTERRUPT);
	vgic_its_clear_pending(its->kvm, ite->irq);
	vgic_its_drop_ite(its, dev, FIELD_GET(VGIC_CMD_EVENTID, cmd[1]));
}

/* INV: the LPI's configuration is read again (a failed read disables it). */
static void vgic_its_reread_config(struct kvm *kvm, struct vgic_irq *irq)
{
	vgic_lpi_read_config(kvm, irq);
}

/* CLEAR, INT and INV: one action on the LPI the event translates to. */
static const struct {
	u32 unmapped;		/* the error when nothing is translated */
	void (*act)(struct kvm *kvm, struct vgic_irq *irq);
} vgic_its_event_cmds[] = {
	[GITS_CMD_CLEAR] = { E_ITS_CLEAR_UNMAPPED_INTERRUPT, vgic_its_clear_pending },
	[GITS_CMD_INT] = { E_ITS_INT_UNMAPPED_INTERRUPT, vgic_lpi_inject },
	[GITS_CMD_INV] = { E_ITS_INV_UNMAPPED_INTERRUPT, vgic_its_reread_config },
};

static void vgic_its_cmd_event(struct vgic_its *its, const u64 *cmd)
{
	u8 nr = FIELD_GET(VGIC_CMD_NUMBER, cmd[0]);
	struct vgic_its_ite *ite = vgic_its_cmd_ite(its, cmd);

	if (!ite)
		return vgic_its_error(its, vgic_its_event_cmds[nr].unmapped);
	vgic_its_event_cmds[nr].act(its->kvm, ite->irq);
}

static void vgic_its_cmd_invall(struct vgic_its *its, const u64 *cmd)
{
	struct kvm_vcpu *vcpu = vgic_its_collection_vcpu(its, FIELD_GET(VGIC_CMD_ICID, cmd[2]));

	if (!vcpu)
		return vgic_its_error(its, E_ITS_INVALL_UNMAPPED_COLLECTION);
	vgic_lpi_invalidate_all(vcpu);
}

/* Every LPI of the first redistributor goes to the second. */
static void vgic_its_cmd_movall(struct vgic_its *its, const u64 *cmd)
{
	struct kvm_vcpu *from = vgic_its_rdbase_vcpu(its, cmd[2]);
	struct kvm_vcpu *to = vgic_its_rdbase_vcpu(its, cmd[3]);

	if (!from || !to)
		return vgic_its_error(its, E_ITS_MOVALL_PROCNUM_OOR);
	vgic_lpi_move_all(its->kvm, from, to);
}

/* SYNC: every command has taken effect when its write returns. */
static void vgic_its_cmd_sync(struct vgic_its *its, const u64 *cmd)
{
}

typedef void (*vgic_its_cmd_fn)(struct vgic_its *its, const u64 *cmd);

static const vgic_its_cmd_fn vgic_its_cmds[] = {
	[GITS_CMD_MAPD] = vgic_its_cmd_mapd,
	[GITS_CMD_MAPC] = vgic_its_cmd_mapc,
	[GITS_CMD_MAPTI] = vgic_its_cmd_mapti,
	[GITS_CMD_MAPI] = vgic_its_cmd_mapi,
	[GITS_CMD_MOVI] = vgic_its_cmd_movi,
	[GITS_CMD_DISCARD] = vgic_its_cmd_discard,
	[GITS_CMD_CLEAR] = vgic_its_cmd_event,
	[GITS_CMD_INT] = vgic_its_cmd_event,
	[GITS_CMD_INV] = vgic_its_cmd_event,
	[GITS_CMD_INVALL] = vgic_its_cmd_invall,
	[GITS_CMD_MOVALL] = vgic_its_cmd_movall,
	[GITS_CMD_SYNC] = vgic_its_cmd_sync,
};

static void vgic_its_handle_command(struct vgic_its *its, const u64 *cmd)
{
	u8 nr = FIELD_GET(VGIC_CMD_NUMBER, cmd[0]);

	if (nr >= ARRAY_SIZE(vgic_its_cmds) || !vgic_its_cmds[nr])
		return vgic_its_error(its, VGIC_ITS_E_UNKNOWN);
	vgic_its_cmds[nr](its, cmd);
}

/**
 * vgic_its_process_commands() - carry out the queue up to GITS_CWRITER
 * @its:	the ITS, locked
 *
 * Nothing happens while the ITS is disabled or the queue invalid.  May
 * sleep.
 */
void vgic_its_process_commands(struct vgic_its *its)
{
	u64 size = vgic_its_queue_size(its);
	gpa_t queue = GITS_CBASER_ADDRESS(its->cbaser);
	__le64 raw[VGIC_ITS_CMD_SIZE / 8];
	u64 cmd[VGIC_ITS_CMD_SIZE / 8];
	int i;

	lockdep_assert_held(&its->lock);
	if (!its->enabled || !(its->cbaser & GITS_CBASER_VALID))
		return;
	while (its->creadr != its->cwriter) {
		if (kvm_read_guest_lock(its->kvm, queue + its->creadr, raw, sizeof(raw))) {
			vgic_its_error(its, VGIC_ITS_E_UNREADABLE);
		} else {
			for (i = 0; i < ARRAY_SIZE(cmd); i++)
				cmd[i] = le64_to_cpu(raw[i]);
			vgic_its_handle_command(its, cmd);
		}
		its->creadr = (its->creadr + VGIC_ITS_CMD_SIZE) % size;
	}
}
