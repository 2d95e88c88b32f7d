// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU interface state as userspace saves it: the GICv2 GICC configuration
 * registers, and the GICv3 CPU interface system registers.
 */
#include <linux/irqchip/arm-gic.h>
#include "common.h"

#define GICC_NSAPR0	0xe0

static u64 gicc_read(struct test_vm *vm, int cpu, u32 off)
{
	u64 val = ~0ULL;

	vgic_v2_cpuif_access(&vm->vcpu[cpu], off, 4, false, &val, false);
	return val;
}

static void gicc_write(struct test_vm *vm, int cpu, u32 off, u64 val)
{
	vgic_v2_cpuif_access(&vm->vcpu[cpu], off, 4, true, &val, false);
}

FIXTURE(gicc) {
	struct test_vm vm;
};

FIXTURE_SETUP(gicc)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, VGIC_V2, 2, 64, 4));
	/* a GICv2 guest: both groups on, Group 1 acknowledged through IAR */
	gicc_write(&self->vm, 0, GIC_CPU_CTRL, GIC_CPU_CTRL_EnableGrp0 |
		   GIC_CPU_CTRL_EnableGrp1 | GIC_CPU_CTRL_AckCtl);
	gicc_write(&self->vm, 0, GIC_CPU_PRIMASK, 0xff);
}

FIXTURE_TEARDOWN(gicc)
{
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

TEST_F(gicc, configuration_registers)
{
	struct test_vm *vm = &self->vm;

	ASSERT_EQ(0x7, gicc_read(vm, 0, GIC_CPU_CTRL));
	gicc_write(vm, 0, GIC_CPU_CTRL, 0xffffffff);
	ASSERT_EQ(0x21f, gicc_read(vm, 0, GIC_CPU_CTRL));	/* EOImode, CBPR, FIQEn... */
	ASSERT_EQ(0xf8, gicc_read(vm, 0, GIC_CPU_PRIMASK));	/* five bits */
	gicc_write(vm, 0, GIC_CPU_BINPOINT, 0);
	ASSERT_EQ(2, gicc_read(vm, 0, GIC_CPU_BINPOINT));	/* minimum */
	gicc_write(vm, 0, GIC_CPU_ALIAS_BINPOINT, 5);
	ASSERT_EQ(5, gicc_read(vm, 0, GIC_CPU_ALIAS_BINPOINT));
	ASSERT_EQ(0x0002043b, gicc_read(vm, 0, GIC_CPU_IDENT));
	gicc_write(vm, 0, GICC_NSAPR0, ~0u);
	ASSERT_EQ(0, gicc_read(vm, 0, GICC_NSAPR0));
	/* acknowledge, EOI, deactivate: the hardware's GICV, not here */
	ASSERT_EQ(0, gicc_read(vm, 0, GIC_CPU_RUNNINGPRI));
	ASSERT_EQ(0, gicc_read(vm, 0, GIC_CPU_INTACK));
	ASSERT_EQ(0, gicc_read(vm, 0, 0x40));			/* reserved */
	/* per vCPU */
	ASSERT_EQ(0x3, gicc_read(vm, 1, GIC_CPU_CTRL));		/* as booted */
}

FIXTURE(icc) {
	struct test_vm vm;
};

FIXTURE_SETUP(icc)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, VGIC_V3, 2, 32, 4));
}

FIXTURE_TEARDOWN(icc)
{
	test_vm_destroy(&self->vm);
}

#define ICC(op1, crn, crm, op2)	((3 << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

static int icc(struct test_vm *vm, int cpu, u64 instr, u64 *val, bool write)
{
	return vgic_v3_cpu_sysregs_uaccess(&vm->vcpu[cpu], instr, val, write);
}

TEST_F(icc, system_registers)
{
	struct test_vm *vm = &self->vm;
	struct vgic_vmcr vmcr;
	u64 val;

	val = 0xff;
	ASSERT_EQ(0, icc(vm, 1, ICC(0, 4, 6, 0), &val, true));		/* PMR */
	ASSERT_EQ(0, icc(vm, 1, ICC(0, 4, 6, 0), &val, false));
	ASSERT_EQ(0xf8, val);
	val = 1;
	ASSERT_EQ(0, icc(vm, 1, ICC(0, 12, 8, 3), &val, true));		/* BPR0 */
	ASSERT_EQ(0, icc(vm, 1, ICC(0, 12, 8, 3), &val, false));
	ASSERT_EQ(2, val);
	val = 6;
	ASSERT_EQ(0, icc(vm, 1, ICC(0, 12, 12, 3), &val, true));	/* BPR1 */
	val = 0;
	ASSERT_EQ(0, icc(vm, 1, ICC(0, 12, 12, 6), &val, true));	/* IGRPEN0 */
	val = 2;								/* EOImode */
	ASSERT_EQ(0, icc(vm, 1, ICC(0, 12, 12, 4), &val, true));
	ASSERT_EQ(0, icc(vm, 1, ICC(0, 12, 12, 4), &val, false));
	ASSERT_EQ(2 | (4 << 8), val);					/* PRIbits 4 */
	vgic_get_vmcr(&vm->vcpu[1], &vmcr);
	ASSERT_EQ(0xf8, vmcr.pmr);
	ASSERT_EQ(2, vmcr.bpr0);
	ASSERT_EQ(6, vmcr.bpr1);
	ASSERT_FALSE(vmcr.grpen0);
	ASSERT_TRUE(vmcr.eoim);
	/* CBPR: BPR1 reads BPR0 + 1 */
	val = 1;
	ASSERT_EQ(0, icc(vm, 1, ICC(0, 12, 12, 4), &val, true));
	ASSERT_EQ(0, icc(vm, 1, ICC(0, 12, 12, 3), &val, false));
	ASSERT_EQ(3, val);
	/* the active priorities: one register each with five bits */
	val = 0x10;
	ASSERT_EQ(0, icc(vm, 0, ICC(0, 12, 9, 0), &val, true));		/* AP1R0 */
	ASSERT_EQ(0x10, vm->vcpu[0].arch.vgic_cpu.vgic_v3.vgic_ap1r[0]);
	ASSERT_EQ(-ENXIO, icc(vm, 0, ICC(0, 12, 9, 1), &val, true));	/* AP1R1 */
	ASSERT_EQ(0, icc(vm, 0, ICC(0, 12, 12, 5), &val, false));	/* SRE */
	ASSERT_EQ(7, val);
	ASSERT_EQ(-ENXIO, icc(vm, 0, ICC(0, 12, 11, 5), &val, true));	/* SGI1R */
	ASSERT_EQ(-ENXIO, icc(vm, 0, 0x10000, &val, true));
	/* the other vCPU is untouched */
	vgic_get_vmcr(&vm->vcpu[0], &vmcr);
	ASSERT_TRUE(vmcr.grpen0);
	ASSERT_FALSE(vmcr.eoim);
}

TEST_HARNESS_MAIN
