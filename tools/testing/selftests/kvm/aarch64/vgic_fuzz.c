// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic_fuzz: random input to every entry of the vGIC, seeded, bounded.
 *
 * Each round creates a VM with the GIC the host offers (GICv3, with an ITS
 * in one round of two; GICv2 on a GICv2 host), 1 to 4 vCPUs and a random
 * number of SPIs.  Its vCPUs make random accesses (1, 2, 4 or 8 bytes, any
 * offset, reads and writes of random values) to every frame of their GIC:
 * distributor, redistributors, ITS or the GICv2 CPU interface, and random
 * ICC_SGI1R_EL1 writes on GICv3.  Meanwhile two VMM threads make random
 * KVM_{GET,SET,HAS}_DEVICE_ATTR calls on the GIC and ITS devices: every
 * group, random attributes and values, CTRL_INIT, SAVE and RESTORE of the
 * tables into guest memory the vCPUs scribble on.  Then the VM is
 * destroyed.  The calls answer 0 or an errno; the judge of the rest is the
 * host's log (kvm-check fails a host on any WARNING, BUG, KASAN, lockdep or
 * UBSAN report), which is why it runs on the debug host too.
 *
 * Usage: vgic_fuzz [-n rounds] [-a accesses per vCPU] [-c calls per thread] [-s seed]
 */
#include <pthread.h>
#include <linux/sizes.h>

#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"
#include "vgic.h"
#include "gic.h"

#define MAX_VCPUS	4
#define V2_DIST_GPA	0x8000000ULL
#define V2_CPU_GPA	0x8010000ULL
#define SCRATCH_GPA	0x20000000ULL	/* tables the ITS and LPIs may use */
#define SCRATCH_SIZE	SZ_2M
#define SCRATCH_SLOT	1

struct frame {
	uint64_t gpa, size;
};

/* Shared with the guest. */
static struct frame frames[4];
static uint32_t nr_frames;
static uint32_t accesses;
static uint64_t guest_seed;
static bool guest_v3;

static uint64_t next_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* A data abort for an access the vGIC refuses: skip the instruction. */
static void guest_dabt_handler(struct ex_regs *regs)
{
	regs->pc += 4;
}

static void guest_irq_handler(struct ex_regs *regs)
{
	/* Whatever arrives: acknowledge and end it, or mask it for good. */
	if (guest_v3) {
		uint64_t iar = read_sysreg_s(SYS_ICC_IAR1_EL1);

		if ((iar & 0xffffff) < 1020)
			write_sysreg_s(iar, SYS_ICC_EOIR1_EL1);
		else
			regs->pstate |= PSR_I_BIT;
	} else {
		uint32_t iar = readl((void *)(V2_CPU_GPA + 0xc));

		if ((iar & 0x3ff) < 1020)
			writel(iar, (void *)(V2_CPU_GPA + 0x10));
		else
			regs->pstate |= PSR_I_BIT;
	}
}

/* Byte and halfword accesses, which the library does not have. */
static void write8(uint8_t v, void *a)
{
	asm volatile("strb %w0, [%1]" : : "rZ" (v), "r" (a) : "memory");
}

static void write16(uint16_t v, void *a)
{
	asm volatile("strh %w0, [%1]" : : "rZ" (v), "r" (a) : "memory");
}

static uint8_t read8(void *a)
{
	uint8_t v;

	asm volatile("ldrb %w0, [%1]" : "=r" (v) : "r" (a) : "memory");
	return v;
}

static uint16_t read16(void *a)
{
	uint16_t v;

	asm volatile("ldrh %w0, [%1]" : "=r" (v) : "r" (a) : "memory");
	return v;
}

