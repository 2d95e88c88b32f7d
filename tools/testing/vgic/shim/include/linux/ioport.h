/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _SHIM_LINUX_IOPORT_H
#define _SHIM_LINUX_IOPORT_H
#include <linux/types.h>

struct resource {
	phys_addr_t start;
	phys_addr_t end;
};

#endif
