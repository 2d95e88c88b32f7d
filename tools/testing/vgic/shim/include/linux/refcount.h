/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: reference counts that abort where the kernel's would WARN. */
#ifndef _SHIM_LINUX_REFCOUNT_H
#define _SHIM_LINUX_REFCOUNT_H
#include <linux/types.h>

typedef struct {
	int refs;
} refcount_t;

void shim_refcount_fail(const char *what);

static inline void refcount_set(refcount_t *r, int n)
{
	r->refs = n;
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return r->refs;
}

static inline bool refcount_inc_not_zero(refcount_t *r)
{
	return r->refs ? (r->refs++, true) : false;
}

static inline void refcount_inc(refcount_t *r)
{
	if (!r->refs)
		shim_refcount_fail("refcount_inc on 0 (use after free)");
	r->refs++;
}

static inline bool refcount_dec_and_test(refcount_t *r)
{
	if (r->refs <= 0)
		shim_refcount_fail("refcount underflow");
	return !--r->refs;
}

#endif
