// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv3 distributor and redistributor frames, as a guest sees them:
 * every register family, its widths, the RAZ/WI space, and the state each
 * write reaches (per-IRQ state, lists, kicks).
 */
#include <linux/irqchip/arm-gic-v3.h>
#include "common.h"

#define SGI_BASE	0x10000
#define SPI		40		/* bit 8 of the second word */
#define SPI_WORD	4
#define SPI_BIT		(1u << (SPI - 32))

FIXTURE(v3) {
	struct test_vm vm;
};

FIXTURE_SETUP(v3)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, VGIC_V3, 4, 64, 4));
}

FIXTURE_TEARDOWN(v3)
{
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

TEST_F(v3, identification)
{
	struct test_vm *vm = &self->vm;

	/* EnableGrp0 | EnableGrp1 | ARE | DS */
	ASSERT_EQ(0x53, gicd_read(vm, 0, GICD_CTLR, 4));
	/* ITLinesNumber 2 (96 INTIDs), IDbits 9, MBIS, No1N */
	ASSERT_EQ((1u << 25) | (9u << 19) | (1u << 16) | 2, gicd_read(vm, 0, GICD_TYPER, 4));
	ASSERT_EQ(0x4b00143b, gicd_read(vm, 0, GICD_IIDR, 4));
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_TYPER2, 4));
	ASSERT_EQ(0x30, gicd_read(vm, 0, GICD_PIDR2, 4) & 0xf0);
	ASSERT_EQ(0x30, gicr_read(vm, 2, GICR_PIDR2, 4) & 0xf0);
	ASSERT_EQ(0x4b00143b, gicr_read(vm, 1, GICR_IIDR, 4));
	gicd_write(vm, 0, GICD_TYPER, 4, 0);
	gicd_write(vm, 0, GICD_IIDR, 4, 0);
	ASSERT_EQ(0x4b00143b, gicd_read(vm, 0, GICD_IIDR, 4));
	ASSERT_NE(0, gicd_read(vm, 0, GICD_TYPER, 4));
}

TEST_F(v3, ctlr_group_enables_gate_delivery)
{
	struct test_vm *vm = &self->vm;

	gicd_write(vm, 0, GICD_CTLR, 4, 0);
	ASSERT_EQ(GICD_CTLR_ARE_NS | GICD_CTLR_DS, gicd_read(vm, 0, GICD_CTLR, 4));
	test_irq_setup(vm, 0, SPI, true, 0x80, 1, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(&vm->kvm, NULL, SPI, true, NULL);
	ASSERT_EQ(0, test_ap_list_len(vm, 0));
	gicd_write(vm, 0, GICD_CTLR, 4, GICD_CTLR_ENABLE_SS_G0);	/* Group 0 only */
	ASSERT_EQ(0, test_ap_list_len(vm, 0));
	gicd_write(vm, 0, GICD_CTLR, 4, GICD_CTLR_ENABLE_SS_G1);
	ASSERT_TRUE(test_on_ap_list(vm, 0, SPI));
	ASSERT_INVARIANTS(vm);
}

TEST_F(v3, private_interrupts_are_raz_wi_in_the_distributor)
{
	struct test_vm *vm = &self->vm;

	gicd_write(vm, 0, GICD_ISENABLER, 4, ~0u);
	gicd_write(vm, 0, GICD_ISPENDR, 4, ~0u);
	gicd_write(vm, 0, GICD_IPRIORITYR + 24, 4, ~0u);
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_ISENABLER, 4));
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_IPRIORITYR + 24, 4));
	for (int i = 0; i < 32; i++) {
		ASSERT_FALSE(test_irq(vm, 0, i)->enabled && i >= 16);
		ASSERT_FALSE(test_irq(vm, 0, i)->pending_latch);
		ASSERT_EQ(0, test_irq(vm, 0, i)->priority);
	}
	/* ITARGETSR, SGIR, [CS]PENDSGIR, IGRPMODR, NSACR: RAZ/WI */
	gicd_write(vm, 0, 0x0F00, 4, 0x10000);
	ASSERT_EQ(0, test_ap_list_len(vm, 0));
	gicd_write(vm, 0, GICD_IGRPMODR + 4, 4, ~0u);
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_IGRPMODR + 4, 4));
	ASSERT_EQ(0, gicd_read(vm, 0, 0x0800 + 40, 4));
}

