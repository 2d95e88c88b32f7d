// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest and userspace writes to the pending and active registers of
 * hardware-mapped interrupts, with the physical state checked after each:
 * the timer PPI and a forwarded SPI, on GICv3 and GICv2 guests.
 */
#include "common.h"

#define VTIMER		27
#define FWD_SPI		40
#define PHYS_SPI	50
/* distributor and GICv3 SGI_base share these offsets */
#define ISENABLER	0x100
#define ISPENDR		0x200
#define ICPENDR		0x280
#define ISACTIVER	0x300
#define ICACTIVER	0x380
#define ICENABLER	0x180

static int owner;
static struct irq_ops level_ops;	/* no resample callback */

FIXTURE(mapped_mmio) {
	struct test_vm vm;
	u32 intid;
	struct phys_gic_irq *phys;
	struct vgic_irq *irq;
	unsigned int host_irq;
};

FIXTURE_VARIANT(mapped_mmio) {
	enum vgic_type host;
	u32 intid;
};

FIXTURE_VARIANT_ADD(mapped_mmio, v3_timer_ppi) { .host = VGIC_V3, .intid = VTIMER };
FIXTURE_VARIANT_ADD(mapped_mmio, v3_spi) { .host = VGIC_V3, .intid = FWD_SPI };
FIXTURE_VARIANT_ADD(mapped_mmio, v2_timer_ppi) { .host = VGIC_V2, .intid = VTIMER };
FIXTURE_VARIANT_ADD(mapped_mmio, v2_spi) { .host = VGIC_V2, .intid = FWD_SPI };

/* A write of the bit of the interrupt to one of the set/clear registers. */
static void bit_write(struct test_vm *vm, u32 intid, u32 reg)
{
	u32 off = reg + intid / 32 * 4;
	u64 val = 1u << (intid % 32);

	if (vm->kvm.arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3 && intid < 32)
		gicr_write(vm, 0, 0x10000 + off, 4, val);
	else
		gicd_write(vm, 0, off, 4, val);
}

static int user_bit_write(struct test_vm *vm, u32 intid, u32 reg, bool set)
{
	u32 off = reg + intid / 32 * 4;
	u64 val = set ? 1u << (intid % 32) : 0;

	if (vm->kvm.arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V2)
		return vgic_v2_dist_access(&vm->vcpu[0], off, 4, true, &val, true);
	if (intid < 32)
		return vgic_v3_rdist_access(&vm->vcpu[0], 0x10000 + off, 4, true, &val, true);
	return vgic_v3_dist_access(&vm->kvm, off, 4, true, &val, true);
}

FIXTURE_SETUP(mapped_mmio)
{
	u32 hw = variant->intid == VTIMER ? VTIMER : PHYS_SPI;

	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, variant->host, 2, 64, 4));
	self->intid = variant->intid;
	self->host_irq = phys_gic_register(hw, true, NULL, NULL);
	self->phys = &phys_gic.irq[hw];
	self->irq = test_irq(&self->vm, 0, self->intid);
	ASSERT_EQ(0, kvm_vgic_set_owner(&self->vm.vcpu[0], self->intid, &owner));
	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&self->vm.vcpu[0], self->host_irq, self->intid,
					   &level_ops));
	bit_write(&self->vm, self->intid, ISENABLER);
	ASSERT_TRUE(self->irq->enabled);
}

FIXTURE_TEARDOWN(mapped_mmio)
{
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

TEST_F(mapped_mmio, ispendr_makes_the_physical_interrupt_active)
{
	bit_write(&self->vm, self->intid, ISPENDR);
	ASSERT_TRUE(self->irq->pending_latch);
	ASSERT_TRUE(self->phys->active);
	ASSERT_TRUE(self->irq->hw_queued);
	ASSERT_INVARIANTS(&self->vm);

	/* it is delivered with HW set, and its EOI deactivates the twin */
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).hw);
	ASSERT_EQ(self->intid, vif_ack(&self->vm.vif[0], -1));
	vif_eoi(&self->vm.vif[0], self->intid);
	ASSERT_FALSE(self->phys->active);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(self->irq->hw_queued);
	ASSERT_INVARIANTS(&self->vm);
}

