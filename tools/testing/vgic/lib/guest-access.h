/* SPDX-License-Identifier: GPL-2.0-only */
/* A guest's accesses to the distributor and redistributors of a test VM. */
#ifndef _VGIC_GUEST_ACCESS_H
#define _VGIC_GUEST_ACCESS_H
#include "test-vm.h"
#include "vgic-mmio.h"

/*
 * Guest accesses, from vCPU @cpu (its exit handler runs them, the vCPU is
 * the running one): the distributor (banked as vCPU @cpu on GICv2) and
 * the redistributor of vCPU @rd (RD_base, then SGI_base at 64KB).
 */
static inline u64 gicd_read(struct test_vm *vm, int cpu, u32 off, unsigned int len)
{
	u64 val = 0xdeadbeefdeadbeefULL;

	shim_running_vcpu = &vm->vcpu[cpu];
	if (vm->kvm.arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3)
		vgic_v3_dist_access(&vm->kvm, off, len, false, &val, false);
	else
		vgic_v2_dist_access(&vm->vcpu[cpu], off, len, false, &val, false);
	shim_running_vcpu = NULL;
	return val;
}

static inline void gicd_write(struct test_vm *vm, int cpu, u32 off, unsigned int len, u64 val)
{
	shim_running_vcpu = &vm->vcpu[cpu];
	if (vm->kvm.arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3)
		vgic_v3_dist_access(&vm->kvm, off, len, true, &val, false);
	else
		vgic_v2_dist_access(&vm->vcpu[cpu], off, len, true, &val, false);
	shim_running_vcpu = NULL;
}

static inline u64 gicr_read_from(struct test_vm *vm, int cpu, int rd, u32 off, unsigned int len)
{
	u64 val = 0xdeadbeefdeadbeefULL;

	shim_running_vcpu = &vm->vcpu[cpu];
	vgic_v3_rdist_access(&vm->vcpu[rd], off, len, false, &val, false);
	shim_running_vcpu = NULL;
	return val;
}

static inline void gicr_write_from(struct test_vm *vm, int cpu, int rd, u32 off,
				   unsigned int len, u64 val)
{
	shim_running_vcpu = &vm->vcpu[cpu];
	vgic_v3_rdist_access(&vm->vcpu[rd], off, len, true, &val, false);
	shim_running_vcpu = NULL;
}

/* Each vCPU reaching its own redistributor. */
static inline u64 gicr_read(struct test_vm *vm, int cpu, u32 off, unsigned int len)
{
	return gicr_read_from(vm, cpu, cpu, off, len);
}

static inline void gicr_write(struct test_vm *vm, int cpu, u32 off, unsigned int len, u64 val)
{
	gicr_write_from(vm, cpu, cpu, off, len, val);
}

#endif