static void guest_access(struct frame *f, uint64_t r)
{
	unsigned int width = 1 << (r & 3);
	uint64_t off = ((r >> 8) % f->size) & ~(uint64_t)(width - 1);
	void *addr = (void *)(f->gpa + off);
	uint64_t val = next_random(&r);

	if (r & 4) {
		if (width == 1)
			write8(val, addr);
		else if (width == 2)
			write16(val, addr);
		else if (width == 4)
			writel(val, addr);
		else
			writeq(val, addr);
	} else {
		if (width == 1)
			(void)read8(addr);
		else if (width == 2)
			(void)read16(addr);
		else if (width == 4)
			(void)readl(addr);
		else
			(void)readq(addr);
	}
}

static void guest_code(void)
{
	uint64_t rng = guest_seed + guest_get_vcpuid() * 0x9e3779b97f4a7c15ull + 1;

	for (uint32_t i = 0; i < accesses; i++) {
		uint64_t r = next_random(&rng);

		if (guest_v3 && r % 16 == 0) {
			write_sysreg_s(next_random(&rng) & ~(1ull << 40) & GENMASK(55, 0),
				       SYS_ICC_SGI1R_EL1);
		} else if (r % 16 == 1) {
			local_irq_enable();	/* take whatever the writes made pending */
			local_irq_disable();
		} else {
			guest_access(&frames[(r >> 4) % nr_frames], next_random(&rng));
		}
	}
	GUEST_DONE();
}

struct round {
	struct kvm_vm *vm;
	int gic_fd, its_fd;
	uint32_t nr_vcpus;
	uint64_t seed;
	unsigned long calls, ok;
};

static int calls_per_thread = 200;

/* The groups of arm-vgic.rst, arm-vgic-v3.rst and arm-vgic-its.rst. */
static const uint32_t gic_groups[] = {
	KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
	KVM_DEV_ARM_VGIC_GRP_CPU_REGS, KVM_DEV_ARM_VGIC_GRP_NR_IRQS,
	KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
	KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO,
	KVM_DEV_ARM_VGIC_GRP_ITS_REGS, 42,
};

/* An attribute for @group: mostly well formed, sometimes anything. */
static uint64_t random_attr(uint32_t group, uint64_t *rng, uint32_t nr_vcpus)
{
	uint64_t r = next_random(rng), vcpu = (r >> 32) % (nr_vcpus + 1);

	if (r % 8 == 0)
		return next_random(rng);
	switch (group) {
	case KVM_DEV_ARM_VGIC_GRP_ADDR:
		return r % 8;
	case KVM_DEV_ARM_VGIC_GRP_CTRL:
		return r % 6;
	case KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS:
		/* Op0 3, Op1 0, CRn 12, CRm and Op2 random: the ICC_* block */
		return vcpu << KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT | 0xc000 | 0x600 | (r >> 8 & 0x1ff);
	case KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO:
		return vcpu << KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT | (r >> 8 & 0x3ff & ~31u) |
		       (uint64_t)VGIC_LEVEL_INFO_LINE_LEVEL <<
		       KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT;
	default:	/* register offsets, 4-byte aligned, with a vCPU */
		return vcpu << KVM_DEV_ARM_VGIC_CPUID_SHIFT | (r >> 8 & 0xfffc);
	}
}

static uint64_t random_value(uint64_t *rng)
{
	uint64_t r = next_random(rng);

	switch (r % 4) {
	case 0:
		return 0;
	case 1:		/* somewhere in the scratch memory: table bases */
		return SCRATCH_GPA + (r >> 8) % SCRATCH_SIZE;
	case 2:
		return r >> (r >> 58);
	default:
		return ~0ull;
	}
}

