// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side: probing the host GIC for its virtualization support,
 * the maintenance interrupt, CPU bring-up, and moving a vCPU's CPU
 * interface state in and out of the hardware.
 *
 * On a GICv3 host the list registers live in ICH_LR<n>_EL2: the hyp code
 * (hyp/vgic-v3-sr.c) loads and saves them around the guest on nVHE, and
 * this file does it at flush and sync on VHE, where the kernel runs at
 * EL2.  On a GICv2 host they live in the memory-mapped GICH frame, which
 * this file loads and saves in both modes.
 *
 * This file is the vGIC's boundary with the hardware; the userspace
 * harness provides its own (tools/testing/vgic/lib/test-vm.c).
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/irqchip/arm-gic.h>
#include <linux/irqchip/arm-vgic-info.h>
#include <linux/kvm_host.h>
#include <linux/slab.h>
#include <asm/kvm_asm.h>
#include <asm/kvm_hyp.h>

#include "vgic.h"

/* GICH_VTR.ListRegs (IHI 0048B 5.3.2), ICH_VTR_EL2.ListRegs (IHI 0069 12.4.8) */
#define VGIC_V2_VTR_LISTREGS	GENMASK(5, 0)
#define VGIC_V3_VTR_LISTREGS	GENMASK(4, 0)
/* __vgic_v3_get_gic_config(): bit 63 set if a GICv2-compatible interface exists */
#define VGIC_V3_CONFIG_MMIO	BIT_ULL(63)

static struct gic_kvm_info *gic_kvm_info;

/**
 * vgic_set_kvm_info() - the host GIC driver describes itself
 * @info:	what it found: type, GICV/GICH frames, maintenance interrupt
 */
void __init vgic_set_kvm_info(const struct gic_kvm_info *info)
{
	if (gic_kvm_info)
		return;
	gic_kvm_info = kmemdup(info, sizeof(*info), GFP_KERNEL);
}

static irqreturn_t vgic_maintenance_handler(int irq, void *data)
{
	/* What matters is the exit it caused: the sync reads the LRs. */
	return IRQ_HANDLED;
}

static int vgic_v2_probe(const struct gic_kvm_info *info)
{
	struct vgic_global *g = &kvm_vgic_global_state;

	if (!info->vctrl.start || !info->vcpu.start) {
		kvm_info("GICv2 without virtualization extensions\n");
		return -ENODEV;
	}
	if (!PAGE_ALIGNED(info->vcpu.start) || !PAGE_ALIGNED(resource_size(&info->vcpu))) {
		kvm_info("GICV not page aligned: GICv2 guests unsupported\n");
		return -ENODEV;
	}
	g->gich_va = ioremap(info->vctrl.start, resource_size(&info->vctrl));
	if (!g->gich_va)
		return -ENOMEM;
	g->type = VGIC_V2;
	g->nr_lr = FIELD_GET(VGIC_V2_VTR_LISTREGS, readl_relaxed(g->gich_va + GICH_VTR)) + 1;
	g->gicv_phys = info->vcpu.start;
	g->max_vcpus = VGIC_V2_MAX_CPUS;
	g->v2_guests = true;
	kvm_info("GICv2 host, %d list registers\n", g->nr_lr);
	return 0;
}

static int vgic_v3_probe(const struct gic_kvm_info *info)
{
	struct vgic_global *g = &kvm_vgic_global_state;
	u64 config = kvm_call_hyp_ret(__vgic_v3_get_gic_config);

	g->type = VGIC_V3;
	g->ich_vtr_el2 = (u32)config;
	g->nr_lr = FIELD_GET(VGIC_V3_VTR_LISTREGS, g->ich_vtr_el2) + 1;
	g->max_vcpus = VGIC_V3_MAX_CPUS;
	/* GICv2 guests on a GICv3 host would need a GICV frame: not offered yet. */
	g->v2_guests = false;
	static_branch_enable(&g->gicv3_cpuif);
	kvm_info("GICv3 host, %d list registers%s\n", g->nr_lr,
		 config & VGIC_V3_CONFIG_MMIO ? " (GICv2 compatible)" : "");
	return 0;
}

/**
 * kvm_vgic_hyp_init() - set up the vGIC once, at KVM initialization
 *
 * Return: 0, or -ENODEV if the host GIC cannot virtualize.
 */
int kvm_vgic_hyp_init(void)
{
	struct gic_kvm_info *info = gic_kvm_info;
	int ret;

	if (!info)
		return -ENODEV;
	kvm_vgic_global_state.no_hw_deactivation = info->no_hw_deactivation;
	ret = info->type == GIC_V3 ? vgic_v3_probe(info) : vgic_v2_probe(info);
	if (!ret && !info->maint_irq) {
		kvm_err("no maintenance interrupt\n");
		ret = -ENXIO;
	}
	if (ret)
		goto out;

	kvm_vgic_global_state.maint_irq = info->maint_irq;
	ret = request_percpu_irq(info->maint_irq, vgic_maintenance_handler,
				 "vgic", kvm_get_running_vcpus());
	if (ret) {
		kvm_err("cannot take the maintenance interrupt %d\n", info->maint_irq);
		goto out;
	}
	ret = vgic_register_devices();
out:
	kfree(info);
	gic_kvm_info = NULL;
	return ret;
}

/**
 * kvm_vgic_get_max_vcpus() - the most vCPUs a guest GIC can serve here
 *
 * Return: the number.
 */
int kvm_vgic_get_max_vcpus(void)
{
	return kvm_vgic_global_state.max_vcpus;
}

