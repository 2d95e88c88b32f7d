// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic_timer_restore - a VMM saves and restores the state of a
 * hardware-mapped timer interrupt while the guest holds it.
 *
 * The guest takes the virtual timer's interrupt and keeps it active, its
 * line still high.  The VMM then does what QEMU does around a snapshot or
 * a reset: it reads the PPIs' active state (GICR_ISACTIVER0, GICv2
 * GICD_ISACTIVER0) and their line levels (GICv3 LEVEL_INFO), clears them,
 * and writes the saved values back, every access expected to succeed.
 * The guest must find the interrupt still active, deactivate it, and take
 * the timer again exactly once: a physical interrupt left active or
 * inactive behind the guest's back would lose it or deliver it twice.
 */
#include "arch_timer.h"
#include "processor.h"
#include "test_util.h"
#include "vgic_either_gic.h"
#include "vgic_timer_vm.h"

#define FIRE_US		100
#define QUIET_US	5000
#define ARRIVE_MS	2000
#define GICR_SGI_BASE	0x10000

static bool hold;			/* the handler leaves the interrupt active */
static uint32_t handled, spurious;

static void guest_irq_handler(struct ex_regs *regs)
{
	uint32_t intid = guest_irq_ack();

	if (intid == IAR_SPURIOUS) {
		WRITE_ONCE(spurious, spurious + 1);
		return;
	}
	__GUEST_ASSERT(intid == vtimer_irq, "unexpected INTID %u", intid);
	__GUEST_ASSERT(timer_get_ctl(VIRTUAL) & CTL_ISTATUS,
		       "timer interrupt taken while the timer is quiet");
	WRITE_ONCE(handled, handled + 1);
	if (READ_ONCE(hold))
		return;			/* active, its line high */
	timer_set_ctl(VIRTUAL, CTL_IMASK);
	guest_irq_eoi(intid);
}

static uint64_t now_us(void)
{
	return cycles_to_usec(timer_get_cntct(PHYSICAL));
}

static void arm_timer(void)
{
	timer_set_cval(VIRTUAL, timer_get_cntct(VIRTUAL) + usec_to_cycles(FIRE_US));
	timer_set_ctl(VIRTUAL, CTL_ENABLE);
}

static void wait_handled(uint32_t count)
{
	uint64_t deadline = now_us() + ARRIVE_MS * 1000;

	while (READ_ONCE(handled) < count)
		__GUEST_ASSERT(now_us() < deadline, "timer interrupt %u never arrived", count);
}

static void guest_code(void)
{
	uint64_t end;

	local_irq_disable();
	guest_gic_init(1);
	guest_irq_enable(vtimer_irq, true);
	timer_set_ctl(VIRTUAL, CTL_IMASK);
	WRITE_ONCE(hold, true);
	local_irq_enable();

	arm_timer();
	wait_handled(1);
	GUEST_ASSERT(guest_irq_active(vtimer_irq));
	GUEST_SYNC(1);			/* the VMM saves and restores */

	GUEST_ASSERT(guest_irq_active(vtimer_irq));
	GUEST_ASSERT(timer_get_ctl(VIRTUAL) & CTL_ISTATUS);
	WRITE_ONCE(hold, false);
	timer_set_ctl(VIRTUAL, CTL_IMASK);
	guest_irq_eoi(vtimer_irq);
	GUEST_ASSERT(!guest_irq_active(vtimer_irq));

	arm_timer();
	wait_handled(2);
	for (end = now_us() + QUIET_US; now_us() < end;)
		cpu_relax();
	GUEST_ASSERT_EQ(READ_ONCE(handled), 2);
	GUEST_ASSERT_EQ(READ_ONCE(spurious), 0);
	GUEST_DONE();
}

/* The PPIs' active-state register of vCPU 0, as the VMM addresses it. */
static void active_attr(uint32_t *group, uint64_t *set, uint64_t *clear)
{
	if (gic_v2) {
		*group = KVM_DEV_ARM_VGIC_GRP_DIST_REGS;
		*set = GICD_ISACTIVER;
		*clear = GICD_ICACTIVER;
	} else {
		*group = KVM_DEV_ARM_VGIC_GRP_REDIST_REGS;
		*set = GICR_SGI_BASE + GICD_ISACTIVER;
		*clear = GICR_SGI_BASE + GICD_ICACTIVER;
	}
}

static void save_and_restore(int gic_fd)
{
	uint64_t level_attr = VGIC_LEVEL_INFO_LINE_LEVEL << KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT;
	uint32_t active, level = 0, all = ~0u, group, readback;
	uint64_t set, clear;

	active_attr(&group, &set, &clear);
	kvm_device_attr_get(gic_fd, group, set, &active);
	TEST_ASSERT(active & BIT(vtimer_irq), "saved ISACTIVER0 %#x lacks the timer", active);
	if (!gic_v2) {
		kvm_device_attr_get(gic_fd, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, level_attr, &level);
		TEST_ASSERT(level & BIT(vtimer_irq), "saved line levels %#x lack the timer", level);
	}

	/* A reset, then the saved state written back, as a VMM does. */
	TEST_ASSERT(!__kvm_device_attr_set(gic_fd, group, clear, &all),
		    "clearing the active state: errno %d", errno);
	kvm_device_attr_get(gic_fd, group, set, &readback);
	TEST_ASSERT(!(readback & BIT(vtimer_irq)), "active after ICACTIVER0: %#x", readback);
	if (!gic_v2)
		TEST_ASSERT(!__kvm_device_attr_set(gic_fd, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO,
						   level_attr, &level),
			    "restoring the line levels: errno %d", errno);
	TEST_ASSERT(!__kvm_device_attr_set(gic_fd, group, set, &active),
		    "restoring the active state: errno %d", errno);
	kvm_device_attr_get(gic_fd, group, set, &readback);
	TEST_ASSERT(readback & BIT(vtimer_irq), "timer not active after the restore: %#x",
		    readback);
}

int main(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct ucall uc;
	bool restored = false;
	int gic_fd;

	vm = vgic_timer_vm_create(1, guest_code, guest_irq_handler, &vcpu);
	gic_fd = vgic_either_gic_create(vm, 1, 64);

	for (;;) {
		vcpu_run(vcpu);
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			save_and_restore(gic_fd);
			restored = true;
			continue;
		case UCALL_PRINTF:
			REPORT_GUEST_PRINTF(uc);
			continue;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		case UCALL_DONE:
			break;
		default:
			TEST_FAIL("unexpected ucall %lu", uc.cmd);
		}
		break;
	}
	TEST_ASSERT(restored, "the guest never asked for the restore");
	pr_info("PASS: GICv%d guest, the timer's PPI %u saved and restored while active\n",
		gic_v2 ? 2 : 3, vtimer_irq);
	close(gic_fd);
	kvm_vm_free(vm);
	return 0;
}
