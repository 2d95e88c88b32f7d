// SPDX-License-Identifier: GPL-2.0-only
/*
 * SGIs: every GICv3 target-list form and IRM broadcast, every GICv2
 * GICD_SGIR filter, and GICv2 SGIs pending from several sources at once.
 */
#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include "common.h"

#define NR_VCPUS	20		/* vCPUs 16-19 have Aff1 = 1 */
#define GICD_SGIR_V2	0xf00
#define CPENDSGIR	0xf10
#define SPENDSGIR	0xf20

static u64 sgi1r(u32 sgi, u32 aff3, u32 aff2, u32 aff1, u32 rs, u32 list)
{
	return FIELD_PREP(ICC_SGI1R_SGI_ID_MASK, sgi) |
	       FIELD_PREP(ICC_SGI1R_AFFINITY_3_MASK, aff3) |
	       FIELD_PREP(ICC_SGI1R_AFFINITY_2_MASK, aff2) |
	       FIELD_PREP(ICC_SGI1R_AFFINITY_1_MASK, aff1) |
	       FIELD_PREP(ICC_SGI1R_RS_MASK, rs) |
	       FIELD_PREP(ICC_SGI1R_TARGET_LIST_MASK, list);
}

/* Bitmap of the vCPUs where SGI @sgi is pending; clears them. */
static u32 sgi_pending_on(struct test_vm *vm, u32 sgi)
{
	u32 mask = 0;

	for (int cpu = 0; cpu < atomic_read(&vm->kvm.online_vcpus); cpu++) {
		struct vgic_irq *irq = test_irq(vm, cpu, sgi);

		if (irq->pending_latch)
			mask |= 1u << cpu;
		irq->pending_latch = false;
		irq->source = 0;
	}
	return mask;
}

FIXTURE(sgi_v3) {
	struct test_vm vm;
};

FIXTURE_SETUP(sgi_v3)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, VGIC_V3, NR_VCPUS, 32, 4));
	for (int cpu = 0; cpu < NR_VCPUS; cpu++)
		for (int sgi = 0; sgi < 16; sgi++)
			test_irq_setup(&self->vm, cpu, sgi, true, 0x80, 1, VGIC_CONFIG_EDGE);
}

FIXTURE_TEARDOWN(sgi_v3)
{
	test_vm_destroy(&self->vm);
}

TEST_F(sgi_v3, target_list_forms)
{
	struct test_vm *vm = &self->vm;
	struct kvm_vcpu *v0 = &vm->vcpu[0];

	vgic_v3_dispatch_sgi(v0, sgi1r(3, 0, 0, 0, 0, 0x0006), true);
	ASSERT_EQ(0x6, sgi_pending_on(vm, 3));
	vgic_v3_dispatch_sgi(v0, sgi1r(3, 0, 0, 0, 0, 0x8001), true);
	ASSERT_EQ(0x8001, sgi_pending_on(vm, 3));
	/* Aff1 = 1 cluster: vCPUs 16.. have Aff0 0..3 there */
	vgic_v3_dispatch_sgi(v0, sgi1r(7, 0, 0, 1, 0, 0x000a), true);
	ASSERT_EQ((1u << 17) | (1u << 19), sgi_pending_on(vm, 7));
	/* RS = 1 names Aff0 16..31: none exist */
	vgic_v3_dispatch_sgi(v0, sgi1r(7, 0, 0, 0, 1, 0xffff), true);
	ASSERT_EQ(0, sgi_pending_on(vm, 7));
	/* Aff2 / Aff3 name no cluster */
	vgic_v3_dispatch_sgi(v0, sgi1r(7, 0, 1, 0, 0, 0xffff), true);
	vgic_v3_dispatch_sgi(v0, sgi1r(7, 1, 0, 0, 0, 0xffff), true);
	ASSERT_EQ(0, sgi_pending_on(vm, 7));
	/* the sender may target itself */
	vgic_v3_dispatch_sgi(&vm->vcpu[2], sgi1r(0, 0, 0, 0, 0, 0x4), true);
	ASSERT_EQ(0x4, sgi_pending_on(vm, 0));
	ASSERT_TRUE(test_on_ap_list(vm, 2, 0));
	ASSERT_INVARIANTS(vm);
}

