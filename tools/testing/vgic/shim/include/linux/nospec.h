/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: no speculation to fence in userspace; keep the bound check. */
#ifndef _SHIM_LINUX_NOSPEC_H
#define _SHIM_LINUX_NOSPEC_H
#include <assert.h>

#define array_index_nospec(index, size)	\
	({ assert((index) < (size)); (index); })

#endif
