/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness shim: the parts of struct kvm and struct kvm_vcpu the vGIC uses,
 * laid out as asm/kvm_host.h does (kvm->arch.vgic, vcpu->arch.vgic_cpu),
 * and vCPU requests and kicks that tests can observe.
 */
#ifndef _SHIM_LINUX_KVM_HOST_H
#define _SHIM_LINUX_KVM_HOST_H
#include <errno.h>
#include <string.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <kvm/arm_vgic.h>

#define SHIM_MAX_VCPUS		32
#define KVM_REQ_IRQ_PENDING	1

struct kvm_arch {
	struct vgic_dist vgic;
	struct mutex config_lock;
};

struct kvm_vcpu_arch {
	struct vgic_cpu vgic_cpu;
};

struct kvm_vcpu {
	struct kvm *kvm;
	int vcpu_id;
	int vcpu_idx;
	unsigned long requests;
	unsigned long kicks;
	bool has_run;			/* KVM_RUN was called: vcpu->pid set */
	struct kvm_vcpu_arch arch;
};

#define vcpu_has_run_once(vcpu)	((vcpu)->has_run)

struct kvm {
	struct kvm_arch arch;
	struct kvm_vcpu *vcpus[SHIM_MAX_VCPUS];
	atomic_t online_vcpus;
	int created_vcpus;		/* under @lock, before they are online */
	struct mutex lock;
};

static inline struct kvm_vcpu *kvm_get_vcpu(struct kvm *kvm, int i)
{
	return i < atomic_read(&kvm->online_vcpus) ? kvm->vcpus[i] : NULL;
}

#define kvm_for_each_vcpu(idx, vcpup, kvm)				\
	for ((idx) = 0; ((vcpup) = kvm_get_vcpu(kvm, idx)) != NULL; (idx)++)

/*
 * MPIDR_EL1 of a vCPU as KVM resets it: Aff0 = vcpu_id[3:0],
 * Aff1 = vcpu_id[11:4], Aff2 = vcpu_id[19:12].
 */
static inline unsigned long kvm_vcpu_get_mpidr_aff(struct kvm_vcpu *vcpu)
{
	unsigned long id = vcpu->vcpu_id;

	return (id & 0xf) | (((id >> 4) & 0xff) << 8) | (((id >> 12) & 0xff) << 16);
}

static inline struct kvm_vcpu *kvm_mpidr_to_vcpu(struct kvm *kvm, unsigned long mpidr)
{
	struct kvm_vcpu *vcpu;
	unsigned long idx;

	kvm_for_each_vcpu(idx, vcpu, kvm)
		if (kvm_vcpu_get_mpidr_aff(vcpu) == mpidr)
			return vcpu;
	return NULL;
}

/* Stop every vCPU (out of the guest, its LRs synced) and let them go: lib/test-vm.c */
void kvm_arm_halt_guest(struct kvm *kvm);
void kvm_arm_resume_guest(struct kvm *kvm);

/* The vCPU this thread runs (KVM_RUN, its exits): lib/test-vm.c and the tests set it. */
extern struct kvm_vcpu *shim_running_vcpu;

static inline struct kvm_vcpu *kvm_get_running_vcpu(void)
{
	return shim_running_vcpu;
}

static inline void kvm_make_request(int req, struct kvm_vcpu *vcpu)
{
	vcpu->requests |= 1UL << req;
}

static inline void kvm_vcpu_kick(struct kvm_vcpu *vcpu)
{
	vcpu->kicks++;
}

#endif
