// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic_irqfd_level - irqfds on level-sensitive SPIs of a GICv3 guest.
 *
 * 1. KVM_IRQFD_FLAG_RESAMPLE (what VFIO INTx uses): the event asserts the
 *    SPI; the guest takes it once and EOIs it; that EOI de-asserts the line
 *    and signals the resamplefd, so the interrupt is not delivered again
 *    until the next event, which is delivered.
 * 2. A plain irqfd on a level SPI: each event is delivered once, and the
 *    SPI is not left pending after the guest has taken it.
 */
#include <poll.h>

#include "arch_timer.h"
#include "gic.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"
#include "vgic.h"
#include "vgic_irqfd.h"

#define PIN_RESAMPLED	1
#define PIN_PLAIN	2
#define SPI(pin)	(32 + (pin))
#define QUIET_US	5000
#define ARRIVE_MS	2000

static uint32_t taken[3];		/* [pin], by the guest's handler */

static void guest_irq_handler(struct ex_regs *regs)
{
	uint32_t intid = gic_get_and_ack_irq();

	GUEST_ASSERT(intid == SPI(PIN_RESAMPLED) || intid == SPI(PIN_PLAIN));
	WRITE_ONCE(taken[intid - 32], taken[intid - 32] + 1);
	gic_set_eoi(intid);
}

static uint64_t now_us(void)
{
	return cycles_to_usec(timer_get_cntct(PHYSICAL));
}

/* The event userspace just sent arrives once, and nothing more follows. */
static void expect_one_more(int pin, uint32_t before)
{
	uint64_t deadline = now_us() + ARRIVE_MS * 1000, end;

	while (READ_ONCE(taken[pin]) == before)
		__GUEST_ASSERT(now_us() < deadline, "SPI %u never arrived", SPI(pin));
	for (end = now_us() + QUIET_US; now_us() < end;)
		cpu_relax();
	__GUEST_ASSERT(READ_ONCE(taken[pin]) == before + 1,
		       "SPI %u taken %u times for one event", SPI(pin),
		       READ_ONCE(taken[pin]) - before);
	__GUEST_ASSERT(!gic_irq_get_pending(SPI(pin)), "SPI %u still pending", SPI(pin));
}

static void guest_code(void)
{
	local_irq_disable();
	gic_init(GIC_V3, 1);
	for (int pin = PIN_RESAMPLED; pin <= PIN_PLAIN; pin++) {
		gic_irq_set_config(SPI(pin), false);	/* level */
		gic_irq_enable(SPI(pin));
	}
	local_irq_enable();

	for (int round = 0; round < 3; round++) {
		GUEST_SYNC(PIN_RESAMPLED);
		expect_one_more(PIN_RESAMPLED, round);
		GUEST_SYNC(PIN_PLAIN);
		expect_one_more(PIN_PLAIN, round);
	}
	GUEST_DONE();
}

/* Was the resamplefd signalled (the guest's EOI reached the resampler)? */
static bool resampled(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint64_t count;

	if (poll(&p, 1, timeout_ms) != 1)
		return false;
	TEST_ASSERT_EQ(read(fd, &count, sizeof(count)), sizeof(count));
	return true;
}

int main(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	int gic_fd, resample_fd, fds[3];
	unsigned int resamples = 0;
	struct ucall uc;

	vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	vm_init_descriptor_tables(vm);
	vcpu_init_descriptor_tables(vcpu);
	vm_install_exception_handler(vm, VECTOR_IRQ_CURRENT, guest_irq_handler);
	gic_fd = vgic_v3_setup(vm, 1, 64);
	__TEST_REQUIRE(gic_fd >= 0, "No GICv3 in this host");

	resample_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	fds[PIN_RESAMPLED] = vgic_irqfd(vm, PIN_RESAMPLED, resample_fd);
	fds[PIN_PLAIN] = vgic_irqfd(vm, PIN_PLAIN, -1);

	for (int pending = -1;;) {
		vcpu_run(vcpu);
		if (pending == PIN_RESAMPLED) {	/* its EOI came before this exit */
			TEST_ASSERT(resampled(resample_fd, ARRIVE_MS),
				    "resamplefd not signalled after the guest's EOI");
			resamples++;
		}
		pending = -1;
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			pending = uc.args[1];
			if (pending == PIN_RESAMPLED)
				TEST_ASSERT(!resampled(resample_fd, 0),
					    "resamplefd signalled with no EOI");
			vgic_irqfd_signal(fds[pending]);
			break;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		case UCALL_DONE:
			TEST_ASSERT_EQ(resamples, 3);
			pr_info("PASS: level SPIs: 3 resampled irqfd events (each EOI signalled the resamplefd), 3 plain irqfd events, each taken once\n");
			close(gic_fd);
			kvm_vm_free(vm);
			return 0;
		default:
			TEST_FAIL("unexpected ucall %lu", uc.cmd);
		}
	}
}
