// SPDX-License-Identifier: GPL-2.0-only
/*
 * Save, wipe, restore: a VM with pending, active, level and routing state
 * saved through the KVM device attributes, a fresh VM restored from them
 * as a VMM does, and the same guest-visible state found.  Also the errors
 * the attribute groups report.
 */
#include <stdlib.h>
#include "common.h"

#define NR_VCPUS	2
#define NR_SPIS		64
#define MAX_SAVED	20000

struct saved {
	u32 group;
	u64 attr;
	u64 val;
};

FIXTURE(sr) {
	struct test_vm vm;
	struct saved *saved;
	int n;
};

FIXTURE_VARIANT(sr) {
	enum vgic_type host;
};

FIXTURE_VARIANT_ADD(sr, gicv3) { .host = VGIC_V3 };
FIXTURE_VARIANT_ADD(sr, gicv2) { .host = VGIC_V2 };

static bool v3(struct test_vm *vm)
{
	return vm->kvm.arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3;
}

/* The CPU field of an attribute: an mpidr for GICv3, an index for GICv2. */
static u64 cpu_field(struct test_vm *vm, int cpu)
{
	if (v3(vm))
		return (u64)vgic_mpidr_to_aff32(kvm_vcpu_get_mpidr_aff(&vm->vcpu[cpu]))
		       << KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT;
	return (u64)cpu << KVM_DEV_ARM_VGIC_CPUID_SHIFT;
}

static void save_one(struct _test_data_sr *self, u32 group, u64 attr)
{
	u64 val = 0;

	if (vgic_attr_has(&self->vm.kvm, group, attr))
		return;
	assert(self->n < MAX_SAVED);
	assert(!vgic_attr_access(&self->vm.kvm, group, attr, &val, false));
	self->saved[self->n++] = (struct saved){ group, attr, val };
}

static void save_all(struct _test_data_sr *self)
{
	struct test_vm *vm = &self->vm;
	static const u32 sysregs[] = {
		/* Op0 3, Op1 0: CRn 4 CRm 6 Op2 0 is ICC_PMR_EL1, ... */
		0xc230, 0xc643, 0xc644, 0xc648, 0xc663, 0xc664, 0xc665, 0xc666, 0xc667,
	};

	self->n = 0;
	save_one(self, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x8 | cpu_field(vm, 0));	/* IIDR first */
	for (int cpu = 0; cpu < NR_VCPUS; cpu++) {
		for (u32 off = 0; off < 0x10000; off += 4) {
			if (off == 0x8 || (v3(vm) && cpu))
				continue;	/* the v3 distributor is not banked */
			save_one(self, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, off | cpu_field(vm, cpu));
		}
		for (u32 off = 0; v3(vm) && off < 0x20000; off += 4)
			save_one(self, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, off | cpu_field(vm, cpu));
		for (u32 off = 0; !v3(vm) && off < 0x2000; off += 4)
			save_one(self, KVM_DEV_ARM_VGIC_GRP_CPU_REGS, off | cpu_field(vm, cpu));
		for (unsigned int i = 0; v3(vm) && i < ARRAY_SIZE(sysregs); i++)
			save_one(self, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, sysregs[i] | cpu_field(vm, cpu));
		for (u32 intid = 0; v3(vm) && intid < 32 + NR_SPIS; intid += 32)
			save_one(self, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, intid | cpu_field(vm, cpu));
	}
}

/*
 * Set/clear register pairs read the same state: a VMM writes the clear
 * register with the complement and the set register with the value.
 */
static bool is_clear_register(u32 off)
{
	return (off >= 0x180 && off < 0x200) || (off >= 0x280 && off < 0x300) ||
	       (off >= 0x380 && off < 0x400);
}

static void restore_all(struct __test_metadata *_metadata, struct _test_data_sr *self)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < self->n; i++) {
			struct saved *s = &self->saved[i];
			u32 off = s->attr & KVM_DEV_ARM_VGIC_OFFSET_MASK;
			bool frame = s->group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS ||
				     s->group == KVM_DEV_ARM_VGIC_GRP_REDIST_REGS;
			bool clear = frame && is_clear_register(off % 0x10000);
			u64 val = clear ? ~s->val : s->val;

			if (clear != (pass == 0))
				continue;
			ASSERT_EQ(0, vgic_attr_access(&self->vm.kvm, s->group, s->attr, &val, true))
				TH_LOG("group %u attr %#llx", s->group, (unsigned long long)s->attr);
		}
	}
}

FIXTURE_SETUP(sr)
{
	phys_gic_reset();
	self->saved = calloc(MAX_SAVED, sizeof(*self->saved));
	ASSERT_EQ(0, test_vm_create(&self->vm, variant->host, NR_VCPUS, NR_SPIS, 4));
}

