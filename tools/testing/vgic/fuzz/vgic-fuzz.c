// SPDX-License-Identifier: GPL-2.0-only
/*
 * Property fuzzer of the vGIC: every guest and userspace entry point
 * (distributor, redistributor and CPU-interface frames at random offsets,
 * widths and values; the device attributes; injection; SGIs; retargeting;
 * the phys-map; the world switch and the guest's acknowledge, EOI and
 * deactivation; on GICv3, an ITS: its command queue, its register frame,
 * its attributes, table save and restore over guest-scribbled memory, and
 * MSIs) driven from a byte string, with the invariants of
 * Documentation/virt/kvm/arm/vgic.rst checked after every operation.
 *
 * Built two ways from this one file: with libFuzzer (clang,
 * -DVGIC_LIBFUZZER) to explore from a corpus, and as a plain program that
 * feeds it pseudo-random inputs from a seed, which `make check` runs.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/slab.h>

#include <linux/rcupdate.h>
#include <linux/tracepoint.h>

#include "../lib/its-guest.h"
#include "../lib/test-vm.h"
#include "vgic-mmio.h"

#define TIMER_PPI	27
#define FWD_SPI		40
#define FWD_PHYS	50

struct bytes {
	const u8 *p;
	size_t left;
};

static u64 take(struct bytes *b, unsigned int n)
{
	u64 v = 0;

	while (n-- && b->left) {
		v = (v << 8) | *b->p++;
		b->left--;
	}
	return v;
}

struct fuzz {
	struct test_vm vm;
	int nr_vcpus;
	bool v3;
	bool in_guest[SHIM_MAX_VCPUS];
	u32 last_iar[SHIM_MAX_VCPUS];
	unsigned int timer_irq, spi_irq;
	bool timer_line;
	struct its_guest its;		/* GICv3: an ITS, its tables in RAM */
};

static struct fuzz fz;
static int owner;
static unsigned long accesses, operations, msis_delivered, its_commands;
static const u8 *current_input;
static size_t current_size;
static bool trace;

static bool fuzz_timer_level(int vintid)
{
	return fz.timer_line;
}

static struct irq_ops timer_ops = { .get_input_level = fuzz_timer_level };

/* The host's handler of the physical timer: forward the level. */
static void fuzz_timer_handler(unsigned int host_irq, void *data)
{
	kvm_vgic_inject_irq(&fz.vm.kvm, &fz.vm.vcpu[0], TIMER_PPI, fz.timer_line, &owner);
}

static void fuzz_spi_handler(unsigned int host_irq, void *data)
{
	kvm_vgic_inject_irq(&fz.vm.kvm, NULL, FWD_SPI, true, &owner);
}

/* The input being run, for a broken invariant or a WARN (shim_on_warn). */
static void save_input(void)
{
	FILE *f = fopen("vgic-fuzz-crash.bin", "wb");

	if (f) {
		fwrite(current_input, 1, current_size, f);
		fclose(f);
		fprintf(stderr, "fuzz: input saved as vgic-fuzz-crash.bin\n");
	}
}

static void check(const char *after)
{
	char why[200];

	operations++;
	if (trace) {
		/* the vGIC's tracepoints of the operation, then its name */
		for (unsigned int i = 0; i < shim_trace_lines(); i++)
			fprintf(stderr, "    %s\n", shim_trace_line(i));
		shim_trace_start();
		fprintf(stderr, "  %s\n", after);
	}
	if (!test_invariants_hold(&fz.vm, why, sizeof(why))) {
		fprintf(stderr, "fuzz: invariant broken after %s: %s\n", after, why);
		save_input();
		abort();
	}
}

/* Offsets that hit registers more often than uniform ones would. */
static u32 fuzz_offset(struct bytes *b, u32 frame_size)
{
	static const u16 bases[] = {
		0x0, 0x4, 0x8, 0xc, 0x10, 0x14, 0x20, 0x28, 0x40, 0x48, 0x70, 0x78,
		0x80, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380, 0x400, 0x800, 0xc00,
		0xd00, 0xe00, 0xf00, 0xf10, 0xf20, 0xfe8, 0x1000, 0x6000, 0x6100, 0xffe8,
	};
	u8 how = take(b, 1);
	u32 off;

	if (how & 0x80)
		off = take(b, 3);
	else
		off = bases[how % ARRAY_SIZE(bases)] + (take(b, 1) & 0x7f);
	return off % frame_size;
}

