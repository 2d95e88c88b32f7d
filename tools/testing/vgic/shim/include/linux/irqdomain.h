/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _SHIM_LINUX_IRQDOMAIN_H
#define _SHIM_LINUX_IRQDOMAIN_H
struct irq_domain;
struct fwnode_handle;
struct device;
#endif