TEST_F(sgi_v3, irm_broadcasts_to_all_but_self)
{
	struct test_vm *vm = &self->vm;
	u64 reg = sgi1r(9, 0, 0, 0, 0, 0) | BIT_ULL(ICC_SGI1R_IRQ_ROUTING_MODE_BIT);

	vgic_v3_dispatch_sgi(&vm->vcpu[5], reg | 0xffff, true);
	ASSERT_EQ(((1u << NR_VCPUS) - 1) & ~(1u << 5), sgi_pending_on(vm, 9));
	for (int cpu = 0; cpu < NR_VCPUS; cpu++)
		ASSERT_EQ(cpu != 5, test_on_ap_list(vm, cpu, 9));
	ASSERT_INVARIANTS(vm);
}

/*
 * A target list costs one MPIDR lookup per PE it names, whatever the
 * number of vCPUs: an IPI must not walk all of them.
 */
TEST_F(sgi_v3, target_list_is_looked_up_not_walked)
{
	struct test_vm *vm = &self->vm;
	unsigned long reads = shim_mpidr_reads;

	vgic_v3_dispatch_sgi(&vm->vcpu[0], sgi1r(3, 0, 0, 1, 0, 0x2), true);
	ASSERT_EQ(1u << 17, sgi_pending_on(vm, 3));
	ASSERT_EQ(reads + 1, shim_mpidr_reads);

	reads = shim_mpidr_reads;
	vgic_v3_dispatch_sgi(&vm->vcpu[0], sgi1r(3, 0, 0, 0, 0, 0x8001), true);
	ASSERT_EQ(1u << 0 | 1u << 15, sgi_pending_on(vm, 3));
	ASSERT_EQ(reads + 2, shim_mpidr_reads);

	/* Absent PEs (Aff1 = 2 has none) are looked up and ignored. */
	vgic_v3_dispatch_sgi(&vm->vcpu[0], sgi1r(3, 0, 0, 2, 0, 0x1), true);
	ASSERT_EQ(0, sgi_pending_on(vm, 3));
	ASSERT_INVARIANTS(vm);
}

TEST_F(sgi_v3, group0_register_raises_group0_only)
{
	struct test_vm *vm = &self->vm;

	test_irq(vm, 1, 4)->group = 0;
	vgic_v3_dispatch_sgi(&vm->vcpu[0], sgi1r(4, 0, 0, 0, 0, 0x6), false);
	ASSERT_EQ(0x2, sgi_pending_on(vm, 4));
	vgic_v3_dispatch_sgi(&vm->vcpu[0], sgi1r(4, 0, 0, 0, 0, 0x6), true);
	ASSERT_EQ(0x6, sgi_pending_on(vm, 4));
}

TEST_F(sgi_v3, delivered_through_the_list_registers)
{
	struct test_vm *vm = &self->vm;

	vgic_v3_dispatch_sgi(&vm->vcpu[0], sgi1r(1, 0, 0, 0, 0, 0x2), true);
	test_vcpu_enter(vm, 1);
	ASSERT_EQ(1, test_lr(vm, 1, 0).vintid);
	ASSERT_EQ(1, vif_ack(&vm->vif[1], 1));
	vif_eoi(&vm->vif[1], 1);
	test_vcpu_exit(vm, 1);
	ASSERT_FALSE(test_irq(vm, 1, 1)->pending_latch);
	ASSERT_FALSE(test_irq(vm, 1, 1)->active);
	ASSERT_INVARIANTS(vm);
}

FIXTURE(sgi_v2) {
	struct test_vm vm;
};

FIXTURE_SETUP(sgi_v2)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, VGIC_V2, 4, 32, 4));
	for (int cpu = 0; cpu < 4; cpu++)
		for (int sgi = 0; sgi < 16; sgi++)
			test_irq_setup(&self->vm, cpu, sgi, true, 0x80, 0, VGIC_CONFIG_EDGE);
}

FIXTURE_TEARDOWN(sgi_v2)
{
	test_vm_destroy(&self->vm);
}

#define SGIR(filter, list, sgi)	(((filter) << 24) | ((list) << 16) | (sgi))

