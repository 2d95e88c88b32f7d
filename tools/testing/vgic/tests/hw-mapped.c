// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hardware-mapped interrupts: the virtual timer PPI linked to a physical
 * PPI, through its whole life, on both list-register formats.
 */
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/sizes.h>
#include "common.h"

#define VTIMER		27
#define TIMER_PRIO	0xa0

static bool timer_line;			/* what the timer drives */
static int timer_owner;
static unsigned int timer_level_reads;

/* As arch_timer.c's: the timer of the running vCPU, which must exist. */
static bool timer_get_input_level(int vintid)
{
	if (!kvm_get_running_vcpu())
		abort();
	timer_level_reads++;
	return timer_line;
}

static struct irq_ops timer_ops = {
	.get_input_level = timer_get_input_level,
};

static struct irq_ops timer_ops_sw_resample = {
	.flags = VGIC_IRQ_SW_RESAMPLE,
	.get_input_level = timer_get_input_level,
};

/* The host's timer interrupt handler: forward the level to the guest. */
static void timer_handler(unsigned int host_irq, void *data)
{
	struct test_vm *vm = data;

	kvm_vgic_inject_irq(&vm->kvm, &vm->vcpu[0], VTIMER, timer_line, &timer_owner);
}

static void timer_fire(bool level)
{
	timer_line = level;
	phys_gic_set_line(VTIMER, level);
}

FIXTURE(mapped) {
	struct test_vm vm;
	unsigned int host_irq;
	struct vgic_irq *irq;
	struct phys_gic_irq *phys;
	struct vcpu_if *vif;
};

FIXTURE_VARIANT(mapped) {
	enum vgic_type host;
};

FIXTURE_VARIANT_ADD(mapped, gicv3) { .host = VGIC_V3 };
FIXTURE_VARIANT_ADD(mapped, gicv2) { .host = VGIC_V2 };

FIXTURE_SETUP(mapped)
{
	phys_gic_reset();
	timer_line = false;
	ASSERT_EQ(0, test_vm_create(&self->vm, variant->host, 2, 64, 4));
	self->host_irq = phys_gic_register(VTIMER, true, timer_handler, &self->vm);
	self->irq = test_irq(&self->vm, 0, VTIMER);
	self->phys = &phys_gic.irq[VTIMER];
	self->vif = &self->vm.vif[0];
	ASSERT_EQ(0, kvm_vgic_set_owner(&self->vm.vcpu[0], VTIMER, &timer_owner));
	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&self->vm.vcpu[0], self->host_irq,
					   VTIMER, &timer_ops));
	test_irq_setup(&self->vm, 0, VTIMER, true, TIMER_PRIO, 1, VGIC_CONFIG_LEVEL);
}