FIXTURE_TEARDOWN(sr)
{
	test_vm_destroy(&self->vm);
	free(self->saved);
}

/* A busy VM: every kind of state, some of it inside the guest's LRs. */
static void make_state(struct __test_metadata *_metadata, struct test_vm *vm)
{
	struct kvm *kvm = &vm->kvm;

	test_irq_setup(vm, 0, 40, true, 0x30, 1, VGIC_CONFIG_EDGE);
	test_irq_setup(vm, 0, 41, true, 0x40, 0, VGIC_CONFIG_LEVEL);
	test_irq_setup(vm, 0, 42, false, 0x50, 1, VGIC_CONFIG_EDGE);
	test_irq_setup(vm, 0, 90, true, 0x60, 1, VGIC_CONFIG_LEVEL);
	test_irq_setup(vm, 1, 27, true, 0x70, 1, VGIC_CONFIG_LEVEL);
	test_irq_setup(vm, 1, 3, true, 0x10, 1, VGIC_CONFIG_EDGE);
	/* SPI 90 routed to vCPU1 by the guest: GICD_IROUTER / GICD_ITARGETSR */
	if (v3(vm))
		gicd_write(vm, 0, 0x6000 + 90 * 8, 8, kvm_vcpu_get_mpidr_aff(&vm->vcpu[1]));
	else
		gicd_write(vm, 0, 0x800 + 90, 1, 0x2);

	kvm_vgic_inject_irq(kvm, NULL, 40, true, NULL);
	kvm_vgic_inject_irq(kvm, NULL, 41, true, NULL);		/* line high */
	kvm_vgic_inject_irq(kvm, NULL, 42, true, NULL);		/* latched, disabled */
	kvm_vgic_inject_irq(kvm, NULL, 90, true, NULL);
	kvm_vgic_inject_irq(kvm, &vm->vcpu[1], 27, true, NULL);
	test_irq(vm, 1, 3)->pending_latch = true;
	test_irq(vm, 1, 3)->source = v3(vm) ? 0 : 0x1;

	/* vCPU0 takes 40 and leaves it active; its PMR and BPR move */
	test_vcpu_enter(vm, 0);
	ASSERT_EQ(40, vif_ack(&vm->vif[0], -1));
	vm->vif[0].pmr = 0xe0;
	vm->vif[0].bpr[0] = 4;
	test_vcpu_exit(vm, 0);
	ASSERT_TRUE(test_irq(vm, 0, 40)->active);
}

struct irq_snapshot {
	bool enabled, latch, line, active;
	u8 group, priority, source, targets;
	enum vgic_irq_config config;
	u64 mpidr;
	int target;
};

static void snapshot(struct test_vm *vm, struct irq_snapshot *s)
{
	int n = 0;

	for (int cpu = 0; cpu < NR_VCPUS; cpu++) {
		for (u32 intid = 0; intid < 32 + NR_SPIS; intid++) {
			struct vgic_irq *irq = test_irq(vm, cpu, intid);

			if (cpu && intid >= 32)
				continue;
			s[n++] = (struct irq_snapshot){
				.enabled = irq->enabled, .latch = irq->pending_latch,
				.line = irq->line_level, .active = irq->active,
				.group = irq->group, .priority = irq->priority,
				.source = irq->source, .targets = irq->targets,
				.config = irq->config, .mpidr = irq->mpidr,
				.target = irq->target_vcpu ? irq->target_vcpu->vcpu_id : -1,
			};
		}
	}
}

