/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness shim: the xarray calls the vGIC makes, over a sorted array of
 * (index, entry) pairs.  Its storage counts as one live allocation while
 * it holds any, so a missing xa_destroy() shows as a leak.  Storing with a
 * sleeping gfp in atomic context aborts, as CONFIG_DEBUG_ATOMIC_SLEEP
 * would complain.
 */
#ifndef _SHIM_LINUX_XARRAY_H
#define _SHIM_LINUX_XARRAY_H
#include <linux/types.h>

#define XA_FLAGS_LOCK_IRQ	1u
#define XA_PRESENT		0u

typedef unsigned int xa_mark_t;

struct xarray {
	unsigned long *index;
	void **entry;
	unsigned int nr, cap;
};

static inline void xa_init_flags(struct xarray *xa, unsigned int flags)
{
	*xa = (struct xarray) {};
}

#define xa_init(xa)		xa_init_flags(xa, 0)
#define xa_mk_value(v)		((void *)(((unsigned long)(v) << 1) | 1))
#define xa_to_value(e)		((unsigned long)(e) >> 1)
/* Errors are returned as small negative values cast to pointers, as in the kernel. */
#define xa_is_err(e)		((unsigned long)(e) >= (unsigned long)-4095)

static inline bool xa_empty(const struct xarray *xa)
{
	return !xa->nr;
}

void *xa_load(struct xarray *xa, unsigned long index);
int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
void *xa_erase(struct xarray *xa, unsigned long index);
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
void *xa_find(struct xarray *xa, unsigned long *index, unsigned long max, xa_mark_t filter);
void *xa_find_after(struct xarray *xa, unsigned long *index, unsigned long max,
		    xa_mark_t filter);
void xa_destroy(struct xarray *xa);

#define xa_for_each(xa, idx, ent)					\
	for ((idx) = 0, (ent) = xa_find(xa, &(idx), ULONG_MAX, XA_PRESENT); (ent); \
	     (ent) = xa_find_after(xa, &(idx), ULONG_MAX, XA_PRESENT))

#endif