FIXTURE_TEARDOWN(mapped)
{
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

/*
 * vCPU @cpu's access to vCPU @rd's SGI/PPI registers: GICv3 SGI_base
 * (at the GICD offsets), GICv2 the banked distributor (the vCPU's own).
 */
static u32 banked_read(struct test_vm *vm, int cpu, int rd, u32 off)
{
	if (kvm_vgic_global_state.type == VGIC_V3)
		return gicr_read_from(vm, cpu, rd, SZ_64K + off, 4);
	return gicd_read(vm, cpu, off, 4);
}

static void banked_write(struct test_vm *vm, int cpu, u32 off, u32 val)
{
	if (kvm_vgic_global_state.type == VGIC_V3)
		gicr_write(vm, cpu, SZ_64K + off, 4, val);
	else
		gicd_write(vm, cpu, off, 4, val);
}

/*
 * A mapped level interrupt follows its line while no list register holds
 * it (IHI 0069 4.1.1: pending while asserted).  The guest masks the timer
 * PPI, lets the timer fire (ISPENDR: pending, right), disables the timer,
 * unmasks the PPI: the line has dropped, so nothing is delivered, ISPENDR
 * reads clear, and the physical twin the host took is let go.
 */
TEST_F(mapped, masked_level_line_is_resampled)
{
	struct test_vm *vm = &self->vm;
	unsigned int reads;

	banked_write(vm, 0, GICD_ICENABLER, BIT(VTIMER));
	timer_fire(true);
	ASSERT_EQ(1, phys_gic_host_window());
	ASSERT_TRUE(self->phys->active);	/* taken at host level */
	ASSERT_FALSE(test_on_ap_list(vm, 0, VTIMER));
	ASSERT_EQ(BIT(VTIMER), banked_read(vm, 0, 0, GICD_ISPENDR) & BIT(VTIMER));

	timer_fire(false);			/* CNTV_CTL = 0 */
	ASSERT_EQ(0, banked_read(vm, 0, 0, GICD_ISPENDR) & BIT(VTIMER));
	ASSERT_FALSE(self->irq->line_level);
	ASSERT_FALSE(self->phys->active);
	ASSERT_INVARIANTS(vm);

	/* a drop the vGIC has not seen: enabling resamples the line too */
	self->irq->line_level = true;
	banked_write(vm, 0, GICD_ISENABLER, BIT(VTIMER));
	ASSERT_FALSE(self->irq->line_level);
	ASSERT_FALSE(test_on_ap_list(vm, 0, VTIMER));
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(0, test_used_lrs(vm, 0));
	test_vcpu_exit(vm, 0);
	ASSERT_INVARIANTS(vm);

	/* Only the owner's own thread asks the timer: not another vCPU's, not userspace. */
	reads = timer_level_reads;
	banked_read(vm, 1, 0, GICD_ISPENDR);
	ASSERT_EQ(reads, timer_level_reads);

	/* and the timer still works */
	timer_fire(true);
	ASSERT_EQ(1, phys_gic_host_window());
	test_vcpu_enter(vm, 0);
	ASSERT_TRUE(test_lr(vm, 0, 0).hw);
	ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
	ASSERT_INVARIANTS(vm);
}

/*
 * The nested timer switch maps and unmaps the timers' PPIs from vcpu_load,
 * with preemption disabled: mapping a PPI must not sleep (the shim aborts
 * on an allocation that may), and remapping gives the same state.
 */
TEST_F(mapped, ppi_maps_with_preemption_disabled)
{
	struct kvm_vcpu *vcpu = &self->vm.vcpu[0];

	for (int round = 0; round < 3; round++) {
		preempt_disable();
		ASSERT_EQ(0, kvm_vgic_unmap_phys_irq(vcpu, VTIMER));
		ASSERT_EQ(NULL, self->irq->map);
		ASSERT_EQ(0, kvm_vgic_map_phys_irq(vcpu, self->host_irq, VTIMER, &timer_ops));
		ASSERT_EQ(-EEXIST, kvm_vgic_map_phys_irq(vcpu, self->host_irq, VTIMER,
							 &timer_ops_sw_resample));
		preempt_enable();
		ASSERT_EQ(self->host_irq, kvm_vgic_get_map(vcpu, VTIMER));
		ASSERT_EQ(&timer_ops, self->irq->map->ops);
		ASSERT_EQ(VTIMER, self->irq->map->phys_irq);
	}
	timer_fire(true);
	ASSERT_EQ(1, phys_gic_host_window());
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).hw);
	ASSERT_EQ(VTIMER, test_lr(&self->vm, 0, 0).pintid);
	ASSERT_TRUE(self->phys->active);
	ASSERT_INVARIANTS(&self->vm);
}

/* The LR of the timer holds exactly this. */
#define ASSERT_TIMER_LR(n, p, a) do {					\
	struct vgic_lr __lr = test_lr(&self->vm, 0, n);			\
	ASSERT_EQ(VTIMER, __lr.vintid);					\
	ASSERT_TRUE(__lr.hw);						\
	ASSERT_EQ(VTIMER, __lr.pintid);					\
	ASSERT_EQ(TIMER_PRIO, __lr.priority);				\
	ASSERT_EQ(p, __lr.pending);					\
	ASSERT_EQ(a, __lr.active);					\
	ASSERT_FALSE(__lr.eoi_maint);					\
} while (0)