TEST_F(sr, save_wipe_restore)
{
	static struct irq_snapshot before[NR_VCPUS * (32 + NR_SPIS)];
	static struct irq_snapshot after[NR_VCPUS * (32 + NR_SPIS)];
	struct vgic_vmcr vmcr_before[NR_VCPUS], vmcr_after;
	u32 apr_before;

	make_state(_metadata, &self->vm);
	snapshot(&self->vm, before);
	for (int cpu = 0; cpu < NR_VCPUS; cpu++)
		vgic_get_vmcr(&self->vm.vcpu[cpu], &vmcr_before[cpu]);
	apr_before = v3(&self->vm) ? self->vm.vcpu[0].arch.vgic_cpu.vgic_v3.vgic_ap1r[0] :
				     self->vm.vcpu[0].arch.vgic_cpu.vgic_v2.apr;
	ASSERT_NE(0, apr_before);
	save_all(self);
	ASSERT_LT(200, self->n);

	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, test_vm_create(&self->vm, variant->host, NR_VCPUS, NR_SPIS, 4));
	restore_all(_metadata, self);
	/* GICv2 has no LEVEL_INFO: the VMM's devices assert their lines again */
	if (!v3(&self->vm)) {
		kvm_vgic_inject_irq(&self->vm.kvm, NULL, 41, true, NULL);
		kvm_vgic_inject_irq(&self->vm.kvm, NULL, 90, true, NULL);
		kvm_vgic_inject_irq(&self->vm.kvm, &self->vm.vcpu[1], 27, true, NULL);
	}

	memset(after, 0, sizeof(after));
	snapshot(&self->vm, after);
	for (unsigned int i = 0; i < ARRAY_SIZE(before); i++) {
		unsigned int intid = i % (32 + NR_SPIS), cpu = i / (32 + NR_SPIS);

		struct irq_snapshot *b = &before[i], *a = &after[i];

		ASSERT_EQ(0, memcmp(b, a, sizeof(*b)))
			TH_LOG("INTID %u of vCPU %u: en %d/%d latch %d/%d line %d/%d act %d/%d grp %d/%d pri %#x/%#x src %#x/%#x tgts %#x/%#x cfg %d/%d mpidr %#llx/%#llx target %d/%d",
			       intid, cpu, b->enabled, a->enabled, b->latch, a->latch, b->line, a->line,
			       b->active, a->active, b->group, a->group, b->priority, a->priority,
			       b->source, a->source, b->targets, a->targets, b->config, a->config,
			       (unsigned long long)b->mpidr, (unsigned long long)a->mpidr,
			       b->target, a->target);
	}
	for (int cpu = 0; cpu < NR_VCPUS; cpu++) {
		vgic_get_vmcr(&self->vm.vcpu[cpu], &vmcr_after);
		struct vgic_vmcr *b = &vmcr_before[cpu], *a = &vmcr_after;

		ASSERT_EQ(0, memcmp(b, a, sizeof(*a)))
			TH_LOG("vCPU%d VMCR: pmr %#x/%#x bpr %d.%d/%d.%d en %d.%d/%d.%d eoim %d/%d cbpr %d/%d",
			       cpu, b->pmr, a->pmr, b->bpr0, b->bpr1, a->bpr0, a->bpr1,
			       b->grpen0, b->grpen1, a->grpen0, a->grpen1, b->eoim, a->eoim,
			       b->cbpr, a->cbpr);
	}
	ASSERT_EQ(apr_before, v3(&self->vm) ? self->vm.vcpu[0].arch.vgic_cpu.vgic_v3.vgic_ap1r[0] :
					      self->vm.vcpu[0].arch.vgic_cpu.vgic_v2.apr);
	ASSERT_INVARIANTS(&self->vm);

	/* and the restored VM runs: the guest finishes 40 and takes the rest */
	test_vcpu_enter(&self->vm, 0);
	vif_eoi(&self->vm.vif[0], 40);
	ASSERT_EQ(41, vif_ack(&self->vm.vif[0], -1));
	test_vcpu_exit(&self->vm, 0);
	test_vcpu_enter(&self->vm, 1);
	ASSERT_TRUE(test_on_ap_list(&self->vm, 1, 90));
	ASSERT_TRUE(test_on_ap_list(&self->vm, 1, 27));
	ASSERT_INVARIANTS(&self->vm);
}

TEST_F(sr, pending_latch_and_line_are_separate)
{
	struct kvm *kvm = &self->vm.kvm;
	u64 val, attr_ispendr = 0x204 | cpu_field(&self->vm, 0);
	u32 bit = 1u << (41 - 32);

	test_irq_setup(&self->vm, 0, 41, true, 0x40, 1, VGIC_CONFIG_LEVEL);
	kvm_vgic_inject_irq(kvm, NULL, 41, true, NULL);
	/* the guest sees it pending, userspace sees no latch */
	ASSERT_EQ(bit, gicd_read(&self->vm, 0, 0x204, 4) & bit);
	ASSERT_EQ(0, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, attr_ispendr, &val, false));
	ASSERT_EQ(0, val & bit);
	val = bit;
	ASSERT_EQ(0, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, attr_ispendr, &val, true));
	ASSERT_TRUE(test_irq(&self->vm, 0, 41)->pending_latch);
	/* ICPENDR is RAZ/WI for userspace */
	ASSERT_EQ(0, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
				      0x284 | cpu_field(&self->vm, 0), &val, true));
	ASSERT_TRUE(test_irq(&self->vm, 0, 41)->pending_latch);
	ASSERT_EQ(0, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
				      0x284 | cpu_field(&self->vm, 0), &val, false));
	ASSERT_EQ(0, val);
}

