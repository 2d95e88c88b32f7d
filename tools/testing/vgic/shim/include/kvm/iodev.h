/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: the KVM I/O bus device, which the harness does not use. */
#ifndef _SHIM_KVM_IODEV_H
#define _SHIM_KVM_IODEV_H

struct kvm_io_device {
	const void *ops;
};

#endif
