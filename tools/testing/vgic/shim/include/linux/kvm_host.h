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
	struct dentry *debugfs_dentry;
	int shim_refs;			/* kvm_get_kvm_safe() minus kvm_put_kvm() */
	/* guest RAM (asm/kvm_mmu.h), lib/test-vm.c's test_vm_add_ram() */
	u8 *shim_ram;
	gpa_t shim_ram_base;
	u64 shim_ram_size;
};

static inline bool kvm_get_kvm_safe(struct kvm *kvm)
{
	kvm->shim_refs++;
	return true;
}

static inline void kvm_put_kvm(struct kvm *kvm)
{
	kvm->shim_refs--;
}

static inline struct kvm_vcpu *kvm_get_vcpu(struct kvm *kvm, int i)
{
	return i < atomic_read(&kvm->online_vcpus) ? kvm->vcpus[i] : NULL;
}

/* vcpu_id == index in the harness */
static inline struct kvm_vcpu *kvm_get_vcpu_by_id(struct kvm *kvm, int id)
{
	return id >= 0 ? kvm_get_vcpu(kvm, id) : NULL;
}

#define kvm_for_each_vcpu(idx, vcpup, kvm)				\
	for ((idx) = 0; ((vcpup) = kvm_get_vcpu(kvm, idx)) != NULL; (idx)++)

/* How many times a vCPU's MPIDR was looked at (shim.c). */
extern unsigned long shim_mpidr_reads;

/*
 * MPIDR_EL1 of a vCPU as KVM resets it: Aff0 = vcpu_id[3:0],
 * Aff1 = vcpu_id[11:4], Aff2 = vcpu_id[19:12].
 */
static inline unsigned long kvm_vcpu_get_mpidr_aff(struct kvm_vcpu *vcpu)
{
	unsigned long id = vcpu->vcpu_id;

	shim_mpidr_reads++;
	return (id & 0xf) | (((id >> 4) & 0xff) << 8) | (((id >> 12) & 0xff) << 16);
}

/*
 * As arm.c's once its MPIDR index is built (kvm->arch.mpidr_data): one
 * indexed lookup, checked against the vCPU found.
 */
static inline struct kvm_vcpu *kvm_mpidr_to_vcpu(struct kvm *kvm, unsigned long mpidr)
{
	unsigned long id = (mpidr & 0xf) | (((mpidr >> 8) & 0xff) << 4) |
			   (((mpidr >> 16) & 0xff) << 12);
	struct kvm_vcpu *vcpu = (mpidr & 0xf0) ? NULL : kvm_get_vcpu(kvm, id);	/* idx == id */

	return vcpu && kvm_vcpu_get_mpidr_aff(vcpu) == (mpidr & 0xff00ffffffUL) ? vcpu : NULL;
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

/* KVM's irq routing and acked-irq notifiers (virt/kvm/irqchip.c, eventfd.c) */
struct kvm_kernel_irq_routing_entry {
	u32 gsi;
	u32 type;
	int (*set)(struct kvm_kernel_irq_routing_entry *e, struct kvm *kvm,
		   int irq_source_id, int level, bool line_status);
	union {
		struct {
			unsigned int irqchip;
			unsigned int pin;
		} irqchip;
		struct {
			u32 address_lo;
			u32 address_hi;
			u32 data;
			u32 flags;
			u32 devid;
		} msi;
	};
};

/* What the harness's KVM saw: the routing installed, the acks notified. */
extern unsigned int shim_routing_entries, shim_acked_irqs, shim_last_acked_pin;
/* Pins with an acked-irq notifier (an irqfd's resampler), for tests. */
extern bool shim_pin_has_notifier[];

int kvm_set_irq_routing(struct kvm *kvm, const struct kvm_irq_routing_entry *ue,
			unsigned int nr, unsigned int flags);
bool kvm_irq_has_notifier(struct kvm *kvm, unsigned int irqchip, unsigned int pin);
/* linux/kvm_dirty_ring.h: the vGIC answers it */
bool kvm_arch_allow_write_without_running_vcpu(struct kvm *kvm);
void kvm_notify_acked_irq(struct kvm *kvm, unsigned int irqchip, unsigned int pin);
int kvm_set_msi(struct kvm_kernel_irq_routing_entry *e, struct kvm *kvm,
		int irq_source_id, int level, bool line_status);
/* the arch's side, vgic-irqfd.c */
int kvm_set_routing_entry(struct kvm *kvm, struct kvm_kernel_irq_routing_entry *e,
			  const struct kvm_irq_routing_entry *ue);
int kvm_arch_set_irq_inatomic(struct kvm_kernel_irq_routing_entry *e, struct kvm *kvm,
			      int irq_source_id, int level, bool line_status);

static inline void kvm_make_request(int req, struct kvm_vcpu *vcpu)
{
	vcpu->requests |= 1UL << req;
}

static inline void kvm_vcpu_kick(struct kvm_vcpu *vcpu)
{
	vcpu->kicks++;
}

#endif
