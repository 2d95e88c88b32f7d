// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic_irq_stress: every interrupt accounted for under concurrency.
 *
 * A GICv3 VM of 4 to 8 vCPUs, more than the host has CPUs.  Two VMM
 * threads inject counted edge SPIs, one through KVM_IRQ_LINE, one through
 * irqfds, each waiting for the guest to take one before sending the next
 * (a second edge while the first is pending would merge, IHI 0069 4.1.1).
 * Meanwhile every vCPU, interrupts unmasked, at random: sends an SGI to
 * another vCPU (one outstanding per target, for the same reason),
 * retargets a counted SPI (GICD_IROUTER), disables and re-enables one,
 * and writes GICD_I[SC]PENDR and GICD_I[SC]ACTIVER of two noise SPIs that
 * other vCPUs may hold in their list registers.  A VMM thread reads the
 * VM's debugfs vgic-state all along, and once more while the VM is torn
 * down.  At the end each counted SPI was taken exactly once per event,
 * and each vCPU took every SGI sent to it: none lost, none doubled.
 *
 * Usage: vgic_irq_stress [-v vcpus] [-r rounds] [-s seed]
 */
#include <glob.h>
#include <pthread.h>
#include <fcntl.h>
#include <linux/sizes.h>

#include "arch_timer.h"
#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"
#include "gic.h"
#include "gic_v3.h"
#include "ucall_common.h"
#include "vgic.h"
#include "vgic_irqfd.h"

#define MAX_VCPUS	8
#define NR_IRQS		64		/* SPIs 32..63 */
#define COUNTED		8		/* SPIs 32..39: half KVM_IRQ_LINE, half irqfd */
#define COUNTED_SPI(k)	(32 + (k))
/*
 * Fewer noise SPIs than list registers (4 under QEMU) less one: both this
 * vGIC and 6.12 keep active interrupts listed first, so that the guest can
 * deactivate them, and interrupts made active by GICD_ISACTIVER alone
 * (never acknowledged) could otherwise take every LR from a pending one.
 */
#define NOISE		2		/* SPIs 48, 49 */
#define NOISE_SPI(k)	(48 + (k))
#define SGI		1
#define WAIT_S		20

/* Shared with the guest (its globals, read and written by the VMM too). */
static uint32_t nr_vcpus;
static uint32_t taken[COUNTED];		/* counted SPI k taken by any vCPU */
static uint32_t sgi_sent[MAX_VCPUS];	/* to vCPU n */
static uint32_t sgi_taken[MAX_VCPUS];	/* by vCPU n */
static uint32_t sgi_busy[MAX_VCPUS];	/* an SGI to vCPU n is outstanding */
static uint32_t noise_taken;
static uint32_t actions[MAX_VCPUS];	/* done by vCPU n */
static uint32_t irqs[MAX_VCPUS];	/* taken by vCPU n */
static uint32_t configured;		/* vCPU 0 has set the distributor up */
static uint32_t stop;			/* the VMM is done injecting */
static uint32_t stopped;		/* vCPUs that no longer send SGIs */
static uint64_t seed;
static uint32_t action_mask = 0xff;	/* -m: which of one_action()'s cases run */

static void guest_irq_handler(struct ex_regs *regs)
{
	uint32_t intid = gic_get_and_ack_irq(), me = guest_get_vcpuid();

	irqs[me]++;
	if (intid == 1023)
		return;		/* taken back before the acknowledge */
	if (intid >= COUNTED_SPI(0) && intid < COUNTED_SPI(COUNTED)) {
		__atomic_add_fetch(&taken[intid - COUNTED_SPI(0)], 1, __ATOMIC_SEQ_CST);
	} else if (intid == SGI) {
		__atomic_add_fetch(&sgi_taken[me], 1, __ATOMIC_SEQ_CST);
		__atomic_store_n(&sgi_busy[me], 0, __ATOMIC_SEQ_CST);
	} else {
		__GUEST_ASSERT(intid >= NOISE_SPI(0) && intid < NOISE_SPI(NOISE),
			       "vCPU %u took INTID %u", me, intid);
		__atomic_add_fetch(&noise_taken, 1, __ATOMIC_RELAXED);
	}
	gic_set_eoi(intid);
}

