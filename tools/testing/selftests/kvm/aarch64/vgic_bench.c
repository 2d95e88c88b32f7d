// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic_bench - what the host's vGIC costs a guest, measured by the guest.
 *
 * Every figure is the mean, over the iterations, of the guest's own
 * counter between the two ends of an operation, in nanoseconds of guest
 * time; samples above four times the median (a host timer tick, the
 * other CPU's turn under QEMU's round robin) are left out and counted.
 * Under QEMU -icount shift=0 an emulated host's time advances one
 * nanosecond per instruction it executes, so the figures are instruction
 * counts, the same from run to run; elsewhere they are wall-clock.
 *
 * Rows (a GICv3 guest on a GICv3 host, a GICv2 guest on a GICv2 host):
 *   exit		an HVC that KVM answers at once (PSCI_VERSION): the floor
 *   gicd_read		a trapped read of GICD_TYPER
 *   gicr_read		a trapped read of GICR_TYPER (GICv3)
 *   eoi		EOI of an interrupt in a list register (no exit)
 *   ipi_self		an SGI to itself, until its handler runs
 *   ipi		an SGI to vCPU 1, spinning, until its handler runs
 *   timer		the virtual timer's deadline to its handler
 *   spi_line		KVM_IRQ_LINE raising a level SPI, until its handler runs
 *   irqfd		an irqfd's event on an edge SPI, until its handler runs
 *   switch_<n>		the exit floor with n SPIs pending, enabled, and
 *			held back by the priority mask (flush/sync scaling)
 *
 * Output: one line "vgic_bench: <row> <ns> ns (<n> iterations, <k> outliers)"
 * per row, for `make bench` to collect.
 * The two injection rows start at the VMM's read of its counter, which the
 * guest's equals (the VM's counter offset is 0); vCPU 0 spins, vCPU 1 waits
 * in WFI meanwhile so that the VMM's thread has a CPU of its own.
 *
 * Usage: vgic_bench [-i iterations] [-g group]...: at most MAX_ITERATIONS
 * iterations; groups line, exit, read, ipi, timer, switch (default all)
 */
#include <linux/psci.h>
#include <linux/sizes.h>

#include "arch_timer.h"
#include "processor.h"
#include "test_util.h"
#include "vgic_either_gic.h"
#include "vgic_irqfd.h"
#include "vgic_timer_vm.h"

#define BENCH_SGI	5
#define BENCH_SPI	500		/* outside the switch rows' SPIs */
#define BENCH_PRIO	0xa0		/* the SPIs held back ... */
#define BENCH_PMR	0x80		/* ... by this priority mask */
#define NR_IRQS		512
#define MAX_ITERATIONS	4096
#define TIMER_AHEAD_US	200
#define GICD_TYPER_OFF	0x004
#define GICD_IPRIORITYR	0x400
#define GICD_ITARGETSR	0x800
#define GICD_ICFGR	0xc00
#define GICR_TYPER_OFF	0x008

enum row {
	ROW_EXIT, ROW_GICD_READ, ROW_GICR_READ, ROW_EOI, ROW_IPI_SELF, ROW_IPI,
	ROW_TIMER, ROW_SPI_LINE, ROW_IRQFD, ROW_SWITCH_0, ROW_SWITCH_4, ROW_SWITCH_16,
	ROW_SWITCH_64, ROW_SWITCH_256, NR_ROWS,
};

static const char *const row_names[NR_ROWS] = {
	"exit", "gicd_read", "gicr_read", "eoi", "ipi_self", "ipi", "timer",
	"spi_line", "irqfd", "switch_0", "switch_4", "switch_16", "switch_64", "switch_256",
};

static const unsigned int switch_pending[] = { 0, 4, 16, 64, 256 };

enum group {
	GROUP_LINE, GROUP_EXIT, GROUP_READ, GROUP_IPI, GROUP_TIMER, GROUP_SWITCH, NR_GROUPS,
};

static const char *const group_names[NR_GROUPS] = {
	"line", "exit", "read", "ipi", "timer", "switch",
};

static uint64_t iterations = 1000;
static uint32_t groups = BIT(NR_GROUPS) - 1;
static uint32_t samples[NR_ROWS][MAX_ITERATIONS];	/* guest counter ticks */
static uint32_t nr_samples[NR_ROWS];

static void record(enum row row, uint64_t ticks)
{
	if (nr_samples[row] < MAX_ITERATIONS)
		samples[row][nr_samples[row]++] = ticks;
}

/* Handler to measuring code, per vCPU: when the last SGI or timer arrived. */
static uint64_t irq_at[2], irq_seen[2];
static bool eoi_timed, bench_done, vcpu1_parked;

/*
 * Guest to VMM: request number seq, for one injection of the given kind.
 * VMM to guest: its counter when it injected; for a level line, that the
 * handler's acknowledgment (taken) was seen and the line lowered again.
 */
