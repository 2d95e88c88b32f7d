/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMM's side of an irqfd (Documentation/virt/kvm/api.rst, KVM_IRQFD):
 * an eventfd bound to a pin of the default routing (pin n is SPI 32 + n),
 * with a resamplefd or without, and the event that raises it.
 */
#ifndef SELFTEST_KVM_VGIC_IRQFD_H
#define SELFTEST_KVM_VGIC_IRQFD_H
#include <sys/eventfd.h>

#include "kvm_util.h"

/* An eventfd bound to @pin; with @resamplefd unless it is negative. */
static inline int vgic_irqfd(struct kvm_vm *vm, int pin, int resamplefd)
{
	int fd = eventfd(0, EFD_CLOEXEC);
	struct kvm_irqfd args = {
		.fd = fd, .gsi = pin,
		.flags = resamplefd >= 0 ? KVM_IRQFD_FLAG_RESAMPLE : 0,
		.resamplefd = resamplefd >= 0 ? resamplefd : 0,
	};

	TEST_ASSERT(fd >= 0, "eventfd");
	vm_ioctl(vm, KVM_IRQFD, &args);
	return fd;
}

static inline void vgic_irqfd_signal(int fd)
{
	uint64_t one = 1;

	TEST_ASSERT_EQ(write(fd, &one, sizeof(one)), sizeof(one));
}

#endif