TEST_F(mapped, map_links_both_ways)
{
	ASSERT_NE(NULL, self->irq->map);
	ASSERT_EQ(VTIMER, self->irq->map->virt_irq);
	ASSERT_EQ(VTIMER, self->irq->map->phys_irq);
	ASSERT_EQ(self->host_irq, self->irq->map->host_irq);
	ASSERT_EQ((int)self->host_irq, kvm_vgic_get_map(&self->vm.vcpu[0], VTIMER));
	/* per vCPU: the other vCPU's timer is not mapped */
	ASSERT_EQ(-ENOENT, kvm_vgic_get_map(&self->vm.vcpu[1], VTIMER));
	ASSERT_EQ(NULL, test_irq(&self->vm, 1, VTIMER)->map);
	ASSERT_FALSE(kvm_vgic_map_is_active(&self->vm.vcpu[0], VTIMER));
}

TEST_F(mapped, timer_life_cycle)
{
	struct vgic_lr lr;
	unsigned long reads, writes;

	/* The timer fires: the host takes it and forwards it. */
	timer_fire(true);
	ASSERT_EQ(1, phys_gic_host_window());
	ASSERT_TRUE(self->phys->active);
	ASSERT_TRUE(self->irq->line_level);
	ASSERT_TRUE(test_on_ap_list(&self->vm, 0, VTIMER));
	ASSERT_NE(0, self->vm.vcpu[0].kicks);
	ASSERT_INVARIANTS(&self->vm);

	for (int round = 0; round < 3; round++) {
		/* The life of an interrupt costs no physical-GIC access. */
		reads = phys_gic.state_reads;
		writes = phys_gic.state_writes;

		/* Entry: one LR, HW=1, the pINTID, pending. */
		test_vcpu_enter(&self->vm, 0);
		ASSERT_EQ(1, test_used_lrs(&self->vm, 0));
		ASSERT_TIMER_LR(0, true, false);
		ASSERT_TRUE(self->irq->hw_queued);
		ASSERT_TRUE(self->phys->active);
		ASSERT_TRUE(kvm_vgic_map_is_active(&self->vm.vcpu[0], VTIMER));
		ASSERT_INVARIANTS(&self->vm);

		/* The guest acknowledges; its line is still high. */
		ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
		test_vcpu_exit(&self->vm, 0);
		ASSERT_TRUE(self->irq->active);
		ASSERT_TRUE(self->irq->line_level);
		ASSERT_TRUE(self->phys->active);
		ASSERT_INVARIANTS(&self->vm);

		/* Re-entry: active only, never pending+active with HW. */
		test_vcpu_enter(&self->vm, 0);
		ASSERT_TIMER_LR(0, false, true);
		ASSERT_INVARIANTS(&self->vm);

		/* The guest's handler quiets the timer, then EOIs. */
		timer_fire(false);
		vif_eoi(self->vif, VTIMER);
		ASSERT_FALSE(self->phys->active);	/* through the HW bit */
		ASSERT_EQ(0, vif_eoicount(self->vif));
		ASSERT_EQ(-1, vif_find_lr(self->vif, VTIMER));
		test_vcpu_exit(&self->vm, 0);
		ASSERT_FALSE(self->irq->active);
		ASSERT_FALSE(self->irq->line_level);	/* resampled */
		ASSERT_FALSE(self->irq->hw_queued);	/* re-queueable */
		ASSERT_FALSE(kvm_vgic_map_is_active(&self->vm.vcpu[0], VTIMER));
		ASSERT_INVARIANTS(&self->vm);

		/* Nothing left: the next entry uses no LR. */
		test_vcpu_enter(&self->vm, 0);
		ASSERT_EQ(0, test_used_lrs(&self->vm, 0));
		ASSERT_FALSE(test_on_ap_list(&self->vm, 0, VTIMER));
		test_vcpu_exit(&self->vm, 0);

		/* It fires again: the host takes it again. */
		timer_fire(true);
		ASSERT_EQ(1, phys_gic_host_window());
		ASSERT_EQ(round + 2, self->phys->taken);
		ASSERT_EQ(reads, phys_gic.state_reads);
		ASSERT_EQ(writes, phys_gic.state_writes);
	}
	lr = test_lr(&self->vm, 0, 0);
	ASSERT_TRUE(lr.hw);
}

/* The trace lines recorded since shim_trace_start() are exactly @want. */
#define ASSERT_TRACE(want...) do {						\
	static const char *const __want[] = { want };				\
	unsigned int __i;							\
										\
	for (__i = 0; __i < ARRAY_SIZE(__want); __i++)				\
		ASSERT_STREQ(__want[__i], shim_trace_line(__i));		\
	ASSERT_EQ(ARRAY_SIZE(__want), shim_trace_lines());			\
} while (0)