TEST_F(mapped_mmio, icpendr_clears_physical_pending_and_active)
{
	self->phys->pending = true;		/* the device raised it too */
	bit_write(&self->vm, self->intid, ISPENDR);
	bit_write(&self->vm, self->intid, ICPENDR);
	ASSERT_FALSE(self->irq->pending_latch);
	ASSERT_FALSE(self->phys->pending);
	ASSERT_FALSE(self->phys->active);	/* not left blocking later IRQs */
	ASSERT_FALSE(self->irq->hw_queued);
	ASSERT_INVARIANTS(&self->vm);
}

/*
 * vCPU 0 exits with the interrupt active in its LR after another path
 * released the twin: the fold takes the twin back, the next entry shows
 * the interrupt with HW (the self-check of the flush passes), and the
 * guest's EOI deactivates the twin through it.
 */
static void twin_taken_back_for_the_guest(struct __test_metadata *_metadata,
					  FIXTURE_DATA(mapped_mmio) *self)
{
	test_vcpu_exit(&self->vm, 0);
	ASSERT_TRUE(self->irq->active);
	ASSERT_TRUE(self->phys->active);	/* taken back for the guest */
	ASSERT_TRUE(self->irq->hw_queued);
	ASSERT_INVARIANTS(&self->vm);

	test_vcpu_enter(&self->vm, 0);		/* the self-check of the flush passes */
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).hw);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).active);
	vif_eoi(&self->vm.vif[0], self->intid);
	ASSERT_FALSE(self->phys->active);	/* the guest's deactivation */
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(self->irq->active);
	ASSERT_FALSE(self->irq->hw_queued);
	ASSERT_INVARIANTS(&self->vm);
}

/*
 * GICD_ICPENDR (or GICD_ICENABLER) from another CPU while vCPU 0 runs with
 * the interrupt pending in a list register: the vGIC releases the
 * physical twin (ICPENDR does), but the guest acknowledged the interrupt
 * first (its LR comes back active).  The twin must be active again before the guest can
 * deactivate it through the HW bit, or that deactivation would hit an
 * inactive physical interrupt, or one the host took meanwhile.  Found by
 * the harness fuzzer (the debug self-check of vgic-check.c).
 */
static void acked_while_released(struct __test_metadata *_metadata,
				 FIXTURE_DATA(mapped_mmio) *self, u32 reg)
{
	bit_write(&self->vm, self->intid, ISPENDR);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).hw);
	ASSERT_EQ(self->intid, vif_ack(&self->vm.vif[0], -1));	/* before the write */
	bit_write(&self->vm, self->intid, reg);
	if (reg == ICPENDR)	/* released: the vGIC saw it pending only */
		ASSERT_FALSE(self->phys->active);
	twin_taken_back_for_the_guest(_metadata, self);
}

TEST_F(mapped_mmio, acknowledged_before_icpendr_keeps_its_twin)
{
	acked_while_released(_metadata, self, ICPENDR);
}

TEST_F(mapped_mmio, acknowledged_before_icenabler_keeps_its_twin)
{
	acked_while_released(_metadata, self, ICENABLER);
}

/*
 * The interrupt sits active in a list register without HW (it was not
 * mapped when vCPU 0 entered); it is mapped while vCPU 0 runs, which
 * makes the twin active for the guest, and a reset of the mapped
 * interrupt then releases the twin.  The guest still had it active: its
 * LR comes back active, so the twin must be taken back before the next
 * entry shows the interrupt with HW.  Found by the harness fuzzer (seed
 * 2015, the debug self-check of vgic-check.c).  KVM resets a vCPU's
 * mapped timers out of the guest, but the fold does not rely on how the
 * twin was released (a GICD_ICPENDR did the same above).
 */
TEST_F(mapped_mmio, mapped_while_listed_active_keeps_its_twin)
{
	ASSERT_EQ(0, kvm_vgic_unmap_phys_irq(&self->vm.vcpu[0], self->intid));
	bit_write(&self->vm, self->intid, ISACTIVER);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).active);
	ASSERT_FALSE(test_lr(&self->vm, 0, 0).hw);
	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&self->vm.vcpu[0], self->host_irq, self->intid,
					   &level_ops));
	ASSERT_TRUE(self->phys->active);	/* claimed for the active guest */
	kvm_vgic_reset_mapped_irq(&self->vm.vcpu[0], self->intid);
	ASSERT_FALSE(self->irq->active);
	ASSERT_FALSE(self->phys->active);
	twin_taken_back_for_the_guest(_metadata, self);	/* the LR speaks last */
}

