/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by the harness tests. */
#ifndef _VGIC_TESTS_COMMON_H
#define _VGIC_TESTS_COMMON_H
#include <linux/slab.h>
#include <linux/tracepoint.h>
#include "../lib/test-vm.h"
#include "../lib/guest-access.h"
#include "vgic-mmio.h"
#include "kselftest_harness.h"

/* Between any two steps of a scenario, the documented invariants hold. */
#define ASSERT_INVARIANTS(vm) do {					\
	char __why[160] = "";						\
	bool __ok = test_invariants_hold(vm, __why, sizeof(__why));	\
	ASSERT_TRUE(__ok) TH_LOG("invariant broken: %s", __why);	\
} while (0)

/* Decode list register @n of @cpu as the core wrote it. */
static inline struct vgic_lr test_lr(struct test_vm *vm, int cpu, unsigned int n)
{
	struct vgic_lr lr;

	vgic_lr_ops()->read_lr(&vm->vcpu[cpu], n, &lr);
	return lr;
}

#endif
