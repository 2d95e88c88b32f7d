/* SPDX-License-Identifier: GPL-2.0-only */
/* The harness defines its tracepoints inline (linux/tracepoint.h): nothing here. */