TEST_F(v3, enable_registers)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq = test_irq(vm, 0, SPI);

	gicd_write(vm, 0, GICD_ISENABLER + SPI_WORD, 4, SPI_BIT);
	ASSERT_TRUE(irq->enabled);
	ASSERT_EQ(SPI_BIT, gicd_read(vm, 0, GICD_ISENABLER + SPI_WORD, 4));
	ASSERT_EQ(SPI_BIT, gicd_read(vm, 0, GICD_ICENABLER + SPI_WORD, 4));
	gicd_write(vm, 0, GICD_ISENABLER + SPI_WORD, 4, 0);	/* zeros: no effect */
	ASSERT_TRUE(irq->enabled);
	gicd_write(vm, 0, GICD_ICENABLER + SPI_WORD, 4, SPI_BIT);
	ASSERT_FALSE(irq->enabled);
	/* beyond the implemented SPIs: RAZ/WI */
	gicd_write(vm, 0, GICD_ISENABLER + 12, 4, ~0u);
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_ISENABLER + 12, 4));
}

TEST_F(v3, pending_registers_reach_the_lists)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq = test_irq(vm, 0, SPI);
	unsigned long kicks = vm->vcpu[0].kicks;

	gicd_write(vm, 0, GICD_ISENABLER + SPI_WORD, 4, SPI_BIT);
	gicd_write(vm, 0, GICD_ISPENDR + SPI_WORD, 4, SPI_BIT);
	ASSERT_TRUE(irq->pending_latch);
	ASSERT_TRUE(test_on_ap_list(vm, 0, SPI));
	ASSERT_LT(kicks, vm->vcpu[0].kicks);
	ASSERT_EQ(SPI_BIT, gicd_read(vm, 0, GICD_ICPENDR + SPI_WORD, 4));
	gicd_write(vm, 0, GICD_ICPENDR + SPI_WORD, 4, SPI_BIT);
	ASSERT_FALSE(irq->pending_latch);
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_ISPENDR + SPI_WORD, 4));

	/* Level: ICPENDR clears the latch, the asserted line stays pending. */
	gicd_write(vm, 0, GICD_ICFGR + 8, 4, 0);
	ASSERT_EQ(VGIC_CONFIG_LEVEL, irq->config);
	kvm_vgic_inject_irq(&vm->kvm, NULL, SPI, true, NULL);
	gicd_write(vm, 0, GICD_ISPENDR + SPI_WORD, 4, SPI_BIT);
	gicd_write(vm, 0, GICD_ICPENDR + SPI_WORD, 4, SPI_BIT);
	ASSERT_EQ(SPI_BIT, gicd_read(vm, 0, GICD_ISPENDR + SPI_WORD, 4));
	ASSERT_INVARIANTS(vm);
}

TEST_F(v3, active_registers)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq = test_irq(vm, 0, SPI);

	gicd_write(vm, 0, GICD_ISACTIVER + SPI_WORD, 4, SPI_BIT);
	ASSERT_TRUE(irq->active);
	ASSERT_TRUE(test_on_ap_list(vm, 0, SPI));	/* active: wants an LR */
	ASSERT_EQ(SPI_BIT, gicd_read(vm, 0, GICD_ICACTIVER + SPI_WORD, 4));
	test_vcpu_enter(vm, 0);
	ASSERT_TRUE(test_lr(vm, 0, 0).active);
	test_vcpu_exit(vm, 0);
	gicd_write(vm, 0, GICD_ICACTIVER + SPI_WORD, 4, SPI_BIT);
	ASSERT_FALSE(irq->active);
	ASSERT_INVARIANTS(vm);
}

