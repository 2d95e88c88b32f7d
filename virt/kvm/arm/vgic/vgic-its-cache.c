// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ITS translation cache: the last translations of a VM's MSIs,
 * (doorbell, DeviceID, EventID) to LPI, so that an MSI that was translated
 * before is one hashed probe instead of a walk of the ITS, its device and
 * its translation table.
 *
 * It is direct-mapped: a pair hashes to one slot, and a fill replaces what
 * was there.  A lookup takes no lock, in any context: each slot has a
 * sequence count, and a hit takes its reference on the LPI with
 * refcount_inc_not_zero() under RCU (an LPI's memory outlives a grace
 * period).  Fills and invalidations hold the cache's raw spinlock.
 *
 * An entry holds no reference.  The cache stays true because everything
 * that changes what an ITS translates (vgic-its-cmd.c: a translation
 * dropped, a collection mapped or unmapped, an event moved; the ITS
 * disabled) first changes the translation, then invalidates the whole
 * cache, and only then drops the LPI's translation reference: the cache
 * never names an LPI that no translation leads to, nor one that may be
 * freed.  A miss that raced with an invalidation must not fill the cache
 * with what it translated before the change: the filler reads the
 * generation before translating, and fills only if it has not moved.
 */
#include <linux/hash.h>
#include <linux/kvm_host.h>
#include <linux/rcupdate.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <asm/barrier.h>

#include "vgic.h"

#define VGIC_ITS_CACHE_BITS	8
#define VGIC_ITS_CACHE_SLOTS	BIT(VGIC_ITS_CACHE_BITS)

/**
 * struct vgic_its_cache_slot - one cached translation
 * @seq:	bumped around each change: a lookup reads a consistent slot
 * @devid:	the DeviceID
 * @doorbell:	the GITS_TRANSLATER written
 * @eventid:	the EventID
 * @irq:	the LPI, or NULL for an empty slot; not referenced
 */
struct vgic_its_cache_slot {
	seqcount_t		seq;
	u32			devid;
	u64			doorbell;
	u32			eventid;
	struct vgic_irq		*irq;
};

/**
 * struct vgic_its_cache - a VM's translation cache
 * @lock:	serializes fills and invalidations
 * @gen:	invalidations so far
 * @used:	slots that are not empty
 * @slots:	the entries, by hash
 */
struct vgic_its_cache {
	raw_spinlock_t		lock;	/* fills and invalidations */
	unsigned long		gen;
	unsigned int		used;
	struct vgic_its_cache_slot slots[VGIC_ITS_CACHE_SLOTS];
};

/**
 * vgic_its_cache_create() - give a VM its cache, with its first ITS
 * @kvm:	the VM, under kvm->lock
 *
 * Return: 0, or -ENOMEM.
 */
int vgic_its_cache_create(struct kvm *kvm)
{
	struct vgic_its_cache *cache;
	int i;

	if (kvm->arch.vgic.its_cache)
		return 0;
	cache = kzalloc(sizeof(*cache), GFP_KERNEL_ACCOUNT);
	if (!cache)
		return -ENOMEM;
	raw_spin_lock_init(&cache->lock);
	for (i = 0; i < VGIC_ITS_CACHE_SLOTS; i++)
		seqcount_init(&cache->slots[i].seq);
	WRITE_ONCE(kvm->arch.vgic.its_cache, cache);
	return 0;
}

/**
 * vgic_its_cache_destroy() - free a VM's cache
 * @kvm:	the VM being torn down: no MSI is in flight
 */
void vgic_its_cache_destroy(struct kvm *kvm)
{
	kfree(kvm->arch.vgic.its_cache);
	kvm->arch.vgic.its_cache = NULL;
}

static struct vgic_its_cache_slot *vgic_its_cache_slot(struct vgic_its_cache *cache,
						       u64 doorbell, u32 devid, u32 eventid)
{
	u64 key = ((u64)devid << 32 | eventid) ^ (doorbell >> 16);

	return &cache->slots[hash_64(key, VGIC_ITS_CACHE_BITS)];
}

