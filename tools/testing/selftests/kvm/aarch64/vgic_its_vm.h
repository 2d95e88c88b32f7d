/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the project's ITS selftests share: a GICv3 VM with an ITS, its
 * tables in a memslot of their own at the top of the IPA space (laid out
 * the same in every VM, so that one VM's memory can be copied into
 * another's), the guest's set-up of LPIs and translations, a guest IRQ
 * handler that counts each LPI on each vCPU, and MSIs from the VMM.
 *
 * Event e of device d is LPI 8192 + d * nr_events + e, in collection
 * (d * nr_events + e) % nr_cpus, which is mapped to the vCPU of that
 * number.
 */
#ifndef SELFTEST_KVM_VGIC_ITS_VM_H
#define SELFTEST_KVM_VGIC_ITS_VM_H
#include <linux/sizes.h>
#include <pthread.h>
#include <stdatomic.h>

#include "kvm_util.h"
#include "gic.h"
#include "gic_v3.h"
#include "gic_v3_its.h"
#include "processor.h"
#include "ucall_common.h"
#include "vgic.h"

#define ITS_VM_MEMSLOT		1
#define ITS_VM_LPI_BASE		8192
#define ITS_VM_MAX_CPUS		4
#define ITS_VM_MAX_LPIS		64
#define ITS_VM_PRIO		0xa0

struct its_vm_layout {
	uint32_t	nr_cpus;
	uint32_t	nr_devices;
	uint32_t	nr_events;
	vm_paddr_t	device_table;
	vm_paddr_t	collection_table;
	vm_paddr_t	cmdq;
	vm_paddr_t	itts;		/* 64KB per device */
	vm_paddr_t	prop_table;
	vm_paddr_t	pend_tables;	/* 64KB per vCPU */
	vm_paddr_t	slot_base;
	uint64_t	slot_size;
};

static struct its_vm_layout its_vm;

/* Written by the guest's handler: LPIs taken, by vCPU and by LPI. */
static uint32_t its_vm_taken[ITS_VM_MAX_CPUS][ITS_VM_MAX_LPIS];
static uint32_t its_vm_unexpected;

static inline uint32_t its_vm_nr_lpis(void)
{
	return its_vm.nr_devices * its_vm.nr_events;
}

/* The vCPU (collection) LPI number @lpi (from 0) is first mapped to. */
static inline uint32_t its_vm_home(uint32_t lpi)
{
	return lpi % its_vm.nr_cpus;
}

/*
 * The handler touches only the CPU interface's system registers, so that
 * it also serves a guest whose GIC state was restored rather than set up
 * by the selftest library.
 */
static void its_vm_irq_handler(struct ex_regs *regs)
{
	uint32_t intid = read_sysreg_s(SYS_ICC_IAR1_EL1);
	uint32_t lpi = intid - ITS_VM_LPI_BASE;

	dsb(sy);
	if (intid == IAR_SPURIOUS)
		return;
	if (intid < ITS_VM_LPI_BASE || lpi >= its_vm_nr_lpis()) {
		WRITE_ONCE(its_vm_unexpected, intid);
	} else {
		uint32_t *taken = &its_vm_taken[guest_get_vcpuid()][lpi];

		WRITE_ONCE(*taken, *taken + 1);
	}
	write_sysreg_s(intid, SYS_ICC_EOIR1_EL1);
	isb();
}

/* LPIs taken on vCPU @cpu, all told. */
static inline uint32_t its_vm_taken_on(uint32_t cpu)
{
	uint32_t sum = 0;

	for (uint32_t lpi = 0; lpi < its_vm_nr_lpis(); lpi++)
		sum += READ_ONCE(its_vm_taken[cpu][lpi]);
	return sum;
}

/* Each vCPU: its GIC and LPIs; vCPU 0 then sets the ITS up and maps every event. */
static void its_vm_guest_setup(void)
{
	static atomic_int ready;
	uint32_t cpu = guest_get_vcpuid(), lpi = 0;
	void *cmdq = (void *)its_vm.cmdq;

	gic_init(GIC_V3, its_vm.nr_cpus);
	gic_rdist_enable_lpis(its_vm.prop_table, SZ_64K, its_vm.pend_tables + cpu * SZ_64K);
	atomic_fetch_add(&ready, 1);
	if (cpu)
		return;
	while (atomic_load(&ready) < its_vm.nr_cpus)
		cpu_relax();
	its_init(its_vm.collection_table, SZ_64K, its_vm.device_table, SZ_64K,
		 its_vm.cmdq, SZ_64K);
	/*
	 * The library takes the target as an RDbase address and keeps bits
	 * [51:16]; with GITS_TYPER.PTA 0 those bits hold the processor
	 * number, so it goes in shifted (unshifted, every collection would
	 * map to vCPU 0, as in the library's own vgic_lpi_stress).
	 */
	for (uint32_t c = 0; c < its_vm.nr_cpus; c++)
		its_send_mapc_cmd(cmdq, c << 16, c, true);
	for (uint32_t dev = 0; dev < its_vm.nr_devices; dev++) {
		its_send_mapd_cmd(cmdq, dev, its_vm.itts + dev * SZ_64K, SZ_64K, true);
		for (uint32_t ev = 0; ev < its_vm.nr_events; ev++, lpi++)
			its_send_mapti_cmd(cmdq, dev, ev, its_vm_home(lpi),
					   ITS_VM_LPI_BASE + lpi);
	}
	for (uint32_t c = 0; c < its_vm.nr_cpus; c++)
		its_send_invall_cmd(cmdq, c);
}

/*
 * A command the library has no sender for (MOVI, MOVALL, SYNC): written at
 * GITS_CWRITER, which then moves past it; the ITS has run it when
 * GITS_CREADR gets there (IHI 0069, the command queue).
 */
static void its_vm_cmd(uint64_t dw0, uint64_t dw1, uint64_t dw2, uint64_t dw3)
{
	uint64_t cwriter = readq(GITS_BASE_GVA + GITS_CWRITER);
	uint64_t *slot = (uint64_t *)(its_vm.cmdq + cwriter);
	uint64_t next = (cwriter + 32) % SZ_64K;

	slot[0] = dw0;
	slot[1] = dw1;
	slot[2] = dw2;
	slot[3] = dw3;
	dsb(ishst);
	writeq(next, GITS_BASE_GVA + GITS_CWRITER);
	while (readq(GITS_BASE_GVA + GITS_CREADR) != next)
		cpu_relax();
}

/* MOVI: @dev's event @ev to collection @icid. */
static inline void its_vm_movi(uint32_t dev, uint32_t ev, uint32_t icid)
{
	its_vm_cmd(GITS_CMD_MOVI | (uint64_t)dev << 32, ev, icid, 0);
}

/* MOVALL: every LPI of the redistributor of vCPU @from to that of vCPU @to. */
static inline void its_vm_movall(uint32_t from, uint32_t to)
{
	its_vm_cmd(GITS_CMD_MOVALL, 0, (uint64_t)from << 16, (uint64_t)to << 16);
}

/* The guest's counter, in microseconds. */
static inline uint64_t its_vm_now_us(void)
{
	return read_sysreg(cntvct_el0) * 1000000 / read_sysreg(cntfrq_el0);
}

/*
 * A VM of @nr_cpus vCPUs running @guest_code, its ITS tables' memslot (the
 * same addresses in every VM of the same shape), every LPI enabled at
 * ITS_VM_PRIO in the configuration table, a GICv3 and an ITS.
 */
static struct kvm_vm *its_vm_create(uint32_t nr_cpus, uint32_t nr_devices, uint32_t nr_events,
				    void *guest_code, struct kvm_vcpu **vcpus, int *gic_fd,
				    int *its_fd)
{
	struct kvm_vm *vm = vm_create_with_vcpus(nr_cpus, guest_code, vcpus);
	size_t p64k = vm_calc_num_guest_pages(vm->mode, SZ_64K);
	uint8_t *prop;

	TEST_ASSERT(nr_cpus <= ITS_VM_MAX_CPUS && nr_devices * nr_events <= ITS_VM_MAX_LPIS,
		    "shape too large");
	vm_init_descriptor_tables(vm);
	vm_install_exception_handler(vm, VECTOR_IRQ_CURRENT, its_vm_irq_handler);
	for (uint32_t i = 0; i < nr_cpus; i++)
		vcpu_init_descriptor_tables(vcpus[i]);

	its_vm = (struct its_vm_layout){ .nr_cpus = nr_cpus, .nr_devices = nr_devices,
					 .nr_events = nr_events };
	its_vm.slot_size = (3 + nr_devices + 1 + nr_cpus) * SZ_64K;
	its_vm.slot_base = (vm_compute_max_gfn(vm) + 1) * vm->page_size - its_vm.slot_size;
	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, its_vm.slot_base, ITS_VM_MEMSLOT,
				    its_vm.slot_size / vm->page_size, 0);
	its_vm.device_table = vm_phy_pages_alloc(vm, p64k, its_vm.slot_base, ITS_VM_MEMSLOT);
	its_vm.collection_table = vm_phy_pages_alloc(vm, p64k, its_vm.slot_base,
						     ITS_VM_MEMSLOT);
	its_vm.cmdq = vm_phy_pages_alloc(vm, p64k, its_vm.slot_base, ITS_VM_MEMSLOT);
	virt_map(vm, its_vm.cmdq, its_vm.cmdq, p64k);
	its_vm.itts = vm_phy_pages_alloc(vm, p64k * nr_devices, its_vm.slot_base,
					 ITS_VM_MEMSLOT);
	its_vm.prop_table = vm_phy_pages_alloc(vm, p64k, its_vm.slot_base, ITS_VM_MEMSLOT);
	its_vm.pend_tables = vm_phy_pages_alloc(vm, p64k * nr_cpus, its_vm.slot_base,
						ITS_VM_MEMSLOT);
	prop = addr_gpa2hva(vm, its_vm.prop_table);
	for (uint32_t lpi = 0; lpi < nr_devices * nr_events; lpi++)
		prop[lpi] = ITS_VM_PRIO | LPI_PROP_GROUP1 | LPI_PROP_ENABLED;
	sync_global_to_guest(vm, its_vm);

	*gic_fd = vgic_v3_setup(vm, nr_cpus, 64);
	__TEST_REQUIRE(*gic_fd >= 0, "no GICv3");
	*its_fd = vgic_its_setup(vm);
	return vm;
}

