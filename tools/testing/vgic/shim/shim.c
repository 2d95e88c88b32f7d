// SPDX-License-Identifier: GPL-2.0-only
/*
 * Harness shim: the kernel services the vGIC sources call, for one thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/kvm_host.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

unsigned long shim_lock_acquisitions;
int shim_locks_held;
unsigned long shim_live_allocations;
int shim_preempt_count;
int shim_mutexes_held;
unsigned long shim_mpidr_reads;
struct kvm_vcpu *shim_running_vcpu;

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
