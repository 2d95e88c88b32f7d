// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv2 distributor frame as a GICv2 guest sees it: identification,
 * banking of the SGI/PPI registers, ITARGETSR routing, widths and the
 * RAZ/WI space.
 */
#include <linux/irqchip/arm-gic.h>
#include "common.h"

FIXTURE(v2) {
	struct test_vm vm;
};

FIXTURE_SETUP(v2)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, VGIC_V2, 3, 64, 4));
}

FIXTURE_TEARDOWN(v2)
{
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

TEST_F(v2, identification)
{
	struct test_vm *vm = &self->vm;

	ASSERT_EQ(3, gicd_read(vm, 0, GIC_DIST_CTRL, 4));
	/* ITLinesNumber 2, CPUNumber 2 (three CPUs), no Security Extensions */
	ASSERT_EQ((2 << 5) | 2, gicd_read(vm, 0, GIC_DIST_CTR, 4));
	ASSERT_EQ(0x4b00143b, gicd_read(vm, 0, GIC_DIST_IIDR, 4));
	ASSERT_EQ(0x20, gicd_read(vm, 0, 0xfe8, 4) & 0xf0);
	gicd_write(vm, 0, GIC_DIST_CTRL, 4, 0);
	ASSERT_EQ(0, gicd_read(vm, 0, GIC_DIST_CTRL, 4));
	gicd_write(vm, 0, GIC_DIST_CTRL, 4, 0xffffffff);
	ASSERT_EQ(3, gicd_read(vm, 0, GIC_DIST_CTRL, 4));
}

TEST_F(v2, banked_private_registers)
{
	struct test_vm *vm = &self->vm;

	gicd_write(vm, 1, GIC_DIST_ENABLE_SET, 4, 1u << 27);
	ASSERT_TRUE(test_irq(vm, 1, 27)->enabled);
	ASSERT_FALSE(test_irq(vm, 0, 27)->enabled);
	/* SGIs are always enabled: reads as one, clear ignored */
	ASSERT_EQ(0xffff | (1u << 27), gicd_read(vm, 1, GIC_DIST_ENABLE_SET, 4));
	gicd_write(vm, 1, GIC_DIST_ENABLE_CLEAR, 4, 0xffffffff);
	ASSERT_EQ(0xffff, gicd_read(vm, 1, GIC_DIST_ENABLE_SET, 4));
	gicd_write(vm, 2, GIC_DIST_PRI + 27, 1, 0x48);
	ASSERT_EQ(0x48, test_irq(vm, 2, 27)->priority);
	ASSERT_EQ(0, test_irq(vm, 1, 27)->priority);
}

TEST_F(v2, itargetsr_routes_spis)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq = test_irq(vm, 0, 40);

	/* SGI/PPI bytes name the reading CPU and are read-only */
	ASSERT_EQ(0x04040404, gicd_read(vm, 2, GIC_DIST_TARGET + 28, 4));
	ASSERT_EQ(0x01, gicd_read(vm, 0, GIC_DIST_TARGET + 3, 1));
	gicd_write(vm, 2, GIC_DIST_TARGET + 28, 4, 0);
	ASSERT_EQ(0x04040404, gicd_read(vm, 2, GIC_DIST_TARGET + 28, 4));

	ASSERT_EQ(0x01, gicd_read(vm, 0, GIC_DIST_TARGET + 40, 1));
	gicd_write(vm, 0, GIC_DIST_TARGET + 40, 1, 0x04);
	ASSERT_EQ(&vm->vcpu[2], irq->target_vcpu);
	gicd_write(vm, 0, GIC_DIST_TARGET + 40, 1, 0xfe);	/* CPUs 3.. absent */
	ASSERT_EQ(0x06, gicd_read(vm, 0, GIC_DIST_TARGET + 40, 1));
	ASSERT_EQ(&vm->vcpu[1], irq->target_vcpu);		/* lowest */
	gicd_write(vm, 0, GIC_DIST_TARGET + 40, 1, 0);
	ASSERT_EQ(NULL, irq->target_vcpu);

	/* a pending SPI with no target waits; a target delivers it */
	gicd_write(vm, 0, GIC_DIST_ENABLE_SET + 4, 4, 1u << 8);
	gicd_write(vm, 0, GIC_DIST_PENDING_SET + 4, 4, 1u << 8);
	for (int cpu = 0; cpu < 3; cpu++)
		ASSERT_FALSE(test_on_ap_list(vm, cpu, 40));
	gicd_write(vm, 0, GIC_DIST_TARGET + 40, 1, 0x02);
	ASSERT_TRUE(test_on_ap_list(vm, 1, 40));
	ASSERT_INVARIANTS(vm);
}

TEST_F(v2, config_and_groups)
{
	struct test_vm *vm = &self->vm;

	ASSERT_EQ(0xaaaaaaaa, gicd_read(vm, 0, GIC_DIST_CONFIG, 4));	/* SGIs edge */
	ASSERT_EQ(0, gicd_read(vm, 0, GIC_DIST_CONFIG + 4, 4));		/* PPIs level */
	gicd_write(vm, 0, GIC_DIST_CONFIG + 8, 4, 2u << 16);
	ASSERT_EQ(VGIC_CONFIG_EDGE, test_irq(vm, 0, 40)->config);
	ASSERT_EQ(0, test_irq(vm, 0, 40)->group);	/* GICv2 resets to Group 0 */
	gicd_write(vm, 0, GIC_DIST_IGROUP + 4, 4, 1u << 8);
	ASSERT_EQ(1, test_irq(vm, 0, 40)->group);
}

TEST_F(v2, widths_and_reserved_space)
{
	struct test_vm *vm = &self->vm;

	ASSERT_EQ(0, gicd_read(vm, 0, 0x0d00, 4));
	ASSERT_EQ(0, gicd_read(vm, 0, GIC_DIST_CTRL, 1));
	gicd_write(vm, 0, GIC_DIST_ENABLE_SET + 5, 1, 0xff);
	ASSERT_FALSE(test_irq(vm, 0, 40)->enabled);
	gicd_write(vm, 0, GIC_DIST_PRI + 40, 8, ~0ULL);
	ASSERT_EQ(0, test_irq(vm, 0, 40)->priority);
	ASSERT_EQ(0, gicd_read(vm, 0, 0x1000, 4));
}

TEST_HARNESS_MAIN
