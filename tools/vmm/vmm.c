// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmm - a small VMM for the project's vGIC: boot an arm64 Linux Image with an
 * initramfs on N vCPUs, with the in-kernel GICv3 or GICv2
 * (KVM_DEV_TYPE_ARM_VGIC_V3/_V2) and, with GICv3, an ITS
 * (KVM_DEV_TYPE_ARM_VGIC_ITS; -i 0: none), in-kernel PSCI (secondaries start powered
 * off, CPU_ON brings them up), a PL011 console and a generated device tree.
 * It stops when the guest powers off or resets (PSCI SYSTEM_OFF/RESET) and
 * prints how long the guest ran.
 *
 *   vmm [-g 2|3] [-i 0|1] [-c cpus] [-m MB] [-a bootargs] Image initrd
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "board.h"
#include "pl011.h"

#define MAX_CPUS	8
#define FDT_MAX		0x10000
/* arm64 Image header (Documentation/arch/arm64/booting.rst) */
#define IMAGE_MAGIC_OFF	56
#define IMAGE_MAGIC	0x644d5241	/* "ARM\x64" */
#define IMAGE_SIZE_OFF	16

struct vmm {
	int kvm, vm, gic;
	int vcpu[MAX_CPUS];
	struct kvm_run *run[MAX_CPUS];
	struct board board;
	uint8_t *ram;
	struct pl011 uart;
	pthread_mutex_t uart_lock;
	struct timespec start;
};

static struct vmm vmm;

static void die(const char *what)
{
	fprintf(stderr, "vmm: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Read a whole file into guest RAM at @offset; return its size. */
static size_t load(const char *path, uint64_t offset)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	size_t done = 0;

	if (fd < 0 || fstat(fd, &st))
		die(path);
	if (offset + st.st_size > vmm.board.ram_size) {
		fprintf(stderr, "vmm: %s does not fit in RAM\n", path);
		exit(1);
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, vmm.ram + offset + done, st.st_size - done);

		if (n <= 0)
			die(path);
		done += n;
	}
	close(fd);
	return done;
}

static void set_reg(int vcpu, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)&val };

	if (ioctl(vcpu, KVM_SET_ONE_REG, &reg))
		die("KVM_SET_ONE_REG");
}

#define CORE_REG(field)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
			 (offsetof(struct kvm_regs, field) / sizeof(__u32)))

static void device_attr(int fd, uint32_t group, uint64_t attr, void *val)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (uint64_t)val };

	if (ioctl(fd, KVM_SET_DEVICE_ATTR, &a))
		die("vGIC attribute");
}

static void gic_attr(uint32_t group, uint64_t attr, void *val)
{
	device_attr(vmm.gic, group, attr, val);
}

/* The ITS of a GICv3 board, its frame at BOARD_GITS; after the vGIC's INIT. */
static void create_its(void)
{
	struct kvm_create_device dev = { .type = KVM_DEV_TYPE_ARM_VGIC_ITS };
	uint64_t base = BOARD_GITS;

	if (ioctl(vmm.vm, KVM_CREATE_DEVICE, &dev))
		die("KVM_CREATE_DEVICE (ITS)");
	device_attr(dev.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_ITS_ADDR_TYPE, &base);
	device_attr(dev.fd, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL);
}

/* The in-kernel GIC: created before the vCPUs run, initialized after they exist. */
static void create_gic(void)
{
	struct kvm_create_device dev = {
		.type = vmm.board.gic_version == 3 ? KVM_DEV_TYPE_ARM_VGIC_V3
						   : KVM_DEV_TYPE_ARM_VGIC_V2,
	};
	uint64_t dist = BOARD_GICD, other = vmm.board.gic_version == 3 ? BOARD_GICR : BOARD_GICC;
	uint32_t nr_irqs = BOARD_NR_IRQS;

	if (ioctl(vmm.vm, KVM_CREATE_DEVICE, &dev))
		die("KVM_CREATE_DEVICE (vGIC)");
	vmm.gic = dev.fd;
	if (vmm.board.gic_version == 3) {
		gic_attr(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, &dist);
		gic_attr(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, &other);
	} else {
		gic_attr(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, &dist);
		gic_attr(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, &other);
	}
	gic_attr(KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs);
}

