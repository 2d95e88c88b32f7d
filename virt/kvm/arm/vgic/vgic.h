/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vGIC's internal interface, shared by the files of virt/kvm/arm/vgic/.
 * sys_regs.c includes it as "vgic/vgic.h" for vgic_v3_dispatch_sgi().
 */
#ifndef __KVM_ARM_VGIC_INTERNAL_H
#define __KVM_ARM_VGIC_INTERNAL_H

#include <linux/bug.h>
#include <linux/kconfig.h>
#include <linux/kvm_host.h>
#include <kvm/arm_vgic.h>

/* Priorities are 8 bits wide; lower values are more urgent. */
#define VGIC_PRI_LOWEST		0xff

/**
 * struct vgic_lr - one list register, independent of its encoding
 * @vintid:	virtual INTID
 * @pintid:	physical INTID, when @hw
 * @priority:	8-bit priority (the LR keeps the implemented upper bits)
 * @group:	interrupt group, 0 or 1
 * @source:	GICv2 SGIs: the requesting CPU, reported in GICV_IAR
 * @pending:	state bit: pending
 * @active:	state bit: active
 * @hw:		deactivating the virtual interrupt deactivates @pintid
 * @eoi_maint:	request a maintenance interrupt on deactivation (!@hw)
 */
struct vgic_lr {
	u32	vintid;
	u32	pintid;
	u8	priority;
	u8	group;
	u8	source;
	bool	pending;
	bool	active;
	bool	hw;
	bool	eoi_maint;
};

/**
 * struct vgic_vmcr - the guest's CPU interface configuration
 * @pmr:	priority mask, 8 bits (ICC_PMR_EL1 / GICC_PMR)
 * @bpr0:	Group 0 binary point (ICC_BPR0_EL1 / GICC_BPR)
 * @bpr1:	Group 1 binary point (ICC_BPR1_EL1 / GICC_ABPR)
 * @grpen0:	Group 0 enabled (ICC_IGRPEN0_EL1 / GICC_CTLR.EnableGrp0)
 * @grpen1:	Group 1 enabled (ICC_IGRPEN1_EL1 / GICC_CTLR.EnableGrp1)
 * @ackctl:	GICv2 GICC_CTLR.AckCtl
 * @fiqen:	GICv2 GICC_CTLR.FIQEn
 * @cbpr:	common binary point (ICC_CTLR_EL1.CBPR / GICC_CTLR.CBPR)
 * @eoim:	EOImode: EOI drops priority only, DIR deactivates
 *
 * The hardware keeps it in ICH_VMCR_EL2 or GICH_VMCR while the vCPU runs.
 */
struct vgic_vmcr {
	u8	pmr;
	u8	bpr0;
	u8	bpr1;
	bool	grpen0;
	bool	grpen1;
	bool	ackctl;
	bool	fiqen;
	bool	cbpr;
	bool	eoim;
};

/**
 * struct vgic_vmcr_layout - where a VMCR format keeps each field
 * @pmr:	mask of the priority mask field
 * @pmr_drop:	low priority bits that field does not keep
 * @bpr0:	mask of the Group 0 binary point
 * @bpr1:	mask of the Group 1 binary point
 * @grpen0:	Group 0 enable bit
 * @grpen1:	Group 1 enable bit
 * @ackctl:	AckCtl bit (0 if absent)
 * @fiqen:	FIQEn bit
 * @cbpr:	CBPR bit
 * @eoim:	EOImode bit
 */
struct vgic_vmcr_layout {
	u32 pmr;
	u8 pmr_drop;
	u32 bpr0, bpr1, grpen0, grpen1, ackctl, fiqen, cbpr, eoim;
};

/**
 * struct vgic_lr_ops - how a host CPU interface holds its list registers
 * @read_lr:	decode list register @n of @vcpu
 * @write_lr:	encode list register @n of @vcpu
 * @set_hcr:	program the maintenance requests and the number of LRs used
 * @used_lrs:	the number of LRs the last flush filled
 * @hcr:	the maintenance requests of the last flush, ICH_HCR_EL2 and
 *		GICH_HCR both keeping UIE at bit 1 and NPIE at bit 3
 * @reset:	the CPU interface state of a new vCPU: enabled, no LR used
 * @vmcr:	where the vCPU's VMCR is saved
 * @vmcr_layout: where that VMCR keeps each field
 * @running_priority: the highest active priority of a put vCPU, from its
 *		saved active-priorities registers; VGIC_PRIORITY_IDLE if none
 */
