/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: the kernel allocator on top of calloc/free. */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H
#include <stdlib.h>
#include <linux/types.h>

/* Only what the harness checks: may the allocation sleep, is it accounted. */
#define __GFP_ACCOUNT		0x1u
#define __GFP_DIRECT_RECLAIM	0x2u
#define GFP_ATOMIC		0u
#define GFP_KERNEL		__GFP_DIRECT_RECLAIM
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)

extern unsigned long shim_live_allocations;

/*
 * What the kernel's preempt_disable() and spinlocks forbid: an allocation
 * that may sleep.  The shim aborts on one (CONFIG_DEBUG_ATOMIC_SLEEP).
 */
extern int shim_preempt_count;
static inline void preempt_disable(void) { shim_preempt_count++; }
static inline void preempt_enable(void) { shim_preempt_count--; }

void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void kfree(const void *p);

#endif
