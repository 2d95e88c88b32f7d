/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: atomics for one thread (atomic_t is in tools' linux/types.h). */
#ifndef _SHIM_LINUX_ATOMIC_H
#define _SHIM_LINUX_ATOMIC_H
#include <linux/types.h>

#define atomic_read(v)		READ_ONCE((v)->counter)
#define atomic_set(v, i)	WRITE_ONCE((v)->counter, (i))
#define atomic_inc(v)		((v)->counter++)
#define atomic_dec(v)		((v)->counter--)

#endif
