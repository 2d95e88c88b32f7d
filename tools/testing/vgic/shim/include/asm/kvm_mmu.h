/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness shim: guest memory, as asm/kvm_mmu.h reaches it, over the test
 * VM's RAM (struct kvm's shim_ram).  An access outside it is -EFAULT, as
 * an address with no memslot is; one from atomic context aborts, since the
 * kernel's may sleep.
 */
#ifndef _SHIM_ASM_KVM_MMU_H
#define _SHIM_ASM_KVM_MMU_H
#include <linux/kvm_host.h>

/* Guest memory accesses so far, for tests. */
extern unsigned long shim_guest_reads, shim_guest_writes;

int shim_guest_access(struct kvm *kvm, gpa_t gpa, void *data, unsigned long len,
		      bool write);

static inline int kvm_read_guest_lock(struct kvm *kvm, gpa_t gpa, void *data,
				      unsigned long len)
{
	return shim_guest_access(kvm, gpa, data, len, false);
}

static inline int kvm_write_guest_lock(struct kvm *kvm, gpa_t gpa, const void *data,
				       unsigned long len)
{
	return shim_guest_access(kvm, gpa, (void *)data, len, true);
}

#endif