static unsigned int fuzz_len(struct bytes *b)
{
	static const u8 lens[] = { 4, 4, 4, 1, 8, 2, 3, 4 };

	return lens[take(b, 1) % ARRAY_SIZE(lens)];
}

static void exit_guest(int cpu)
{
	if (fz.in_guest[cpu]) {
		test_vcpu_exit(&fz.vm, cpu);
		fz.in_guest[cpu] = false;
	}
}

static void exit_all(void)
{
	for (int cpu = 0; cpu < fz.nr_vcpus; cpu++)
		exit_guest(cpu);
}

/* A guest access to one of its interrupt controller frames. */
static void op_guest_mmio(struct bytes *b, bool second_frame)
{
	int cpu = take(b, 1) % fz.nr_vcpus;
	struct kvm_vcpu *vcpu = &fz.vm.vcpu[cpu];
	unsigned int len = fuzz_len(b);
	bool write = take(b, 1) & 1;
	u64 val = take(b, 8);
	u32 off;

	exit_guest(cpu);	/* the access traps */
	if (!second_frame) {
		off = fuzz_offset(b, 0x10000);
		if (fz.v3)
			vgic_v3_dist_access(&fz.vm.kvm, off, len, write, &val, false);
		else
			vgic_v2_dist_access(vcpu, off, len, write, &val, false);
	} else if (fz.v3) {
		off = fuzz_offset(b, 0x20000);
		vgic_v3_rdist_access(vcpu, off, len, write, &val, false);
	} else {
		off = fuzz_offset(b, 0x2000);
		vgic_v2_cpuif_access(vcpu, off, len, write, &val, false);
	}
	accesses++;
}

/* A VMM access through the device attributes, every vCPU stopped. */
static void op_user_attr(struct bytes *b)
{
	u32 group = take(b, 1) % 10;
	u64 cpu = take(b, 1), attr, val = take(b, 8);
	bool write = take(b, 1) & 1;

	if (cpu < 0x80)		/* mostly a CPU that exists */
		cpu %= fz.nr_vcpus;
	attr = fuzz_offset(b, group == KVM_DEV_ARM_VGIC_GRP_REDIST_REGS ? 0x20000 : 0x10000);
	if (group == KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS)
		attr = 0xc000 | (take(b, 2) & 0x3fff);
	attr |= cpu << 32;
	exit_all();
	vgic_attr_has(&fz.vm.kvm, group, attr);
	vgic_attr_access(&fz.vm.kvm, group, attr, &val, write);
	accesses++;
}

static void op_inject(struct bytes *b)
{
	u32 sel = take(b, 2);
	u32 intid = sel & 0x8000 ? (u32)take(b, 4) : sel % (64 + fz.vm.kvm.arch.vgic.nr_spis);
	int cpu = take(b, 1) % (fz.nr_vcpus + 1);
	bool level = take(b, 1) & 1;

	kvm_vgic_inject_irq(&fz.vm.kvm, cpu < fz.nr_vcpus ? &fz.vm.vcpu[cpu] : NULL,
			    intid, level, sel & 0x4000 ? &owner : NULL);
}

static void op_guest(struct bytes *b, u8 what)
{
	int cpu = take(b, 1) % fz.nr_vcpus;
	struct vcpu_if *vif = &fz.vm.vif[cpu];

	if (!fz.in_guest[cpu]) {
		test_vcpu_enter(&fz.vm, cpu);
		fz.in_guest[cpu] = true;
		return;
	}
	switch (what % 6) {
	case 0:
		fz.last_iar[cpu] = vif_ack(vif, (int)(take(b, 1) % 3) - 1);
		break;
	case 1:
		vif_eoi(vif, take(b, 1) & 1 ? fz.last_iar[cpu] : (u32)take(b, 2));
		break;
	case 2:
		vif_dir(vif, take(b, 1) & 1 ? fz.last_iar[cpu] : (u32)take(b, 2));
		break;
	case 3:
		vif->pmr = take(b, 1) & 0xf8;
		vif->eoimode = take(b, 1) & 1;
		vif->grpen[take(b, 1) & 1] = take(b, 1) & 1;
		break;
	default:
		exit_guest(cpu);
		break;
	}
}

