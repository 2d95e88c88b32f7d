// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where GICv3 redistributors live: the legacy region and the indexed
 * regions of KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, the slot each vCPU takes
 * (creation order), GICR_TYPER.Last across contiguous regions, and the
 * layout checks of the first run.
 */
#include <linux/sizes.h>
#include <linux/irqchip/arm-gic-v3.h>
#include "common.h"

#define RD	KVM_VGIC_V3_REDIST_SIZE

FIXTURE(rd) {
	struct test_vm vm;
};

/* Six vCPUs and no redistributor region yet. */
FIXTURE_SETUP(rd)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, VGIC_V3, 6, 32, 4));
	vgic_v3_rdist_regions_free(&self->vm.kvm);
	self->vm.kvm.arch.vgic.vgic_dist_base = 0x08000000;
}

FIXTURE_TEARDOWN(rd)
{
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

static int add(struct test_vm *vm, u32 index, gpa_t base, u32 count)
{
	return vgic_v3_rdist_region_add(&vm->kvm, index, base, count, TEST_VM_IPA_BITS);
}

static gpa_t rd_addr(struct test_vm *vm, int cpu)
{
	gpa_t addr = VGIC_ADDR_UNDEF;

	return vgic_v3_rdist_addr(&vm->vcpu[cpu], &addr) ? addr : VGIC_ADDR_UNDEF;
}

static bool rd_last(struct test_vm *vm, int cpu)
{
	return gicr_read(vm, cpu, GICR_TYPER, 8) & GICR_TYPER_LAST;
}

TEST_F(rd, no_region_no_address_no_last)
{
	struct test_vm *vm = &self->vm;

	for (int cpu = 0; cpu < 6; cpu++) {
		ASSERT_EQ(VGIC_ADDR_UNDEF, rd_addr(vm, cpu));
		ASSERT_FALSE(rd_last(vm, cpu));
	}
	ASSERT_EQ(-ENXIO, vgic_v3_rdist_layout_check(&vm->kvm, TEST_VM_IPA_BITS));
}

TEST_F(rd, legacy_region_one_frame_per_vcpu)
{
	struct test_vm *vm = &self->vm;

	ASSERT_EQ(0, add(vm, 0, 0x100000, 0));
	ASSERT_EQ(-EEXIST, add(vm, 0, 0x200000, 0));
	ASSERT_EQ(-EINVAL, add(vm, 1, 0x400000, 2));	/* not mixed */
	for (int cpu = 0; cpu < 6; cpu++) {
		ASSERT_EQ(0x100000 + cpu * RD, rd_addr(vm, cpu));
		ASSERT_EQ(cpu == 5, rd_last(vm, cpu));
	}
	ASSERT_EQ(0, vgic_v3_rdist_layout_check(&vm->kvm, TEST_VM_IPA_BITS));
}

/*
 * From the first run GICR_TYPER is what that run fixed: the vCPUs and the
 * layout can no longer change, and a guest's read is a load.
 */
TEST_F(rd, typer_is_fixed_at_the_first_run)
{
	struct test_vm *vm = &self->vm;
	u64 before[6];

	ASSERT_EQ(0, add(vm, 0, 0x100000, 0));
	for (int cpu = 0; cpu < 6; cpu++)
		before[cpu] = gicr_read(vm, cpu, GICR_TYPER, 8);
	vgic_v3_rd_typers_fix(&vm->kvm);
	vm->kvm.arch.vgic.ready = true;		/* as kvm_vgic_map_resources() ends */
	for (int cpu = 0; cpu < 6; cpu++) {
		ASSERT_EQ(before[cpu], vm->vcpu[cpu].arch.vgic_cpu.rd_typer);
		ASSERT_EQ(before[cpu], gicr_read(vm, cpu, GICR_TYPER, 8));
		ASSERT_EQ(before[cpu] >> 32, gicr_read(vm, cpu, GICR_TYPER + 4, 4));
		ASSERT_EQ(cpu == 5, rd_last(vm, cpu));
	}
	vm->vcpu[5].arch.vgic_cpu.rd_typer = 0;	/* the read is the fixed value */
	ASSERT_FALSE(rd_last(vm, 5));
	vm->kvm.arch.vgic.ready = false;
}

TEST_F(rd, legacy_region_checked_against_vcpus_at_first_run)
{
	struct test_vm *vm = &self->vm;

	/* room for three in the address space, six vCPUs */
	ASSERT_EQ(0, add(vm, 0, (1ULL << TEST_VM_IPA_BITS) - 3 * RD, 0));
	ASSERT_EQ(-EINVAL, vgic_v3_rdist_layout_check(&vm->kvm, TEST_VM_IPA_BITS));
	vgic_v3_rdist_regions_free(&vm->kvm);
	/* the distributor inside the fourth frame */
	ASSERT_EQ(0, add(vm, 0, 0x08000000 - 3 * RD, 0));
	ASSERT_EQ(-EINVAL, vgic_v3_rdist_layout_check(&vm->kvm, TEST_VM_IPA_BITS));
}

TEST_F(rd, regions_are_added_in_index_order_without_overlap)
{
	struct test_vm *vm = &self->vm;

	ASSERT_EQ(-EINVAL, add(vm, 1, 0x200000, 2));		/* first must be 0 */
	ASSERT_EQ(-EINVAL, add(vm, 0, 0x201000, 2));		/* 64KB aligned */
	ASSERT_EQ(-E2BIG, add(vm, 0, 1ULL << TEST_VM_IPA_BITS, 1));
	ASSERT_EQ(-E2BIG, add(vm, 0, (1ULL << TEST_VM_IPA_BITS) - RD / 2, 1));
	ASSERT_EQ(-E2BIG, add(vm, 0, 0xffffffffffff0000ULL, 0));	/* base + size wraps */
	ASSERT_EQ(-E2BIG, add(vm, 0, 0xfffffffffffe0000ULL, 1));
	ASSERT_EQ(-EINVAL, add(vm, 0, 0x08000000 - RD, 2));	/* over the distributor */
	ASSERT_EQ(0, add(vm, 0, 0x200000, 2));
	ASSERT_EQ(-EINVAL, add(vm, 0, 0x400000, 2));		/* index taken */
	ASSERT_EQ(-EINVAL, add(vm, 1, 0x210000, 1));		/* overlaps region 0 */
	ASSERT_EQ(-EINVAL, add(vm, 2, 0x240000, 1));		/* index not next */
	ASSERT_EQ(-EINVAL, add(vm, 1, 0x240000, 0));		/* legacy after regions */
	ASSERT_EQ(0, add(vm, 1, 0x240000, 1));
	ASSERT_EQ(0x240000, vgic_v3_rdist_region_get(&vm->kvm, 1)->base);
	ASSERT_EQ(1, vgic_v3_rdist_region_get(&vm->kvm, 1)->count);
	ASSERT_NULL(vgic_v3_rdist_region_get(&vm->kvm, 2));
	/* three frames for six vCPUs */
	ASSERT_EQ(-ENXIO, vgic_v3_rdist_layout_check(&vm->kvm, TEST_VM_IPA_BITS));
	ASSERT_EQ(0, add(vm, 2, 0x400000, 3));
	ASSERT_EQ(0, vgic_v3_rdist_layout_check(&vm->kvm, TEST_VM_IPA_BITS));
}

/*
 * Regions 1 and 2 are contiguous (2 ends where 1 begins): the last frame
 * of region 2 is followed by a redistributor and is not Last.
 */
TEST_F(rd, last_marks_the_end_of_contiguous_frames)
{
	struct test_vm *vm = &self->vm;
	static const gpa_t where[6] = { 0x100000, 0x120000, 0x240000, 0x260000,
					0x200000, 0x220000 };

	ASSERT_EQ(0, add(vm, 0, 0x100000, 2));
	ASSERT_EQ(0, add(vm, 1, 0x240000, 2));
	ASSERT_EQ(0, add(vm, 2, 0x200000, 2));
	for (int cpu = 0; cpu < 6; cpu++) {
		ASSERT_EQ(where[cpu], rd_addr(vm, cpu));
		ASSERT_EQ(cpu == 1 || cpu == 3, rd_last(vm, cpu));
	}
}

/* The slots go by creation order (vcpu_idx), not by vcpu_id. */
TEST_F(rd, slots_follow_creation_order)
{
	struct test_vm *vm = &self->vm;

	vm->vcpu[0].vcpu_idx = 1;
	vm->vcpu[1].vcpu_idx = 0;
	ASSERT_EQ(0, add(vm, 0, 0x100000, 1));
	ASSERT_EQ(0x100000, rd_addr(vm, 1));
	ASSERT_EQ(VGIC_ADDR_UNDEF, rd_addr(vm, 0));
	ASSERT_TRUE(rd_last(vm, 1));
	ASSERT_FALSE(rd_last(vm, 0));
	vm->vcpu[0].vcpu_idx = 0;
	vm->vcpu[1].vcpu_idx = 1;
}

TEST_HARNESS_MAIN