/**
 * kvm_vgic_init_cpu_hardware() - clean list registers on this CPU
 *
 * A CPU comes up with whatever its list registers held (firmware, a
 * kexec'd kernel): the virtual interface goes off and every list register
 * is made invalid, since the world switch writes and reads only those the
 * flush used (their reset values are UNKNOWN).
 */
void kvm_vgic_init_cpu_hardware(void)
{
	void __iomem *gich = kvm_vgic_global_state.gich_va;
	unsigned int i;

	if (kvm_vgic_global_state.type == VGIC_V3) {
		kvm_call_hyp(__vgic_v3_init_lrs);
		return;
	}
	writel_relaxed(0, gich + GICH_HCR);
	for (i = 0; i < kvm_vgic_global_state.nr_lr; i++)
		writel_relaxed(0, gich + GICH_LR0 + i * 4);
}

/** kvm_vgic_cpu_up() - this CPU takes maintenance interrupts */
void kvm_vgic_cpu_up(void)
{
	enable_percpu_irq(kvm_vgic_global_state.maint_irq, 0);
}

/** kvm_vgic_cpu_down() - this CPU stops taking maintenance interrupts */
void kvm_vgic_cpu_down(void)
{
	disable_percpu_irq(kvm_vgic_global_state.maint_irq);
}

static bool vgic_v3_vcpu(struct kvm_vcpu *vcpu)
{
	return kvm_vgic_global_state.type == VGIC_V3;
}

/**
 * kvm_vgic_load() - a vCPU is scheduled in: its VMCR and APRs go live
 * @vcpu:	the vCPU
 */
void kvm_vgic_load(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	void __iomem *gich = kvm_vgic_global_state.gich_va;

	if (vgic_v3_vcpu(vcpu)) {
		if (vgic_initialized(vcpu->kvm))
			kvm_call_hyp(__vgic_v3_restore_vmcr_aprs, &vgic_cpu->vgic_v3);
		if (has_vhe())
			__vgic_v3_activate_traps(&vgic_cpu->vgic_v3);
		return;
	}
	if (!vgic_initialized(vcpu->kvm))
		return;
	writel_relaxed(vgic_cpu->vgic_v2.vmcr, gich + GICH_VMCR);
	writel_relaxed(vgic_cpu->vgic_v2.apr, gich + GICH_APR);
}

/**
 * kvm_vgic_put() - a vCPU is scheduled out: save its VMCR and APRs
 * @vcpu:	the vCPU
 */
void kvm_vgic_put(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	void __iomem *gich = kvm_vgic_global_state.gich_va;

	if (vgic_v3_vcpu(vcpu)) {
		if (vgic_initialized(vcpu->kvm))
			kvm_call_hyp(__vgic_v3_save_vmcr_aprs, &vgic_cpu->vgic_v3);
		if (has_vhe())
			__vgic_v3_deactivate_traps(&vgic_cpu->vgic_v3);
		return;
	}
	if (!vgic_initialized(vcpu->kvm))
		return;
	vgic_cpu->vgic_v2.vmcr = readl_relaxed(gich + GICH_VMCR);
	vgic_cpu->vgic_v2.apr = readl_relaxed(gich + GICH_APR);
}

/**
 * vgic_hw_load_lrs() - the list registers the flush filled go live
 * @vcpu:	the vCPU about to enter, interrupts disabled
 */
void vgic_hw_load_lrs(struct kvm_vcpu *vcpu)
{
	struct vgic_v2_cpu_if *v2 = &vcpu->arch.vgic_cpu.vgic_v2;
	void __iomem *gich = kvm_vgic_global_state.gich_va;
	unsigned int i;

	if (vgic_v3_vcpu(vcpu)) {
		if (has_vhe())
			__vgic_v3_restore_state(&vcpu->arch.vgic_cpu.vgic_v3);
		return;
	}
	if (!v2->used_lrs)
		return;
	writel_relaxed(v2->hcr, gich + GICH_HCR);
	for (i = 0; i < v2->used_lrs; i++)
		writel_relaxed(v2->lr[i], gich + GICH_LR0 + i * 4);
}

/**
 * vgic_hw_save_lrs() - bring the list registers back from the hardware
 * @vcpu:	the vCPU that exited, interrupts disabled
 *
 * An empty LR (GICH_ELRSR) comes back with its state cleared; the list
 * registers are left invalid and the virtual interface disabled, which
 * also drops any maintenance interrupt.
 */
void vgic_hw_save_lrs(struct kvm_vcpu *vcpu)
{
	struct vgic_v2_cpu_if *v2 = &vcpu->arch.vgic_cpu.vgic_v2;
	void __iomem *gich = kvm_vgic_global_state.gich_va;
	u64 elrsr;
	unsigned int i;

	if (vgic_v3_vcpu(vcpu)) {
		if (has_vhe())
			__vgic_v3_save_state(&vcpu->arch.vgic_cpu.vgic_v3);
		return;
	}
	if (!v2->used_lrs)
		return;
	elrsr = readl_relaxed(gich + GICH_ELRSR0);
	if (kvm_vgic_global_state.nr_lr > 32)
		elrsr |= (u64)readl_relaxed(gich + GICH_ELRSR1) << 32;
	for (i = 0; i < v2->used_lrs; i++) {
		if (elrsr & BIT_ULL(i))
			v2->lr[i] &= ~GICH_LR_STATE;
		else
			v2->lr[i] = readl_relaxed(gich + GICH_LR0 + i * 4);
		writel_relaxed(0, gich + GICH_LR0 + i * 4);
	}
	writel_relaxed(0, gich + GICH_HCR);
}