/*
 * The tracepoints tell the timer's life: injected, queued with HW, taken,
 * shown active, deactivated by the guest through the HW bit; fired again
 * after the EOI, it is claimed for the guest before it is queued.
 */
TEST_F(mapped, timer_life_in_the_trace)
{
	shim_trace_start();
	timer_fire(true);
	phys_gic_host_window();
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
	test_vcpu_exit(&self->vm, 0);
	test_vcpu_enter(&self->vm, 0);
	timer_fire(false);
	vif_eoi(self->vif, VTIMER);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_TRACE("vgic_update_irq_pending: VCPU: 0, IRQ 27, level: 1",
		     "vgic_lr_queue: vcpu=0 lr=0 vintid=27 pintid=27 state=pending hw=1",
		     "vgic_lr_fold: vcpu=0 lr=0 vintid=27 acked=1 deactivated=0",
		     "vgic_lr_queue: vcpu=0 lr=0 vintid=27 pintid=27 state=active hw=1",
		     "vgic_lr_fold: vcpu=0 lr=0 vintid=27 acked=0 deactivated=1",
		     "vgic_hw_release: vintid=27 pintid=27 by=guest");

	/* Pending again at the EOI, its line high: the vGIC claims it. */
	timer_fire(true);
	phys_gic_host_window();
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
	vif_eoi(self->vif, VTIMER);
	test_vcpu_exit(&self->vm, 0);
	shim_trace_start();
	test_vcpu_enter(&self->vm, 0);
	shim_trace_on = false;
	ASSERT_TRUE(self->phys->active);
	ASSERT_TRACE("vgic_hw_claim: vintid=27 pintid=27",
		     "vgic_lr_queue: vcpu=0 lr=0 vintid=27 pintid=27 state=pending hw=1");
}

/*
 * Raised by its owner without the physical interrupt firing: the timers do
 * this at vcpu_load, and make the physical twin active themselves
 * (kvm_timer_vcpu_load_gic()).  The vGIC trusts that: queueing costs no
 * physical access, and the physical interrupt cannot fire at host level
 * while the guest owns the virtual one.
 */
TEST_F(mapped, owner_raises_with_the_physical_interrupt_active)
{
	unsigned long writes, reads;

	timer_line = true;
	ASSERT_EQ(0, irq_set_irqchip_state(self->host_irq, IRQCHIP_STATE_ACTIVE, true));
	ASSERT_EQ(0, kvm_vgic_inject_irq(&self->vm.kvm, &self->vm.vcpu[0], VTIMER,
					 true, &timer_owner));
	ASSERT_TRUE(self->irq->hw_queued);
	ASSERT_TRUE(kvm_vgic_map_is_active(&self->vm.vcpu[0], VTIMER));
	writes = phys_gic.state_writes;
	reads = phys_gic.state_reads;
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TIMER_LR(0, true, false);

	phys_gic_set_line(VTIMER, true);
	ASSERT_EQ(0, phys_gic_host_window());
	ASSERT_EQ(0, self->phys->taken);

	/* Exits and entries with the LR still pending: no physical access. */
	for (int i = 0; i < 5; i++) {
		test_vcpu_exit(&self->vm, 0);
		test_vcpu_enter(&self->vm, 0);
		ASSERT_TIMER_LR(0, true, false);
	}
	ASSERT_EQ(writes, phys_gic.state_writes);
	ASSERT_EQ(reads, phys_gic.state_reads);
	ASSERT_INVARIANTS(&self->vm);
}

/*
 * The guest deactivates, the physical interrupt fires again at once and
 * the host takes it before the sync (an SPI taken on another CPU): the
 * sync takes the HW deactivation for what it is, and the line, still
 * high, shows the new instance with the physical twin active.
 */
