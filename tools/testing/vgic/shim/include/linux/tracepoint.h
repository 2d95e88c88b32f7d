/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tracepoints for the harness: each TRACE_EVENT() of the vGIC's trace.h
 * becomes a function that fills the event's entry as the kernel does
 * (TP_fast_assign) and records the line the kernel would print
 * (TP_printk), "name: text", for tests to find.
 */
#ifndef _SHIM_LINUX_TRACEPOINT_H
#define _SHIM_LINUX_TRACEPOINT_H

#include <linux/types.h>

struct trace_print_flags {
	unsigned long	mask;
	const char	*name;
};

extern bool shim_trace_on;
void shim_trace(const char *event, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *shim_trace_symbol(unsigned long val, const struct trace_print_flags *symbols);
void shim_trace_start(void);
unsigned int shim_trace_count(const char *text);
const char *shim_trace_line(unsigned int n);
unsigned int shim_trace_lines(void);

#define TP_PROTO(args...)		args
#define TP_ARGS(args...)		args
#define TP_STRUCT__entry(args...)	args
#define __field(type, item)		type item;
#define TP_fast_assign(args...)		args
#define TP_printk(fmt, args...)		fmt, args
#define TRACE_DEFINE_ENUM(sym)
#define __print_symbolic(val, symbols...) \
	shim_trace_symbol(val, (const struct trace_print_flags[]){ symbols, { 0, NULL } })

#define TRACE_EVENT(name, proto, args, tstruct, assign, print)		\
static inline bool trace_##name##_enabled(void)				\
{									\
	return shim_trace_on;						\
}									\
static inline void trace_##name(proto)					\
{									\
	struct { tstruct } __e = {}, *__entry = &__e;			\
									\
	if (!shim_trace_on)						\
		return;							\
	assign;								\
	shim_trace(#name, print);					\
}

#endif
