// SPDX-License-Identifier: GPL-2.0-only
/*
 * LPIs: the message-based interrupts of the redistributors (IHI 0069 5.1),
 * INTID 8192 upwards, which a VM has when it has an ITS.
 *
 * An LPI is a struct vgic_irq like the others, on the same lists and in
 * the same list registers.  It is allocated when an ITS maps it, in
 * process context, and found through vgic_dist::lpi_xa under RCU with no
 * lock, so that injections of different LPIs share nothing.  Its priority
 * and enable live in guest memory, in the configuration table that
 * GICR_PROPBASER names, and are read when it is mapped and when the guest
 * invalidates it (IHI 0069 5.1.1: a change to the table alone need not be
 * seen).  Its pending state is read from the pending table that
 * GICR_PENDBASER names when its redistributor's LPIs are enabled, and
 * written back there on request.
 *
 * References: one for each ITS translation that names it, one while it is
 * on an ap_list, and one for each lookup in flight.  The last put may
 * come with raw spinlocks held (an LPI leaving an ap_list), where the
 * xarray's own lock may not be taken: the LPI then stays in the xarray
 * with no reference, dead to lookups, until process context reaps it
 * under @lpi_mutex, which also keeps it from being freed under a walk of
 * the xarray.  It is freed after a grace period, so that a lookup racing
 * with the reap only ever reads a zero count.
 */
#include <linux/bitfield.h>
#include <linux/err.h>
#include <linux/kvm_host.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <asm/kvm_mmu.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "vgic.h"
#include "vgic-mmio.h"

struct vgic_lpi {
	struct vgic_irq irq;
	struct rcu_head rcu;
};

/* An LPI configuration table entry (IHI 0069 5.1.1). */
#define VGIC_LPI_CFG_PRIORITY	GENMASK(7, 2)
#define VGIC_LPI_CFG_ENABLE	BIT(0)

/* Dead LPIs tolerated before a map reaps them all. */
#define VGIC_LPI_DEAD_BATCH	64

/**
 * vgic_lpi_get() - find an LPI and take a reference to it
 * @kvm:	the VM
 * @intid:	its INTID
 *
 * Takes no lock: may be called in any context.
 *
 * Return: the LPI, or NULL if @intid is not mapped.
 */
struct vgic_irq *vgic_lpi_get(struct kvm *kvm, u32 intid)
{
	struct vgic_irq *irq;

	rcu_read_lock();
	irq = xa_load(&kvm->arch.vgic.lpi_xa, intid);
	if (irq && !refcount_inc_not_zero(&irq->refcount))
		irq = NULL;
	rcu_read_unlock();
	return irq;
}

/**
 * vgic_lpi_put() - drop a reference to an LPI
 * @kvm:	the VM
 * @irq:	the LPI
 *
 * May be called with raw spinlocks held: the last reference leaves the
 * LPI dead in the xarray for vgic_lpi_reap().
 */
void vgic_lpi_put(struct kvm *kvm, struct vgic_irq *irq)
{
	if (refcount_dec_and_test(&irq->refcount))
		atomic_inc(&kvm->arch.vgic.lpi_dead);
}

/* Erase and free @irq (at @intid, under @lpi_mutex) if it is dead. */
static void vgic_lpi_reap_one(struct vgic_dist *dist, unsigned long intid,
			      struct vgic_irq *irq)
{
	if (refcount_read(&irq->refcount) || xa_erase(&dist->lpi_xa, intid) != irq)
		return;
	atomic_dec(&dist->lpi_dead);
	kfree_rcu(container_of(irq, struct vgic_lpi, irq), rcu);
}

/* Free every dead LPI; @lpi_mutex held. */
static void vgic_lpi_reap(struct vgic_dist *dist)
{
	struct vgic_irq *irq;
	unsigned long intid;

	lockdep_assert_held(&dist->lpi_mutex);
	if (!atomic_read(&dist->lpi_dead))
		return;
	xa_for_each(&dist->lpi_xa, intid, irq)
		vgic_lpi_reap_one(dist, intid, irq);
}

/* INTID bits the configuration table covers: none below 14 (IHI 0069, GICR_PROPBASER). */
static unsigned int vgic_lpi_table_bits(struct kvm *kvm)
{
	u64 propbaser = READ_ONCE(kvm->arch.vgic.propbaser);

	return min_t(unsigned int, FIELD_GET(GICR_PROPBASER_IDBITS_MASK, propbaser) + 1,
		     VGIC_LPI_ID_BITS);
}

/**
 * vgic_lpi_read_config() - take an LPI's priority and enable from the table
 * @kvm:	the VM
 * @irq:	the LPI, referenced
 *
 * An LPI the table does not cover, or whose entry cannot be read, is
 * disabled: it is out of range and ignored (IHI 0069 5.1.1).  May sleep.
 *
 * Return: 0, or the error of the guest memory read.
 */
