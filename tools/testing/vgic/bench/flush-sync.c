// SPDX-License-Identifier: GPL-2.0-only
/*
 * `make -C tools/testing/vgic bench`: what a world switch costs the core
 * natively, flush then sync, with 0 to 988 pending interrupts queued to
 * one vCPU and 4 or 16 list registers.  The interrupts are pending,
 * enabled and of a priority the guest never takes (the LRs come back as
 * they went in), so every switch ranks the whole list: the cost must grow
 * with what is pending, and not with the list registers used.
 * Built without sanitizers, -O2; figures are wall-clock, printed, never
 * judged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../lib/test-vm.h"

static const unsigned int pending[] = { 0, 1, 4, 16, 64, 256, 988 };
static const unsigned int lrs[] = { 4, 16 };

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ns per flush + sync, on a fresh VM with @nr pending SPIs and @nr_lr LRs */
static double measure(unsigned int nr, unsigned int nr_lr)
{
	static struct test_vm vm;
	struct kvm_vcpu *vcpu;
	unsigned long rounds = 0, batch = 64;
	double start, elapsed;

	phys_gic_reset();
	if (test_vm_create(&vm, VGIC_V3, 1, 988, nr_lr))
		exit(1);
	vcpu = &vm.vcpu[0];
	for (unsigned int i = 0; i < nr; i++) {
		test_irq_setup(&vm, 0, 32 + i, true, 0xa0, 1, VGIC_CONFIG_EDGE);
		kvm_vgic_inject_irq(&vm.kvm, NULL, 32 + i, true, NULL);
	}
	shim_running_vcpu = vcpu;
	start = now_ns();
	do {
		for (unsigned long i = 0; i < batch; i++) {
			kvm_vgic_flush_hwstate(vcpu);
			kvm_vgic_sync_hwstate(vcpu);
		}
		rounds += batch;
		elapsed = now_ns() - start;
	} while (elapsed < 2e8);
	shim_running_vcpu = NULL;
	if (test_used_lrs(&vm, 0) > nr_lr)
		exit(1);
	test_vm_destroy(&vm);
	return elapsed / rounds;
}

int main(void)
{
	printf("flush+sync of one vCPU, ns per world switch (native, -O2, wall-clock)\n");
	printf("%10s", "pending");
	for (unsigned int l = 0; l < ARRAY_SIZE(lrs); l++)
		printf(" %9u LRs", lrs[l]);
	printf("   per pending IRQ (16 LRs)\n");
	for (unsigned int p = 0; p < ARRAY_SIZE(pending); p++) {
		double cost[ARRAY_SIZE(lrs)];

		printf("%10u", pending[p]);
		for (unsigned int l = 0; l < ARRAY_SIZE(lrs); l++) {
			cost[l] = measure(pending[p], lrs[l]);
			printf(" %13.1f", cost[l]);
		}
		if (pending[p])
			printf("   %8.2f", cost[ARRAY_SIZE(lrs) - 1] / pending[p]);
		printf("\n");
	}
	return 0;
}