enum inject { INJECT_LINE = 1, INJECT_IRQFD, INJECT_STOP };

static struct inject_channel {
	uint64_t seq, kind, at, taken, lowered;
} chan;

static uint64_t now(void)
{
	return timer_get_cntct(VIRTUAL);
}

static void *dist(uint32_t off)
{
	return (char *)(gic_v2 ? (void *)DIST_GPA : (void *)GICD_BASE_GVA) + off;
}

static void send_sgi(uint32_t target)
{
	if (gic_v2) {
		writel(SGIR_TARGETS(BIT(target)) | BENCH_SGI, gicd(GICD_SGIR));
	} else {
		write_sysreg_s((uint64_t)BENCH_SGI << 24 | BIT(target), SYS_ICC_SGI1R_EL1);
		isb();
	}
}

/*
 * An EOI lasts about one tick of the counter (16 instructions at 62.5 MHz
 * under icount), and a deterministic guest starts it at the same phase of
 * the tick each time: a delay that changes from one EOI to the next spreads
 * the start over the tick, so that the mean of the samples converges.
 */
static void eoi_dither(void)
{
	for (uint64_t d = READ_ONCE(irq_seen[0]) % 16; d; d--)
		cpu_relax();
}

static void guest_irq_handler(struct ex_regs *regs)
{
	uint64_t t = now();
	uint32_t cpu = guest_get_vcpuid(), iar = guest_irq_ack(), intid = IAR_INTID(iar);

	if (intid == IAR_SPURIOUS)
		return;
	if (intid == vtimer_irq)
		timer_set_ctl(VIRTUAL, CTL_IMASK);
	__GUEST_ASSERT(intid == vtimer_irq || intid == BENCH_SGI || intid == BENCH_SPI,
		       "unexpected INTID %u", intid);
	WRITE_ONCE(irq_at[cpu], t);
	if (intid == BENCH_SPI && READ_ONCE(chan.kind) == INJECT_LINE) {
		uint64_t seq = READ_ONCE(chan.seq);

		__atomic_store_n(&chan.taken, seq, __ATOMIC_RELEASE);
		while (__atomic_load_n(&chan.lowered, __ATOMIC_ACQUIRE) != seq)
			cpu_relax();		/* an EOI with the line high refires */
	}
	if (READ_ONCE(eoi_timed) && cpu == 0) {
		uint64_t t0;

		eoi_dither();
		t0 = now();

		guest_irq_eoi(iar);
		record(ROW_EOI, now() - t0);
	} else {
		guest_irq_eoi(iar);
	}
	WRITE_ONCE(irq_seen[cpu], irq_seen[cpu] + 1);
}

static void hvc_floor(void)
{
	struct arm_smccc_res res;

	smccc_hvc(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0, 0, 0, 0, 0, &res);
}

/* One operation, back to back, each timed. */
static void bench_loop(enum row row, void (*op)(void))
{
	for (uint64_t i = 0; i < iterations; i++) {
		uint64_t t0 = now();

		op();
		record(row, now() - t0);
	}
}

static void gicd_read_op(void)
{
	readl(dist(GICD_TYPER_OFF));
}

static void gicr_read_op(void)
{
	readl((char *)GICR_BASE_GPA + GICR_TYPER_OFF);	/* identity-mapped */
}

/* An interrupt's arrival on @cpu after *@start (read once it has come), waited for. */
static void wait_irq(uint32_t cpu, uint64_t seen, const uint64_t *start, enum row row)
{
	while (READ_ONCE(irq_seen[cpu]) == seen)
		cpu_relax();
	record(row, READ_ONCE(irq_at[cpu]) - READ_ONCE(*start));
}

static void inject_request(enum inject kind)
{
	WRITE_ONCE(chan.kind, kind);
	__atomic_store_n(&chan.seq, chan.seq + 1, __ATOMIC_RELEASE);
}

/* BENCH_SPI edge or level (disabled meanwhile: IHI 0048B 4.3.13, IHI 0069 12.9.9). */
static void bench_spi_config(bool edge)
{
	uint32_t *icfgr = dist(GICD_ICFGR + BENCH_SPI / 16 * 4);
	uint32_t bit = BIT(2 * (BENCH_SPI % 16) + 1);

	guest_irq_enable(BENCH_SPI, false);
	writel(edge ? readl(icfgr) | bit : readl(icfgr) & ~bit, icfgr);
	guest_irq_enable(BENCH_SPI, true);
}