struct vgic_lr_ops {
	void (*read_lr)(struct kvm_vcpu *vcpu, int n, struct vgic_lr *lr);
	void (*write_lr)(struct kvm_vcpu *vcpu, int n, const struct vgic_lr *lr);
	void (*set_hcr)(struct kvm_vcpu *vcpu, unsigned int used,
			bool underflow, bool no_pending);
	unsigned int (*used_lrs)(struct kvm_vcpu *vcpu);
	u32 (*hcr)(struct kvm_vcpu *vcpu);
	void (*reset)(struct kvm_vcpu *vcpu);
	u32 *(*vmcr)(struct kvm_vcpu *vcpu);
	const struct vgic_vmcr_layout *vmcr_layout;
	unsigned int (*running_priority)(struct kvm_vcpu *vcpu);
};

/* Above every priority: no interrupt is active. */
#define VGIC_PRIORITY_IDLE	0x100

extern const struct vgic_lr_ops vgic_v2_lr_ops;
extern const struct vgic_lr_ops vgic_v3_lr_ops;

u64 vgic_v3_lr_encode(const struct vgic_lr *lr);
void vgic_v3_lr_decode(u64 val, struct vgic_lr *lr);
u32 vgic_v2_lr_encode(const struct vgic_lr *lr);
void vgic_v2_lr_decode(u32 val, struct vgic_lr *lr);

/* vgic-debug.c: debugfs */
void vgic_debug_init(struct kvm *kvm);

/* vgic-check.c: the self-checks of kernels that prove their locking */
#define VGIC_CHECKS	IS_ENABLED(CONFIG_PROVE_LOCKING)
const char *vgic_check_lrs(struct kvm_vcpu *vcpu);

/* vgic-irq.c: per-IRQ state and the per-vCPU lists */
struct vgic_irq *vgic_get_irq(struct kvm *kvm, struct kvm_vcpu *vcpu, u32 intid);
bool vgic_irq_is_pending(const struct vgic_irq *irq);
void vgic_irq_consume_pending(struct vgic_irq *irq, u8 source);
struct kvm_vcpu *vgic_irq_dest(const struct vgic_irq *irq);
bool vgic_queue_irq_unlock(struct kvm *kvm, struct vgic_irq *irq,
			   unsigned long flags) __releases(&irq->irq_lock);
void vgic_prune_ap_list(struct kvm_vcpu *vcpu);
void vgic_irq_init(struct vgic_irq *irq, u32 intid, struct kvm_vcpu *target);
void vgic_set_group_enables(struct kvm *kvm, u8 groups);

/*
 * An interrupt's claim to a list register, lowest first: active ones, which
 * the guest must be able to deactivate (IHI 0069 4.4.5), then pending ones
 * by priority.  Equals keep their order of arrival: which of two pending
 * interrupts of the same priority is signalled first is IMPLEMENTATION
 * DEFINED (IHI 0069 4.8).
 */
static inline u16 vgic_irq_rank(const struct vgic_irq *irq)
{
	return irq->active ? 0 : 1 + irq->priority;
}

/* vgic-lpi.c: LPIs, with an ITS */
#define VGIC_LPI_ID_BITS	16	/* INTIDs below 65536 (GICD_TYPER.IDbits) */
struct vgic_irq *vgic_lpi_get(struct kvm *kvm, u32 intid);
void vgic_lpi_put(struct kvm *kvm, struct vgic_irq *irq);
struct vgic_irq *vgic_lpi_map(struct kvm *kvm, u32 intid, struct kvm_vcpu *target);
int vgic_lpi_read_config(struct kvm *kvm, struct vgic_irq *irq);
void vgic_lpi_inject(struct kvm *kvm, struct vgic_irq *irq);
void vgic_lpi_invalidate_all(struct kvm_vcpu *vcpu);
void vgic_lpis_enable(struct kvm_vcpu *vcpu);
int vgic_lpi_save_pending_tables(struct kvm *kvm);
int vgic_lpi_load_pending(struct kvm *kvm, struct vgic_irq *irq);
void vgic_lpi_move_all(struct kvm *kvm, struct kvm_vcpu *from, struct kvm_vcpu *to);
void vgic_lpi_destroy(struct kvm *kvm);

/* vgic-its*.c: the ITSes of a VM */
void vgic_its_teardown_all(struct kvm *kvm);
int vgic_its_inject_msi(struct kvm *kvm, u64 doorbell, u32 devid, u32 eventid);
int vgic_its_register_device(void);
int vgic_io_register_its(struct kvm *kvm, struct vgic_io_device *io, gpa_t base, int size);

/* vgic-its-cache.c: the translation cache */
int vgic_its_cache_create(struct kvm *kvm);
void vgic_its_cache_destroy(struct kvm *kvm);
struct vgic_irq *vgic_its_cache_lookup(struct kvm *kvm, u64 doorbell, u32 devid, u32 eventid);
unsigned long vgic_its_cache_gen(struct kvm *kvm);
void vgic_its_cache_fill(struct kvm *kvm, unsigned long gen, u64 doorbell, u32 devid,
			 u32 eventid, struct vgic_irq *irq);