static void one_call(struct round *rd, uint64_t *rng)
{
	uint64_t r = next_random(rng), val = random_value(rng), attr;
	bool its = rd->its_fd >= 0 && r % 3 == 0;
	int fd = its ? rd->its_fd : rd->gic_fd, ret;
	uint32_t group = gic_groups[(r >> 8) % ARRAY_SIZE(gic_groups)];

	/* RESET and RESTORE of the ITS need no help; INIT of the GIC is rarer */
	if (!its && group == KVM_DEV_ARM_VGIC_GRP_CTRL && (r >> 16) % 4)
		group = KVM_DEV_ARM_VGIC_GRP_DIST_REGS;
	attr = random_attr(group, rng, rd->nr_vcpus);
	switch ((r >> 24) % 3) {
	case 0:
		ret = __kvm_device_attr_set(fd, group, attr, &val);
		break;
	case 1:
		ret = __kvm_device_attr_get(fd, group, attr, &val);
		break;
	default:
		ret = __kvm_has_device_attr(fd, group, attr);
		break;
	}
	TEST_ASSERT(!ret || (ret == -1 && errno > 0 && errno != EBADF && errno != ENOTTY),
		    "group %u attr %#lx: %d (errno %d)", group, (unsigned long)attr, ret, errno);
	rd->calls++;
	rd->ok += !ret;
}

static void *attr_thread(void *arg)
{
	struct round *rd = arg;
	uint64_t rng = rd->seed ^ (uint64_t)pthread_self();

	for (int i = 0; i < calls_per_thread; i++)
		one_call(rd, &rng);
	return NULL;
}

static void *vcpu_thread(void *arg)
{
	struct kvm_vcpu *vcpu = arg;
	struct ucall uc;

	/* KVM_RUN may refuse a GIC that random calls left unusable */
	for (int exits = 0; exits < 100000; exits++) {
		if (_vcpu_run(vcpu))
			return NULL;
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_DONE:
			return NULL;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			return NULL;
		default:	/* an MMIO exit: a frame not (yet) the vGIC's */
			break;
		}
	}
	return NULL;
}

static bool have_v3(void)
{
	struct kvm_vm *vm = vm_create_barebones();
	int ret = __kvm_test_create_device(vm, KVM_DEV_TYPE_ARM_VGIC_V3);

	kvm_vm_free(vm);
	return !ret;
}