int vgic_lpi_read_config(struct kvm *kvm, struct vgic_irq *irq)
{
	gpa_t table = GICR_PROPBASER_ADDRESS(READ_ONCE(kvm->arch.vgic.propbaser));
	unsigned long flags;
	u8 cfg = 0;
	int ret = 0;

	if (irq->intid < BIT(vgic_lpi_table_bits(kvm)))
		ret = kvm_read_guest_lock(kvm, table + irq->intid - VGIC_MIN_LPI, &cfg, 1);
	if (ret)
		cfg = 0;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	irq->priority = (cfg & VGIC_LPI_CFG_PRIORITY) & VGIC_PRI_IMPL_MASK;
	irq->enabled = cfg & VGIC_LPI_CFG_ENABLE;
	vgic_queue_irq_unlock(kvm, irq, flags);
	return ret;
}

/**
 * vgic_lpi_map() - the state of an LPI an ITS translation now names
 * @kvm:	the VM
 * @intid:	the LPI's INTID, VGIC_MIN_LPI or above
 * @target:	the vCPU its collection names
 *
 * An LPI already mapped is the same state (a second translation to one
 * INTID shares it), retargeted to @target.  A new one is allocated, its
 * configuration read.  Process context; may sleep.
 *
 * Return: the LPI with a reference for the caller, or an ERR_PTR.
 */
struct vgic_irq *vgic_lpi_map(struct kvm *kvm, u32 intid, struct kvm_vcpu *target)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	struct vgic_irq *irq, *dead;
	struct vgic_lpi *lpi;
	unsigned long flags;
	int ret;

	if (intid < VGIC_MIN_LPI || intid >= BIT(VGIC_LPI_ID_BITS))
		return ERR_PTR(-EINVAL);

	mutex_lock(&dist->lpi_mutex);
	irq = vgic_lpi_get(kvm, intid);
	if (irq) {
		mutex_unlock(&dist->lpi_mutex);
		raw_spin_lock_irqsave(&irq->irq_lock, flags);
		irq->target_vcpu = target;
		vgic_queue_irq_unlock(kvm, irq, flags);
		return irq;
	}
	if (atomic_read(&dist->lpi_dead) > VGIC_LPI_DEAD_BATCH)
		vgic_lpi_reap(dist);
	dead = xa_load(&dist->lpi_xa, intid);
	if (dead)
		vgic_lpi_reap_one(dist, intid, dead);

	lpi = kzalloc(sizeof(*lpi), GFP_KERNEL_ACCOUNT);
	if (!lpi) {
		mutex_unlock(&dist->lpi_mutex);
		return ERR_PTR(-ENOMEM);
	}
	irq = &lpi->irq;
	vgic_irq_init(irq, intid, target);
	irq->group = 1;		/* LPIs are Non-secure Group 1 (IHI 0069 5.1) */
	refcount_set(&irq->refcount, 1);
	ret = xa_insert(&dist->lpi_xa, intid, irq, GFP_KERNEL_ACCOUNT);
	mutex_unlock(&dist->lpi_mutex);
	if (ret) {
		kfree(lpi);
		return ERR_PTR(ret);
	}
	vgic_lpi_read_config(kvm, irq);
	return irq;
}

/**
 * vgic_lpi_inject() - an LPI becomes pending
 * @kvm:	the VM
 * @irq:	the LPI, referenced
 *
 * A redistributor whose LPIs are disabled takes none (IHI 0069 5.1:
 * GICR_CTLR.EnableLPIs): the message is dropped.  One that finds the LPI
 * pending and waiting on a list merges with it.  Any context.
 */
void vgic_lpi_inject(struct kvm *kvm, struct vgic_irq *irq)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	if (!irq->target_vcpu || !READ_ONCE(irq->target_vcpu->arch.vgic_cpu.lpis_enabled) ||
	    vgic_irq_edge_merges(irq)) {
		raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
		return;
	}
	vgic_irq_new_edge(irq);
	vgic_queue_irq_unlock(kvm, irq, flags);
}

/* Call @fn on every live LPI that targets @vcpu (any vCPU if NULL); may sleep. */
static int vgic_lpi_for_each(struct kvm *kvm, struct kvm_vcpu *vcpu,
			     int (*fn)(struct kvm *kvm, struct vgic_irq *irq))
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	struct vgic_irq *irq;
	unsigned long intid;
	int ret = 0;

	mutex_lock(&dist->lpi_mutex);
	xa_for_each(&dist->lpi_xa, intid, irq) {
		if (!refcount_read(&irq->refcount) ||
		    (vcpu && READ_ONCE(irq->target_vcpu) != vcpu))
			continue;
		ret = fn(kvm, irq);
		if (ret)
			break;
	}
	mutex_unlock(&dist->lpi_mutex);
	return ret;
}

static int vgic_lpi_reread_config(struct kvm *kvm, struct vgic_irq *irq)
{
	vgic_lpi_read_config(kvm, irq);
	return 0;
}

/**
 * vgic_lpi_invalidate_all() - read again the configuration of @vcpu's LPIs
 * @vcpu:	the redistributor's vCPU (GICR_INVALLR, the ITS's INVALL)
 */