TEST_F(sr, attribute_errors)
{
	struct kvm *kvm = &self->vm.kvm;
	u64 val = 0;

	ASSERT_EQ(-ENXIO, vgic_attr_access(kvm, 99, 0, &val, false));
	ASSERT_EQ(-ENXIO, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
					   0x5000 | cpu_field(&self->vm, 0), &val, false));
	if (v3(&self->vm)) {
		ASSERT_EQ(-EINVAL, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
						    0x8 | (7ULL << 32), &val, false));
		ASSERT_EQ(-ENXIO, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_CPU_REGS,
						   0, &val, false));
		ASSERT_EQ(-ENXIO, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS,
						   0xc000, &val, false));
		ASSERT_EQ(-EINVAL, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO,
						    33, &val, false));
		ASSERT_EQ(-EINVAL, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO,
						    (1ULL << 10) | 32, &val, false));
		/* ICC_SRE_EL1 without SRE cannot be restored */
		val = 0;
		ASSERT_EQ(-EINVAL, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS,
						    0xc665, &val, true));
		/* ICC_CTLR_EL1 from a GIC with more priority bits */
		val = 7 << 8;
		ASSERT_EQ(-EINVAL, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS,
						    0xc664, &val, true));
	} else {
		ASSERT_EQ(-EINVAL, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
						    0x100 | (5ULL << 32), &val, false));
		ASSERT_EQ(-ENXIO, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
						   0, &val, false));
		/* registers with side effects are not there: GICC_IAR reads
		 * as zero and acknowledges nothing (the guest has the GICV) */
		test_irq_setup(&self->vm, 0, 40, true, 0x10, 0, VGIC_CONFIG_EDGE);
		kvm_vgic_inject_irq(kvm, NULL, 40, true, NULL);
		val = 1;
		ASSERT_EQ(0, vgic_v2_cpuif_access(&self->vm.vcpu[0], 0xc, 4, false, &val, true));
		ASSERT_EQ(0, val);
		ASSERT_TRUE(test_irq(&self->vm, 0, 40)->pending_latch);
		ASSERT_FALSE(test_irq(&self->vm, 0, 40)->active);
		ASSERT_EQ(0, vgic_v2_cpuif_access(&self->vm.vcpu[0], 0xc, 4, false, &val, false) ?: val);
		ASSERT_FALSE(test_irq(&self->vm, 0, 40)->active);
		/* GICD_SGIR from userspace generates nothing */
		val = (1u << 16) | 3;		/* SGI 3 to CPU 0 */
		ASSERT_EQ(0, vgic_v2_dist_access(&self->vm.vcpu[1], 0xf00, 4, true, &val, true));
		ASSERT_EQ(0, test_irq(&self->vm, 0, 3)->source);
		ASSERT_FALSE(test_on_ap_list(&self->vm, 0, 3));
		val = (1u << 16) | 3;		/* the guest's does */
		ASSERT_EQ(0, vgic_v2_dist_access(&self->vm.vcpu[1], 0xf00, 4, true, &val, false));
		ASSERT_EQ(BIT(1), test_irq(&self->vm, 0, 3)->source);
		ASSERT_EQ(-ENXIO, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_CPU_REGS,
						   0xc, &val, false));
		ASSERT_EQ(-ENXIO, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
						   0xf00, &val, true));
		/* GICC_PMR in the GICH_VMCR.VMPriMask format */
		val = 0x1c;
		ASSERT_EQ(0, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_CPU_REGS, 0x4, &val, true));
		ASSERT_EQ(0xe0, vgic_v2_cpuif_access(&self->vm.vcpu[0], 0x4, 4, false, &val, false) ?: val);
	}
	/* a wrong GICD_IIDR is refused; the same one is accepted */
	val = 0x12345678;
	ASSERT_EQ(-EINVAL, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
					    0x8 | cpu_field(&self->vm, 0), &val, true));
	val = 0x4b00143b;
	ASSERT_EQ(0, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
				      0x8 | cpu_field(&self->vm, 0), &val, true));
	/* revisions 2 and 3, which Linux 6.12 saves, restore and read back; 4 does not */
	for (u32 rev = 2; rev <= 4; rev++) {
		val = 0x4b00043b | rev << 12;
		ASSERT_EQ(rev <= 3 ? 0 : -EINVAL,
			  vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
					   0x8 | cpu_field(&self->vm, 0), &val, true));
		val = 0;
		ASSERT_EQ(0, vgic_attr_access(kvm, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
					      0x8 | cpu_field(&self->vm, 0), &val, false));
		ASSERT_EQ(0x4b00043b | min(rev, 3u) << 12, val);
	}
}

TEST_HARNESS_MAIN
