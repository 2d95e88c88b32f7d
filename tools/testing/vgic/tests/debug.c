// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs: the vgic-state file shows the distributor, each vCPU's list
 * registers and one row per interrupt with its real state, read a few
 * records at a time, and holds the VM while it is open.
 */
#include <linux/debugfs.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"

#define VTIMER	27

FIXTURE(debug) {
	struct test_vm vm;
};

FIXTURE_VARIANT(debug) {
	enum vgic_type host;
	const char *model;
};

FIXTURE_VARIANT_ADD(debug, gicv3) { .host = VGIC_V3, .model = "GICv3" };
FIXTURE_VARIANT_ADD(debug, gicv2) { .host = VGIC_V2, .model = "GICv2" };

FIXTURE_SETUP(debug)
{
	phys_gic_reset();
	ASSERT_EQ(0, test_vm_create(&self->vm, variant->host, 2, 64, 4));
}

FIXTURE_TEARDOWN(debug)
{
	test_vm_destroy(&self->vm);
	ASSERT_EQ(0, shim_live_allocations);
}

/* The row of @intid (of vCPU @cpu if private) in @text, or NULL. */
static const char *row_of(const char *text, int cpu, u32 intid)
{
	char head[32];
	const char *p = strstr(text, " INTID TYPE");
	int seen = -1;

	snprintf(head, sizeof(head), "\n%6u ", intid);
	while (p && (p = strstr(p, head))) {
		p++;
		if (intid >= VGIC_NR_PRIVATE_IRQS || ++seen == cpu)
			return p;
	}
	return NULL;
}

/* The row of @intid begins with @want. */
static bool row_is(const char *text, int cpu, u32 intid, const char *want)
{
	const char *row = row_of(text, cpu, intid);

	return row && !strncmp(row, want, strlen(want));
}

static unsigned int count_of(const char *text, const char *what)
{
	unsigned int n = 0;

	for (; (text = strstr(text, what)); text++)
		n++;
	return n;
}

TEST_F(debug, shows_the_state_of_every_interrupt)
{
	struct test_vm *vm = &self->vm;
	static int owner;
	char *text;

	test_irq_setup(vm, 0, 40, true, 0x80, 1, VGIC_CONFIG_EDGE);
	kvm_vgic_inject_irq(&vm->kvm, NULL, 40, true, NULL);
	test_irq_setup(vm, 1, VTIMER, true, 0xa0, 1, VGIC_CONFIG_LEVEL);
	ASSERT_EQ(0, kvm_vgic_set_owner(&vm->vcpu[1], VTIMER, &owner));
	ASSERT_EQ(0, kvm_vgic_map_phys_irq(&vm->vcpu[1],
					   phys_gic_register(VTIMER, true, NULL, NULL),
					   VTIMER, NULL));
	kvm_vgic_inject_irq(&vm->kvm, &vm->vcpu[1], VTIMER, true, &owner);
	test_vcpu_enter(vm, 0);		/* SPI 40 in an LR of vCPU 0 */

	text = shim_debugfs_read("vgic-state");
	ASSERT_NE(NULL, text);
	if (getenv("DUMP"))
		fputs(text, stderr);
	ASSERT_EQ(0, vm->kvm.shim_refs);	/* the VM was held while open */
	ASSERT_NE(NULL, strstr(text, variant->model));
	ASSERT_NE(NULL, strstr(text, "initialized:\t1\nnr_spis:\t64\nnr_vcpus:\t2\n"));
	ASSERT_NE(NULL, strstr(text, "vcpu 0:\tLRs used 1, ap_list 1,"));
	ASSERT_NE(NULL, strstr(text, "vcpu 1:\tLRs used 0, ap_list 1,"));
	/* every SGI and PPI of each vCPU, every SPI, once */
	ASSERT_EQ(2 * VGIC_NR_SGIS, count_of(text, " SGI "));
	ASSERT_EQ(2 * (VGIC_NR_PRIVATE_IRQS - VGIC_NR_SGIS), count_of(text, " PPI "));
	ASSERT_EQ(64, count_of(text, " SPI "));
	/* listed and targeted on vCPU 0, latched, enabled, Group 1, edge */
	ASSERT_TRUE(row_is(text, 0, 40,
			     "    40 SPI    0      0 1 0 0 1 1  0x80 edge   0     -1 -\n"));
	/* the timer of vCPU 1: its line, level, mapped to PPI 27, owned */
	ASSERT_TRUE(row_is(text, 1, VTIMER,
			     "    27 PPI    1      1 0 1 0 1 1  0xa0 level  1     27 kernel\n"));
	ASSERT_TRUE(row_is(text, 0, VTIMER,
			     "    27 PPI   -1      0 0 0 0 0"));
	free(text);
	test_vcpu_exit(vm, 0);
	ASSERT_INVARIANTS(vm);
}

TEST_F(debug, before_init_only_the_distributor)
{
	struct test_vm bare;
	char *text;

	ASSERT_EQ(0, test_vm_create_bare(&bare, variant->host, 1, 4));
	text = shim_debugfs_read("vgic-state");
	ASSERT_NE(NULL, text);
	ASSERT_NE(NULL, strstr(text, "initialized:\t0\nnr_spis:\t0\n"));
	ASSERT_EQ(0, count_of(text, " SGI "));
	ASSERT_EQ(0, count_of(text, " SPI "));
	free(text);
	test_vm_destroy(&bare);
}

TEST_HARNESS_MAIN