static void bench_lines(void)
{
	static const enum row rows[] = { ROW_SPI_LINE, ROW_IRQFD };
	static const enum inject kinds[] = { INJECT_LINE, INJECT_IRQFD };
	uint64_t seen;

	writel(0, dist(GICD_IPRIORITYR + BENCH_SPI));
	if (gic_v2)
		writel(0x01010101u, dist(GICD_ITARGETSR + BENCH_SPI));
	WRITE_ONCE(vcpu1_parked, true);
	for (int k = 0; k < ARRAY_SIZE(rows); k++) {
		bench_spi_config(kinds[k] == INJECT_IRQFD);
		for (uint64_t i = 0; i < iterations; i++) {
			seen = READ_ONCE(irq_seen[0]);
			inject_request(kinds[k]);
			wait_irq(0, seen, &chan.at, rows[k]);
		}
	}
	guest_irq_enable(BENCH_SPI, false);
	inject_request(INJECT_STOP);

	WRITE_ONCE(vcpu1_parked, false);
	seen = READ_ONCE(irq_seen[1]);
	send_sgi(1);				/* out of WFI, spinning again */
	while (READ_ONCE(irq_seen[1]) == seen)
		cpu_relax();
}

static void bench_ipis(void)
{
	for (uint64_t i = 0; i < iterations; i++) {
		uint64_t seen = READ_ONCE(irq_seen[0]), t0 = now();

		send_sgi(0);
		wait_irq(0, seen, &t0, ROW_IPI_SELF);
	}
	for (uint64_t i = 0; i < iterations; i++) {
		uint64_t seen = READ_ONCE(irq_seen[1]), t0 = now();

		send_sgi(1);
		wait_irq(1, seen, &t0, ROW_IPI);
	}
	WRITE_ONCE(eoi_timed, true);
	for (uint64_t i = 0; i < iterations; i++) {
		uint64_t seen = READ_ONCE(irq_seen[0]);

		send_sgi(0);
		while (READ_ONCE(irq_seen[0]) == seen)
			cpu_relax();
	}
	WRITE_ONCE(eoi_timed, false);
}

static void bench_timer(void)
{
	for (uint64_t i = 0; i < iterations; i++) {
		uint64_t seen = READ_ONCE(irq_seen[0]);
		uint64_t cval = now() + usec_to_cycles(TIMER_AHEAD_US);

		timer_set_cval(VIRTUAL, cval);
		timer_set_ctl(VIRTUAL, CTL_ENABLE);
		wait_irq(0, seen, &cval, ROW_TIMER);
	}
}

/* SPIs 32..32+n-1 pending at BENCH_PRIO, or no longer pending. */
static void spis_pending(unsigned int n, bool on)
{
	for (unsigned int w = 0; w < DIV_ROUND_UP(n, 32); w++) {
		uint32_t bits = n - w * 32 >= 32 ? ~0u : BIT(n - w * 32) - 1;

		writel(bits, dist((on ? GICD_ISPENDR : GICD_ICPENDR) + 4 * (w + 1)));
	}
}

static void bench_switch(void)
{
	for (unsigned int w = 1; w < NR_IRQS / 32; w++)
		writel(~0u, dist(GICD_ISENABLER + 4 * w));
	for (unsigned int i = 32; i < NR_IRQS; i += 4) {
		writel(BENCH_PRIO * 0x01010101u, dist(GICD_IPRIORITYR + i));
		if (gic_v2)			/* to vCPU 0, as GICv3's IROUTER is */
			writel(0x01010101u, dist(GICD_ITARGETSR + i));
	}
	guest_priority_mask(BENCH_PMR);

	for (unsigned int k = 0; k < ARRAY_SIZE(switch_pending); k++) {
		spis_pending(switch_pending[k], true);
		bench_loop(ROW_SWITCH_0 + k, hvc_floor);
		spis_pending(switch_pending[k], false);
	}
	guest_priority_mask(0xff);
}

static void bench_exit(void)
{
	bench_loop(ROW_EXIT, hvc_floor);
}

static void bench_reads(void)
{
	bench_loop(ROW_GICD_READ, gicd_read_op);
	if (!gic_v2)
		bench_loop(ROW_GICR_READ, gicr_read_op);
}

/* In this order: the line group first, while no other row runs yet. */
static void (*const group_bench[NR_GROUPS])(void) = {
	bench_lines, bench_exit, bench_reads, bench_ipis, bench_timer, bench_switch,
};

