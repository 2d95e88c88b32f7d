// SPDX-License-Identifier: GPL-2.0-only
/*
 * `make -C tools/testing/vgic bench`, second table: what an MSI costs the
 * core natively, from the doorbell to a pending LPI, when the translation
 * cache hits and when it misses.  A device sends its events round-robin:
 * 16 events stay cached; 4096 events, far more than the cache's slots,
 * make (almost) every MSI a miss, a walk of the ITS and a fill.  The LPIs
 * are pending already, so the figure is the translation and the queue
 * check.  Wall-clock ns (best of three runs, -O2, no sanitizers) and the
 * locks taken per MSI (1: the LPI's; 2: and the cache's, to fill), which
 * are exact.  Printed, never judged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../lib/its-guest.h"

#define LPI	8192u
#define DEVID	3

static const unsigned int events[] = { 1, 16, 256, 4096 };

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* MSIs round-robin over @nr events for 0.1 s: ns per MSI. */
static double time_msis(struct kvm *kvm, unsigned int nr)
{
	unsigned long rounds = 0;
	double start = now_ns(), elapsed;

	do {
		for (unsigned int ev = 0; ev < 4096; ev++)
			if (vgic_its_inject_msi(kvm, ITS_GUEST_DOORBELL, DEVID, ev % nr) != 1)
				exit(1);
		rounds += 4096;
		elapsed = now_ns() - start;
	} while (elapsed < 1e8);
	return elapsed / rounds;
}

int main(void)
{
	static struct test_vm vm;
	struct its_guest g;

	printf("\nMSI to a pending LPI (native, -O2): wall-clock ns, locks per MSI\n");
	printf("%10s %10s %8s\n", "events", "ns", "locks");
	for (unsigned int e = 0; e < ARRAY_SIZE(events); e++) {
		unsigned int nr = events[e];
		unsigned long locks;
		double best = 1e30;

		phys_gic_reset();
		if (test_vm_create(&vm, VGIC_V3, 1, 32, 4) || its_guest_create(&g, &vm, 1))
			exit(1);
		its_mapd(&g, DEVID, 12, true);
		its_mapc(&g, 0, 0, true);
		for (unsigned int ev = 0; ev < nr; ev++)
			its_mapti(&g, DEVID, ev, LPI + ev, 0);
		if (g.its->cmd_errors)
			exit(1);
		time_msis(&vm.kvm, nr);			/* every LPI pending, cached */
		for (int run = 0; run < 3; run++) {
			double ns = time_msis(&vm.kvm, nr);

			if (ns < best)
				best = ns;
		}
		locks = shim_lock_acquisitions;
		for (unsigned int ev = 0; ev < 4096; ev++)
			vgic_its_inject_msi(&vm.kvm, ITS_GUEST_DOORBELL, DEVID, ev % nr);
		printf("%10u %10.1f %8.2f\n", nr, best, (shim_lock_acquisitions - locks) / 4096.0);
		vgic_its_destroy(g.its);
		test_vm_destroy(&vm);
	}
	return 0;
}
