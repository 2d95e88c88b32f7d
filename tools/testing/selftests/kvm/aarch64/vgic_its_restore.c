// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic_its_restore - a VM with LPIs in flight is saved and restored into a
 * fresh VM, as a VMM migrates one.
 *
 * VM A: the guest maps every event of its devices to LPIs spread over its
 * vCPUs and keeps its interrupts masked; the VMM sends MSIs for half the
 * LPIs of each vCPU, and the vCPUs run on with them pending in their list registers.
 * The VMM then saves: KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES,
 * KVM_DEV_ARM_ITS_SAVE_TABLES, the distributor's, redistributors' and CPU
 * interfaces' registers and the ITS's.
 *
 * VM B, fresh: its memory is a copy of A's ITS memslot, its GIC state is
 * restored in the order arm-vgic-its.rst documents (redistributors, then
 * the ITS's GITS_CBASER, its other registers, RESTORE_TABLES, GITS_CTLR),
 * and its guest only unmasks interrupts.  It must take each of those LPIs
 * exactly once, on the vCPU its collection names; then MSIs for the other
 * half, sent to B, show that every translation survived.
 */
#include "vgic_its_vm.h"

#define NR_VCPUS		2
#define NR_DEVICES	2
#define NR_EVENTS	8
#define SPIN_US		2000
#define ARRIVE_US	2000000
#define QUIET_US	20000

/* Set by the VMM: LPIs the restored guest is to have taken on each vCPU. */
static uint32_t expected[NR_VCPUS];

/* VM A: set up, masked; run on while the MSIs are pending; the VMM saves. */
static void guest_code_a(void)
{
	uint64_t end;

	its_vm_guest_setup();
	GUEST_SYNC(1);
	for (end = its_vm_now_us() + SPIN_US; its_vm_now_us() < end;)
		cpu_relax();
	GUEST_SYNC(2);
}

static void wait_taken(uint32_t cpu)
{
	uint64_t deadline = its_vm_now_us() + ARRIVE_US, end;

	while (its_vm_taken_on(cpu) < READ_ONCE(expected[cpu]))
		__GUEST_ASSERT(its_vm_now_us() < deadline, "vCPU %u took %u LPIs of %u", cpu,
			       its_vm_taken_on(cpu), READ_ONCE(expected[cpu]));
	for (end = its_vm_now_us() + QUIET_US; its_vm_now_us() < end;)
		cpu_relax();
}

/* VM B: nothing set up; the restored state delivers. */
static void guest_code_b(void)
{
	uint32_t cpu = guest_get_vcpuid();

	local_irq_enable();
	wait_taken(cpu);
	GUEST_SYNC(3);
	wait_taken(cpu);
	GUEST_DONE();
}

static uint64_t mpidr_attr(uint32_t cpu, uint64_t low)
{
	return (uint64_t)cpu << 32 | low;	/* Aff0 = vcpu_id below 16 */
}

/* A 32-bit register copied from A's device to B's. */
static void copy32(int from, int to, uint32_t group, uint64_t attr)
{
	uint32_t val;

	kvm_device_attr_get(from, group, attr, &val);
	kvm_device_attr_set(to, group, attr, &val);
}

static void copy64(int from, int to, uint32_t group, uint64_t attr)
{
	uint64_t val;

	kvm_device_attr_get(from, group, attr, &val);
	kvm_device_attr_set(to, group, attr, &val);
}

/* The CPU interface registers the guest's GIC set-up wrote (ICC_*_EL1). */
static const uint64_t icc_regs[] = {
	ARM64_SYS_REG(3, 0, 4, 6, 0),		/* ICC_PMR_EL1 */
	ARM64_SYS_REG(3, 0, 12, 12, 3),		/* ICC_BPR1_EL1 */
	ARM64_SYS_REG(3, 0, 12, 12, 4),		/* ICC_CTLR_EL1 */
	ARM64_SYS_REG(3, 0, 12, 12, 7),		/* ICC_IGRPEN1_EL1 */
};

/* GITS_CBASER first, GITS_CTLR last (arm-vgic-its.rst, ITS Restore Sequence). */
static const uint64_t its_regs[] = {
	GITS_CBASER, GITS_IIDR, GITS_CWRITER, GITS_CREADR,
	GITS_BASER, GITS_BASER + 8, GITS_BASER + 16, GITS_BASER + 24,
	GITS_BASER + 32, GITS_BASER + 40, GITS_BASER + 48, GITS_BASER + 56,
};

static void restore(int gic_a, int its_a, int gic_b, int its_b)
{
	const uint32_t rd = KVM_DEV_ARM_VGIC_GRP_REDIST_REGS;
	const uint32_t sys = KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS;

	copy32(gic_a, gic_b, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, GICD_CTLR);
	for (uint32_t cpu = 0; cpu < NR_VCPUS; cpu++) {
		for (int i = 0; i < ARRAY_SIZE(icc_regs); i++)
			copy64(gic_a, gic_b, sys, mpidr_attr(cpu, icc_regs[i] & 0xffff));
		copy32(gic_a, gic_b, rd, mpidr_attr(cpu, GICR_PROPBASER));
		copy32(gic_a, gic_b, rd, mpidr_attr(cpu, GICR_PROPBASER + 4));
		copy32(gic_a, gic_b, rd, mpidr_attr(cpu, GICR_PENDBASER));
		copy32(gic_a, gic_b, rd, mpidr_attr(cpu, GICR_PENDBASER + 4));
		copy32(gic_a, gic_b, rd, mpidr_attr(cpu, GICR_CTLR));
	}
	for (int i = 0; i < ARRAY_SIZE(its_regs); i++)
		copy64(its_a, its_b, KVM_DEV_ARM_VGIC_GRP_ITS_REGS, its_regs[i]);
	kvm_device_attr_set(its_b, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_ITS_RESTORE_TABLES,
			    NULL);
	copy64(its_a, its_b, KVM_DEV_ARM_VGIC_GRP_ITS_REGS, GITS_CTLR);
}

/* Every LPI in @sent was taken once, on its vCPU; every other never. */
static void check_taken(struct kvm_vm *vm, bool (*sent)(uint32_t lpi), const char *when)
{
	sync_global_from_guest(vm, its_vm_taken);
	sync_global_from_guest(vm, its_vm_unexpected);
	TEST_ASSERT(!its_vm_unexpected, "%s: INTID %u taken", when, its_vm_unexpected);
	for (uint32_t lpi = 0; lpi < NR_DEVICES * NR_EVENTS; lpi++)
		for (uint32_t cpu = 0; cpu < NR_VCPUS; cpu++) {
			uint32_t want = sent(lpi) && cpu == its_vm_home(lpi);

			TEST_ASSERT(its_vm_taken[cpu][lpi] == want,
				    "%s: LPI %u taken %u times on vCPU %u, not %u", when,
				    ITS_VM_LPI_BASE + lpi, its_vm_taken[cpu][lpi], cpu, want);
		}
}

/* Half the LPIs of each vCPU: the first NR_VCPUS, the third NR_VCPUS, ... */
static bool early(uint32_t lpi)
{
	return !((lpi / NR_VCPUS) % 2);
}

static bool late(uint32_t lpi)
{
	return !early(lpi);
}

static bool all(uint32_t lpi)
{
	return true;
}

/* MSIs for the LPIs @sent picks; each vCPU's expected count grows by its share. */
static void send(struct kvm_vm *vm, bool (*sent)(uint32_t lpi))
{
	for (uint32_t lpi = 0; lpi < NR_DEVICES * NR_EVENTS; lpi++) {
		if (!sent(lpi))
			continue;
		TEST_ASSERT(its_vm_msi(vm, lpi / NR_EVENTS, lpi % NR_EVENTS) == 1,
			    "MSI for LPI %u not delivered", ITS_VM_LPI_BASE + lpi);
		expected[its_vm_home(lpi)]++;
	}
}

int main(void)
{
	struct kvm_vcpu *vcpus_a[NR_VCPUS], *vcpus_b[NR_VCPUS];
	int gic_a, its_a, gic_b, its_b;
	struct kvm_vm *a, *b;
	void *mem_a;

	a = its_vm_create(NR_VCPUS, NR_DEVICES, NR_EVENTS, guest_code_a, vcpus_a, &gic_a, &its_a);
	its_vm_run_all(vcpus_a, NR_VCPUS, 1);
	send(a, early);
	its_vm_run_all(vcpus_a, NR_VCPUS, 2);

	kvm_device_attr_set(gic_a, KVM_DEV_ARM_VGIC_GRP_CTRL,
			    KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES, NULL);
	kvm_device_attr_set(its_a, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_ITS_SAVE_TABLES, NULL);
	mem_a = addr_gpa2hva(a, its_vm.slot_base);

	b = its_vm_create(NR_VCPUS, NR_DEVICES, NR_EVENTS, guest_code_b, vcpus_b, &gic_b, &its_b);
	memcpy(addr_gpa2hva(b, its_vm.slot_base), mem_a, its_vm.slot_size);
	restore(gic_a, its_a, gic_b, its_b);
	sync_global_to_guest(b, expected);

	its_vm_run_all(vcpus_b, NR_VCPUS, 3);
	check_taken(b, early, "after the restore");
	send(b, late);
	sync_global_to_guest(b, expected);
	its_vm_run_all(vcpus_b, NR_VCPUS, -1);
	check_taken(b, all, "after MSIs to the restored ITS");

	pr_info("PASS: %u pending LPIs of %u restored into a fresh VM, each taken once on its vCPU; the other %u delivered through the restored translations\n",
		(NR_DEVICES * NR_EVENTS) / 2, NR_DEVICES * NR_EVENTS, (NR_DEVICES * NR_EVENTS) / 2);
	close(its_a);
	close(gic_a);
	close(its_b);
	close(gic_b);
	kvm_vm_free(a);
	kvm_vm_free(b);
	return 0;
}