void vgic_its_cache_invalidate(struct kvm *kvm);

/*
 * @irq (locked) is made pending by a new event: whatever a list register
 * holds is older, so the sync must not take the guest's acknowledge of
 * that one for this (see vgic_irq::pending_in_lr).
 */
static inline void vgic_irq_new_edge(struct vgic_irq *irq)
{
	irq->pending_latch = true;
	irq->pending_in_lr = false;
}

/*
 * An edge on @irq (locked) that is already latched, waiting on a list and
 * in no list register merges with the one that waits (IHI 0069 4.1.1: the
 * pending state is one bit): nothing changes, nobody needs kicking.
 */
static inline bool vgic_irq_edge_merges(const struct vgic_irq *irq)
{
	return irq->pending_latch && !irq->pending_in_lr && irq->vcpu;
}

/*
 * The VMM has the vGIC write tables into guest memory, its vCPUs locked
 * out (kvm_arch_allow_write_without_running_vcpu()).
 */
static inline void vgic_saving_tables(struct kvm *kvm, bool saving)
{
	WRITE_ONCE(kvm->arch.vgic.saving_tables, saving);
}

static inline bool vgic_is_lpi(u32 intid)
{
	return intid >= VGIC_MIN_LPI;
}

/* A GICv3 VM with an ITS: its redistributors have LPIs. */
static inline bool vgic_has_lpis(struct kvm *kvm)
{
	return kvm->arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3 && kvm->arch.vgic.has_its;
}

/*
 * @irq (locked) joins @vcpu's ap_list (locked) behind every interrupt of
 * its rank or lower: a list that is sorted stays sorted, and a stream of
 * equals is added at the tail in one step.  No reference is taken.
 */
static inline void vgic_ap_list_insert(struct kvm_vcpu *vcpu, struct vgic_irq *irq)
{
	struct list_head *head = &vcpu->arch.vgic_cpu.ap_list_head, *pos;

	irq->ap_rank = vgic_irq_rank(irq);
	for (pos = head->prev; pos != head; pos = pos->prev)
		if (list_entry(pos, struct vgic_irq, ap_list)->ap_rank <= irq->ap_rank)
			break;
	list_add(&irq->ap_list, pos);
	vcpu->arch.vgic_cpu.ap_list_len++;
	irq->vcpu = vcpu;
}

/* @irq (locked) joins @vcpu's ap_list (locked); an LPI is referenced by it. */
static inline void vgic_ap_list_add(struct kvm_vcpu *vcpu, struct vgic_irq *irq)
{
	vgic_ap_list_insert(vcpu, irq);
	if (vgic_is_lpi(irq->intid))
		refcount_inc(&irq->refcount);	/* the list's */
}

/*
 * @irq (locked) changed.  If it is listed and now ranks otherwise than its
 * place says, or belongs on another vCPU's list, its list is sorted and
 * pruned at the next flush; until then only the head of a sorted list is
 * looked at.
 */
static inline void vgic_ap_list_note(struct vgic_irq *irq)
{
	struct kvm_vcpu *dest;

	if (!irq->vcpu)
		return;
	dest = vgic_irq_dest(irq);
	if ((dest && dest != irq->vcpu) || vgic_irq_rank(irq) != irq->ap_rank)
		WRITE_ONCE(irq->vcpu->arch.vgic_cpu.ap_list_unsorted, true);
}

/* @irq (locked) leaves the ap_list (locked) it is on, keeping its reference. */
static inline void vgic_ap_list_unlink(struct vgic_irq *irq)
{
	list_del_init(&irq->ap_list);
	irq->vcpu->arch.vgic_cpu.ap_list_len--;
	irq->vcpu = NULL;
}

/* @irq (locked) leaves the ap_list (locked) it is on; the list's reference goes. */
static inline void vgic_ap_list_del(struct vgic_irq *irq)
{
	struct kvm_vcpu *vcpu = irq->vcpu;

	vgic_ap_list_unlink(irq);
	if (vgic_is_lpi(irq->intid))
		vgic_lpi_put(vcpu->kvm, irq);
}

/* A listed @irq's destination (both locked); with none it leaves the list. */
static inline struct kvm_vcpu *vgic_listed_irq_dest(struct vgic_irq *irq)
{
	struct kvm_vcpu *dest = vgic_irq_dest(irq);

	if (!dest)
		vgic_ap_list_del(irq);
	return dest;
}

/*
 * MPIDR and GICD_IROUTER hold Aff3 at [39:32] and Aff2..Aff0 at [23:0];
 * GICR_TYPER.Affinity_Value packs them as Aff3.Aff2.Aff1.Aff0 in 32 bits.
 */