TEST_F(sgi_v2, sgir_filters)
{
	struct test_vm *vm = &self->vm;

	gicd_write(vm, 1, GICD_SGIR_V2, 4, SGIR(0, 0x5, 2));
	ASSERT_EQ(0x5, sgi_pending_on(vm, 2));
	gicd_write(vm, 1, GICD_SGIR_V2, 4, SGIR(0, 0xf0, 2));	/* no such CPUs */
	ASSERT_EQ(0, sgi_pending_on(vm, 2));
	gicd_write(vm, 1, GICD_SGIR_V2, 4, SGIR(1, 0, 2));	/* all but self */
	ASSERT_EQ(0xd, sgi_pending_on(vm, 2));
	gicd_write(vm, 3, GICD_SGIR_V2, 4, SGIR(2, 0x1, 2));	/* self only */
	ASSERT_EQ(0x8, sgi_pending_on(vm, 2));
	gicd_write(vm, 1, GICD_SGIR_V2, 4, SGIR(3, 0xf, 2));	/* reserved */
	ASSERT_EQ(0, sgi_pending_on(vm, 2));
	ASSERT_EQ(0, gicd_read(vm, 1, GICD_SGIR_V2, 4));	/* write-only */
}

TEST_F(sgi_v2, multiple_sources_each_delivered)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq = test_irq(vm, 0, 6);
	u32 got[2];

	gicd_write(vm, 1, GICD_SGIR_V2, 4, SGIR(0, 0x1, 6));
	gicd_write(vm, 3, GICD_SGIR_V2, 4, SGIR(0, 0x1, 6));
	ASSERT_EQ(0x0a, irq->source);
	ASSERT_EQ(0x0a, gicd_read(vm, 0, SPENDSGIR + 6, 1));
	ASSERT_EQ(0x0a0000, gicd_read(vm, 0, SPENDSGIR + 4, 4));

	for (int i = 0; i < 2; i++) {
		test_vcpu_enter(vm, 0);
		got[i] = vif_ack(&vm->vif[0], -1);
		vif_eoi(&vm->vif[0], got[i]);
		test_vcpu_exit(vm, 0);
		ASSERT_INVARIANTS(vm);
	}
	/* GICV_IAR carries the source CPU in [12:10] */
	ASSERT_EQ(6 | (1 << 10), got[0]);
	ASSERT_EQ(6 | (3 << 10), got[1]);
	ASSERT_EQ(0, irq->source);
	ASSERT_FALSE(irq->pending_latch);
}

/*
 * The LR of an active SGI keeps the CPUID the guest acknowledged: GICV_EOIR
 * deactivates only the LR whose CPUID matches (IHI 0048B 5.3.9).  A pending
 * instance from another source waits for that deactivation, which
 * requests the exit (EOI maintenance) that shows it.
 */
TEST_F(sgi_v2, active_sgi_keeps_its_source)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq = test_irq(vm, 0, 6);
	u32 iar;

	gicd_write(vm, 1, GICD_SGIR_V2, 4, SGIR(0, 0x1, 6));
	test_vcpu_enter(vm, 0);
	iar = vif_ack(&vm->vif[0], -1);
	ASSERT_EQ(6 | (1 << 10), iar);
	test_vcpu_exit(vm, 0);
	ASSERT_TRUE(irq->active);
	ASSERT_EQ(0, irq->source);

	gicd_write(vm, 3, GICD_SGIR_V2, 4, SGIR(0, 0x1, 6));
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(1, test_used_lrs(vm, 0));
	ASSERT_TRUE(test_lr(vm, 0, 0).active);
	ASSERT_FALSE(test_lr(vm, 0, 0).pending);
	ASSERT_EQ(1, test_lr(vm, 0, 0).source);
	ASSERT_FALSE(vif_maintenance_irq(&vm->vif[0]));
	vif_eoi(&vm->vif[0], iar);
	ASSERT_EQ(-1, vif_find_lr(&vm->vif[0], 6));	/* deactivated */
	ASSERT_TRUE(vif_maintenance_irq(&vm->vif[0]));	/* and exits at once */
	test_vcpu_exit(vm, 0);
	ASSERT_FALSE(irq->active);
	ASSERT_INVARIANTS(vm);

	test_vcpu_enter(vm, 0);
	ASSERT_EQ(6 | (3 << 10), vif_ack(&vm->vif[0], -1));
	vif_eoi(&vm->vif[0], 6 | (3 << 10));
	test_vcpu_exit(vm, 0);
	ASSERT_FALSE(irq->active);
	ASSERT_EQ(0, irq->source);
	ASSERT_EQ(2, vm->vif[0].acks);
	ASSERT_INVARIANTS(vm);
}

