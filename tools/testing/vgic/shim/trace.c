// SPDX-License-Identifier: GPL-2.0-only
/*
 * Harness shim: the trace buffer.  Each event the vGIC emits while
 * shim_trace_on is a line "name: text", as tracefs would show it after
 * the task and timestamp columns.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/tracepoint.h>

#define SHIM_TRACE_LINES	4096
#define SHIM_TRACE_WIDTH	160

bool shim_trace_on;
static char shim_trace_buf[SHIM_TRACE_LINES][SHIM_TRACE_WIDTH];
static unsigned int shim_trace_used;

/* Start a fresh buffer and record from now on. */
void shim_trace_start(void)
{
	shim_trace_used = 0;
	shim_trace_on = true;
}

void shim_trace(const char *event, const char *fmt, ...)
{
	char *line;
	va_list ap;
	int n;

	if (shim_trace_used == SHIM_TRACE_LINES)
		return;		/* full: the oldest lines are what tests read */
	line = shim_trace_buf[shim_trace_used++];
	n = snprintf(line, SHIM_TRACE_WIDTH, "%s: ", event);
	va_start(ap, fmt);
	vsnprintf(line + n, SHIM_TRACE_WIDTH - n, fmt, ap);
	va_end(ap);
}

const char *shim_trace_symbol(unsigned long val, const struct trace_print_flags *symbols)
{
	for (; symbols->name; symbols++)
		if (symbols->mask == val)
			return symbols->name;
	return "?";
}

unsigned int shim_trace_lines(void)
{
	return shim_trace_used;
}

/* Line @n, "" past the end. */
const char *shim_trace_line(unsigned int n)
{
	return n < shim_trace_used ? shim_trace_buf[n] : "";
}

/* How many lines contain @text. */
unsigned int shim_trace_count(const char *text)
{
	unsigned int i, n = 0;

	for (i = 0; i < shim_trace_used; i++)
		n += !!strstr(shim_trace_buf[i], text);
	return n;
}
