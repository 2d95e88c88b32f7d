// SPDX-License-Identifier: GPL-2.0-only
/*
 * /init of the guest that `make run` boots: show /proc/interrupts, make the
 * two CPUs wake each other for a while (IPIs) while the tick runs
 * (arch_timer), show /proc/interrupts again, and power off -- or reset, so
 * that the VMM fails, if the timer or IPI counts did not rise on every CPU,
 * or if the device tree offers an ITS that the kernel's ITS driver did not
 * probe.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/klog.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PING_PONG_SECONDS	2

#define GUEST_CPUS			2

/* The VMM's ITS (tools/vmm/board.h), and what its driver logs at probe. */
#define ITS_NODE	"/sys/firmware/devicetree/base/intc@8000000/msi-controller@8080000"
#define ITS_PROBED	"ITS@0x0000000008080000: allocated"

static int ping[2], pong[2];

/* Interrupts taken per CPU: the arch_timer line and all IPIs. */
struct counts {
	unsigned long timer[GUEST_CPUS], ipi[GUEST_CPUS];
};

static void show_interrupts(const char *when, struct counts *counts)
{
	char line[512];
	FILE *f = fopen("/proc/interrupts", "r");

	memset(counts, 0, sizeof(*counts));
	printf("---- /proc/interrupts %s ----\n", when);
	while (f && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':');
		unsigned long n[GUEST_CPUS] = { 0 };

		fputs(line, stdout);
		if (!p)
			continue;
		for (int cpu = 0; cpu < GUEST_CPUS; cpu++)
			n[cpu] = strtoul(p + 1, &p, 10);
		for (int cpu = 0; cpu < GUEST_CPUS; cpu++) {
			if (strstr(line, "arch_timer"))
				counts->timer[cpu] += n[cpu];
			if (!strncmp(line, "IPI", 3))
				counts->ipi[cpu] += n[cpu];
		}
	}
	if (f)
		fclose(f);
	fflush(stdout);
}

/* No ITS in the device tree, or its driver's lines in the kernel log. */
static bool its_probed(void)
{
	static char log[1 << 17];
	struct stat st;
	bool probed = false;
	int len;

	if (stat(ITS_NODE, &st))
		return true;
	len = klogctl(3, log, sizeof(log) - 1);		/* SYSLOG_ACTION_READ_ALL */
	log[len > 0 ? len : 0] = 0;
	for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strstr(line, "ITS"))
			continue;
		printf("guest: %s\n", line);
		probed |= strstr(line, ITS_PROBED) != NULL;
	}
	if (!probed)
		printf("guest: FAIL: the device tree has an ITS, its driver did not probe it\n");
	return probed;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* On CPU 1: answer every ping. */
static void *ponger(void *arg)
{
	char c;

	(void)arg;
	pin(1);
	while (read(ping[0], &c, 1) == 1 && c)
		if (write(pong[1], &c, 1) != 1)
			break;
	return NULL;
}

int main(void)
{
	struct counts before, after;
	struct timespec start, now;
	bool ok = true;
	unsigned long rounds = 0;
	pthread_t thread;
	char c = 1;

	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/sys", 0555);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	show_interrupts("at start", &before);

	if (pipe(ping) || pipe(pong) || pthread_create(&thread, NULL, ponger, NULL))
		return 1;
	pin(0);
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			break;
		rounds++;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < PING_PONG_SECONDS);
	c = 0;
	if (write(ping[1], &c, 1) == 1)
		pthread_join(thread, NULL);
	printf("guest: %lu ping-pongs between CPU 0 and CPU 1 in %d s\n",
	       rounds, PING_PONG_SECONDS);

	show_interrupts("after", &after);
	for (int cpu = 0; cpu < GUEST_CPUS; cpu++) {
		printf("guest: CPU%d arch_timer %lu -> %lu, IPIs %lu -> %lu\n", cpu,
		       before.timer[cpu], after.timer[cpu], before.ipi[cpu], after.ipi[cpu]);
		ok &= after.timer[cpu] > before.timer[cpu] && after.ipi[cpu] > before.ipi[cpu];
	}
	if (!ok)
		printf("guest: FAIL: a count did not rise\n");
	ok &= its_probed();
	sync();
	reboot(ok ? RB_POWER_OFF : RB_AUTOBOOT);
	return 0;
}