/**
 * vgic_its_cache_lookup() - the LPI an MSI translated to last time
 * @kvm:	the VM
 * @doorbell:	the address written
 * @devid:	the DeviceID
 * @eventid:	the EventID
 *
 * Any context, under rcu_read_lock(); takes no lock.
 *
 * Return: the LPI, referenced, or NULL on a miss.
 */
struct vgic_irq *vgic_its_cache_lookup(struct kvm *kvm, u64 doorbell, u32 devid, u32 eventid)
{
	struct vgic_its_cache *cache = READ_ONCE(kvm->arch.vgic.its_cache);
	struct vgic_its_cache_slot *slot;
	struct vgic_irq *irq;
	unsigned int seq;
	bool match;

	if (!cache)
		return NULL;
	slot = vgic_its_cache_slot(cache, doorbell, devid, eventid);
	do {
		seq = read_seqcount_begin(&slot->seq);
		irq = slot->irq;
		match = slot->doorbell == doorbell && slot->devid == devid &&
			slot->eventid == eventid;
	} while (read_seqcount_retry(&slot->seq, seq));

	if (!irq || !match || !refcount_inc_not_zero(&irq->refcount))
		return NULL;
	return irq;
}

/**
 * vgic_its_cache_gen() - the generation a miss translates in
 * @kvm:	the VM
 *
 * Read before translating, and given back to vgic_its_cache_fill().
 *
 * Return: the count of invalidations so far.
 */
unsigned long vgic_its_cache_gen(struct kvm *kvm)
{
	struct vgic_its_cache *cache = READ_ONCE(kvm->arch.vgic.its_cache);

	/* Pairs with the release in vgic_its_cache_invalidate(). */
	return cache ? smp_load_acquire(&cache->gen) : 0;
}

/**
 * vgic_its_cache_fill() - remember a translation a miss made
 * @kvm:	the VM
 * @gen:	vgic_its_cache_gen() before the translation
 * @doorbell:	the address written
 * @devid:	the DeviceID
 * @eventid:	the EventID
 * @irq:	the LPI it translated to, referenced by the caller
 *
 * Any context.  Nothing is filled if the cache was invalidated since @gen:
 * the translation may be gone.
 */
void vgic_its_cache_fill(struct kvm *kvm, unsigned long gen, u64 doorbell, u32 devid,
			 u32 eventid, struct vgic_irq *irq)
{
	struct vgic_its_cache *cache = READ_ONCE(kvm->arch.vgic.its_cache);
	struct vgic_its_cache_slot *slot;
	unsigned long flags;

	if (!cache)
		return;
	slot = vgic_its_cache_slot(cache, doorbell, devid, eventid);
	raw_spin_lock_irqsave(&cache->lock, flags);
	if (cache->gen == gen) {
		cache->used += !slot->irq;
		write_seqcount_begin(&slot->seq);
		slot->doorbell = doorbell;
		slot->devid = devid;
		slot->eventid = eventid;
		slot->irq = irq;
		write_seqcount_end(&slot->seq);
	}
	raw_spin_unlock_irqrestore(&cache->lock, flags);
}

/**
 * vgic_its_cache_invalidate() - forget every cached translation of a VM
 * @kvm:	the VM
 *
 * Called after a translation changed and before the LPI it named loses
 * the translation's reference.  Any context.
 */
void vgic_its_cache_invalidate(struct kvm *kvm)
{
	struct vgic_its_cache *cache = READ_ONCE(kvm->arch.vgic.its_cache);
	struct vgic_its_cache_slot *slot;
	unsigned long flags;
	int i;

	if (!cache)
		return;
	raw_spin_lock_irqsave(&cache->lock, flags);
	/* The translation's change is seen by whoever sees the new count. */
	smp_store_release(&cache->gen, cache->gen + 1);
	for (i = 0; i < VGIC_ITS_CACHE_SLOTS && cache->used; i++) {
		slot = &cache->slots[i];
		if (!slot->irq)
			continue;
		write_seqcount_begin(&slot->seq);
		slot->irq = NULL;
		write_seqcount_end(&slot->seq);
		cache->used--;
	}
	raw_spin_unlock_irqrestore(&cache->lock, flags);
}