/* The timer device: it drives its line, and like KVM's arch timer it
 * releases the physical interrupt when the guest does not own it. */
static void op_timer(struct bytes *b)
{
	fz.timer_line = take(b, 1) & 1;
	phys_gic_set_line(TIMER_PPI, fz.timer_line);
	kvm_vgic_inject_irq(&fz.vm.kvm, &fz.vm.vcpu[0], TIMER_PPI, fz.timer_line, &owner);
	if (!fz.timer_line && !kvm_vgic_map_is_active(&fz.vm.vcpu[0], TIMER_PPI))
		irq_set_irqchip_state(fz.timer_irq, IRQCHIP_STATE_ACTIVE, false);
}

static void op_map(struct bytes *b)
{
	u8 what = take(b, 1);
	bool timer = what & 1;
	u32 intid = timer ? TIMER_PPI : FWD_SPI;
	struct kvm_vcpu *vcpu = &fz.vm.vcpu[0];

	switch (what >> 1 & 3) {
	case 0:
		kvm_vgic_map_phys_irq(vcpu, timer ? fz.timer_irq : fz.spi_irq, intid,
				      timer ? &timer_ops : NULL);
		break;
	case 1:
		kvm_vgic_unmap_phys_irq(vcpu, intid);
		break;
	case 2:
		kvm_vgic_reset_mapped_irq(vcpu, intid);
		break;
	default:
		phys_gic_set_line(FWD_PHYS, what & 0x80);
		break;
	}
}

static void op_sgi_or_route(struct bytes *b)
{
	int cpu = take(b, 1) % fz.nr_vcpus;
	u64 reg = take(b, 8);

	if (fz.v3 && (reg & 1)) {
		exit_guest(cpu);	/* ICC_SGI1R_EL1 traps */
		vgic_v3_dispatch_sgi(&fz.vm.vcpu[cpu], reg >> 1, reg & 2);
	} else {
		u32 intid = (reg >> 8) % (32 + fz.vm.kvm.arch.vgic.nr_spis);
		int to = (reg >> 24) % (fz.nr_vcpus + 1);
		u64 route;

		/* the guest's own routing: GICD_IROUTER or GICD_ITARGETSR */
		exit_guest(cpu);
		if (fz.v3) {
			route = to < fz.nr_vcpus ? kvm_vcpu_get_mpidr_aff(&fz.vm.vcpu[to]) : reg >> 32;
			vgic_v3_dist_access(&fz.vm.kvm, 0x6000 + intid * 8, 8, true, &route, false);
		} else {
			route = to < fz.nr_vcpus ? BIT(to) : 0;
			vgic_v2_dist_access(&fz.vm.vcpu[cpu], 0x800 + intid, 1, true, &route, false);
		}
	}
}

/* Mostly @tame, one time in sixteen @wild. */
static u64 mostly(struct bytes *b, u64 tame, unsigned int wild_bytes)
{
	return take(b, 1) < 16 ? take(b, wild_bytes) : tame;
}

/* A command on the ITS's queue: mostly a real one with small IDs. */
static void op_its_cmd(struct bytes *b)
{
	static const u8 cmds[] = {	/* the mappings twice as often */
		GITS_CMD_MAPD, GITS_CMD_MAPC, GITS_CMD_MAPTI, GITS_CMD_MAPD, GITS_CMD_MAPC,
		GITS_CMD_MAPTI, GITS_CMD_MAPI, GITS_CMD_MOVI,
		GITS_CMD_DISCARD, GITS_CMD_CLEAR, GITS_CMD_INT, GITS_CMD_INV,
		GITS_CMD_INVALL, GITS_CMD_MOVALL, GITS_CMD_SYNC, GITS_CMD_VMAPP,
	};
	u64 nr = mostly(b, cmds[take(b, 1) % ARRAY_SIZE(cmds)], 1);
	u64 dev = mostly(b, take(b, 1) % 4, 4);
	u64 event = mostly(b, take(b, 1) % 4, 4);
	u64 intid = mostly(b, 8192 + take(b, 1) % 64, 4);
	u64 valid = take(b, 1) < 200 ? BIT_ULL(63) : 0;
	u64 dw2 = mostly(b, valid | (take(b, 1) % (fz.nr_vcpus + 1)) << 16 | take(b, 1) % 4, 8);
	u64 dw3 = mostly(b, (take(b, 1) % (fz.nr_vcpus + 1)) << 16, 8);

	if (nr == GITS_CMD_MAPD)
		event = take(b, 1) % 6;			/* EventID bits - 1 */
	exit_all();
	its_cmd(&fz.its, nr | dev << 32, intid << 32 | event, dw2, dw3);
	its_commands++;
}

