/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness shim: sequence counts for one thread.  A reader never meets a
 * writer, so a read that begins on an odd count (a write left open) or
 * that a write overlapped aborts the test.
 */
#ifndef _SHIM_LINUX_SEQLOCK_H
#define _SHIM_LINUX_SEQLOCK_H
#include <stdlib.h>
#include <linux/types.h>

typedef struct {
	unsigned int sequence;
} seqcount_t;

#define seqcount_init(s)	((s)->sequence = 0)

static inline unsigned int read_seqcount_begin(const seqcount_t *s)
{
	if (s->sequence & 1)
		abort();
	return s->sequence;
}

static inline int read_seqcount_retry(const seqcount_t *s, unsigned int start)
{
	if (s->sequence != start)
		abort();
	return 0;
}

static inline void write_seqcount_begin(seqcount_t *s) { s->sequence++; }
static inline void write_seqcount_end(seqcount_t *s) { s->sequence++; }

#endif