static void guest_code(void)
{
	local_irq_disable();
	guest_gic_init(2);
	guest_irq_enable(BENCH_SGI, true);
	guest_irq_enable(vtimer_irq, true);
	timer_set_ctl(VIRTUAL, CTL_IMASK);
	local_irq_enable();

	if (guest_get_vcpuid() == 1) {
		while (!READ_ONCE(bench_done)) {
			if (READ_ONCE(vcpu1_parked))
				wfi();
			else
				cpu_relax();
		}
		GUEST_DONE();
	}
	for (int g = 0; g < NR_GROUPS; g++)
		if (groups & BIT(g))
			group_bench[g]();
	WRITE_ONCE(bench_done, true);
	GUEST_DONE();
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The mean of a row's samples, those above four times the median aside. */
static void report(const char *name, uint32_t *ticks, uint32_t n, uint64_t freq)
{
	uint32_t limit, kept = 0;
	uint64_t sum = 0;

	qsort(ticks, n, sizeof(*ticks), cmp_u32);
	limit = 4 * (ticks[n / 2] ?: 1);
	for (uint32_t i = 0; i < n; i++) {
		if (ticks[i] > limit)
			break;
		sum += ticks[i];
		kept++;
	}
	printf("vgic_bench: %s %.1f ns (%u iterations, %u outliers)\n", name,
	       (double)sum * 1e9 / freq / kept, n, n - kept);
}

/* The VMM's side of the line group: one injection per request. */
struct injector {
	struct kvm_vm *vm;
	int irqfd;
};

static uint64_t host_now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static void inject_line(struct kvm_vm *vm, struct inject_channel *c, uint64_t seq)
{
	kvm_arm_irq_line(vm, BENCH_SPI, 1);
	while (__atomic_load_n(&c->taken, __ATOMIC_ACQUIRE) != seq)
		cpu_relax();
	kvm_arm_irq_line(vm, BENCH_SPI, 0);
	__atomic_store_n(&c->lowered, seq, __ATOMIC_RELEASE);
}

static void *injector_thread(void *arg)
{
	struct injector *inj = arg;
	struct inject_channel *c = addr_gva2hva(inj->vm, (vm_vaddr_t)&chan);
	uint64_t seq, done = 0;

	for (;;) {
		while ((seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE)) == done)
			cpu_relax();
		done = seq;
		if (READ_ONCE(c->kind) == INJECT_STOP)
			return NULL;
		WRITE_ONCE(c->at, host_now());
		if (READ_ONCE(c->kind) == INJECT_LINE)
			inject_line(inj->vm, c, seq);
		else
			vgic_irqfd_signal(inj->irqfd);
	}
}

/* Guest and VMM read the same counter: the VM's counter offset is 0. */
static void injector_start(struct kvm_vm *vm, struct injector *inj, pthread_t *thread)
{
	struct kvm_arm_counter_offset offset = {};

	__TEST_REQUIRE(kvm_has_cap(KVM_CAP_COUNTER_OFFSET), "no KVM_ARM_SET_COUNTER_OFFSET");
	vm_ioctl(vm, KVM_ARM_SET_COUNTER_OFFSET, &offset);
	inj->vm = vm;
	inj->irqfd = vgic_irqfd(vm, BENCH_SPI - 32, -1);
	pthread_create(thread, NULL, injector_thread, inj);
}

int main(int argc, char *argv[])
{
	struct injector inj;
	pthread_t inj_thread;
	struct kvm_vcpu *vcpus[2];
	struct kvm_vm *vm;
	uint64_t freq;
	int gic_fd, opt;

	while ((opt = getopt(argc, argv, "i:g:")) != -1) {
		TEST_ASSERT(opt == 'i' || opt == 'g', "usage: %s [-i iterations] [-g group]...",
			    argv[0]);
		if (opt == 'i') {
			iterations = atoi_positive("iterations", optarg);
			continue;
		}
		if (groups == BIT(NR_GROUPS) - 1)
			groups = 0;
		for (int g = 0; g < NR_GROUPS; g++)
			if (!strcmp(optarg, group_names[g]))
				groups |= BIT(g);
		TEST_ASSERT(groups, "unknown group %s", optarg);
	}
	TEST_ASSERT(iterations <= MAX_ITERATIONS, "at most %d iterations", MAX_ITERATIONS);

	vm = vgic_timer_vm_create(2, guest_code, guest_irq_handler, vcpus);
	sync_global_to_guest(vm, iterations);
	sync_global_to_guest(vm, groups);
	gic_fd = vgic_either_gic_create(vm, 2, NR_IRQS);
	if (groups & BIT(GROUP_LINE))
		injector_start(vm, &inj, &inj_thread);
	vgic_timer_vm_run(vcpus, 2);
	if (groups & BIT(GROUP_LINE)) {
		pthread_join(inj_thread, NULL);
		close(inj.irqfd);
	}

	sync_global_from_guest(vm, samples);
	sync_global_from_guest(vm, nr_samples);
	freq = read_sysreg(cntfrq_el0);
	for (int r = 0; r < NR_ROWS; r++)
		if (nr_samples[r])
			report(row_names[r], samples[r], nr_samples[r], freq);
	pr_info("PASS: GICv%d guest, %lu iterations per row\n", gic_v2 ? 2 : 3, iterations);
	close(gic_fd);
	kvm_vm_free(vm);
	return 0;
}
