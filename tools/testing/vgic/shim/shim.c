// SPDX-License-Identifier: GPL-2.0-only
/*
 * Harness shim: the kernel services the vGIC sources call, for one thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/kvm_host.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>

unsigned long shim_lock_acquisitions;
int shim_locks_held;
unsigned long shim_live_allocations;
int shim_preempt_count;
int shim_mutexes_held;
unsigned long shim_mpidr_reads;
struct kvm_vcpu *shim_running_vcpu;

void (*shim_on_warn)(void);

void shim_warned(void)
{
	if (shim_on_warn)
		shim_on_warn();
	abort();
}

static void shim_fail(const char *what)
{
	fprintf(stderr, "shim: %s\n", what);
	abort();
}

void shim_lock(raw_spinlock_t *lock)
{
	if (lock->held)
		shim_fail("lock taken while held (self-deadlock)");
	lock->held = 1;
	shim_lock_acquisitions++;
	shim_locks_held++;
}

void shim_unlock(raw_spinlock_t *lock)
{
	if (!lock->held)
		shim_fail("unlock of a lock that is not held");
	lock->held = 0;
	shim_locks_held--;
}

void shim_assert_held(const raw_spinlock_t *lock)
{
	if (!lock->held)
		shim_fail("lock expected held is not");
}

void *kzalloc(size_t size, gfp_t gfp)
{
	void *p;

	if ((gfp & __GFP_DIRECT_RECLAIM) &&
	    (shim_locks_held > shim_mutexes_held || shim_preempt_count))
		shim_fail("sleeping allocation in atomic context");
	p = calloc(1, size);
	if (p)
		shim_live_allocations++;
	return p;
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kzalloc(n * size, gfp);
}

void kfree(const void *p)
{
	if (!p)
		return;
	shim_live_allocations--;
	free((void *)p);
}

unsigned int shim_routing_entries, shim_acked_irqs, shim_last_acked_pin;
bool shim_pin_has_notifier[KVM_IRQCHIP_NUM_PINS];

int kvm_set_irq_routing(struct kvm *kvm, const struct kvm_irq_routing_entry *ue,
			unsigned int nr, unsigned int flags)
{
	shim_routing_entries = nr;
	return 0;
}

bool kvm_irq_has_notifier(struct kvm *kvm, unsigned int irqchip, unsigned int pin)
{
	return !irqchip && pin < KVM_IRQCHIP_NUM_PINS && shim_pin_has_notifier[pin];
}

void kvm_notify_acked_irq(struct kvm *kvm, unsigned int irqchip, unsigned int pin)
{
	if (shim_locks_held > shim_mutexes_held)
		shim_fail("acked-irq notifiers run under a spinlock (they inject)");
	shim_acked_irqs++;
	shim_last_acked_pin = pin;
}

void shim_refcount_fail(const char *what)
{
	shim_fail(what);
}

/* RCU: frees deferred to the next quiescent state, between two steps. */
int shim_rcu_readers;
static struct rcu_head *shim_rcu_pending;

void shim_call_kfree_rcu(struct rcu_head *head, void *object)
{
	head->object = object;
	head->next = shim_rcu_pending;
	shim_rcu_pending = head;
}

void shim_rcu_quiesce(void)
{
	if (shim_rcu_readers)
		shim_fail("grace period inside an RCU read-side section");
	while (shim_rcu_pending) {
		struct rcu_head *head = shim_rcu_pending;

		shim_rcu_pending = head->next;
		kfree(head->object);
	}
}

/* The xarray: (index, entry) pairs sorted by index. */
static unsigned int shim_xa_slot(const struct xarray *xa, unsigned long index)
{
	unsigned int lo = 0, hi = xa->nr;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (xa->index[mid] < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void *xa_load(struct xarray *xa, unsigned long index)
{
	unsigned int i = shim_xa_slot(xa, index);

	return i < xa->nr && xa->index[i] == index ? xa->entry[i] : NULL;
}

int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	unsigned int i = shim_xa_slot(xa, index);

	if ((gfp & __GFP_DIRECT_RECLAIM) &&
	    (shim_locks_held > shim_mutexes_held || shim_preempt_count))
		shim_fail("sleeping xarray store in atomic context");
	if (i < xa->nr && xa->index[i] == index)
		return -EBUSY;
	if (xa->nr == xa->cap) {
		unsigned int cap = xa->cap ? 2 * xa->cap : 16;
		unsigned long *idx = realloc(xa->index, cap * sizeof(*idx));
		void **ent;

		if (!idx)
			return -ENOMEM;
		xa->index = idx;
		ent = realloc(xa->entry, cap * sizeof(*ent));
		if (!ent)
			return -ENOMEM;
		xa->entry = ent;
		if (!xa->cap)
			shim_live_allocations++;
		xa->cap = cap;
	}
	memmove(&xa->index[i + 1], &xa->index[i], (xa->nr - i) * sizeof(*xa->index));
	memmove(&xa->entry[i + 1], &xa->entry[i], (xa->nr - i) * sizeof(*xa->entry));
	xa->index[i] = index;
	xa->entry[i] = entry;
	xa->nr++;
	return 0;
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	unsigned int i = shim_xa_slot(xa, index);
	void *old;

	if (i == xa->nr || xa->index[i] != index)
		return NULL;
	old = xa->entry[i];
	xa->nr--;
	memmove(&xa->index[i], &xa->index[i + 1], (xa->nr - i) * sizeof(*xa->index));
	memmove(&xa->entry[i], &xa->entry[i + 1], (xa->nr - i) * sizeof(*xa->entry));
	return old;
}

void *xa_find(struct xarray *xa, unsigned long *index, unsigned long max, xa_mark_t filter)
{
	unsigned int i = shim_xa_slot(xa, *index);

	if (i == xa->nr || xa->index[i] > max)
		return NULL;
	*index = xa->index[i];
	return xa->entry[i];
}

void *xa_find_after(struct xarray *xa, unsigned long *index, unsigned long max,
		    xa_mark_t filter)
{
	unsigned long next = *index + 1;

	if (!next)
		return NULL;
	*index = next;
	return xa_find(xa, index, max, filter);
}

void xa_destroy(struct xarray *xa)
{
	if (xa->cap)
		shim_live_allocations--;
	free(xa->index);
	free(xa->entry);
	*xa = (struct xarray) {};
}

/* Guest memory: the test VM's RAM. */
unsigned long shim_guest_reads, shim_guest_writes;

int shim_guest_access(struct kvm *kvm, gpa_t gpa, void *data, unsigned long len,
		      bool write)
{
	if (shim_locks_held > shim_mutexes_held || shim_preempt_count || shim_rcu_readers)
		shim_fail("guest memory access (may sleep) in atomic context");
	/* the kernel's mark_page_dirty_in_slot() WARNs on a write without a vCPU */
	if (write && !shim_running_vcpu && !kvm_arch_allow_write_without_running_vcpu(kvm))
		shim_fail("guest memory written with no vCPU running, outside a table save");
	if (gpa < kvm->shim_ram_base || len > kvm->shim_ram_size ||
	    gpa - kvm->shim_ram_base > kvm->shim_ram_size - len)
		return -EFAULT;
	if (write) {
		memcpy(kvm->shim_ram + (gpa - kvm->shim_ram_base), data, len);
		shim_guest_writes++;
	} else {
		memcpy(data, kvm->shim_ram + (gpa - kvm->shim_ram_base), len);
		shim_guest_reads++;
	}
	return 0;
}

void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	void *old = xa_erase(xa, index);
	int ret = xa_insert(xa, index, entry, gfp);

	return ret ? (void *)(long)ret : old;
}
