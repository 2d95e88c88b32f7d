/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: the kernel's types that tools/include does not have. */
#ifndef _SHIM_LINUX_TYPES_H
#define _SHIM_LINUX_TYPES_H
#include_next <linux/types.h>

typedef unsigned long irq_hw_number_t;
typedef u64 gpa_t;
typedef struct { unsigned long bits[1]; } cpumask_t;

#ifndef __iomem
#define __iomem
#endif
#define __ro_after_init
#define __percpu
#define __init

#endif
