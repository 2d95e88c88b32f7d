/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: the kernel allocator on top of calloc/free. */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H
#include <stdlib.h>
#include <linux/types.h>

#define GFP_KERNEL		0u
#define GFP_KERNEL_ACCOUNT	0u

extern unsigned long shim_live_allocations;

void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void kfree(const void *p);

#endif
