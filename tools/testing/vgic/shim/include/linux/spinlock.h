/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness shim: raw spinlocks for a single-threaded harness.  Every lock
 * knows whether it is held, so that a double lock, an unlock of a free
 * lock and a missing lock (lockdep_assert_held) abort the test, and every
 * acquisition is counted so that tests can assert the lock-free paths.
 */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H
#include <linux/types.h>

typedef struct {
	int held;
} raw_spinlock_t;

extern unsigned long shim_lock_acquisitions;
extern int shim_locks_held;

void shim_lock(raw_spinlock_t *lock);
void shim_unlock(raw_spinlock_t *lock);
void shim_assert_held(const raw_spinlock_t *lock);

#define SINGLE_DEPTH_NESTING			1
#define raw_spin_lock_init(l)			((l)->held = 0)
#define raw_spin_lock(l)			shim_lock(l)
#define raw_spin_unlock(l)			shim_unlock(l)
#define raw_spin_lock_nested(l, sub)		shim_lock(l)
#define raw_spin_lock_irqsave(l, flags)		do { (flags) = 0; shim_lock(l); } while (0)
#define raw_spin_unlock_irqrestore(l, flags)	do { (void)(flags); shim_unlock(l); } while (0)
/* a raw spinlock, or a struct mutex (whose first member is one) */
#define lockdep_assert_held(l)			shim_assert_held((const raw_spinlock_t *)(l))

#endif