TEST_F(mapped, refire_before_sync_is_shown_again)
{
	timer_fire(true);
	phys_gic_host_window();
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
	vif_eoi(self->vif, VTIMER);		/* line still high */
	ASSERT_FALSE(self->phys->active);
	ASSERT_TRUE(self->phys->pending);
	ASSERT_EQ(1, phys_gic_host_window());
	ASSERT_TRUE(self->phys->active);

	test_vcpu_exit(&self->vm, 0);
	ASSERT_TRUE(self->phys->active);
	ASSERT_TRUE(vgic_irq_is_pending(self->irq));
	ASSERT_INVARIANTS(&self->vm);

	test_vcpu_enter(&self->vm, 0);
	ASSERT_TIMER_LR(0, true, false);
	ASSERT_TRUE(self->irq->hw_queued);
	ASSERT_TRUE(self->phys->active);
	ASSERT_INVARIANTS(&self->vm);
}

/* The guest EOIs while the line is still high and before the host takes
 * the interrupt again: the new instance claims the physical twin again. */
TEST_F(mapped, requeue_after_eoi_claims_again)
{
	unsigned long writes;

	timer_fire(true);
	phys_gic_host_window();
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
	vif_eoi(self->vif, VTIMER);
	ASSERT_FALSE(self->phys->active);
	ASSERT_TRUE(self->phys->pending);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(self->irq->hw_queued);
	writes = phys_gic.state_writes;
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TIMER_LR(0, true, false);
	ASSERT_TRUE(self->phys->active);
	ASSERT_EQ(writes + 1, phys_gic.state_writes);
	ASSERT_EQ(0, phys_gic_host_window());
	ASSERT_INVARIANTS(&self->vm);
}

/* The host took the interrupt, but the line dropped before the guest ran:
 * the physical twin is released with the virtual pending state. */
TEST_F(mapped, line_drop_before_delivery_releases)
{
	timer_fire(true);
	ASSERT_EQ(1, phys_gic_host_window());
	ASSERT_TRUE(self->phys->active);
	timer_fire(false);
	kvm_vgic_inject_irq(&self->vm.kvm, &self->vm.vcpu[0], VTIMER, false, &timer_owner);
	ASSERT_FALSE(self->phys->active);
	ASSERT_INVARIANTS(&self->vm);
	timer_fire(true);
	ASSERT_EQ(1, phys_gic_host_window());		/* it can fire again */
}

/*
 * The guest silences the timer while its interrupt still waits in the LR
 * (interrupts masked): the exit drops the virtual pending state and the
 * physical twin, and the timer can fire again at host level.
 */
TEST_F(mapped, line_drop_while_pending_in_lr_releases)
{
	timer_fire(true);
	ASSERT_EQ(1, phys_gic_host_window());
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TIMER_LR(0, true, false);
	ASSERT_TRUE(self->phys->active);

	timer_line = false;				/* guest writes CNTV_CTL */
	phys_gic_set_line(VTIMER, false);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(self->irq->line_level);
	ASSERT_FALSE(test_on_ap_list(&self->vm, 0, VTIMER) &&
		     vgic_irq_is_pending(self->irq));
	ASSERT_FALSE(self->phys->active);
	ASSERT_FALSE(self->irq->hw_queued);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(0, test_used_lrs(&self->vm, 0));
	test_vcpu_exit(&self->vm, 0);
	ASSERT_INVARIANTS(&self->vm);

	timer_fire(true);
	ASSERT_EQ(1, phys_gic_host_window());		/* it can fire again */
	ASSERT_TRUE(vgic_irq_is_pending(self->irq));
}

/* A new link takes the virtual state as the truth. */
TEST_F(mapped, mapping_aligns_the_physical_state)
{
	ASSERT_EQ(0, kvm_vgic_unmap_phys_irq(&self->vm.vcpu[0], VTIMER));
	self->phys->active = true;			/* stale, from the host */
	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&self->vm.vcpu[0], self->host_irq,
					   VTIMER, &timer_ops));
	ASSERT_FALSE(self->phys->active);

	ASSERT_EQ(0, kvm_vgic_unmap_phys_irq(&self->vm.vcpu[0], VTIMER));
	self->irq->active = true;			/* the guest has it active */
	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&self->vm.vcpu[0], self->host_irq,
					   VTIMER, &timer_ops));
	ASSERT_TRUE(self->phys->active);
	ASSERT_TRUE(self->irq->hw_queued);
	ASSERT_INVARIANTS(&self->vm);
}

