// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test host's tracefs, for `make trace-host`: "vgic-trace on" enables
 * the vGIC's events (events/kvm/vgic_*) on an empty buffer; "vgic-trace
 * dump" disables them and prints the buffer's vgic_ lines, prefixed
 * "trace: ".
 */
#include <stdio.h>
#include <string.h>

#define TRACEFS	"/sys/kernel/debug/tracing/"

static const char *const events[] = {
	"vgic_update_irq_pending", "vgic_lr_queue", "vgic_lr_fold",
	"vgic_hw_claim", "vgic_hw_release", "vgic_maint", "vgic_mmio",
};

static int put(const char *file, const char *val)
{
	FILE *f = fopen(file, "w");

	if (!f || fputs(val, f) < 0 || fclose(f)) {
		perror(file);
		return 1;
	}
	return 0;
}

static int enable(const char *val)
{
	char path[256];
	int bad = 0;

	for (unsigned int i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		snprintf(path, sizeof(path), TRACEFS "events/kvm/%s/enable", events[i]);
		bad |= put(path, val);
	}
	return bad;
}

int main(int argc, char **argv)
{
	char line[512];
	FILE *trace;

	if (argc == 2 && !strcmp(argv[1], "on"))
		return put(TRACEFS "buffer_size_kb", "8192") | put(TRACEFS "trace", "") |
		       enable("1");
	if (argc != 2 || strcmp(argv[1], "dump"))
		return 2;
	if (enable("0"))
		return 1;
	trace = fopen(TRACEFS "trace", "r");
	if (!trace) {
		perror(TRACEFS "trace");
		return 1;
	}
	while (fgets(line, sizeof(line), trace))
		if (strstr(line, "vgic_"))
			printf("trace: %s", line);
	fclose(trace);
	return 0;
}