static void create_vcpus(uint64_t entry, uint64_t fdt)
{
	struct kvm_vcpu_init init;
	long run_size = ioctl(vmm.kvm, KVM_GET_VCPU_MMAP_SIZE, 0);

	if (ioctl(vmm.vm, KVM_ARM_PREFERRED_TARGET, &init))
		die("KVM_ARM_PREFERRED_TARGET");
	for (int i = 0; i < vmm.board.nr_cpus; i++) {
		vmm.vcpu[i] = ioctl(vmm.vm, KVM_CREATE_VCPU, i);
		if (vmm.vcpu[i] < 0)
			die("KVM_CREATE_VCPU");
		memset(init.features, 0, sizeof(init.features));
		init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
		if (i)
			init.features[0] |= 1u << KVM_ARM_VCPU_POWER_OFF;
		if (ioctl(vmm.vcpu[i], KVM_ARM_VCPU_INIT, &init))
			die("KVM_ARM_VCPU_INIT");
		vmm.run[i] = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
				  vmm.vcpu[i], 0);
		if (vmm.run[i] == MAP_FAILED)
			die("mmap kvm_run");
	}
	/* booting.rst: x0 = device tree, PC = the Image, MMU off, IRQs masked */
	set_reg(vmm.vcpu[0], CORE_REG(regs.pc), entry);
	set_reg(vmm.vcpu[0], CORE_REG(regs.regs[0]), fdt);
}

static void uart_set_irq(struct pl011 *uart, bool level)
{
	struct kvm_irq_level irq = {
		.irq = KVM_ARM_IRQ_TYPE_SPI << KVM_ARM_IRQ_TYPE_SHIFT |
		       (32 + BOARD_UART_SPI),
		.level = level,
	};

	(void)uart;
	if (ioctl(vmm.vm, KVM_IRQ_LINE, &irq))
		die("KVM_IRQ_LINE");
}

static void mmio(struct kvm_run *run)
{
	uint64_t addr = run->mmio.phys_addr;
	uint32_t val = 0;

	if (addr < BOARD_UART || addr >= BOARD_UART + BOARD_UART_SIZE) {
		if (!run->mmio.is_write)	/* nothing there: RAZ/WI */
			memset(run->mmio.data, 0, sizeof(run->mmio.data));
		return;
	}
	pthread_mutex_lock(&vmm.uart_lock);
	if (run->mmio.is_write) {
		memcpy(&val, run->mmio.data, run->mmio.len < 4 ? run->mmio.len : 4);
		pl011_write(&vmm.uart, addr - BOARD_UART, val);
	} else {
		val = pl011_read(&vmm.uart, addr - BOARD_UART);
		memset(run->mmio.data, 0, sizeof(run->mmio.data));
		memcpy(run->mmio.data, &val, run->mmio.len < 4 ? run->mmio.len : 4);
	}
	pthread_mutex_unlock(&vmm.uart_lock);
}

static void *vcpu_loop(void *arg)
{
	int i = (long)arg;
	struct kvm_run *run = vmm.run[i];

	for (;;) {
		if (ioctl(vmm.vcpu[i], KVM_RUN, 0) && errno != EINTR)
			die("KVM_RUN");
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			mmio(run);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			fflush(stdout);
			printf("\nvmm: guest %s after %.1f s (vCPU %d)\n",
			       run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN ?
			       "powered off" : "reset or crashed",
			       seconds_since(&vmm.start), i);
			exit(run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN ? 0 : 2);
		case KVM_EXIT_INTR:
			break;
		default:
			fprintf(stderr, "vmm: vCPU %d: exit reason %u\n", i, run->exit_reason);
			exit(1);
		}
	}
	return NULL;
}

