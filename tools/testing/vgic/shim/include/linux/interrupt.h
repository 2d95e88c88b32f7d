/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _SHIM_LINUX_INTERRUPT_H
#define _SHIM_LINUX_INTERRUPT_H
#include <linux/irq.h>
#endif