/* vCPU 1 runs, and has acknowledged the edge SPI routed to it: active in its LR. */
static void spi_active_in_vcpu1_lr(struct __test_metadata *_metadata, struct test_vm *vm)
{
	test_irq_setup(vm, 0, SPI, true, 0x80, 1, VGIC_CONFIG_EDGE);
	gicd_write(vm, 0, GICD_IROUTER + SPI * 8, 8, 1);
	kvm_vgic_inject_irq(&vm->kvm, NULL, SPI, true, NULL);
	test_vcpu_enter(vm, 1);
	ASSERT_EQ(SPI, vif_ack(&vm->vif[1], -1));
}

/*
 * vCPU 1 runs with the SPI active in its LR; vCPU 0 clears the active
 * state: vCPU 1 is stopped (its LR folded) before the write and resumed
 * after, so its next sync cannot bring the active state back.
 */
TEST_F(v3, active_write_stops_running_vcpus)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq = test_irq(vm, 0, SPI);

	spi_active_in_vcpu1_lr(_metadata, vm);

	gicd_write(vm, 0, GICD_ICACTIVER + SPI_WORD, 4, SPI_BIT);
	ASSERT_EQ(1, vm->halts);
	ASSERT_FALSE(irq->active);
	ASSERT_TRUE(vm->in_guest[1]);			/* resumed */
	ASSERT_EQ(0, test_used_lrs(vm, 1));
	test_vcpu_exit(vm, 1);
	ASSERT_FALSE(irq->active);
	ASSERT_INVARIANTS(vm);

	/* Other per-IRQ writes do not stop the guest. */
	gicd_write(vm, 0, GICD_ISENABLER + SPI_WORD, 4, SPI_BIT);
	ASSERT_EQ(1, vm->halts);
}

/*
 * vCPU 1 runs with the SPI it acknowledged active in its LR; vCPU 0 polls
 * GICD_ISACTIVER (a guest's synchronize_irq): it sees the active state,
 * then the deactivation, each time through a stop of the VM.  Once
 * nothing is listed elsewhere the read needs no stop.
 */
TEST_F(v3, active_read_sees_other_vcpus_lrs)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq = test_irq(vm, 0, SPI);

	spi_active_in_vcpu1_lr(_metadata, vm);
	ASSERT_FALSE(irq->active);			/* only the LR knows */

	ASSERT_EQ(SPI_BIT, gicd_read(vm, 0, GICD_ISACTIVER + SPI_WORD, 4));
	ASSERT_EQ(1, vm->halts);
	ASSERT_TRUE(vm->in_guest[1]);
	ASSERT_TRUE(vif_lr_active(&vm->vif[1], vif_find_lr(&vm->vif[1], SPI)));

	vif_eoi(&vm->vif[1], SPI);			/* deactivated in the LR */
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_ICACTIVER + SPI_WORD, 4));
	ASSERT_EQ(2, vm->halts);
	test_vcpu_exit(vm, 1);
	ASSERT_FALSE(test_on_ap_list(vm, 1, SPI));

	ASSERT_EQ(0, gicd_read(vm, 0, GICD_ISACTIVER + SPI_WORD, 4));
	ASSERT_EQ(2, vm->halts);
	ASSERT_INVARIANTS(vm);
}

/*
 * A vCPU's own SGIs and PPIs are in no other vCPU's LRs, and its own are
 * synced when it handles the trap: their active state is read and written
 * without stopping the VM.  Another vCPU's are not.
 */
