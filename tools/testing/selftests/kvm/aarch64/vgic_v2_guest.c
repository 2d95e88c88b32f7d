// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic_v2_guest - a GICv2 guest, two vCPUs, on a host that offers one.
 *
 * Each vCPU takes its hardware-mapped virtual timer PPI many times (through
 * the GICv2 CPU interface, GICC_IAR/GICC_EOIR), and the vCPUs send each
 * other and themselves SGIs through GICD_SGIR: every SGI arrives once, at
 * its target, with the sender's CPU number in GICC_IAR (IHI 0048B 4.4.4).
 * Skips where KVM_DEV_TYPE_ARM_VGIC_V2 cannot be created.
 */
#include "arch_timer.h"
#include "processor.h"
#include "test_util.h"
#include "vgic_timer_vm.h"
#include "vgic_v2_mmio.h"

#define NR_VCPUS	2
#define NR_TIMER	200
#define NR_SGIS		200
#define ARRIVE_MS	2000

#define SGI_PEER	3
#define SGI_SELF	5

/* Per vCPU: what its handler saw (written there only, READ_ONCE elsewhere). */
static uint32_t timer_seen[NR_VCPUS], peer_sgis[NR_VCPUS], self_sgis[NR_VCPUS];
static uint32_t bad_source[NR_VCPUS], spurious[NR_VCPUS];
static uint32_t ready;

static void count(uint32_t *counter)
{
	WRITE_ONCE(*counter, *counter + 1);
}

static uint32_t this_cpu(void)
{
	return read_sysreg(mpidr_el1) & 0xff;
}

static void guest_irq_handler(struct ex_regs *regs)
{
	uint32_t cpu = this_cpu(), iar = readl(gicc(GICC_IAR)), intid = IAR_INTID(iar);

	if (intid == SPURIOUS) {
		count(&spurious[cpu]);
		return;
	}
	if (intid == vtimer_irq) {
		__GUEST_ASSERT(timer_get_ctl(VIRTUAL) & CTL_ISTATUS,
			       "vCPU %u: timer interrupt while the timer is quiet", cpu);
		timer_set_ctl(VIRTUAL, CTL_IMASK);
		count(&timer_seen[cpu]);
	} else if (intid == SGI_PEER) {
		if (IAR_CPUID(iar) != 1 - cpu)
			count(&bad_source[cpu]);
		count(&peer_sgis[cpu]);
	} else if (intid == SGI_SELF) {
		if (IAR_CPUID(iar) != cpu)
			count(&bad_source[cpu]);
		count(&self_sgis[cpu]);
	} else {
		__GUEST_ASSERT(0, "vCPU %u: unexpected INTID %u", cpu, intid);
	}
	writel(iar, gicc(GICC_EOIR));
}

static uint64_t now_us(void)
{
	return cycles_to_usec(timer_get_cntct(PHYSICAL));
}

static void wait_for(uint32_t *counter, uint32_t target)
{
	uint64_t deadline = now_us() + ARRIVE_MS * 1000;

	while (READ_ONCE(*counter) < target) {
		__GUEST_ASSERT(now_us() < deadline, "vCPU %u: event %u never came (%u)",
			       this_cpu(), target, READ_ONCE(*counter));
		cpu_relax();
	}
	GUEST_ASSERT_EQ(READ_ONCE(*counter), target);
}

static void guest_code(void)
{
	uint32_t cpu = this_cpu(), peer = 1 - cpu;

	local_irq_disable();
	if (cpu == 0)
		writel(1, gicd(GICD_CTLR));
	/* SGIs 0-15 and the timer PPI (banked per CPU) */
	writel(0xffff | (1u << vtimer_irq), gicd(GICD_ISENABLER));
	writel(0xff, gicc(GICC_PMR));
	writel(1, gicc(GICC_CTLR));
	timer_set_ctl(VIRTUAL, CTL_IMASK);
	local_irq_enable();

	/* The timer, in turn on both vCPUs at once. */
	for (uint32_t i = 1; i <= NR_TIMER; i++) {
		timer_set_cval(VIRTUAL, timer_get_cntct(VIRTUAL) + usec_to_cycles(200));
		timer_set_ctl(VIRTUAL, CTL_ENABLE);
		if (i & 1) {
			local_irq_disable();
			if (READ_ONCE(timer_seen[cpu]) < i)
				wfi();
			local_irq_enable();
			isb();
		}
		wait_for(&timer_seen[cpu], i);
	}

	/* Both ready before any SGI flies. */
	__atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < NR_VCPUS)
		cpu_relax();

	/* vCPU 0 sends to vCPU 1 and back; each also to itself. */
	for (uint32_t i = 1; i <= NR_SGIS; i++) {
		if (cpu == 0) {
			writel(SGIR_TARGETS(1u << peer) | SGI_PEER, gicd(GICD_SGIR));
			wait_for(&peer_sgis[cpu], i);
		} else {
			wait_for(&peer_sgis[cpu], i);
			writel(SGIR_TARGETS(1u << peer) | SGI_PEER, gicd(GICD_SGIR));
		}
		writel(SGIR_SELF | SGI_SELF, gicd(GICD_SGIR));
		wait_for(&self_sgis[cpu], i);
	}
	GUEST_ASSERT_EQ(READ_ONCE(bad_source[cpu]), 0);
	GUEST_ASSERT_EQ(READ_ONCE(timer_seen[cpu]), NR_TIMER);
	GUEST_ASSERT_EQ(READ_ONCE(spurious[cpu]), 0);
	GUEST_DONE();
}

int main(void)
{
	struct kvm_vcpu *vcpus[NR_VCPUS];
	struct kvm_vm *vm;
	int gic_fd;

	vm = vgic_timer_vm_create(NR_VCPUS, guest_code, guest_irq_handler, vcpus);
	gic_fd = vgic_v2_setup(vm, 64);
	__TEST_REQUIRE(gic_fd >= 0, "No GICv2 for guests on this host");

	vgic_timer_vm_run(vcpus, NR_VCPUS);
	pr_info("PASS: GICv2 guest, %u timer interrupts and %u SGIs each way per vCPU\n",
		NR_TIMER, NR_SGIS);
	close(gic_fd);
	kvm_vm_free(vm);
	return 0;
}