TEST_F(mapped, eoimode1_deactivates_on_dir)
{
	timer_fire(true);
	phys_gic_host_window();
	test_vcpu_enter(&self->vm, 0);
	self->vif->eoimode = true;		/* the guest sets ICC_CTLR.EOImode */
	ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
	ASSERT_NE(VIF_IDLE_PRIORITY, vif_rpr(self->vif));
	vif_eoi(self->vif, VTIMER);		/* priority drop only */
	ASSERT_EQ(VIF_IDLE_PRIORITY, vif_rpr(self->vif));
	ASSERT_TRUE(self->phys->active);
	timer_fire(false);
	vif_dir(self->vif, VTIMER);
	ASSERT_FALSE(self->phys->active);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(self->irq->active);
	ASSERT_FALSE(self->irq->hw_queued);
	ASSERT_INVARIANTS(&self->vm);
}

TEST_F(mapped, unmap_while_guest_has_it_active)
{
	struct vgic_lr lr;

	timer_fire(true);
	phys_gic_host_window();
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
	test_vcpu_exit(&self->vm, 0);
	ASSERT_TRUE(self->phys->active);

	ASSERT_EQ(0, kvm_vgic_unmap_phys_irq(&self->vm.vcpu[0], VTIMER));
	ASSERT_FALSE(self->phys->active);
	ASSERT_EQ(NULL, self->irq->map);
	ASSERT_FALSE(self->irq->hw_queued);
	ASSERT_TRUE(self->irq->active);		/* the guest still has it */
	ASSERT_EQ(-ENOENT, kvm_vgic_get_map(&self->vm.vcpu[0], VTIMER));
	ASSERT_INVARIANTS(&self->vm);

	/* Now a software interrupt: no HW bit, and the EOI is the guest's. */
	timer_fire(false);
	kvm_vgic_inject_irq(&self->vm.kvm, &self->vm.vcpu[0], VTIMER, false, &timer_owner);
	test_vcpu_enter(&self->vm, 0);
	lr = test_lr(&self->vm, 0, 0);
	ASSERT_FALSE(lr.hw);
	ASSERT_TRUE(lr.active);
	vif_eoi(self->vif, VTIMER);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(self->irq->active);
	ASSERT_FALSE(self->phys->active);
	ASSERT_EQ(-EINVAL, kvm_vgic_unmap_phys_irq(&self->vm.vcpu[0], VTIMER));
}

TEST_F(mapped, reset_forgets_guest_state_and_releases)
{
	timer_fire(true);
	phys_gic_host_window();
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
	test_vcpu_exit(&self->vm, 0);

	kvm_vgic_reset_mapped_irq(&self->vm.vcpu[0], VTIMER);
	ASSERT_FALSE(self->irq->active);
	ASSERT_FALSE(self->irq->line_level);
	ASSERT_FALSE(self->irq->hw_queued);
	ASSERT_FALSE(self->phys->active);
	ASSERT_NE(NULL, self->irq->map);
	ASSERT_INVARIANTS(&self->vm);
}

/* A host without HW deactivation: a software level interrupt with EOI
 * maintenance, resampled through the owner's callback. */
TEST_F(mapped, sw_resample_uses_eoi_maintenance)
{
	struct vgic_lr lr;

	unsigned long writes;

	ASSERT_EQ(0, kvm_vgic_unmap_phys_irq(&self->vm.vcpu[0], VTIMER));
	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&self->vm.vcpu[0], self->host_irq,
					   VTIMER, &timer_ops_sw_resample));
	writes = phys_gic.state_writes;
	timer_line = true;
	kvm_vgic_inject_irq(&self->vm.kvm, &self->vm.vcpu[0], VTIMER, true, &timer_owner);
	test_vcpu_enter(&self->vm, 0);
	lr = test_lr(&self->vm, 0, 0);
	ASSERT_FALSE(lr.hw);
	ASSERT_TRUE(lr.eoi_maint);
	ASSERT_TRUE(lr.pending);
	ASSERT_EQ(writes, phys_gic.state_writes);	/* no HW: no physical access */

	ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
	timer_line = false;
	vif_eoi(self->vif, VTIMER);
	ASSERT_EQ(1, vif_eisr(self->vif));
	ASSERT_TRUE(vif_maintenance_irq(self->vif));
	ASSERT_EQ(VIF_MISR_EOI, vif_misr(self->vif));
	shim_trace_start();
	test_vcpu_exit(&self->vm, 0);
	shim_trace_on = false;
	/* the maintenance interrupt in the trace is the model's */
	ASSERT_EQ(1, shim_trace_count("vgic_maint: vcpu=0 misr=0x1 eisr=0x1"));
	ASSERT_FALSE(self->irq->line_level);
	ASSERT_FALSE(self->irq->active);
	ASSERT_INVARIANTS(&self->vm);
}

