/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: tools' linux/kernel.h, and what it lacks. */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H
#include_next <linux/kernel.h>

#ifndef clamp_t
#define clamp_t(type, val, lo, hi)	min_t(type, max_t(type, val, lo), hi)
#endif

/* The harness does not build with CONFIG_INIT_STACK_ALL_ZERO. */
#ifndef __uninitialized
#define __uninitialized
#endif

#endif