/* An MSI to the ITS: @dev's event @ev.  Return: what KVM_SIGNAL_MSI returned. */
static inline int its_vm_msi(struct kvm_vm *vm, uint32_t dev, uint32_t ev)
{
	uint64_t db = GITS_BASE_GPA + GITS_TRANSLATER;
	struct kvm_msi msi = { .address_lo = db, .address_hi = db >> 32, .data = ev,
			       .devid = dev, .flags = KVM_MSI_VALID_DEVID };

	return __vm_ioctl(vm, KVM_SIGNAL_MSI, &msi);
}

/* Run a vCPU to its next GUEST_SYNC (its stage) or GUEST_DONE (-1). */
static void *its_vm_run_to_sync(void *arg)
{
	struct kvm_vcpu *vcpu = arg;
	struct ucall uc;

	for (;;) {
		vcpu_run(vcpu);
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			return (void *)(long)uc.args[1];
		case UCALL_DONE:
			return (void *)-1L;
		case UCALL_PRINTF:
			REPORT_GUEST_PRINTF(uc);
			continue;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			return NULL;
		default:
			TEST_FAIL("unexpected ucall %lu", uc.cmd);
		}
	}
}

/* Every vCPU, each in its thread, to its next sync point: all must reach @stage. */
static void its_vm_run_all(struct kvm_vcpu **vcpus, uint32_t nr_cpus, long stage)
{
	pthread_t threads[ITS_VM_MAX_CPUS];
	void *got;

	for (uint32_t i = 0; i < nr_cpus; i++)
		pthread_create(&threads[i], NULL, its_vm_run_to_sync, vcpus[i]);
	for (uint32_t i = 0; i < nr_cpus; i++) {
		pthread_join(threads[i], &got);
		TEST_ASSERT((long)got == stage, "vCPU %u reached stage %ld, not %ld", i,
			    (long)got, stage);
	}
}

#endif
