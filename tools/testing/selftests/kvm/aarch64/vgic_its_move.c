// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic_its_move - LPIs moved between vCPUs while they fire.
 *
 * vCPU 0 of the guest moves every event to another collection (MOVI),
 * round after round, and every few rounds moves all the LPIs of one
 * redistributor to the other (MOVALL), while both vCPUs take LPIs.
 * Meanwhile the VMM sends MSIs for every event, each one only once the
 * previous MSI of its event was taken, so that none coalesces: every MSI
 * must be taken exactly once (one lost stalls its event; one taken twice
 * shows in the counts).  When the moves are over, one more MSI per event
 * must be taken on the vCPU the last MOVI named.
 */
#include <time.h>

#include "vgic_its_vm.h"

#define NR_VCPUS	2
#define NR_EVENTS	8
#define STALL_MS	5000

/* -r ROUNDS of MOVI, a MOVALL every -m rounds (0: none). */
static uint32_t rounds = 100, movall_every = 4;
static bool moves_done, stop;

/* The collection (and vCPU) event @ev is moved to in round @round. */
static uint32_t collection_of(uint32_t ev, uint32_t round)
{
	return (ev + round) % NR_VCPUS;
}

static void guest_code(void)
{
	uint32_t cpu = guest_get_vcpuid();

	its_vm_guest_setup();
	local_irq_enable();
	GUEST_SYNC(1);
	if (!cpu) {
		for (uint32_t round = 1; round <= rounds; round++) {
			for (uint32_t ev = 0; ev < NR_EVENTS; ev++)
				its_vm_movi(0, ev, collection_of(ev, round));
			if (movall_every && round % movall_every == 0 && round < rounds)
				its_vm_movall(round / movall_every % NR_VCPUS,
					      (round / movall_every + 1) % NR_VCPUS);
		}
		WRITE_ONCE(moves_done, true);
	}
	while (!READ_ONCE(stop))
		cpu_relax();
	GUEST_ASSERT_EQ(READ_ONCE(its_vm_unexpected), 0);
	GUEST_DONE();
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The guest's counts, read in place while it runs. */
static uint32_t (*taken)[ITS_VM_MAX_LPIS];

static uint32_t taken_all(uint32_t lpi)
{
	uint32_t sum = 0;

	for (uint32_t cpu = 0; cpu < NR_VCPUS; cpu++)
		sum += READ_ONCE(taken[cpu][lpi]);
	return sum;
}

/*
 * MSIs for every event, each once the last was taken, until @until says
 * stop (and every one sent was taken).  Return: MSIs sent.
 */
static uint64_t fire(struct kvm_vm *vm, uint32_t *sent, bool (*until)(struct kvm_vm *vm))
{
	uint64_t last_progress = now_ms(), total = 0;
	bool idle;

	do {
		idle = true;
		for (uint32_t ev = 0; ev < NR_EVENTS; ev++) {
			uint32_t got = taken_all(ev);

			TEST_ASSERT(got <= sent[ev], "LPI %u taken %u times for %u MSIs",
				    ITS_VM_LPI_BASE + ev, got, sent[ev]);
			if (got < sent[ev]) {
				idle = false;
				continue;
			}
			if (until(vm))
				continue;
			TEST_ASSERT(its_vm_msi(vm, 0, ev) == 1, "MSI for event %u refused", ev);
			sent[ev]++;
			total++;
			idle = false;
			last_progress = now_ms();
		}
		for (uint32_t ev = 0; ev < NR_EVENTS && !idle; ev++)
			TEST_ASSERT(taken_all(ev) == sent[ev] ||
				    now_ms() - last_progress < STALL_MS,
				    "LPI %u lost: %u MSIs, taken %u on vCPU 0, %u on vCPU 1",
				    ITS_VM_LPI_BASE + ev, sent[ev], taken[0][ev], taken[1][ev]);
	} while (!idle);
	return total;
}

static bool moves_over(struct kvm_vm *vm)
{
	return READ_ONCE(*(bool *)addr_gva2hva(vm, (vm_vaddr_t)&moves_done));
}

/* Send nothing more: fire() then waits for what was sent to be taken. */
static bool no_more(struct kvm_vm *vm)
{
	return true;
}

int main(int argc, char **argv)
{
	struct kvm_vcpu *vcpus[NR_VCPUS];
	uint32_t sent[NR_EVENTS] = { 0 }, before[NR_VCPUS][NR_EVENTS];
	pthread_t threads[NR_VCPUS];
	uint64_t during;
	int gic_fd, its_fd;
	struct kvm_vm *vm;
	void *got;

	for (int opt; (opt = getopt(argc, argv, "r:m:")) != -1;) {
		if (opt == 'r')
			rounds = atoi(optarg);
		else if (opt == 'm')
			movall_every = atoi(optarg);
		else
			exit(KSFT_FAIL);
	}
	vm = its_vm_create(NR_VCPUS, 1, NR_EVENTS, guest_code, vcpus, &gic_fd, &its_fd);
	sync_global_to_guest(vm, rounds);
	sync_global_to_guest(vm, movall_every);
	taken = addr_gva2hva(vm, (vm_vaddr_t)its_vm_taken);
	its_vm_run_all(vcpus, NR_VCPUS, 1);
	for (uint32_t i = 0; i < NR_VCPUS; i++)
		pthread_create(&threads[i], NULL, its_vm_run_to_sync, vcpus[i]);

	during = fire(vm, sent, moves_over);

	/* The moves are over: one more MSI each, taken where the last MOVI said. */
	for (uint32_t ev = 0; ev < NR_EVENTS; ev++) {
		for (uint32_t cpu = 0; cpu < NR_VCPUS; cpu++)
			before[cpu][ev] = taken[cpu][ev];
		TEST_ASSERT(its_vm_msi(vm, 0, ev) == 1, "MSI for event %u refused", ev);
		sent[ev]++;
	}
	fire(vm, sent, no_more);
	for (uint32_t ev = 0; ev < NR_EVENTS; ev++) {
		uint32_t home = collection_of(ev, rounds);

		TEST_ASSERT(taken[home][ev] == before[home][ev] + 1 &&
			    taken[!home][ev] == before[!home][ev],
			    "after the moves, LPI %u not taken once on vCPU %u",
			    ITS_VM_LPI_BASE + ev, home);
	}

	WRITE_ONCE(*(bool *)addr_gva2hva(vm, (vm_vaddr_t)&stop), true);
	for (uint32_t i = 0; i < NR_VCPUS; i++) {
		pthread_join(threads[i], &got);
		TEST_ASSERT((long)got == -1, "vCPU %u did not finish", i);
	}
	pr_info("PASS: %lu MSIs during %u rounds of MOVI (and a MOVALL every %u), each taken once; then each event on its last MOVI's vCPU\n",
		during, rounds, movall_every);
	close(its_fd);
	close(gic_fd);
	kvm_vm_free(vm);
	return 0;
}