/* The ITS frame: a guest access, or a VMM register access. */
static void op_its_reg(struct bytes *b)
{
	static const u32 offs[] = {
		GITS_CTLR, GITS_IIDR, GITS_TYPER, GITS_CBASER, GITS_CWRITER, GITS_CREADR,
		GITS_BASER, GITS_BASER + 8, GITS_BASER + 56, 0xffe8, 0x10040,
	};
	u8 how = take(b, 1);
	u32 off = mostly(b, offs[how % ARRAY_SIZE(offs)], 3) % 0x20000;
	bool write = how & 0x40;
	u64 val = take(b, 8);

	exit_all();
	if (how & 0x80)
		vgic_its_uaccess(fz.its.its, off, write, &val);
	else
		vgic_its_access(fz.its.its, off, fuzz_len(b), write, &val, false);
	accesses++;
}

/*
 * The VMM's ITS controls: RESET, the table saves, or a restore after the
 * guest scribbled over its tables (the restore must refuse or translate
 * within them, never fault or loop).
 */
static void op_its_ctrl(struct bytes *b)
{
	u8 how = take(b, 1);

	exit_all();
	switch (how % 8) {
	case 0:
		vgic_its_reset(fz.its.its);
		its_start(&fz.its);
		break;
	case 1 ... 3:
		vgic_its_save_tables(fz.its.its);
		break;
	case 4 ... 6:
		vgic_lpi_save_pending_tables(&fz.vm.kvm);
		break;
	default:
		for (int n = take(b, 1) % 8; n--;) {
			u32 at = (ITS_GUEST_DEV_TABLE - ITS_GUEST_RAM) + take(b, 3) % 0x30000;

			fz.its.ram[at] = take(b, 1);
		}
		its_write(fz.its.its, GITS_CTLR, 0);
		vgic_its_restore_tables(fz.its.its);
		its_write(fz.its.its, GITS_CTLR, GITS_CTLR_ENABLE);
		break;
	}
}

/* An MSI, mostly at the doorbell and for an event that may be mapped. */
static void op_msi(struct bytes *b)
{
	u64 doorbell = mostly(b, ITS_GUEST_DOORBELL, 8);
	u32 dev = mostly(b, take(b, 1) % 4, 4), event = mostly(b, take(b, 1) % 4, 4);

	if (vgic_its_inject_msi(&fz.vm.kvm, doorbell, dev, event) == 1)
		msis_delivered++;
}

/**
 * vgic_fuzz_one() - one VM's life, driven by @data
 * @data:	the input
 * @size:	its length
 */