static inline u32 vgic_mpidr_to_aff32(u64 mpidr)
{
	return (((mpidr >> 32) & 0xff) << 24) | (mpidr & 0xffffff);
}

/* [@base, @base + @size) lies inside an IPA space of @ipa_bits, without wrapping. */
static inline bool vgic_range_fits(gpa_t base, u64 size, unsigned int ipa_bits)
{
	u64 limit = BIT_ULL(ipa_bits);

	return size <= limit && base <= limit - size;
}

static inline bool vgic_ranges_overlap(gpa_t a, u64 a_size, gpa_t b, u64 b_size)
{
	return a < b + b_size && b < a + a_size;
}

/* vgic-rdist-regions.c */
int vgic_v3_rdist_region_add(struct kvm *kvm, u32 index, gpa_t base, u32 count,
			     unsigned int ipa_bits);
const struct vgic_redist_region *vgic_v3_rdist_region_get(struct kvm *kvm, u32 index);
void vgic_v3_rdist_regions_free(struct kvm *kvm);
bool vgic_v3_rdist_addr(const struct kvm_vcpu *vcpu, gpa_t *addr);
bool vgic_v3_rdist_is_last(const struct kvm_vcpu *vcpu);
u64 vgic_v3_rd_typer(struct kvm_vcpu *vcpu);
void vgic_v3_rd_typers_fix(struct kvm *kvm);
int vgic_v3_rdist_layout_check(struct kvm *kvm, unsigned int ipa_bits);

/* vgic-init.c */
int vgic_init(struct kvm *kvm);
int vgic_init_settled(struct kvm *kvm);
int vgic_lazy_init(struct kvm *kvm);

/* vgic-host.c (the harness has its own): the list registers in hardware */
void vgic_hw_load_lrs(struct kvm_vcpu *vcpu);
void vgic_hw_save_lrs(struct kvm_vcpu *vcpu);

/* vgic-inject.c */
int vgic_inject_event(struct kvm *kvm, u32 intid);

/* vgic-kvm-device.c, vgic-irqfd.c */
int vgic_register_devices(void);
int kvm_vgic_setup_default_irq_routing(struct kvm *kvm);

/* A mapped interrupt whose deactivation the HW bit carries to the host. */
static inline bool vgic_irq_hw_deactivates(const struct vgic_irq *irq)
{
	return irq->map && !(irq->map->ops &&
			     (irq->map->ops->flags & VGIC_IRQ_SW_RESAMPLE));
}

/* vgic-phys-map.c */
void vgic_phys_map_tree_init(struct vgic_phys_map_tree *tree);
void vgic_phys_map_tree_destroy(struct kvm *kvm, struct kvm_vcpu *vcpu,
				struct vgic_phys_map_tree *tree);
struct vgic_phys_map *vgic_phys_map_lookup(struct vgic_phys_map_tree *tree,
					   u32 vintid);
void vgic_hw_irq_fold(struct vgic_irq *irq, bool retired);
void vgic_hw_irq_claim(struct vgic_irq *irq);
void vgic_hw_irq_settle(struct vgic_irq *irq);
void vgic_hw_irq_clear_pending(struct vgic_irq *irq);
void vgic_irq_resample(struct vgic_irq *irq);
void vgic_sw_resample_release(struct vgic_irq *irq);

/* vgic-lr.c */
const struct vgic_lr_ops *vgic_lr_ops(void);
void vgic_get_vmcr(struct kvm_vcpu *vcpu, struct vgic_vmcr *vmcr);
void vgic_set_vmcr(struct kvm_vcpu *vcpu, const struct vgic_vmcr *vmcr);

/*
 * Used by sys_regs.c: the guest's GIC is a GICv3 served by the system
 * register interface, and SGIs from its trapped ICC_SGI*R_EL1 writes.
 */
static inline bool kvm_has_gicv3(struct kvm *kvm)
{
	return kvm_vgic_global_state.type == VGIC_V3 && irqchip_in_kernel(kvm) &&
	       kvm->arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3;
}

void vgic_v3_dispatch_sgi(struct kvm_vcpu *vcpu, u64 reg, bool allow_group1);
void vcpu_set_ich_hcr(struct kvm_vcpu *vcpu);

/* arch/arm64/kvm/vgic-sys-reg-v3.c: KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS */
int vgic_v3_has_cpu_sysregs_attr(struct kvm_vcpu *vcpu, u64 instr);
int vgic_v3_cpu_sysregs_uaccess(struct kvm_vcpu *vcpu, u64 instr, u64 *val,
				bool is_write);

#endif /* __KVM_ARM_VGIC_INTERNAL_H */