static uint64_t now_us(void)
{
	return cycles_to_usec(timer_get_cntct(VIRTUAL));
}

static uint64_t next_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* ICC_SGI1R_EL1 (IHI 0069 12.2.21): vCPU n < 16 has Aff0 n, the rest 0. */
static void send_sgi(uint32_t target)
{
	write_sysreg_s((uint64_t)SGI << 24 | BIT(target), SYS_ICC_SGI1R_EL1);
	isb();
}

static void retarget(uint32_t intid, uint32_t vcpu)
{
	writeq_relaxed(vcpu, GICD_BASE_GVA + GICD_IROUTER + 8 * intid);
}

/*
 * A write of one bit to a set/clear register of the distributor.  Not the
 * library's gic_irq_*(): they read, modify and write, and a read of
 * GICD_ICPENDR or GICD_ICACTIVER returns every pending or active bit of
 * the register, which the write then clears.
 */
static void dist_bit(uint32_t reg, uint32_t intid)
{
	writel(BIT(intid % 32), GICD_BASE_GVA + reg + 4 * (intid / 32));
}

static void one_action(uint32_t me, uint64_t *rng)
{
	uint64_t r = next_random(rng);
	uint32_t target = (me + 1 + (r >> 8) % (nr_vcpus - 1)) % nr_vcpus;
	uint32_t counted = COUNTED_SPI((r >> 16) % COUNTED), noise = NOISE_SPI((r >> 24) % NOISE);
	uint32_t expected = 0;

	if (!(action_mask & BIT(r % 8)))
		return;
	switch (r % 8) {
	case 0:
	case 1:
		if (!READ_ONCE(stop) &&
		    __atomic_compare_exchange_n(&sgi_busy[target], &expected, 1, false,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
			__atomic_add_fetch(&sgi_sent[target], 1, __ATOMIC_SEQ_CST);
			send_sgi(target);
		}
		break;
	case 2:
		retarget(counted, target);
		break;
	case 3:
		dist_bit(GICD_ICENABLER, counted);
		dist_bit(GICD_ISENABLER, counted);
		break;
	case 4:
		dist_bit(GICD_ISPENDR, noise);
		break;
	case 5:
		dist_bit(GICD_ICPENDR, noise);
		break;
	case 6:
		dist_bit(GICD_ISACTIVER, noise);
		break;
	default:
		dist_bit(GICD_ICACTIVER, noise);
		break;
	}
}

static void guest_code(void)
{
	uint32_t me = guest_get_vcpuid(), i;
	uint64_t rng = seed * 2654435761u + me + 1, deadline;

	local_irq_disable();
	gic_init(GIC_V3, nr_vcpus);
	gic_irq_enable(SGI);
	if (!me) {
		for (i = 0; i < COUNTED; i++)
			gic_irq_enable(COUNTED_SPI(i));
		for (i = 0; i < NOISE; i++)
			gic_irq_enable(NOISE_SPI(i));
		WRITE_ONCE(configured, 1);
	}
	while (!READ_ONCE(configured))
		cpu_relax();
	local_irq_enable();

	while (!READ_ONCE(stop)) {
		one_action(me, &rng);
		WRITE_ONCE(actions[me], actions[me] + 1);
	}

	/* Once nobody sends, every SGI still outstanding is taken. */
	__atomic_add_fetch(&stopped, 1, __ATOMIC_SEQ_CST);
	deadline = now_us() + WAIT_S * 1000000ull;
	while (__atomic_load_n(&stopped, __ATOMIC_SEQ_CST) < nr_vcpus)
		__GUEST_ASSERT(now_us() < deadline,
			       "vCPU %u: only %u vCPUs stopped (vCPU 0: %u actions, %u IRQs)", me,
			       __atomic_load_n(&stopped, __ATOMIC_SEQ_CST), actions[0], irqs[0]);
	while (__atomic_load_n(&sgi_busy[me], __ATOMIC_SEQ_CST))
		__GUEST_ASSERT(now_us() < deadline, "vCPU %u: SGI %u of %u lost", me,
			       sgi_taken[me] + 1, sgi_sent[me]);
	GUEST_DONE();
}

static struct kvm_vm *vm;
static uint32_t *host_taken, *host_stop;
static int rounds = 200;
static bool vcpus_done;

static int open_vgic_state(void);

/* The vGIC's state, for the report of a failure. */
static void dump_vgic_state(void)
{
	static char buf[65536];
	int fd = open_vgic_state();
	ssize_t n;

	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
			if (!strstr(line, " 0 0 0 ") || strstr(line, "vcpu"))
				pr_info("vgic-state: %s\n", line);
	}
	close(fd);
}