/*
 * The same with the guest deactivating the software LR instead: the
 * twin claimed by the mapping is not left active behind it.
 */
TEST_F(mapped_mmio, mapped_while_listed_active_released_by_its_eoi)
{
	ASSERT_EQ(0, kvm_vgic_unmap_phys_irq(&self->vm.vcpu[0], self->intid));
	bit_write(&self->vm, self->intid, ISACTIVER);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_FALSE(test_lr(&self->vm, 0, 0).hw);
	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&self->vm.vcpu[0], self->host_irq, self->intid,
					   &level_ops));
	ASSERT_TRUE(self->phys->active);
	vif_eoi(&self->vm.vif[0], self->intid);	/* no HW: the twin stays active */
	ASSERT_TRUE(self->phys->active);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(self->irq->active);
	ASSERT_FALSE(self->phys->active);	/* released by the fold */
	ASSERT_FALSE(self->irq->hw_queued);
	ASSERT_INVARIANTS(&self->vm);
}

/*
 * The host took the physical interrupt and its owner made the virtual one
 * pending while it was not mapped yet: vCPU 0 lists it without HW.  It is
 * mapped while vCPU 0 runs, and the guest acknowledges and deactivates
 * it: the deactivation of a list register without HW does not reach the
 * physical interrupt, so the fold must release the twin, or it would stay
 * active for ever.  Found by libFuzzer.
 */
TEST_F(mapped_mmio, mapped_while_listed_pending_released_by_its_eoi)
{
	ASSERT_EQ(0, kvm_vgic_unmap_phys_irq(&self->vm.vcpu[0], self->intid));
	self->phys->active = true;		/* the host took it */
	bit_write(&self->vm, self->intid, ISPENDR);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).pending);
	ASSERT_FALSE(test_lr(&self->vm, 0, 0).hw);
	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&self->vm.vcpu[0], self->host_irq, self->intid,
					   &level_ops));
	ASSERT_TRUE(self->phys->active);
	ASSERT_TRUE(self->irq->hw_queued);	/* claimed for the pending guest */
	ASSERT_EQ(self->intid, vif_ack(&self->vm.vif[0], -1));
	vif_eoi(&self->vm.vif[0], self->intid);	/* no HW: the twin stays active */
	ASSERT_TRUE(self->phys->active);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(self->irq->active);
	ASSERT_FALSE(self->irq->pending_latch);
	ASSERT_FALSE(self->phys->active);	/* released by the fold */
	ASSERT_FALSE(self->irq->hw_queued);
	ASSERT_INVARIANTS(&self->vm);
}

TEST_F(mapped_mmio, icpendr_keeps_active_while_the_guest_has_it)
{
	bit_write(&self->vm, self->intid, ISPENDR);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(self->intid, vif_ack(&self->vm.vif[0], -1));
	test_vcpu_exit(&self->vm, 0);
	bit_write(&self->vm, self->intid, ISPENDR);
	bit_write(&self->vm, self->intid, ICPENDR);
	ASSERT_TRUE(self->irq->active);
	ASSERT_TRUE(self->phys->active);
	ASSERT_INVARIANTS(&self->vm);
}

TEST_F(mapped_mmio, active_registers_move_the_physical_state)
{
	bit_write(&self->vm, self->intid, ISACTIVER);
	ASSERT_TRUE(self->irq->active);
	ASSERT_TRUE(self->phys->active);
	bit_write(&self->vm, self->intid, ICACTIVER);
	ASSERT_FALSE(self->irq->active);
	ASSERT_FALSE(self->phys->active);
	ASSERT_INVARIANTS(&self->vm);

	/* made active by the guest, deactivated by the guest's EOI */
	bit_write(&self->vm, self->intid, ISACTIVER);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).active);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).hw);
	vif_dir(&self->vm.vif[0], self->intid);		/* EOImode 0: no DIR */
	self->vm.vif[0].eoimode = true;
	vif_dir(&self->vm.vif[0], self->intid);
	ASSERT_FALSE(self->phys->active);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(self->irq->active);
	ASSERT_INVARIANTS(&self->vm);
}

TEST_F(mapped_mmio, disable_while_active)
{
	bit_write(&self->vm, self->intid, ISPENDR);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(self->intid, vif_ack(&self->vm.vif[0], -1));
	test_vcpu_exit(&self->vm, 0);
	bit_write(&self->vm, self->intid, ICENABLER);
	ASSERT_FALSE(self->irq->enabled);
	ASSERT_TRUE(self->phys->active);	/* the guest still owns it */
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).active);
	vif_eoi(&self->vm.vif[0], self->intid);
	ASSERT_FALSE(self->phys->active);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_INVARIANTS(&self->vm);
}