static void usage(void)
{
	fprintf(stderr, "usage: vmm [-g 2|3] [-i 0|1] [-c cpus] [-m MB] [-a bootargs] Image initrd\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct board *board = &vmm.board;
	struct kvm_userspace_memory_region mem = { .guest_phys_addr = BOARD_RAM };
	pthread_t threads[MAX_CPUS];
	uint64_t image_size, initrd_off, fdt_off;
	size_t initrd_size;
	long fdt_size;
	int opt;

	*board = (struct board){ .gic_version = 3, .its = true, .nr_cpus = 2,
				 .ram_size = 256ULL << 20,
				 .bootargs = "console=ttyAMA0 rdinit=/init panic=-1" };
	while ((opt = getopt(argc, argv, "g:i:c:m:a:")) != -1) {
		switch (opt) {
		case 'g':
			board->gic_version = atoi(optarg);
			break;
		case 'i':
			board->its = atoi(optarg);
			break;
		case 'c':
			board->nr_cpus = atoi(optarg);
			break;
		case 'm':
			board->ram_size = strtoull(optarg, NULL, 0) << 20;
			break;
		case 'a':
			board->bootargs = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2 || board->nr_cpus < 1 || board->nr_cpus > MAX_CPUS ||
	    (board->gic_version != 2 && board->gic_version != 3))
		usage();
	board->its &= board->gic_version == 3;
	clock_gettime(CLOCK_MONOTONIC, &vmm.start);
	pthread_mutex_init(&vmm.uart_lock, NULL);
	vmm.uart.set_irq = uart_set_irq;

	vmm.kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vmm.kvm < 0)
		die("/dev/kvm");
	vmm.vm = ioctl(vmm.kvm, KVM_CREATE_VM, 0);
	if (vmm.vm < 0)
		die("KVM_CREATE_VM");
	vmm.ram = mmap(NULL, board->ram_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vmm.ram == MAP_FAILED)
		die("mmap RAM");
	mem.memory_size = board->ram_size;
	mem.userspace_addr = (uint64_t)vmm.ram;
	if (ioctl(vmm.vm, KVM_SET_USER_MEMORY_REGION, &mem))
		die("KVM_SET_USER_MEMORY_REGION");

	/* The Image at the start of RAM (2MB aligned), then the initrd, then the DT. */
	load(argv[optind], 0);
	if (*(uint32_t *)(vmm.ram + IMAGE_MAGIC_OFF) != IMAGE_MAGIC) {
		fprintf(stderr, "vmm: %s is not an arm64 Image\n", argv[optind]);
		return 1;
	}
	image_size = *(uint64_t *)(vmm.ram + IMAGE_SIZE_OFF);
	initrd_off = (image_size + (2 << 20)) & ~((2ULL << 20) - 1);
	initrd_size = load(argv[optind + 1], initrd_off);
	fdt_off = (initrd_off + initrd_size + (2 << 20)) & ~((2ULL << 20) - 1);
	board->initrd_start = BOARD_RAM + initrd_off;
	board->initrd_end = board->initrd_start + initrd_size;
	fdt_size = board_fdt(board, vmm.ram + fdt_off, FDT_MAX);
	if (fdt_size < 0 || fdt_off + FDT_MAX > board->ram_size) {
		fprintf(stderr, "vmm: the device tree does not fit\n");
		return 1;
	}

	create_gic();
	create_vcpus(BOARD_RAM, BOARD_RAM + fdt_off);
	gic_attr(KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL);
	if (board->its)
		create_its();
	printf("vmm: %d vCPUs, %llu MB, GICv%d%s, Image %llu KB, initrd %zu KB, DT %ld bytes\n",
	       board->nr_cpus, (unsigned long long)(board->ram_size >> 20), board->gic_version,
	       board->its ? " + ITS" : "",
	       (unsigned long long)(image_size >> 10), initrd_size >> 10, fdt_size);
	fflush(stdout);

	for (long i = 0; i < board->nr_cpus; i++)
		if (pthread_create(&threads[i], NULL, vcpu_loop, (void *)i))
			die("pthread_create");
	for (int i = 0; i < board->nr_cpus; i++)
		pthread_join(threads[i], NULL);
	return 1;
}
