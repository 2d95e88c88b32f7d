/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's WARN()s are bugs of the vGIC wherever they fire: in the
 * harness, the first one ends the test.
 */
#ifndef _SHIM_ASM_BUG_H
#define _SHIM_ASM_BUG_H
#include_next <asm/bug.h>

/* Called first, if set: the fuzzer saves the input that led here. */
extern void (*shim_on_warn)(void);
void __attribute__((noreturn)) shim_warned(void);

#undef __WARN_printf
#define __WARN_printf(arg...)	do { fprintf(stderr, "WARNING: " arg); shim_warned(); } while (0)

#endif
