// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic_mapped_timer - the virtual timer PPI is a hardware-mapped interrupt:
 * seen from inside a GICv3 guest.
 *
 * 1. The timer fires, is acknowledged and EOI-ed many times in a row, with
 *    no interrupt lost or doubled, whether the vCPU waits in WFI (a blocked
 *    vCPU woken by the host) or spins (the physical interrupt taken while
 *    the guest runs).
 * 2. GICR_ISPENDR0, ICPENDR0, ISACTIVER0 and ICACTIVER0 written for the
 *    mapped PPI behave as for any PPI, and never leave the physical twin
 *    behind: after each, the timer still reaches the guest.
 */
#include "arch_timer.h"
#include "gic.h"
#include "processor.h"
#include "test_util.h"
#include "vgic.h"

#define NR_FIRES	500
#define FIRE_US		200		/* the timer's deadline when armed */
#define QUIET_US	5000		/* how long "nothing arrives" is watched */
#define ARRIVE_MS	2000		/* an expected interrupt's deadline */

static uint32_t vtimer_irq;

/* What the guest's interrupt handler saw (READ_ONCE outside it). */
static uint32_t handled, spurious;
/* Handler mode: the timer must be firing; the handler deactivates. */
static bool expect_firing, deactivate;

static void guest_irq_handler(struct ex_regs *regs)
{
	uint32_t intid = gic_get_and_ack_irq();

	if (intid == IAR_SPURIOUS) {
		WRITE_ONCE(spurious, spurious + 1);
		return;
	}
	GUEST_ASSERT_EQ(intid, vtimer_irq);
	if (READ_ONCE(expect_firing))
		__GUEST_ASSERT(timer_get_ctl(VIRTUAL) & CTL_ISTATUS,
			       "timer interrupt %u taken while the timer is quiet", handled);
	/* Active while handled: the vGIC folds the LR before the read. */
	GUEST_ASSERT(gic_irq_get_active(intid));
	timer_set_ctl(VIRTUAL, CTL_IMASK);
	WRITE_ONCE(handled, handled + 1);
	gic_set_eoi(intid);
	if (READ_ONCE(deactivate))
		gic_set_dir(intid);
}

static uint64_t now_us(void)
{
	return cycles_to_usec(timer_get_cntct(PHYSICAL));
}

static void wait_handled(uint32_t target, bool use_wfi)
{
	uint64_t deadline = now_us() + ARRIVE_MS * 1000;

	while (READ_ONCE(handled) < target) {
		__GUEST_ASSERT(now_us() < deadline, "interrupt %u never arrived", target);
		if (use_wfi) {
			local_irq_disable();
			if (READ_ONCE(handled) < target)
				wfi();
			local_irq_enable();
			isb();
		} else {
			cpu_relax();
		}
	}
	GUEST_ASSERT_EQ(READ_ONCE(handled), target);
}

static void assert_quiet(uint32_t expected)
{
	uint64_t end = now_us() + QUIET_US;

	while (now_us() < end)
		cpu_relax();
	GUEST_ASSERT_EQ(READ_ONCE(handled), expected);
}

static void arm_timer(void)
{
	timer_set_cval(VIRTUAL, timer_get_cntct(VIRTUAL) + usec_to_cycles(FIRE_US));
	timer_set_ctl(VIRTUAL, CTL_ENABLE);
}

static void assert_idle(void)
{
	GUEST_ASSERT(!gic_irq_get_pending(vtimer_irq));
	GUEST_ASSERT(!gic_irq_get_active(vtimer_irq));
}

/* One full life: fire, take, mask, EOI; the PPI ends neither pending nor active. */
static void fire_once(bool use_wfi)
{
	uint32_t before = READ_ONCE(handled);

	WRITE_ONCE(expect_firing, true);
	arm_timer();
	wait_handled(before + 1, use_wfi);
	assert_idle();
}

static void test_repeated_fires(void)
{
	for (int i = 0; i < NR_FIRES; i++)
		fire_once(i & 1);
	assert_quiet(NR_FIRES);
	GUEST_ASSERT_EQ(READ_ONCE(spurious), 0);
}