void vgic_lpi_invalidate_all(struct kvm_vcpu *vcpu)
{
	vgic_lpi_for_each(vcpu->kvm, vcpu, vgic_lpi_reread_config);
}

/* The byte of @vcpu's pending table that holds @intid's bit. */
static gpa_t vgic_lpi_pending_byte(struct kvm_vcpu *vcpu, u32 intid)
{
	return GICR_PENDBASER_ADDRESS(vcpu->arch.vgic_cpu.pendbaser) + intid / 8;
}

/**
 * vgic_lpi_load_pending() - take an LPI's pending state from its table
 * @kvm:	the VM
 * @irq:	the LPI, referenced
 *
 * The pending table of the redistributor it targets, if that one has its
 * LPIs enabled (an LPI restored after its redistributor).  May sleep.
 *
 * Return: 0, or the error of the guest memory read.
 */
int vgic_lpi_load_pending(struct kvm *kvm, struct vgic_irq *irq)
{
	struct kvm_vcpu *vcpu = READ_ONCE(irq->target_vcpu);
	u8 byte;
	int ret;

	if (!vcpu || !READ_ONCE(vcpu->arch.vgic_cpu.lpis_enabled))
		return 0;
	ret = kvm_read_guest_lock(kvm, vgic_lpi_pending_byte(vcpu, irq->intid), &byte, 1);
	if (!ret && (byte & BIT(irq->intid % 8)))
		vgic_lpi_inject(kvm, irq);
	return ret;
}

/**
 * vgic_lpis_enable() - GICR_CTLR.EnableLPIs is set
 * @vcpu:	the redistributor's vCPU
 *
 * The LPIs that target it take their pending state from its pending
 * table, unless GICR_PENDBASER.PTZ said the table was zero.  May sleep.
 */
void vgic_lpis_enable(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;

	WRITE_ONCE(vgic_cpu->lpis_enabled, true);
	if (!(vgic_cpu->pendbaser & GICR_PENDBASER_PTZ))
		vgic_lpi_for_each(vcpu->kvm, vcpu, vgic_lpi_load_pending);
	vgic_cpu->pendbaser &= ~GICR_PENDBASER_PTZ;
}

static int vgic_lpi_store_pending(struct kvm *kvm, struct vgic_irq *irq)
{
	struct kvm_vcpu *vcpu = READ_ONCE(irq->target_vcpu);
	gpa_t gpa;
	bool pending;
	u8 byte, bit;
	int ret;

	if (!vcpu || !vcpu->arch.vgic_cpu.lpis_enabled)
		return 0;
	gpa = vgic_lpi_pending_byte(vcpu, irq->intid);
	bit = BIT(irq->intid % 8);
	ret = kvm_read_guest_lock(kvm, gpa, &byte, 1);
	if (ret)
		return ret;
	pending = READ_ONCE(irq->pending_latch);
	if (!!(byte & bit) == pending)
		return 0;
	byte ^= bit;
	return kvm_write_guest_lock(kvm, gpa, &byte, 1);
}

/**
 * vgic_lpi_save_pending_tables() - KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES
 * @kvm:	the VM, its vCPUs not running
 *
 * Each LPI's pending state goes to the pending table of the redistributor
 * it targets, if that one has LPIs enabled; the first kB (INTIDs below
 * 8192) is not written.
 *
 * Return: 0, or the error of a guest memory access.
 */
int vgic_lpi_save_pending_tables(struct kvm *kvm)
{
	int ret;

	vgic_saving_tables(kvm, true);
	ret = vgic_lpi_for_each(kvm, NULL, vgic_lpi_store_pending);
	vgic_saving_tables(kvm, false);
	return ret;
}

/**
 * vgic_lpi_destroy() - free every LPI of a VM being torn down
 * @kvm:	the VM, its ap_lists and translations gone
 */
void vgic_lpi_destroy(struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	struct vgic_irq *irq;
	unsigned long intid;

	xa_for_each(&dist->lpi_xa, intid, irq) {
		xa_erase(&dist->lpi_xa, intid);
		kfree_rcu(container_of(irq, struct vgic_lpi, irq), rcu);
	}
	xa_destroy(&dist->lpi_xa);
	atomic_set(&dist->lpi_dead, 0);
}

/**
 * vgic_lpi_move_all() - MOVALL: every LPI that targets @from targets @to
 * @kvm:	the VM
 * @from:	the first redistributor's vCPU
 * @to:		the second's
 */
void vgic_lpi_move_all(struct kvm *kvm, struct kvm_vcpu *from, struct kvm_vcpu *to)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	struct vgic_irq *irq;
	unsigned long intid, flags;

	mutex_lock(&dist->lpi_mutex);
	xa_for_each(&dist->lpi_xa, intid, irq) {
		if (!refcount_read(&irq->refcount))
			continue;
		raw_spin_lock_irqsave(&irq->irq_lock, flags);
		if (irq->target_vcpu != from) {
			raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
			continue;
		}
		irq->target_vcpu = to;
		vgic_queue_irq_unlock(kvm, irq, flags);
	}
	mutex_unlock(&dist->lpi_mutex);
}