static void *vcpu_thread(void *arg)
{
	struct kvm_vcpu *vcpu = arg;
	struct ucall uc;

	vcpu_run(vcpu);
	switch (get_ucall(vcpu, &uc)) {
	case UCALL_DONE:
		break;
	case UCALL_ABORT:
		dump_vgic_state();
		REPORT_GUEST_ASSERT(uc);
		break;
	default:
		TEST_FAIL("vCPU %u: unexpected exit %s", vcpu->id,
			  exit_reason_str(vcpu->run->exit_reason));
	}
	return NULL;
}

/* Inject counted SPIs @first.. @first + COUNTED / 2 - 1, a round at a time. */
static void inject_rounds(int first, const int *fds)
{
	for (int r = 1; r <= rounds; r++) {
		for (int k = first; k < first + COUNTED / 2; k++) {
			if (fds) {
				vgic_irqfd_signal(fds[k - first]);
			} else {
				kvm_arm_irq_line(vm, COUNTED_SPI(k), 1);
				kvm_arm_irq_line(vm, COUNTED_SPI(k), 0);
			}
		}
		for (int k = first; k < first + COUNTED / 2; k++) {
			time_t deadline = time(NULL) + WAIT_S;

			while (__atomic_load_n(&host_taken[k], __ATOMIC_SEQ_CST) < (uint32_t)r)
				TEST_ASSERT(time(NULL) < deadline,
					    "SPI %d: event %d lost (taken %u times)",
					    COUNTED_SPI(k), r, host_taken[k]);
			TEST_ASSERT(host_taken[k] == (uint32_t)r,
				    "SPI %d taken %u times for %d events", COUNTED_SPI(k),
				    host_taken[k], r);
		}
	}
}

static void *irq_line_thread(void *arg)
{
	inject_rounds(0, NULL);
	return NULL;
}

static void *irqfd_thread(void *arg)
{
	inject_rounds(COUNTED / 2, arg);
	return NULL;
}

/* This process's VM's vgic-state, open, or -1 without debugfs. */
static int open_vgic_state(void)
{
	char pattern[64];
	glob_t g;
	int fd = -1;

	snprintf(pattern, sizeof(pattern), "/sys/kernel/debug/kvm/%d-*/vgic-state", getpid());
	if (!glob(pattern, 0, NULL, &g) && g.gl_pathc == 1)
		fd = open(g.gl_pathv[0], O_RDONLY);
	globfree(&g);
	return fd;
}

/* Read all of @fd from its start; return the number of rows. */
static int read_rows(int fd)
{
	static char buf[65536];
	int rows = 0;
	ssize_t n;

	TEST_ASSERT(lseek(fd, 0, SEEK_SET) == 0, "lseek vgic-state");
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			rows += buf[i] == '\n';
	TEST_ASSERT(n == 0, "read vgic-state: %s", strerror(errno));
	return rows;
}