/*
 * A source arriving while the guest holds another source's SGI in an LR
 * is a new instance for that source only: the acknowledged one is spent.
 */
TEST_F(sgi_v2, new_source_during_lr_is_not_a_second_delivery)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq = test_irq(vm, 0, 6);

	gicd_write(vm, 1, GICD_SGIR_V2, 4, SGIR(0, 0x1, 6));
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(6 | (1 << 10), vif_ack(&vm->vif[0], -1));
	gicd_write(vm, 2, GICD_SGIR_V2, 4, SGIR(0, 0x1, 6));	/* vCPU0 in the guest */
	vif_eoi(&vm->vif[0], 6 | (1 << 10));
	test_vcpu_exit(vm, 0);
	ASSERT_EQ(BIT(2), irq->source);

	for (int round = 0; round < 2; round++) {
		test_vcpu_enter(vm, 0);
		if (!round) {
			ASSERT_EQ(6 | (2 << 10), vif_ack(&vm->vif[0], -1));
			vif_eoi(&vm->vif[0], 6 | (2 << 10));
		} else {
			ASSERT_EQ(VIF_SPURIOUS, vif_ack(&vm->vif[0], -1));
		}
		test_vcpu_exit(vm, 0);
		ASSERT_INVARIANTS(vm);
	}
	ASSERT_EQ(0, irq->source);
	ASSERT_EQ(2, vm->vif[0].acks);
}

/*
 * vCPU 1 sends SGI 6 to vCPU 0 again as soon as vCPU 0's handler has
 * taken and EOIed the last one, vCPU 0 still in the guest: the new
 * request comes from the source the LR showed, after the acknowledge
 * the vGIC has not seen yet.  It is a new instance and must be delivered.
 */
TEST_F(sgi_v2, same_source_after_unseen_ack_is_delivered)
{
	struct test_vm *vm = &self->vm;

	gicd_write(vm, 1, GICD_SGIR_V2, 4, SGIR(0, 0x1, 6));
	for (int round = 0; round < 3; round++) {
		test_vcpu_enter(vm, 0);
		ASSERT_EQ(6 | (1 << 10), vif_ack(&vm->vif[0], -1));
		vif_eoi(&vm->vif[0], 6 | (1 << 10));
		gicd_write(vm, 1, GICD_SGIR_V2, 4, SGIR(0, 0x1, 6));
		test_vcpu_exit(vm, 0);
		ASSERT_EQ(BIT(1), test_irq(vm, 0, 6)->source);
		ASSERT_TRUE(test_on_ap_list(vm, 0, 6));
		ASSERT_INVARIANTS(vm);
	}
	ASSERT_EQ(3, vm->vif[0].acks);
}

TEST_F(sgi_v2, pending_sgi_registers)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq = test_irq(vm, 2, 15);

	gicd_write(vm, 2, SPENDSGIR + 15, 1, 0x81);	/* CPU 7 does not exist */
	ASSERT_EQ(0x01, irq->source);
	ASSERT_TRUE(irq->pending_latch);
	ASSERT_TRUE(test_on_ap_list(vm, 2, 15));
	gicd_write(vm, 2, SPENDSGIR + 12, 4, 0x04000000);
	ASSERT_EQ(0x05, irq->source);
	ASSERT_EQ(0x05, gicd_read(vm, 2, CPENDSGIR + 15, 1));
	gicd_write(vm, 2, CPENDSGIR + 15, 1, 0x01);
	ASSERT_EQ(0x04, irq->source);
	gicd_write(vm, 2, CPENDSGIR + 15, 1, 0xff);
	ASSERT_FALSE(irq->pending_latch);
	/* banked: CPU 1 sees its own SGIs */
	ASSERT_EQ(0, gicd_read(vm, 1, SPENDSGIR + 12, 4));
	/* ISPENDR / ICPENDR do not touch SGIs on GICv2 */
	gicd_write(vm, 2, 0x200, 4, 0xffff);
	ASSERT_FALSE(irq->pending_latch);
	ASSERT_INVARIANTS(vm);
}

TEST_HARNESS_MAIN
