/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness shim: the GIC definitions of arm64's asm/sysreg.h (ICH_*, ICC_*),
 * extracted from the kernel's own header at build time into
 * build/harness/include/asm/sysreg-gic.h, and the sysreg accessors that
 * linux/irqchip/arm-gic-v3.h expects (there is no system register here).
 */
#ifndef _SHIM_ASM_ARCH_GICV3_H
#define _SHIM_ASM_ARCH_GICV3_H
#include <linux/spinlock.h>
#include <asm/sysreg-gic.h>

static inline u32 gic_read_sre(void) { return 0; }
static inline void gic_write_sre(u32 val) { (void)val; }

#endif