/* Many SPEND/CPEND pairs: the physical interrupt is never left active. */
TEST_F(mapped_mmio, spend_cpend_pairs)
{
	for (int i = 0; i < 50; i++) {
		bit_write(&self->vm, self->intid, ISPENDR);
		ASSERT_TRUE(self->phys->active);
		if (i & 1) {
			test_vcpu_enter(&self->vm, 0);
			test_vcpu_exit(&self->vm, 0);
		}
		bit_write(&self->vm, self->intid, ICPENDR);
		ASSERT_FALSE(self->phys->active);
		ASSERT_INVARIANTS(&self->vm);
	}
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(0, test_used_lrs(&self->vm, 0));
}

/*
 * A VMM restoring a snapshot into a VM whose timer is mapped (QEMU writes
 * LEVEL_INFO and GICR_ISACTIVER0 after a reset and stops on any error):
 * the state is set as for any interrupt, and the physical twin follows,
 * active while the guest owns the interrupt, so that the guest's
 * deactivation through the HW bit finds it active.
 */
TEST_F(mapped_mmio, userspace_restores_mapped_state)
{
	ASSERT_EQ(0, user_bit_write(&self->vm, self->intid, ISACTIVER, true));
	ASSERT_TRUE(self->irq->active);
	ASSERT_TRUE(self->phys->active);
	if (variant->host == VGIC_V3) {
		u64 lvl = 1u << (self->intid % 32);
		u64 attr = (self->intid & ~31u);

		ASSERT_EQ(0, vgic_attr_access(&self->vm.kvm, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO,
					      attr, &lvl, true));
		ASSERT_TRUE(self->irq->line_level);
		lvl = 0;
		ASSERT_EQ(0, vgic_attr_access(&self->vm.kvm, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO,
					      attr, &lvl, true));
		ASSERT_FALSE(self->irq->line_level);
		ASSERT_TRUE(self->phys->active);	/* still the guest's: active */
	}
	ASSERT_INVARIANTS(&self->vm);

	/* the guest deactivates it through the HW bit: both go inactive */
	test_vcpu_enter(&self->vm, 0);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).hw);
	ASSERT_TRUE(test_lr(&self->vm, 0, 0).active);
	vif_eoi(&self->vm.vif[0], self->intid);
	ASSERT_FALSE(self->phys->active);
	test_vcpu_exit(&self->vm, 0);
	ASSERT_FALSE(self->irq->active);
	ASSERT_INVARIANTS(&self->vm);

	/* the pending latch: the twin is claimed, and let go with it */
	ASSERT_EQ(0, user_bit_write(&self->vm, self->intid, ISPENDR, true));
	ASSERT_TRUE(self->irq->pending_latch);
	ASSERT_TRUE(self->phys->active);
	ASSERT_EQ(0, user_bit_write(&self->vm, self->intid, ISPENDR, false));
	ASSERT_FALSE(self->irq->pending_latch);
	ASSERT_FALSE(self->phys->active);
	ASSERT_EQ(0, user_bit_write(&self->vm, self->intid, ICPENDR, true));	/* WI */
	ASSERT_INVARIANTS(&self->vm);
}

/* Nothing physical happens at entry and exit when nothing changed. */
TEST_F(mapped_mmio, common_path_pays_nothing)
{
	unsigned long reads, writes;

	bit_write(&self->vm, self->intid, ISPENDR);
	test_vcpu_enter(&self->vm, 0);
	ASSERT_EQ(self->intid, vif_ack(&self->vm.vif[0], -1));
	test_vcpu_exit(&self->vm, 0);
	reads = phys_gic.state_reads;
	writes = phys_gic.state_writes;
	for (int i = 0; i < 100; i++) {
		test_vcpu_enter(&self->vm, 0);
		test_vcpu_exit(&self->vm, 0);
		test_vcpu_enter(&self->vm, 1);
		test_vcpu_exit(&self->vm, 1);
	}
	ASSERT_EQ(reads, phys_gic.state_reads);
	ASSERT_EQ(writes, phys_gic.state_writes);
}

TEST_HARNESS_MAIN
