// SPDX-License-Identifier: GPL-2.0-only
/*
 * /init of the test host's initramfs: mount what the KVM selftests need,
 * run the programs listed in /tests (one command line each), report each
 * as "kvm-check: ok|not ok|skip <line> (status)", and power off.  A test
 * that outlives TEST_TIMEOUT seconds (kvm_check.timeout=<s> on the kernel
 * command line: the debug host's) is killed and reported as failed.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define KSFT_SKIP	4
#define TEST_TIMEOUT	300

static unsigned int test_timeout = TEST_TIMEOUT;

static void on_alarm(int sig)
{
	(void)sig;	/* only interrupts waitpid() */
}

static int run(char *line)
{
	char *argv[32];
	int argc = 0, status;
	pid_t pid;

	for (char *tok = strtok(line, " \n"); tok && argc < 31; tok = strtok(NULL, " \n"))
		argv[argc++] = tok;
	argv[argc] = NULL;
	if (!argc)
		return -1;
	pid = fork();
	if (!pid) {
		execv(argv[0], argv);
		_exit(127);
	}
	alarm(test_timeout);
	if (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
		printf("kvm-check: timeout after %u s\n", test_timeout);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	alarm(0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* kvm_check.timeout=<seconds> from the kernel command line, if given. */
static void read_timeout(void)
{
	char cmdline[1024] = "";
	FILE *f = fopen("/proc/cmdline", "r");
	const char *arg;

	if (f && fgets(cmdline, sizeof(cmdline), f)) {
		arg = strstr(cmdline, "kvm_check.timeout=");
		if (arg)
			test_timeout = strtoul(arg + strlen("kvm_check.timeout="), NULL, 10);
	}
	if (f)
		fclose(f);
}

int main(void)
{
	char line[512], copy[512];
	FILE *tests;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	setvbuf(stdout, NULL, _IONBF, 0);
	read_timeout();
	sigaction(SIGALRM, &(struct sigaction){ .sa_handler = on_alarm }, NULL);

	tests = fopen("/tests", "r");
	while (tests && fgets(line, sizeof(line), tests)) {
		int rc;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = 0;
		strcpy(copy, line);
		printf("kvm-check: running %s\n", copy);
		rc = run(line);
		printf("kvm-check: %s %s (%d)\n",
		       rc == 0 ? "ok" : rc == KSFT_SKIP ? "skip" : "not ok", copy, rc);
	}
	printf("kvm-check: done\n");
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