static void vgic_fuzz_one(const u8 *data, size_t size)
{
	struct bytes b = { data, size };
	u8 shape = take(&b, 1);
	static const char *const names[] = {
		"guest GICD access", "guest GICR/GICC access", "guest GICD access",
		"VMM attribute access", "injection", "guest op", "guest op", "guest op",
		"host window", "timer line", "map/unmap/reset", "SGI or retarget",
		"ITS command", "ITS command", "ITS command", "ITS command", "ITS register",
		"ITS control", "MSI", "MSI", "MSI", "MSI",
	};
	static const int lrs[] = { 4, 2, 1, 16 };

	current_input = data;
	current_size = size;
	shim_on_warn = save_input;
	trace = getenv("VGIC_FUZZ_TRACE");
	if (trace)
		shim_trace_start();
	phys_gic_reset();
	memset(&fz, 0, sizeof(fz));
	fz.v3 = !(shape & 1);
	fz.nr_vcpus = 1 + (shape >> 1) % 4;
	if (test_vm_create(&fz.vm, fz.v3 ? VGIC_V3 : VGIC_V2, fz.nr_vcpus,
			   32 * (1 + (shape >> 3) % 3), lrs[(shape >> 5) & 3]))
		abort();
	fz.timer_irq = phys_gic_register(TIMER_PPI, true, fuzz_timer_handler, NULL);
	fz.spi_irq = phys_gic_register(FWD_PHYS, true, fuzz_spi_handler, NULL);
	kvm_vgic_set_owner(&fz.vm.vcpu[0], TIMER_PPI, &owner);
	kvm_vgic_set_owner(&fz.vm.vcpu[0], FWD_SPI, &owner);
	kvm_vgic_map_phys_irq(&fz.vm.vcpu[0], fz.timer_irq, TIMER_PPI, &timer_ops);
	kvm_vgic_map_phys_irq(&fz.vm.vcpu[0], fz.spi_irq, FWD_SPI, NULL);
	if (fz.v3 && its_guest_create(&fz.its, &fz.vm, fz.nr_vcpus))
		abort();
	check("creation");

	while (b.left) {
		u8 raw = take(&b, 1), op = raw % (fz.v3 ? 22 : 12);

		switch (op) {
		case 0:
		case 1:
		case 2:
			op_guest_mmio(&b, raw & 1);
			break;
		case 3:
			op_user_attr(&b);
			break;
		case 4:
			op_inject(&b);
			break;
		case 5:
		case 6:
		case 7:
			op_guest(&b, raw >> 4);
			break;
		case 8:
			phys_gic_host_window();
			break;
		case 9:
			op_timer(&b);
			break;
		case 10:
			op_map(&b);
			break;
		case 11:
			op_sgi_or_route(&b);
			break;
		case 12 ... 15:
			op_its_cmd(&b);
			break;
		case 16:
			op_its_reg(&b);
			break;
		case 17:
			op_its_ctrl(&b);
			break;
		default:
			op_msi(&b);
			break;
		}
		shim_rcu_quiesce();
		check(names[op]);
	}

	exit_all();
	check("the last exit");
	if (fz.its.its)
		vgic_its_destroy(fz.its.its);
	test_vm_destroy(&fz.vm);
	if (shim_live_allocations) {
		fprintf(stderr, "fuzz: %lu allocations leaked\n", shim_live_allocations);
		abort();
	}
}

#ifdef VGIC_LIBFUZZER
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	vgic_fuzz_one(data, size);
	return 0;
}
#else
/* xorshift64*: the same inputs for the same seed, everywhere. */
static u64 next_random(u64 *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

/* Run one input file, or every file of a corpus directory. */
static unsigned long replay(const char *path)
{
	static u8 buf[1 << 16];
	unsigned long count = 0;
	DIR *dir = opendir(path);
	FILE *f;
	size_t n;

	if (dir) {
		struct dirent *e;
		char name[4096];

		while ((e = readdir(dir))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(name, sizeof(name), "%s/%s", path, e->d_name);
			count += replay(name);
		}
		closedir(dir);
		return count;
	}
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	vgic_fuzz_one(buf, n);
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long target = 1000000, inputs = 0;
	u64 seed = 1, first_seed;
	static u8 buf[4096];
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			target = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0) | 1;
		else
			inputs += replay(argv[i]);
	}
	first_seed = seed;
	while (accesses < target) {
		size_t len = 64 + next_random(&seed) % (sizeof(buf) - 64);

		for (size_t j = 0; j < len; j++)
			buf[j] = next_random(&seed);
		vgic_fuzz_one(buf, len);
		inputs++;
	}
	printf("fuzz: %lu register accesses, %lu operations, %lu ITS commands, %lu MSIs delivered, %lu VMs (corpus, then seed %llu), invariants held\n",
	       accesses, operations, its_commands, msis_delivered, inputs,
	       (unsigned long long)first_seed);
	printf("ok 1 fuzz\n# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0\n");
	return 0;
}
#endif
