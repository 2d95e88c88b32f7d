/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A model of the GIC virtual CPU interface, written from the architecture
 * (GICv3: IHI 0069 6.x "Virtual interrupt handling" and the ICH_*_EL2 /
 * ICV_*_EL1 registers; GICv2: IHI 0048B 5 "GIC Support for Virtualization"
 * and GICH_* / GICV_*): it consumes list registers as a guest's CPU would.
 *
 * The model implements 5 bits of priority (ICH_VTR_EL2.PRIbits = 4), so
 * one 32-bit active-priorities register per group, like GICH_APR.
 */
#ifndef _VGIC_MODEL_VCPU_IF_H
#define _VGIC_MODEL_VCPU_IF_H
#include <linux/types.h>

#define VIF_MAX_LRS		64
#define VIF_PRI_BITS		5
#define VIF_PRI_MASK		((u8)(0xff << (8 - VIF_PRI_BITS)))
#define VIF_IDLE_PRIORITY	0x100
#define VIF_SPURIOUS		1023

/* ICH_MISR_EL2 / GICH_MISR bits (IHI 0069 12.4.9, IHI 0048B 5.3.4). */
#define VIF_MISR_EOI		(1u << 0)
#define VIF_MISR_U		(1u << 1)
#define VIF_MISR_LRENP		(1u << 2)
#define VIF_MISR_NP		(1u << 3)

/**
 * struct lr_layout - where a list-register format keeps each field
 *
 * Masks of the fields; @prio_drop is how many low priority bits the
 * format does not store.  @cpuid is the SGI source field (GICv2 only).
 */
struct lr_layout {
	const char *name;
	u64 vintid, pintid, priority, group, hw, eoi, pending, active, cpuid;
	unsigned int prio_drop;
	/* ICH_HCR_EL2 / GICH_HCR */
	u32 hcr_en, hcr_uie, hcr_npie, hcr_lrenpie, hcr_eoicount;
};

extern const struct lr_layout lr_layout_v2;
extern const struct lr_layout lr_layout_v3;

struct vcpu_if {
	const struct lr_layout *lay;
	unsigned int nr_lr;
	u64 lr[VIF_MAX_LRS];
	u32 hcr;
	u8 pmr;
	u8 bpr[2];
	bool grpen[2];
	bool eoimode;
	u32 apr[2];
	/* what the guest saw; for tests */
	unsigned long acks, spurious;
};

void vif_init(struct vcpu_if *vif, const struct lr_layout *lay, unsigned int nr_lr);

/* LR fields */
u64 vif_lr_field(const struct vcpu_if *vif, unsigned int n, u64 mask);
bool vif_lr_pending(const struct vcpu_if *vif, unsigned int n);
bool vif_lr_active(const struct vcpu_if *vif, unsigned int n);
u32 vif_lr_vintid(const struct vcpu_if *vif, unsigned int n);
unsigned int vif_valid_lrs(const struct vcpu_if *vif);
int vif_find_lr(const struct vcpu_if *vif, u32 vintid);

/* The guest's side: ICV_* system registers / GICV_* registers */
u32 vif_ack(struct vcpu_if *vif, int group);
void vif_eoi(struct vcpu_if *vif, u32 iar);
void vif_dir(struct vcpu_if *vif, u32 iar);
unsigned int vif_rpr(const struct vcpu_if *vif);
u32 vif_hppir(const struct vcpu_if *vif, int group);

/* The hypervisor's side: ICH_* / GICH_* status registers */
u64 vif_elrsr(const struct vcpu_if *vif);
u64 vif_eisr(const struct vcpu_if *vif);
u32 vif_misr(const struct vcpu_if *vif);
unsigned int vif_eoicount(const struct vcpu_if *vif);
bool vif_maintenance_irq(const struct vcpu_if *vif);

#endif