TEST_F(v3, own_private_active_access_does_not_stop_the_vm)
{
	struct test_vm *vm = &self->vm;

	test_vcpu_enter(vm, 1);
	gicr_write(vm, 0, SGI_BASE + GICR_ISACTIVER0, 4, BIT(20));
	ASSERT_TRUE(test_irq(vm, 0, 20)->active);
	ASSERT_EQ(BIT(20), gicr_read_from(vm, 0, 0, SGI_BASE + GICR_ICACTIVER0, 4));
	gicr_write(vm, 0, SGI_BASE + GICR_ICACTIVER0, 4, BIT(20));
	ASSERT_FALSE(test_irq(vm, 0, 20)->active);
	ASSERT_EQ(0, vm->halts);

	gicr_write_from(vm, 0, 1, SGI_BASE + GICR_ISACTIVER0, 4, BIT(20));
	ASSERT_EQ(1, vm->halts);
	ASSERT_TRUE(test_irq(vm, 1, 20)->active);
	test_vcpu_exit(vm, 1);
	ASSERT_INVARIANTS(vm);
}

/*
 * GICD_IGROUPR: a pending, enabled SPI of a group the distributor does not
 * forward becomes deliverable when the guest moves it to a forwarded group
 * (IHI 0069 4.1.1), and stops being so when moved back.
 */
TEST_F(v3, group_change_queues_and_unqueues)
{
	struct test_vm *vm = &self->vm;

	gicd_write(vm, 0, GICD_CTLR, 4, GICD_CTLR_ENABLE_G1A);	/* Group 1 only */
	test_irq_setup(vm, 0, SPI, true, 0x80, 0, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(&vm->kvm, NULL, SPI, true, NULL);
	ASSERT_EQ(0, test_ap_list_len(vm, 0));

	gicd_write(vm, 0, GICD_IGROUPR + SPI_WORD, 4, SPI_BIT);
	ASSERT_EQ(1, test_irq(vm, 0, SPI)->group);
	ASSERT_TRUE(test_on_ap_list(vm, 0, SPI));
	ASSERT_EQ(1, kvm_vgic_vcpu_pending_irq(&vm->vcpu[0]));
	ASSERT_INVARIANTS(vm);

	gicd_write(vm, 0, GICD_IGROUPR + SPI_WORD, 4, 0);
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(0, test_used_lrs(vm, 0));
	ASSERT_EQ(0, test_ap_list_len(vm, 0));
	test_vcpu_exit(vm, 0);
	ASSERT_INVARIANTS(vm);
}

TEST_F(v3, priority_bytes_and_words)
{
	struct test_vm *vm = &self->vm;

	gicd_write(vm, 0, GICD_IPRIORITYR + SPI, 1, 0xff);
	ASSERT_EQ(0xf8, test_irq(vm, 0, SPI)->priority);	/* 5 bits implemented */
	gicd_write(vm, 0, GICD_IPRIORITYR + 44, 4, 0x10203040);
	ASSERT_EQ(0x40, test_irq(vm, 0, 44)->priority);
	ASSERT_EQ(0x10, test_irq(vm, 0, 47)->priority);
	ASSERT_EQ(0x10203040, gicd_read(vm, 0, GICD_IPRIORITYR + 44, 4));
	ASSERT_EQ(0x20, gicd_read(vm, 0, GICD_IPRIORITYR + 46, 1));
	ASSERT_EQ(0xf8, gicd_read(vm, 0, GICD_IPRIORITYR + SPI, 1));
	/* a 64-bit access to IPRIORITYR is not allowed: RAZ/WI */
	gicd_write(vm, 0, GICD_IPRIORITYR + 48, 8, ~0ULL);
	ASSERT_EQ(0, test_irq(vm, 0, 48)->priority);
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_IPRIORITYR + 48, 8));
}