static void one_round(uint64_t seed, bool v3, unsigned long *calls, unsigned long *ok)
{
	struct kvm_vcpu *vcpus[MAX_VCPUS];
	pthread_t threads[MAX_VCPUS + 2];
	struct round rd = { .seed = seed, .its_fd = -1 };
	uint64_t rng = seed + 1, addr;
	uint32_t i, nr_irqs;

	rd.nr_vcpus = 1 + next_random(&rng) % MAX_VCPUS;
	nr_irqs = 64 + 32 * (next_random(&rng) % 8);
	rd.vm = vm_create_with_vcpus(rd.nr_vcpus, guest_code, vcpus);
	vm_init_descriptor_tables(rd.vm);
	for (i = 0; i < rd.nr_vcpus; i++)
		vcpu_init_descriptor_tables(vcpus[i]);
	vm_install_sync_handler(rd.vm, VECTOR_SYNC_CURRENT, ESR_EC_DABT, guest_dabt_handler);
	vm_install_exception_handler(rd.vm, VECTOR_IRQ_CURRENT, guest_irq_handler);
	vm_userspace_mem_region_add(rd.vm, VM_MEM_SRC_ANONYMOUS, SCRATCH_GPA, SCRATCH_SLOT,
				    SCRATCH_SIZE / getpagesize(), 0);

	if (v3) {
		rd.gic_fd = vgic_v3_setup(rd.vm, rd.nr_vcpus, nr_irqs);
		TEST_ASSERT(rd.gic_fd >= 0, "GICv3");
		frames[0] = (struct frame){ GICD_BASE_GPA, SZ_64K };
		frames[1] = (struct frame){ GICR_BASE_GPA, rd.nr_vcpus * 2 * SZ_64K };
		nr_frames = 2;
		if (next_random(&rng) & 1) {
			addr = GITS_BASE_GPA;
			rd.its_fd = kvm_create_device(rd.vm, KVM_DEV_TYPE_ARM_VGIC_ITS);
			kvm_device_attr_set(rd.its_fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
					    KVM_VGIC_ITS_ADDR_TYPE, &addr);
			kvm_device_attr_set(rd.its_fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
					    KVM_DEV_ARM_VGIC_CTRL_INIT, NULL);
			virt_map(rd.vm, GITS_BASE_GPA, GITS_BASE_GPA, 2 * SZ_64K / getpagesize());
			frames[nr_frames++] = (struct frame){ GITS_BASE_GPA, 2 * SZ_64K };
		}
	} else {
		rd.gic_fd = kvm_create_device(rd.vm, KVM_DEV_TYPE_ARM_VGIC_V2);
		addr = V2_DIST_GPA;
		kvm_device_attr_set(rd.gic_fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
				    KVM_VGIC_V2_ADDR_TYPE_DIST, &addr);
		addr = V2_CPU_GPA;
		kvm_device_attr_set(rd.gic_fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
				    KVM_VGIC_V2_ADDR_TYPE_CPU, &addr);
		nr_irqs = 64;
		kvm_device_attr_set(rd.gic_fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs);
		kvm_device_attr_set(rd.gic_fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
				    KVM_DEV_ARM_VGIC_CTRL_INIT, NULL);
		virt_map(rd.vm, V2_DIST_GPA, V2_DIST_GPA, SZ_64K / getpagesize());
		virt_map(rd.vm, V2_CPU_GPA, V2_CPU_GPA, SZ_64K / getpagesize());
		frames[0] = (struct frame){ V2_DIST_GPA, SZ_4K };
		frames[1] = (struct frame){ V2_CPU_GPA, SZ_8K };
		nr_frames = 2;
	}
	guest_seed = seed;
	guest_v3 = v3;
	sync_global_to_guest(rd.vm, frames);
	sync_global_to_guest(rd.vm, nr_frames);
	sync_global_to_guest(rd.vm, guest_seed);
	sync_global_to_guest(rd.vm, guest_v3);
	sync_global_to_guest(rd.vm, accesses);

	for (i = 0; i < rd.nr_vcpus; i++)
		pthread_create(&threads[i], NULL, vcpu_thread, vcpus[i]);
	pthread_create(&threads[i], NULL, attr_thread, &rd);
	pthread_create(&threads[i + 1], NULL, attr_thread, &rd);
	for (i = 0; i < rd.nr_vcpus + 2; i++)
		pthread_join(threads[i], NULL);

	if (rd.its_fd >= 0)
		close(rd.its_fd);
	close(rd.gic_fd);
	kvm_vm_free(rd.vm);
	*calls += rd.calls;
	*ok += rd.ok;
}

int main(int argc, char **argv)
{
	unsigned long calls = 0, ok = 0;
	uint64_t seed = 1;
	int opt, rounds = 20;
	bool v3 = have_v3();

	accesses = 2000;
	while ((opt = getopt(argc, argv, "n:a:c:s:")) != -1) {
		switch (opt) {
		case 'n':
			rounds = atoi_positive("rounds", optarg);
			break;
		case 'a':
			accesses = atoi_positive("accesses", optarg);
			break;
		case 'c':
			calls_per_thread = atoi_positive("calls", optarg);
			break;
		case 's':
			seed = atoi_non_negative("seed", optarg);
			break;
		default:
			printf("usage: %s [-n rounds] [-a accesses] [-c calls] [-s seed]\n",
			       argv[0]);
			exit(KSFT_FAIL);
		}
	}
	for (int i = 0; i < rounds; i++)
		one_round(seed * 1000003 + i, v3, &calls, &ok);
	pr_info("%s, seed %lu: %d VMs created and destroyed, %u guest accesses per vCPU each, %lu device attribute calls (%lu succeeded)\n",
		v3 ? "GICv3" : "GICv2", (unsigned long)seed, rounds, accesses, calls, ok);
	return 0;
}
