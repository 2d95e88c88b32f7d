/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness shim: RCU for one thread.  kfree_rcu() defers the free until the
 * next grace period, which the harness ends between two steps
 * (shim_rcu_quiesce()): an object freed while a lock in it is held stays
 * valid until then, as in the kernel.
 */
#ifndef _SHIM_LINUX_RCUPDATE_H
#define _SHIM_LINUX_RCUPDATE_H
#include <linux/types.h>

struct rcu_head {
	struct rcu_head *next;
	void *object;
};

extern int shim_rcu_readers;

static inline void rcu_read_lock(void) { shim_rcu_readers++; }
static inline void rcu_read_unlock(void) { shim_rcu_readers--; }

void shim_call_kfree_rcu(struct rcu_head *head, void *object);
void shim_rcu_quiesce(void);

#define kfree_rcu(ptr, field)	shim_call_kfree_rcu(&(ptr)->field, (ptr))

#endif