TEST_F(v3, config_group_and_modifier)
{
	struct test_vm *vm = &self->vm;

	/* ICFGR2 covers 32..47: SPI 40 is field 8 */
	gicd_write(vm, 0, GICD_ICFGR + 8, 4, 2u << 16);
	ASSERT_EQ(VGIC_CONFIG_EDGE, test_irq(vm, 0, SPI)->config);
	ASSERT_EQ(2u << 16, gicd_read(vm, 0, GICD_ICFGR + 8, 4));
	gicd_write(vm, 0, GICD_IGROUPR + SPI_WORD, 4, 0);
	ASSERT_EQ(0, test_irq(vm, 0, SPI)->group);
	gicd_write(vm, 0, GICD_IGROUPR + SPI_WORD, 4, SPI_BIT);
	ASSERT_EQ(1, test_irq(vm, 0, SPI)->group);
	/* redistributor: SGIs edge, PPIs level, both read-only */
	ASSERT_EQ(0xaaaaaaaa, gicr_read(vm, 0, SGI_BASE + GICR_ICFGR0, 4));
	ASSERT_EQ(0, gicr_read(vm, 0, SGI_BASE + GICR_ICFGR0 + 4, 4));
	gicr_write(vm, 0, SGI_BASE + GICR_ICFGR0 + 4, 4, 0xaaaaaaaa);
	ASSERT_EQ(VGIC_CONFIG_LEVEL, test_irq(vm, 0, 27)->config);
}

TEST_F(v3, irouter_routes_spis)
{
	struct test_vm *vm = &self->vm;
	struct vgic_irq *irq = test_irq(vm, 0, SPI);
	u32 router = GICD_IROUTER + SPI * 8;

	gicd_write(vm, 0, router, 8, 2);			/* Aff0 = 2 */
	ASSERT_EQ(&vm->vcpu[2], irq->target_vcpu);
	ASSERT_EQ(2, gicd_read(vm, 0, router, 8));
	gicd_write(vm, 0, router, 4, 3);			/* low half */
	ASSERT_EQ(&vm->vcpu[3], irq->target_vcpu);
	gicd_write(vm, 0, router + 4, 4, 0x1);			/* Aff3 = 1 */
	ASSERT_EQ(NULL, irq->target_vcpu);			/* no such PE */
	ASSERT_EQ(1, gicd_read(vm, 0, router + 4, 4));
	ASSERT_EQ(0x100000003ULL, gicd_read(vm, 0, router, 8));
	gicd_write(vm, 0, router, 8, 1ULL << 31);		/* IRM: RES0 here */
	ASSERT_EQ(0, gicd_read(vm, 0, router, 8));
	ASSERT_EQ(&vm->vcpu[0], irq->target_vcpu);

	/* a pending SPI follows its route */
	gicd_write(vm, 0, router, 8, 1);
	gicd_write(vm, 0, GICD_ISENABLER + SPI_WORD, 4, SPI_BIT);
	gicd_write(vm, 0, GICD_ISPENDR + SPI_WORD, 4, SPI_BIT);
	ASSERT_TRUE(test_on_ap_list(vm, 1, SPI));
	gicd_write(vm, 0, router, 8, 3);
	test_vcpu_enter(vm, 1);					/* vCPU1 passes it on */
	ASSERT_TRUE(test_on_ap_list(vm, 3, SPI));
	test_vcpu_exit(vm, 1);
	ASSERT_INVARIANTS(vm);
}

TEST_F(v3, setspi_and_clrspi)
{
	struct test_vm *vm = &self->vm;

	gicd_write(vm, 0, GICD_SETSPI_NSR, 4, SPI);
	ASSERT_TRUE(test_irq(vm, 0, SPI)->pending_latch);
	gicd_write(vm, 0, GICD_CLRSPI_NSR, 4, SPI);
	ASSERT_FALSE(test_irq(vm, 0, SPI)->pending_latch);
	gicd_write(vm, 0, GICD_SETSPI_NSR, 4, 20);		/* a PPI: ignored */
	gicd_write(vm, 0, GICD_SETSPI_NSR, 4, 1000);		/* no such SPI */
	ASSERT_FALSE(test_irq(vm, 0, 20)->pending_latch);
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_SETSPI_NSR, 4));
}