/* ISPENDR: one interrupt, taken once, though the timer never fired. */
static void test_ispendr(void)
{
	uint32_t before = READ_ONCE(handled);

	WRITE_ONCE(expect_firing, false);
	local_irq_disable();
	gic_irq_set_pending(vtimer_irq);
	GUEST_ASSERT(gic_irq_get_pending(vtimer_irq));
	local_irq_enable();
	wait_handled(before + 1, false);
	assert_quiet(before + 1);
	assert_idle();
	fire_once(true);
}

/* ICPENDR after ISPENDR: nothing is delivered. */
static void test_icpendr(void)
{
	uint32_t before = READ_ONCE(handled);

	local_irq_disable();
	gic_irq_set_pending(vtimer_irq);
	gic_irq_clear_pending(vtimer_irq);
	GUEST_ASSERT(!gic_irq_get_pending(vtimer_irq));
	local_irq_enable();
	assert_quiet(before);
	assert_idle();
	fire_once(false);
}

/* ISACTIVER holds a firing timer back; ICACTIVER lets it through. */
static void test_isactiver_icactiver(void)
{
	uint32_t before = READ_ONCE(handled);

	WRITE_ONCE(expect_firing, true);
	gic_irq_set_active(vtimer_irq);
	GUEST_ASSERT(gic_irq_get_active(vtimer_irq));
	arm_timer();
	assert_quiet(before);
	GUEST_ASSERT(timer_get_ctl(VIRTUAL) & CTL_ISTATUS);
	GUEST_ASSERT(gic_irq_get_active(vtimer_irq));
	gic_irq_clear_active(vtimer_irq);
	wait_handled(before + 1, false);
	assert_idle();
	fire_once(true);
}

/*
 * EOImode 1: the guest drops the priority, then deactivates with
 * ICACTIVER instead of ICC_DIR_EL1.  The physical twin must be deactivated
 * with it, or the timer never reaches the guest again.
 */
static void test_icactiver_instead_of_dir(void)
{
	uint32_t before = READ_ONCE(handled);

	gic_set_eoi_split(true);
	WRITE_ONCE(deactivate, false);
	WRITE_ONCE(expect_firing, true);
	arm_timer();
	wait_handled(before + 1, false);
	GUEST_ASSERT(gic_irq_get_active(vtimer_irq));
	gic_irq_clear_active(vtimer_irq);
	assert_idle();
	WRITE_ONCE(deactivate, true);
	fire_once(false);
	fire_once(true);
	gic_set_eoi_split(false);
	WRITE_ONCE(deactivate, false);
	fire_once(true);
}

static void guest_code(void)
{
	local_irq_disable();
	gic_init(GIC_V3, 1);
	timer_set_ctl(VIRTUAL, CTL_IMASK);
	gic_irq_enable(vtimer_irq);
	local_irq_enable();

	GUEST_SYNC(1);
	test_repeated_fires();
	GUEST_SYNC(2);
	test_ispendr();
	test_icpendr();
	test_isactiver_icactiver();
	test_icactiver_instead_of_dir();
	GUEST_DONE();
}

int main(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	int gic_fd;

	vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	vm_init_descriptor_tables(vm);
	vcpu_init_descriptor_tables(vcpu);
	vm_install_exception_handler(vm, VECTOR_IRQ_CURRENT, guest_irq_handler);
	vcpu_device_attr_get(vcpu, KVM_ARM_VCPU_TIMER_CTRL,
			     KVM_ARM_VCPU_TIMER_IRQ_VTIMER, &vtimer_irq);
	sync_global_to_guest(vm, vtimer_irq);
	gic_fd = vgic_v3_setup(vm, 1, 64);
	__TEST_REQUIRE(gic_fd >= 0, "No GICv3 in this host");

	for (;;) {
		vcpu_run(vcpu);
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			pr_info(uc.args[1] == 1 ? "timer: %u fires in a row\n" :
				"timer: ISPENDR, ICPENDR, ISACTIVER, ICACTIVER\n", NR_FIRES);
			break;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		case UCALL_DONE:
			pr_info("PASS: mapped timer PPI %u\n", vtimer_irq);
			close(gic_fd);
			kvm_vm_free(vm);
			return 0;
		default:
			TEST_FAIL("unexpected ucall %lu", uc.cmd);
		}
	}
}
