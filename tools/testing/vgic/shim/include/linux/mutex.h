/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: mutexes are held-flag locks like the spinlocks. */
#ifndef _SHIM_LINUX_MUTEX_H
#define _SHIM_LINUX_MUTEX_H
#include <linux/spinlock.h>

struct mutex {
	raw_spinlock_t lock;
};

/* Held mutexes count as held locks, but do not make the context atomic. */
extern int shim_mutexes_held;

#define mutex_init(m)	raw_spin_lock_init(&(m)->lock)
#define mutex_lock(m)	(shim_lock(&(m)->lock), shim_mutexes_held++)
#define mutex_unlock(m)	(shim_mutexes_held--, shim_unlock(&(m)->lock))

#endif
