// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic_level_resample - a hardware-mapped level interrupt follows its line
 * while the guest has it masked at the distributor (IHI 0069 4.1.1: a
 * level-sensitive interrupt is pending while its line is asserted).
 *
 * For the virtual and the physical timer in turn: the guest masks the
 * timer's PPI (ICENABLER), lets the timer fire and sees it pending in
 * ISPENDR, then disables the timer (CNTx_CTL = 0, which KVM does not trap
 * for a timer that is mapped) and unmasks the PPI: no interrupt may be
 * taken, and ISPENDR must read clear.  The timer is then armed again and
 * must arrive once.  On a GICv3 host the guest has a GICv3, on a GICv2 host
 * a GICv2 (memory-mapped CPU interface).
 */
#include "arch_timer.h"
#include "processor.h"
#include "test_util.h"
#include "vgic_either_gic.h"
#include "vgic_timer_vm.h"

#define FIRE_US		100		/* the timer's deadline when armed */
#define QUIET_US	5000		/* how long "nothing arrives" is watched */
#define ARRIVE_MS	2000		/* an expected event's deadline */

static uint32_t ptimer_irq;
static uint32_t handled[2], spurious;	/* [timer], what the handler took */

static const enum arch_timer timers[] = { VIRTUAL, PHYSICAL };
static const char *const timer_names[] = { "virtual", "physical" };

static uint32_t timer_intid(int t)
{
	return t == VIRTUAL ? vtimer_irq : ptimer_irq;
}

static void guest_irq_handler(struct ex_regs *regs)
{
	uint32_t intid = guest_irq_ack();

	if (intid == IAR_SPURIOUS) {
		WRITE_ONCE(spurious, spurious + 1);
		return;
	}
	for (int t = 0; t < ARRAY_SIZE(timers); t++) {
		if (intid != timer_intid(t))
			continue;
		__GUEST_ASSERT(timer_get_ctl(timers[t]) & CTL_ISTATUS,
			       "%s timer interrupt taken while the timer is quiet",
			       timer_names[t]);
		timer_set_ctl(timers[t], CTL_IMASK);
		WRITE_ONCE(handled[t], handled[t] + 1);
		guest_irq_eoi(intid);
		return;
	}
	__GUEST_ASSERT(0, "unexpected INTID %u", intid);
}

static uint64_t now_us(void)
{
	return cycles_to_usec(timer_get_cntct(PHYSICAL));
}

static void arm_timer(int t)
{
	timer_set_cval(timers[t], timer_get_cntct(timers[t]) + usec_to_cycles(FIRE_US));
	timer_set_ctl(timers[t], CTL_ENABLE);
}

static void test_masked_line_drop(int t)
{
	uint32_t intid = timer_intid(t);
	uint64_t deadline = now_us() + ARRIVE_MS * 1000, end;

	guest_irq_enable(intid, false);
	arm_timer(t);
	while (!guest_irq_pending(intid))
		__GUEST_ASSERT(now_us() < deadline, "%s timer: PPI %u never pending",
			       timer_names[t], intid);
	GUEST_ASSERT(timer_get_ctl(timers[t]) & CTL_ISTATUS);

	timer_set_ctl(timers[t], 0);	/* the line drops */
	isb();
	guest_irq_enable(intid, true);
	for (end = now_us() + QUIET_US; now_us() < end;)
		cpu_relax();
	__GUEST_ASSERT(READ_ONCE(handled[t]) == 0,
		       "%s timer: taken after its line dropped", timer_names[t]);
	__GUEST_ASSERT(!guest_irq_pending(intid),
		       "%s timer: ISPENDR reads pending after its line dropped",
		       timer_names[t]);

	/* And the timer still reaches the guest, once. */
	arm_timer(t);
	for (deadline = now_us() + ARRIVE_MS * 1000; READ_ONCE(handled[t]) < 1;)
		__GUEST_ASSERT(now_us() < deadline, "%s timer: never arrived again",
			       timer_names[t]);
	for (end = now_us() + QUIET_US; now_us() < end;)
		cpu_relax();
	GUEST_ASSERT_EQ(READ_ONCE(handled[t]), 1);
	GUEST_ASSERT(!guest_irq_pending(intid));
}

static void guest_code(void)
{
	local_irq_disable();
	guest_gic_init(1);
	for (int t = 0; t < ARRAY_SIZE(timers); t++) {
		timer_set_ctl(timers[t], CTL_IMASK);
		guest_irq_enable(timer_intid(t), true);
	}
	local_irq_enable();

	for (int t = 0; t < ARRAY_SIZE(timers); t++)
		test_masked_line_drop(t);
	GUEST_ASSERT_EQ(READ_ONCE(spurious), 0);
	GUEST_DONE();
}

int main(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	int gic_fd;

	vm = vgic_timer_vm_create(1, guest_code, guest_irq_handler, &vcpu);
	vcpu_device_attr_get(vcpu, KVM_ARM_VCPU_TIMER_CTRL,
			     KVM_ARM_VCPU_TIMER_IRQ_PTIMER, &ptimer_irq);
	sync_global_to_guest(vm, ptimer_irq);
	gic_fd = vgic_either_gic_create(vm, 1, 64);

	vgic_timer_vm_run(&vcpu, 1);
	pr_info("PASS: GICv%d guest, virtual (PPI %u) and physical (PPI %u) timers follow their line\n",
		gic_v2 ? 2 : 3, vtimer_irq, ptimer_irq);
	close(gic_fd);
	kvm_vm_free(vm);
	return 0;
}
