// SPDX-License-Identifier: GPL-2.0-only
/*
 * `make run`: the life of a hardware-mapped virtual timer interrupt, told
 * step by step on a GICv3 and on a GICv2 host, with the list register as
 * the core wrote it, the physical interrupt as the host GIC holds it, and
 * the vGIC's tracepoints as they fired.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/tracepoint.h>

#include "../lib/test-vm.h"

#define VTIMER	27

static bool timer_line;
static int timer_owner;
static struct test_vm vm;

static bool timer_level(int vintid)
{
	return timer_line;
}

static struct irq_ops timer_ops = { .get_input_level = timer_level };

static void timer_handler(unsigned int host_irq, void *data)
{
	printf("   host: took Linux irq %u (hwirq %d) -> kvm_vgic_inject_irq(level=%d)\n",
	       host_irq, VTIMER, timer_line);
	kvm_vgic_inject_irq(&vm.kvm, &vm.vcpu[0], VTIMER, timer_line, &timer_owner);
}

static void show(const char *step)
{
	struct vgic_irq *irq = test_irq(&vm, 0, VTIMER);
	struct phys_gic_irq *p = &phys_gic.irq[VTIMER];
	unsigned int used = test_used_lrs(&vm, 0), n;

	printf("%s\n", step);
	/* what the vGIC's tracepoints recorded on the way */
	for (n = 0; n < shim_trace_lines(); n++)
		printf("   trace: %s\n", shim_trace_line(n));
	shim_trace_start();
	printf("   vIRQ %d: line=%d latch=%d active=%d hw_queued=%d listed=%d | "
	       "pIRQ %d: pending=%d active=%d taken=%lu\n", VTIMER, irq->line_level,
	       irq->pending_latch, irq->active, irq->hw_queued,
	       test_on_ap_list(&vm, 0, VTIMER), VTIMER, p->pending, p->active, p->taken);
	for (n = 0; n < used; n++) {
		struct vgic_lr lr;
		u64 raw = vm.vif[0].lr[n];

		/* the list register as the guest's CPU interface holds it now */
		if (kvm_vgic_global_state.type == VGIC_V3)
			vgic_v3_lr_decode(raw, &lr);
		else
			vgic_v2_lr_decode(raw, &lr);
		printf("   LR%u = %#0*llx: vINTID=%u %s%s HW=%d pINTID=%u prio=%#x group=%u EOI=%d\n",
		       n, kvm_vgic_global_state.type == VGIC_V3 ? 18 : 10,
		       (unsigned long long)raw, lr.vintid, lr.pending ? "P" : "-",
		       lr.active ? "A" : "-", lr.hw, lr.pintid, lr.priority, lr.group,
		       lr.eoi_maint);
	}
}

static void trace(enum vgic_type host)
{
	struct vcpu_if *vif = &vm.vif[0];
	unsigned int host_irq;
	unsigned long flags;
	struct vgic_irq *irq;
	u32 iar;

	printf("\n=== %s host: mapped virtual timer, PPI %d -> physical PPI %d ===\n",
	       host == VGIC_V3 ? "GICv3 (ICH_LR<n>_EL2)" : "GICv2 (GICH_LR<n>)", VTIMER, VTIMER);
	phys_gic_reset();
	if (test_vm_create(&vm, host, 1, 32, 4))
		exit(1);
	host_irq = phys_gic_register(VTIMER, true, timer_handler, NULL);
	kvm_vgic_set_owner(&vm.vcpu[0], VTIMER, &timer_owner);
	kvm_vgic_map_phys_irq(&vm.vcpu[0], host_irq, VTIMER, &timer_ops);
	irq = test_irq(&vm, 0, VTIMER);
	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	irq->enabled = true;
	irq->priority = 0xa0;
	irq->group = 1;
	raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
	printf("map: kvm_vgic_map_phys_irq(vcpu0, Linux irq %u, vINTID %d) -> pINTID %u\n",
	       host_irq, VTIMER, irq->map->phys_irq);

	shim_trace_start();
	for (int round = 1; round <= 2; round++) {
		printf("\n-- round %d --\n", round);
		timer_line = true;
		phys_gic_set_line(VTIMER, true);
		phys_gic_host_window();
		show("1. timer fires; host takes it, leaves it active, forwards it");

		test_vcpu_enter(&vm, 0);
		show("2. entry: flush puts it in an LR with HW=1 and the pINTID");

		phys_gic_set_line(VTIMER, true);
		printf("   host window: %u taken (the physical interrupt is active: blocked)\n",
		       phys_gic_host_window());

		iar = vif_ack(vif, 1);
		show("3. guest reads ICV_IAR1 / GICV_IAR");
		printf("   guest got INTID %u, running priority %#x\n", iar, vif_rpr(vif));

		timer_line = false;
		phys_gic_set_line(VTIMER, false);
		vif_eoi(vif, iar);
		show("4. guest quiets its timer and writes EOIR (EOImode 0): the HW bit deactivates the pIRQ");

		test_vcpu_exit(&vm, 0);
		show("5. exit: sync sees the LR empty: the HW bit deactivated the pIRQ; clears hw_queued");
		test_vcpu_enter(&vm, 0);
		test_vcpu_exit(&vm, 0);
		show("6. next entry/exit: nothing listed, no LR used; ready to be queued again");
	}
	printf("\nphysical GIC accesses by the vGIC: %lu state writes, %lu state reads\n",
	       phys_gic.state_writes, phys_gic.state_reads);
	test_vm_destroy(&vm);
}

int main(void)
{
	trace(VGIC_V3);
	trace(VGIC_V2);
	return 0;
}
