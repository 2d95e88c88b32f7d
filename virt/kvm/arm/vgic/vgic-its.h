/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ITS (IHI 0069 chapter 6): the translation of (DeviceID, EventID) to
 * an LPI and its collection, the command queue that changes it, and the
 * register frame.  Internal to the vGIC.
 */
#ifndef __KVM_ARM_VGIC_ITS_H
#define __KVM_ARM_VGIC_ITS_H

#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/xarray.h>

#include "vgic.h"

/* What this ITS offers (GITS_TYPER): 16 bits of DeviceID, EventID, ICID. */
#define VGIC_ITS_DEVID_BITS	16
#define VGIC_ITS_EVENTID_BITS	16
#define VGIC_ITS_ICID_BITS	16
#define VGIC_ITS_ENTRY_SIZE	8	/* ITT, device and collection table entries */
#define VGIC_ITS_CMD_SIZE	32
#define VGIC_ITS_ABI_REV	0	/* the table layout, GITS_IIDR.Revision */

/**
 * struct vgic_its - one ITS of a VM
 * @kvm:	the VM
 * @base:	guest physical address of its 128KB frame, or VGIC_ADDR_UNDEF
 * @iodev:	the frame on the MMIO bus
 * @lock:	the registers, the command queue and the translations change
 *		under it (commands are handled one at a time)
 * @enabled:	GITS_CTLR.Enabled
 * @abi_rev:	GITS_IIDR.Revision: the layout of saved tables
 * @cbaser:	GITS_CBASER
 * @creadr:	GITS_CREADR offset
 * @cwriter:	GITS_CWRITER offset
 * @baser_device: GITS_BASER0, the device table
 * @baser_coll:	GITS_BASER1, the collection table
 * @devices:	the mapped devices, by DeviceID (struct vgic_its_device)
 * @collections: the mapped collections, by ICID: the target's vcpu_id, as
 *		an xarray value entry
 * @cmd_errors:	commands ignored as errors (SEIS is 0: the guest is not told)
 * @last_error:	the E_ITS_* code of the last of them
 * @rcu:	freed after a grace period: MSIs find it under RCU
 */
struct vgic_its {
	struct kvm		*kvm;
	gpa_t			base;
	struct vgic_io_device	iodev;
	struct mutex		lock;	/* registers, queue, translations */
	bool			enabled;
	u8			abi_rev;
	u64			cbaser;
	u64			creadr;
	u64			cwriter;
	u64			baser_device;
	u64			baser_coll;
	struct xarray		devices;
	struct xarray		collections;
	unsigned long		cmd_errors;
	u32			last_error;
	struct rcu_head		rcu;
};

/**
 * struct vgic_its_device - a device an ITS knows (MAPD)
 * @eventid_bits: EventIDs it may send: [0, 2^@eventid_bits)
 * @itt_addr:	its interrupt translation table in guest memory (saved tables)
 * @itt_top:	one past the highest EventID translated since the MAPD (or the
 *		restore): a save writes the ITT's entries below it
 * @ites:	its translations, by EventID (struct vgic_its_ite)
 * @rcu:	freed after a grace period: translations read it under RCU
 */
struct vgic_its_device {
	u8			eventid_bits;
	gpa_t			itt_addr;
	u32			itt_top;
	struct xarray		ites;
	struct rcu_head		rcu;
};

/**
 * struct vgic_its_ite - one translation (MAPTI, MAPI)
 * @icid:	its collection
 * @irq:	its LPI, referenced
 * @rcu:	freed after a grace period: translations read it under RCU
 */
struct vgic_its_ite {
	u16			icid;
	struct vgic_irq		*irq;
	struct rcu_head		rcu;
};

struct vgic_its *vgic_its_create(struct kvm *kvm);
void vgic_its_destroy(struct vgic_its *its);
int vgic_its_set_base(struct vgic_its *its, gpa_t base);
int vgic_its_access(struct vgic_its *its, u32 offset, unsigned int len, bool is_write,
		    u64 *val, bool user);
void vgic_its_reset(struct vgic_its *its);
void vgic_its_forget(struct vgic_its *its);
unsigned int vgic_its_reg_width(u64 offset);
int vgic_its_uaccess(struct vgic_its *its, u64 offset, bool write, u64 *val);

u64 vgic_its_queue_size(const struct vgic_its *its);

/* vgic-its-cmd.c */
void vgic_its_process_commands(struct vgic_its *its);
struct kvm_vcpu *vgic_its_collection_vcpu(struct vgic_its *its, u32 icid);
void vgic_its_drop_device(struct vgic_its *its, u32 devid);
struct vgic_irq *vgic_its_add_ite(struct vgic_its *its, struct vgic_its_device *dev,
				  u32 eventid, u32 pintid, u32 icid);
gpa_t vgic_its_table_base(u64 baser);
u64 vgic_its_table_ids(u64 baser, unsigned int bits);
bool vgic_its_table_entry(struct vgic_its *its, u64 baser, u64 id, gpa_t *gpa);

/* vgic-its-tables.c */
int vgic_its_save_tables(struct vgic_its *its);
int vgic_its_restore_tables(struct vgic_its *its);

#endif