/*
 * A host without HW deactivation: the host takes the timer and leaves it
 * active; the guest's EOI exits (maintenance) and resamples the line.
 * While it is high the physical interrupt stays active (the virtual one is
 * pending again); once it has dropped the vGIC deactivates it, or the
 * timer could never fire again.
 */
TEST_F(mapped, sw_resample_releases_the_physical_interrupt)
{
	ASSERT_EQ(0, kvm_vgic_unmap_phys_irq(&self->vm.vcpu[0], VTIMER));
	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&self->vm.vcpu[0], self->host_irq,
					   VTIMER, &timer_ops_sw_resample));
	timer_fire(true);
	ASSERT_EQ(1, phys_gic_host_window());
	ASSERT_TRUE(self->phys->active);		/* the host took it */

	/* EOI with the line still high: pending again, the twin stays */
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
	vif_eoi(self->vif, VTIMER);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_TRUE(vgic_irq_is_pending(self->irq));
	ASSERT_TRUE(self->phys->active);

	/* the guest silences the timer and EOIs: the twin is let go */
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(VTIMER, vif_ack(self->vif, -1));
	timer_fire(false);
	vif_eoi(self->vif, VTIMER);
	ASSERT_TRUE(vif_maintenance_irq(self->vif));
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(vgic_irq_is_pending(self->irq));
	ASSERT_FALSE(self->phys->active);
	ASSERT_INVARIANTS(&self->vm);

	/* and it fires again */
	timer_fire(true);
	ASSERT_EQ(1, phys_gic_host_window());
	ASSERT_EQ(2, self->phys->taken);
}

TEST_F(mapped, bad_maps_are_refused)
{
	struct kvm_vcpu *vcpu = &self->vm.vcpu[0];

	ASSERT_EQ(-EEXIST, kvm_vgic_map_phys_irq(vcpu, self->host_irq, VTIMER, &timer_ops));
	ASSERT_EQ(-EINVAL, kvm_vgic_map_phys_irq(vcpu, self->host_irq, 5, &timer_ops));
	ASSERT_EQ(-EINVAL, kvm_vgic_map_phys_irq(vcpu, self->host_irq, 32 + 64, &timer_ops));
	ASSERT_EQ(-EINVAL, kvm_vgic_map_phys_irq(vcpu, 12345, 26, &timer_ops));
	ASSERT_EQ(-EINVAL, kvm_vgic_unmap_phys_irq(vcpu, 26));
	ASSERT_EQ(-EINVAL, kvm_vgic_unmap_phys_irq(vcpu, 2000));
	ASSERT_EQ(-ENOENT, kvm_vgic_get_map(vcpu, 26));
	ASSERT_FALSE(kvm_vgic_map_is_active(vcpu, 2000));
}

/* An SPI mapped at VM level, sharing nothing with the PPI maps. */
TEST_F(mapped, spi_map_is_per_vm)
{
	unsigned int host_spi = phys_gic_register(48, true, NULL, NULL);

	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&self->vm.vcpu[1], host_spi, 40, NULL));
	ASSERT_EQ((int)host_spi, kvm_vgic_get_map(&self->vm.vcpu[0], 40));
	ASSERT_EQ(48, test_irq(&self->vm, 0, 40)->map->phys_irq);

	test_irq_setup(&self->vm, 0, 40, true, 0x10, 1, VGIC_CONFIG_LEVEL);
	kvm_vgic_inject_irq(&self->vm.kvm, NULL, 40, true, NULL);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TRUE(phys_gic.irq[48].active);
	ASSERT_EQ(48, test_lr(&self->vm, 0, 0).pintid);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).hw);
	ASSERT_INVARIANTS(&self->vm);
}

TEST_HARNESS_MAIN
