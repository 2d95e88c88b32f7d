/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A VM for the harness: the vGIC core under test, one modelled virtual CPU
 * interface per vCPU, and the world switch between them (what the hyp code
 * does with struct vgic_v3_cpu_if / the vGIC does with GICH on GICv2).
 */
#ifndef _VGIC_TEST_VM_H
#define _VGIC_TEST_VM_H
#include <linux/kvm_host.h>

#include "../model/phys-gic.h"
#include "../model/vcpu-if.h"
#include "vgic.h"

#define TEST_VM_RDIST_BASE	0x080a0000
#define TEST_VM_IPA_BITS	40

struct test_vm {
	struct kvm kvm;
	struct kvm_vcpu vcpu[SHIM_MAX_VCPUS];
	struct vcpu_if vif[SHIM_MAX_VCPUS];
	bool in_guest[SHIM_MAX_VCPUS];	/* between test_vcpu_enter and _exit */
	bool halted[SHIM_MAX_VCPUS];	/* taken out by kvm_arm_halt_guest */
	unsigned int halts;		/* kvm_arm_halt_guest calls */
	/* run once as the flush hands its list registers to the hardware */
	void (*on_lr_load)(struct test_vm *vm, int cpu);
};

int test_vm_create(struct test_vm *vm, enum vgic_type host, int nr_vcpus,
		   int nr_spis, int nr_lr);
/* Created, with its vCPUs and (GICv3) redistributors, not initialized. */
int test_vm_create_bare(struct test_vm *vm, enum vgic_type host, int nr_vcpus, int nr_lr);
void test_vm_destroy(struct test_vm *vm);
/* Guest RAM at [@base, @base + @size), zeroed; freed with the VM. */
u8 *test_vm_add_ram(struct test_vm *vm, gpa_t base, u64 size);
void test_vcpu_enter(struct test_vm *vm, int cpu);
void test_vcpu_exit(struct test_vm *vm, int cpu);

struct vgic_irq *test_irq(struct test_vm *vm, int cpu, u32 intid);
void test_irq_setup(struct test_vm *vm, int cpu, u32 intid, bool enabled, u8 priority,
		    u8 group, enum vgic_irq_config config);
unsigned int test_ap_list_len(struct test_vm *vm, int cpu);
bool test_on_ap_list(struct test_vm *vm, int cpu, u32 intid);
unsigned int test_used_lrs(struct test_vm *vm, int cpu);
bool test_invariants_hold(struct test_vm *vm, char *why, size_t len);

#endif
