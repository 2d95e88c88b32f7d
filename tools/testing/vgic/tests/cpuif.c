// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU interfaces in software: the GICv2 GICC frame a GICv2 guest sees when
 * its accesses trap (acknowledge, EOI, deactivate, priorities, aliases),
 * and the GICv3 CPU interface system registers as userspace saves them.
 */
#include <linux/irqchip/arm-gic.h>
#include "common.h"

#define GICC_AIAR	0x20
#define GICC_AEOIR	0x24
#define GICC_AHPPIR	0x28
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
	ASSERT_EQ(0xff, gicc_read(vm, 0, GIC_CPU_RUNNINGPRI));	/* idle */
	ASSERT_EQ(1023, gicc_read(vm, 0, GIC_CPU_INTACK));	/* nothing pending */
	ASSERT_EQ(0, gicc_read(vm, 0, 0x40));			/* reserved */
	/* per vCPU */
	ASSERT_EQ(0x3, gicc_read(vm, 1, GIC_CPU_CTRL));		/* as booted */
}

TEST_F(gicc, acknowledge_eoi_in_priority_order)
{
	struct test_vm *vm = &self->vm;

	test_irq_setup(vm, 0, 40, true, 0x80, 0, VGIC_CONFIG_EDGE);
	test_irq_setup(vm, 0, 41, true, 0x40, 1, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(&vm->kvm, NULL, 40, true, NULL);
	kvm_vgic_inject_irq(&vm->kvm, NULL, 41, true, NULL);

	ASSERT_EQ(41, gicc_read(vm, 0, GIC_CPU_HIGHPRI));
	ASSERT_EQ(41, gicc_read(vm, 0, GIC_CPU_INTACK));
	ASSERT_TRUE(test_irq(vm, 0, 41)->active);
	ASSERT_FALSE(test_irq(vm, 0, 41)->pending_latch);
	ASSERT_EQ(0x40, gicc_read(vm, 0, GIC_CPU_RUNNINGPRI));
	ASSERT_EQ(BIT(0x40 >> 3), gicc_read(vm, 0, GIC_CPU_ACTIVEPRIO));
	ASSERT_EQ(1023, gicc_read(vm, 0, GIC_CPU_INTACK));	/* 0x80 cannot preempt */
	gicc_write(vm, 0, GIC_CPU_EOI, 41);
	ASSERT_FALSE(test_irq(vm, 0, 41)->active);
	ASSERT_EQ(0xff, gicc_read(vm, 0, GIC_CPU_RUNNINGPRI));
	ASSERT_EQ(40, gicc_read(vm, 0, GIC_CPU_INTACK));
	gicc_write(vm, 0, GIC_CPU_EOI, 40);
	ASSERT_EQ(0, gicc_read(vm, 0, GIC_CPU_ACTIVEPRIO));
	ASSERT_INVARIANTS(vm);
}

TEST_F(gicc, masks_and_groups)
{
	struct test_vm *vm = &self->vm;

	test_irq_setup(vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(&vm->kvm, NULL, 40, true, NULL);
	gicc_write(vm, 0, GIC_CPU_PRIMASK, 0x80);
	ASSERT_EQ(1023, gicc_read(vm, 0, GIC_CPU_INTACK));
	gicc_write(vm, 0, GIC_CPU_PRIMASK, 0xf0);
	/* AckCtl clear: IAR takes Group 0 only; AIAR takes Group 1 */
	gicc_write(vm, 0, GIC_CPU_CTRL, GIC_CPU_CTRL_EnableGrp0 | GIC_CPU_CTRL_EnableGrp1);
	ASSERT_EQ(1023, gicc_read(vm, 0, GIC_CPU_INTACK));
	ASSERT_EQ(40, gicc_read(vm, 0, GICC_AHPPIR));
	ASSERT_EQ(40, gicc_read(vm, 0, GICC_AIAR));
	gicc_write(vm, 0, GICC_AEOIR, 40);
	ASSERT_FALSE(test_irq(vm, 0, 40)->active);
	/* a disabled group is not acknowledged */
	kvm_vgic_inject_irq(&vm->kvm, NULL, 40, true, NULL);
	gicc_write(vm, 0, GIC_CPU_CTRL, GIC_CPU_CTRL_EnableGrp0);
	ASSERT_EQ(1023, gicc_read(vm, 0, GICC_AIAR));
}

TEST_F(gicc, eoimode1_needs_dir)
{
	struct test_vm *vm = &self->vm;

	gicc_write(vm, 0, GIC_CPU_CTRL, 0x7 | GIC_CPU_CTRL_EOImodeNS);
	test_irq_setup(vm, 0, 40, true, 0x80, 0, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(&vm->kvm, NULL, 40, true, NULL);
	ASSERT_EQ(40, gicc_read(vm, 0, GIC_CPU_INTACK));
	gicc_write(vm, 0, GIC_CPU_EOI, 40);
	ASSERT_TRUE(test_irq(vm, 0, 40)->active);		/* dropped, not deactivated */
	ASSERT_EQ(0xff, gicc_read(vm, 0, GIC_CPU_RUNNINGPRI));
	gicc_write(vm, 0, GIC_CPU_DEACTIVATE, 40);
	ASSERT_FALSE(test_irq(vm, 0, 40)->active);
	ASSERT_INVARIANTS(vm);
}

TEST_F(gicc, sgis_report_their_source)
{
	struct test_vm *vm = &self->vm;

	gicd_write(vm, 1, 0xf00, 4, (1 << 16) | 5);	/* CPU 1 -> CPU 0, SGI 5 */
	ASSERT_EQ(5 | (1 << 10), gicc_read(vm, 0, GIC_CPU_INTACK));
	ASSERT_EQ(0, test_irq(vm, 0, 5)->source);
	gicc_write(vm, 0, GIC_CPU_EOI, 5 | (1 << 10));
	ASSERT_FALSE(test_irq(vm, 0, 5)->active);
}

/* A mapped interrupt taken through the emulated interface: the physical
 * twin is active while the guest has it, and released at deactivation. */
TEST_F(gicc, mapped_interrupt_through_the_emulation)
{
	struct test_vm *vm = &self->vm;
	unsigned int host_irq = phys_gic_register(27, true, NULL, NULL);
	static struct irq_ops ops;

	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&vm->vcpu[0], host_irq, 27, &ops));
	test_irq_setup(vm, 0, 27, true, 0x20, 0, VGIC_CONFIG_LEVEL);
	kvm_vgic_inject_irq(&vm->kvm, &vm->vcpu[0], 27, true, NULL);
	ASSERT_EQ(27, gicc_read(vm, 0, GIC_CPU_INTACK));
	ASSERT_TRUE(phys_gic.irq[27].active);
	kvm_vgic_inject_irq(&vm->kvm, &vm->vcpu[0], 27, false, NULL);
	gicc_write(vm, 0, GIC_CPU_EOI, 27);
	ASSERT_FALSE(phys_gic.irq[27].active);
	ASSERT_INVARIANTS(vm);
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