TEST_F(v3, reserved_widths_and_alignment_are_raz_wi)
{
	struct test_vm *vm = &self->vm;

	ASSERT_EQ(0, gicd_read(vm, 0, 0x5000, 4));
	ASSERT_EQ(0, gicd_read(vm, 0, 0xc000, 8));
	gicd_write(vm, 0, GICD_ISENABLER + SPI_WORD + 1, 1, 1);	/* byte: not allowed */
	ASSERT_FALSE(test_irq(vm, 0, SPI)->enabled);
	gicd_write(vm, 0, GICD_ISENABLER + SPI_WORD + 2, 4, ~0u);	/* misaligned */
	ASSERT_FALSE(test_irq(vm, 0, 48)->enabled);
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_CTLR, 8));			/* 64-bit CTLR */
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_CTLR, 2));
	ASSERT_EQ(0, gicd_read(vm, 0, GICD_CTLR, 3));
	ASSERT_EQ(0, gicr_read(vm, 0, 0x30000, 4));
	ASSERT_EQ(0, gicr_read(vm, 0, GICR_PROPBASER, 8));		/* no LPIs */
	ASSERT_INVARIANTS(vm);
}

TEST_F(v3, redistributor_identity)
{
	struct test_vm *vm = &self->vm;

	for (int cpu = 0; cpu < 4; cpu++) {
		u64 typer = gicr_read(vm, cpu, GICR_TYPER, 8);

		ASSERT_EQ((u64)cpu << 32, typer & GICR_TYPER_AFFINITY);
		ASSERT_EQ(cpu, GICR_TYPER_CPU_NUMBER(typer));
		ASSERT_EQ(cpu == 3, !!(typer & GICR_TYPER_LAST));
		ASSERT_EQ(0, typer & GICR_TYPER_PLPIS);
		ASSERT_EQ(typer & 0xffffffff, gicr_read(vm, cpu, GICR_TYPER, 4));
		ASSERT_EQ(typer >> 32, gicr_read(vm, cpu, GICR_TYPER + 4, 4));
	}
	gicr_write(vm, 1, GICR_WAKER, 4, GICR_WAKER_ProcessorSleep);
	ASSERT_EQ(GICR_WAKER_ProcessorSleep | GICR_WAKER_ChildrenAsleep,
		  gicr_read(vm, 1, GICR_WAKER, 4));
	ASSERT_EQ(0, gicr_read(vm, 0, GICR_WAKER, 4));
	gicr_write(vm, 1, GICR_WAKER, 4, 0);
	ASSERT_EQ(0, gicr_read(vm, 1, GICR_WAKER, 4));
}

TEST_F(v3, sgi_base_banks_private_interrupts)
{
	struct test_vm *vm = &self->vm;

	gicr_write(vm, 1, SGI_BASE + GICR_ISENABLER0, 4, 1u << 27);
	ASSERT_TRUE(test_irq(vm, 1, 27)->enabled);
	ASSERT_FALSE(test_irq(vm, 0, 27)->enabled);
	ASSERT_EQ(1u << 27, gicr_read(vm, 1, SGI_BASE + GICR_ISENABLER0, 4));
	ASSERT_EQ(0, gicr_read(vm, 0, SGI_BASE + GICR_ISENABLER0, 4));
	gicr_write(vm, 1, SGI_BASE + GICR_IPRIORITYR0 + 27, 1, 0x40);
	ASSERT_EQ(0x40, test_irq(vm, 1, 27)->priority);
	gicr_write(vm, 1, SGI_BASE + GICR_ISPENDR0, 4, 1u << 27);
	ASSERT_TRUE(test_on_ap_list(vm, 1, 27));
	ASSERT_FALSE(test_on_ap_list(vm, 0, 27));
	/* SGI_base holds INTIDs 0-31 only */
	gicr_write(vm, 1, SGI_BASE + GICR_ISENABLER0 + SPI_WORD, 4, SPI_BIT);
	ASSERT_FALSE(test_irq(vm, 0, SPI)->enabled);
	gicr_write(vm, 2, SGI_BASE + GICR_IGROUPR0, 4, 0);
	ASSERT_EQ(0, test_irq(vm, 2, 5)->group);
	ASSERT_EQ(1, test_irq(vm, 1, 5)->group);
	ASSERT_INVARIANTS(vm);
}

TEST_HARNESS_MAIN