static void *reader_thread(void *arg)
{
	int *reads = arg, fd = open_vgic_state();

	if (fd < 0)
		return NULL;
	while (!READ_ONCE(vcpus_done)) {
		TEST_ASSERT(read_rows(fd) > (int)(nr_vcpus * 32), "vgic-state lacks rows");
		(*reads)++;
	}
	close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t vcpu_threads[MAX_VCPUS], line, fd_thread, reader;
	struct kvm_vcpu *vcpus[MAX_VCPUS];
	int opt, fds[COUNTED / 2], reads = 0, teardown_fd, gic_fd;
	uint32_t *host_sent, *host_sgi_taken;
	uint32_t n = 4, i;

	seed = 1;
	while ((opt = getopt(argc, argv, "v:r:s:m:")) != -1) {
		switch (opt) {
		case 'v':
			n = atoi_positive("vCPUs", optarg);
			TEST_ASSERT(n >= 2 && n <= MAX_VCPUS, "2 to %d vCPUs", MAX_VCPUS);
			break;
		case 'r':
			rounds = atoi_positive("rounds", optarg);
			break;
		case 's':
			seed = atoi_non_negative("seed", optarg);
			break;
		case 'm':
			action_mask = strtoul(optarg, NULL, 0);
			break;
		default:
			printf("usage: %s [-v vcpus] [-r rounds] [-s seed]\n", argv[0]);
			exit(KSFT_FAIL);
		}
	}
	nr_vcpus = n;

	vm = vm_create_with_vcpus(n, guest_code, vcpus);
	vm_init_descriptor_tables(vm);
	vm_install_exception_handler(vm, VECTOR_IRQ_CURRENT, guest_irq_handler);
	for (i = 0; i < n; i++)
		vcpu_init_descriptor_tables(vcpus[i]);
	gic_fd = vgic_v3_setup(vm, n, NR_IRQS);
	__TEST_REQUIRE(gic_fd >= 0, "No GICv3 in this host");
	sync_global_to_guest(vm, nr_vcpus);
	sync_global_to_guest(vm, seed);
	sync_global_to_guest(vm, action_mask);
	for (i = 0; i < COUNTED / 2; i++)
		fds[i] = vgic_irqfd(vm, COUNTED_SPI(COUNTED / 2 + i) - 32, -1);
	host_taken = addr_gva2hva(vm, (vm_vaddr_t)taken);
	host_stop = addr_gva2hva(vm, (vm_vaddr_t)&stop);
	host_sent = addr_gva2hva(vm, (vm_vaddr_t)sgi_sent);
	host_sgi_taken = addr_gva2hva(vm, (vm_vaddr_t)sgi_taken);

	for (i = 0; i < n; i++)
		pthread_create(&vcpu_threads[i], NULL, vcpu_thread, vcpus[i]);
	pthread_create(&reader, NULL, reader_thread, &reads);
	pthread_create(&line, NULL, irq_line_thread, NULL);
	pthread_create(&fd_thread, NULL, irqfd_thread, fds);
	pthread_join(line, NULL);
	pthread_join(fd_thread, NULL);
	__atomic_store_n(host_stop, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < n; i++)
		pthread_join(vcpu_threads[i], NULL);
	WRITE_ONCE(vcpus_done, true);
	pthread_join(reader, NULL);

	for (i = 0; i < COUNTED; i++)
		TEST_ASSERT(host_taken[i] == (uint32_t)rounds,
			    "SPI %u taken %u times for %d events", COUNTED_SPI(i), host_taken[i],
			    rounds);
	for (i = 0; i < n; i++)
		TEST_ASSERT(host_sgi_taken[i] == host_sent[i], "vCPU %u took %u SGIs of %u sent",
			    i, host_sgi_taken[i], host_sent[i]);
	pr_info("%u vCPUs, seed %lu: %d SPIs through KVM_IRQ_LINE and %d through irqfds, each taken once;",
		n, (unsigned long)seed, rounds * COUNTED / 2, rounds * COUNTED / 2);
	pr_info(" SGIs sent and taken:");
	for (i = 0; i < n; i++)
		pr_info(" %u", host_sent[i]);
	pr_info("; noise SPIs taken %u; vgic-state read %d times\n",
		*(uint32_t *)addr_gva2hva(vm, (vm_vaddr_t)&noise_taken), reads);

	/* The file outlives the VM's file descriptors, and reads still work. */
	teardown_fd = open_vgic_state();
	for (i = 0; i < COUNTED / 2; i++)
		close(fds[i]);
	close(gic_fd);
	kvm_vm_free(vm);
	if (teardown_fd >= 0) {
		TEST_ASSERT(read_rows(teardown_fd) > (int)(n * 32),
			    "vgic-state after the VM's teardown");
		close(teardown_fd);
	}
	return 0;
}
