// SPDX-License-Identifier: GPL-2.0-only
/*
 * `make -C tools/testing/vgic bench`: what a world switch costs the core
 * natively, flush then sync, with 0 to 988 pending interrupts queued to
 * one vCPU and 4 or 16 list registers.  The interrupts are pending,
 * enabled and of a priority the guest never takes (the LRs come back as
 * they went in).  The list is kept in rank order, so a switch reads only
 * its head: the cost must grow with the list registers used, and not with
 * what is pending.  Two figures per cell: wall-clock ns (the best of three
 * runs; built without sanitizers, -O2) and the locks taken, which are
 * exact.  Printed, never judged.
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

struct cost {
	double ns;	/* per flush + sync, best of three runs */
	double locks;	/* spinlocks taken per flush + sync */
};

/* One switch after another, for 0.1 s: ns per switch. */
static double time_switches(struct kvm_vcpu *vcpu)
{
	unsigned long rounds = 0, batch = 64;
	double start = now_ns(), elapsed;

	do {
		for (unsigned long i = 0; i < batch; i++) {
			kvm_vgic_flush_hwstate(vcpu);
			kvm_vgic_sync_hwstate(vcpu);
		}
		rounds += batch;
		elapsed = now_ns() - start;
	} while (elapsed < 1e8);
	return elapsed / rounds;
}

/* The cost of a switch on a fresh VM with @nr pending SPIs and @nr_lr LRs */
static struct cost measure(unsigned int nr, unsigned int nr_lr)
{
	static struct test_vm vm;
	struct cost c = { .ns = 1e30 };
	struct kvm_vcpu *vcpu;
	unsigned long locks;

	phys_gic_reset();
	if (test_vm_create(&vm, VGIC_V3, 1, 988, nr_lr))
		exit(1);
	vcpu = &vm.vcpu[0];
	for (unsigned int i = 0; i < nr; i++) {
		test_irq_setup(&vm, 0, 32 + i, true, 0xa0, 1, VGIC_CONFIG_EDGE);
		kvm_vgic_inject_irq(&vm.kvm, NULL, 32 + i, true, NULL);
	}
	shim_running_vcpu = vcpu;
	locks = shim_lock_acquisitions;
	kvm_vgic_flush_hwstate(vcpu);
	kvm_vgic_sync_hwstate(vcpu);
	c.locks = shim_lock_acquisitions - locks;
	for (int run = 0; run < 3; run++) {
		double ns = time_switches(vcpu);

		if (ns < c.ns)
			c.ns = ns;
	}
	shim_running_vcpu = NULL;
	if (test_used_lrs(&vm, 0) > nr_lr)
		exit(1);
	test_vm_destroy(&vm);
	return c;
}

int main(void)
{
	printf("flush+sync of one vCPU per world switch (native, -O2): wall-clock ns, locks\n");
	printf("%10s", "pending");
	for (unsigned int l = 0; l < ARRAY_SIZE(lrs); l++)
		printf("  %6u LRs: ns locks", lrs[l]);
	printf("\n");
	for (unsigned int p = 0; p < ARRAY_SIZE(pending); p++) {
		printf("%10u", pending[p]);
		for (unsigned int l = 0; l < ARRAY_SIZE(lrs); l++) {
			struct cost c = measure(pending[p], lrs[l]);

			printf("  %14.1f %5.0f", c.ns, c.locks);
		}
		printf("\n");
	}
	return 0;
}
