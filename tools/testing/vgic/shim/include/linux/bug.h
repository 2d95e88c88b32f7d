/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: WARN*() (asm/bug.h) and BUILD_BUG_ON*() (linux/build_bug.h). */
#ifndef _SHIM_LINUX_BUG_H
#define _SHIM_LINUX_BUG_H
#include <asm/bug.h>
#include <linux/build_bug.h>
#endif
