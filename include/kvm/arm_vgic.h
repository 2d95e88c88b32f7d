/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual GIC's interface to the rest of KVM/arm64.
 *
 * Everything named here is used by KVM code outside the vGIC (arm.c,
 * arch_timer.c, pmu-emul.c, sys_regs.c, the hyp world switch) and keeps
 * the name and meaning those callers expect; see
 * Documentation/virt/kvm/arm/vgic.rst for the contract.  Everything else
 * is the vGIC's own and lives in virt/kvm/arm/vgic/vgic.h.
 */
#ifndef __KVM_ARM_VGIC_H
#define __KVM_ARM_VGIC_H

#include <linux/bits.h>
#include <linux/kvm.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/static_key.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <linux/irqchip/arm-gic-v4.h>
#include <kvm/iodev.h>

/* INTID space (IHI 0069, 2.2 "INTIDs") */
#define VGIC_NR_SGIS		16
#define VGIC_NR_PPIS		16
#define VGIC_NR_PRIVATE_IRQS	(VGIC_NR_SGIS + VGIC_NR_PPIS)
#define VGIC_MAX_SPI		1019
#define VGIC_MAX_RESERVED	1023
#define VGIC_MIN_LPI		8192

/* Pins of the KVM irqchip routing: one per architectural SPI. */
#define KVM_IRQCHIP_NUM_PINS	(VGIC_MAX_SPI + 1 - VGIC_NR_PRIVATE_IRQS)

/* GICv2 addresses at most 8 CPU interfaces; GICv3 is bounded by KVM. */
#define VGIC_V2_MAX_CPUS	8
#define VGIC_V3_MAX_CPUS	512

/* List registers: ICH_VTR_EL2.ListRegs is 4 bits, GICH_VTR.ListRegs 6. */
#define VGIC_V3_MAX_LRS		16
#define VGIC_V2_MAX_LRS		64

static inline bool irq_is_ppi(unsigned int intid)
{
	return intid - VGIC_NR_SGIS < VGIC_NR_PPIS;
}

static inline bool irq_is_spi(unsigned int intid)
{
	return intid - VGIC_NR_PRIVATE_IRQS <= VGIC_MAX_SPI - VGIC_NR_PRIVATE_IRQS;
}

#define irqchip_in_kernel(k)	(!!((k)->arch.vgic.in_kernel))
#define vgic_initialized(k)	((k)->arch.vgic.initialized)
#define vgic_ready(k)		((k)->arch.vgic.ready)
#define vgic_valid_spi(k, i)	vgic_dist_has_spi(&(k)->arch.vgic, i)

/* A frame whose guest address is not set yet. */
#define VGIC_ADDR_UNDEF		(-1ULL)
#define vgic_addr_undef(a)	((a) == VGIC_ADDR_UNDEF)

/**
 * struct vgic_redist_region - guest physical range of GICv3 redistributors
 * @base:	address of its first redistributor (64KB aligned)
 * @count:	how many it holds; 0 for KVM_VGIC_V3_ADDR_TYPE_REDIST, whose
 *		single region holds one per vCPU
 * @index:	its KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION index
 * @list:	in vgic_dist.rd_regions
 */
struct vgic_redist_region {
	gpa_t			base;
	u32			count;
	u32			index;
	struct list_head	list;
};

enum vgic_io_kind {
	VGIC_IO_DIST_V3,
	VGIC_IO_RDIST,
	VGIC_IO_DIST_V2,
	VGIC_IO_ITS,
};

/**
 * struct vgic_io_device - a frame on the KVM MMIO bus
 * @dev:	the bus device
 * @kind:	which frame
 * @vcpu:	a redistributor's vCPU
 * @base:	guest physical address of the frame
 */
struct vgic_io_device {
	struct kvm_io_device	dev;
	enum vgic_io_kind	kind;
	struct kvm_vcpu		*vcpu;
	gpa_t			base;
};

enum vgic_type {
	VGIC_V2,		/* GICv2 host CPU interface (GICH/GICV) */
	VGIC_V3,		/* GICv3 host CPU interface (ICH_*_EL2) */
};

/**
 * struct vgic_global - what the host GIC offers for virtualization
 *
 * Read by the hyp code and the timer:
 * @type:		which host CPU interface the list registers live in
 * @gicv3_cpuif:	the host uses the GICv3 system-register interface
 * @nr_lr:		number of list registers
 * @ich_vtr_el2:	ICH_VTR_EL2 as read at probe time
 * @vcpu_hyp_va:	GICv2: hyp mapping of GICV (for the cpuif proxy)
 * @no_hw_deactivation:	the HW bit of a list register cannot be relied on
 *
 * The vGIC's own:
 * @gicv_phys:		GICv2: physical address of GICV, mapped into guests
 * @gich_va:		GICv2: kernel mapping of GICH
 * @maint_irq:		Linux irq of the maintenance interrupt
 * @max_vcpus:		most vCPUs a guest GIC of this host can have
 * @v2_guests:		GICv2 guests possible (GICv2 host, or GICv3 with GICV)
 */
struct vgic_global {
	enum vgic_type		type;
	struct static_key_false	gicv3_cpuif;
	int			nr_lr;
	u32			ich_vtr_el2;
	void __iomem		*vcpu_hyp_va;
	bool			no_hw_deactivation;

	phys_addr_t		gicv_phys;
	void __iomem		*gich_va;
	unsigned int		maint_irq;
	int			max_vcpus;
	bool			v2_guests;
};

extern struct vgic_global kvm_vgic_global_state;

DECLARE_STATIC_KEY_FALSE(vgic_v2_cpuif_trap);
DECLARE_STATIC_KEY_FALSE(vgic_v3_cpuif_trap);

/*
 * The owner of a mapped interrupt sets VGIC_IRQ_SW_RESAMPLE when the host
 * cannot deactivate the physical interrupt through the list register's HW
 * bit: the vGIC then handles the interrupt as a software level interrupt,
 * asks for an EOI maintenance interrupt and resamples the line with
 * @get_input_level once the guest has deactivated it.
 */
#define VGIC_IRQ_SW_RESAMPLE	BIT(0)

/**
 * struct irq_ops - callbacks of the owner of a mapped interrupt
 * @flags:		VGIC_IRQ_* behaviour flags
 * @get_input_level:	current level of the line feeding @vintid
 */
struct irq_ops {
	unsigned long flags;
	bool (*get_input_level)(int vintid);
};

enum vgic_irq_config {
	VGIC_CONFIG_EDGE = 0,
	VGIC_CONFIG_LEVEL,
};

/**
 * struct vgic_phys_map - a virtual interrupt linked to a physical one
 * @node:	in the owning rbtree, keyed by @virt_irq
 * @virt_irq:	the guest's INTID
 * @phys_irq:	the hardware INTID at the physical GIC
 * @host_irq:	the Linux irq number of the physical interrupt
 * @ops:	the owner's callbacks
 */
struct vgic_phys_map {
	struct rb_node		node;
	u32			virt_irq;
	u32			phys_irq;
	unsigned int		host_irq;
	const struct irq_ops	*ops;
};

/**
 * struct vgic_phys_map_tree - the phys-map of a VM (SPIs) or vCPU (PPIs)
 * @root:	struct vgic_phys_map nodes, keyed by virtual INTID
 * @lock:	serializes updates; taken before any vgic_irq lock
 */
struct vgic_phys_map_tree {
	struct rb_root		root;
	raw_spinlock_t		lock;
};

/**
 * struct vgic_irq - the state of one virtual interrupt
 * @irq_lock:	protects every field below but @refcount, @ap_list and @intid
 * @refcount:	LPIs: references to the state (see vgic-lpi.c); unused by others
 * @ap_list:	entry in @vcpu's list of pending or active interrupts
 * @vcpu:	the vCPU whose ap_list holds this interrupt, or NULL
 * @target_vcpu: where a pending interrupt is to be delivered, or NULL
 * @intid:	the guest's INTID
 * @line_level:	level of the input line (level-sensitive interrupts)
 * @pending_latch: latched pending state (edges, GICD_ISPENDR writes)
 * @pending_in_lr: the latched pending state is the one in a list register
 * @active:	the guest has acknowledged it and not yet deactivated it
 * @enabled:	GICD_ISENABLER / GICR_ISENABLER0
 * @hw_queued:	mapped: the physical interrupt is active on the guest's behalf
 * @group:	0 or 1
 * @priority:	8-bit priority as the guest wrote it
 * @config:	edge or level
 * @source:	GICv2 SGIs: one bit per requesting CPU
 * @lr_source:	GICv2 SGIs: the source CPU of the instance a list register
 *		shows, pending or (acknowledged) active
 * @targets:	GICv2 SPIs: GICD_ITARGETSR byte
 * @ap_rank:	its place on @vcpu's ap_list, lowest first; written with
 *		both the list's lock and @irq_lock held, read under either
 * @mpidr:	GICv3 SPIs: GICD_IROUTER affinity (MPIDR layout)
 * @map:	the phys-map link of a hardware-mapped interrupt, or NULL
 * @owner:	the in-kernel device that alone may inject it, or NULL
 */
struct vgic_irq {
	raw_spinlock_t		irq_lock;
	refcount_t		refcount;
	struct list_head	ap_list;
	struct kvm_vcpu		*vcpu;
	struct kvm_vcpu		*target_vcpu;
	u32			intid;
	bool			line_level;
	bool			pending_latch;
	bool			pending_in_lr;
	bool			active;
	bool			enabled;
	bool			hw_queued;
	u8			group;
	u8			priority;
	enum vgic_irq_config	config;
	u8			source;
	u8			lr_source;
	u8			targets;
	u16			ap_rank;
	u64			mpidr;
	struct vgic_phys_map	*map;
	void			*owner;
};

struct vgic_its_cache;

/**
 * struct vgic_dist - the virtual distributor of a VM
 * @in_kernel:		the VM has an in-kernel GIC
 * @ready:		its resources are mapped, vCPUs may run
 * @initialized:	its interrupt state exists
 * @vgic_model:		KVM_DEV_TYPE_ARM_VGIC_V2 or _V3
 * @msis_require_devid:	MSIs carry a device ID (an ITS is present)
 * @nassgireq:		GICv4.1: SGIs without active state are requested
 * @groups_enabled:	GICD_CTLR: bit n set if Group n is enabled
 * @iidr_rev:		GICD_IIDR.Revision the VMM chose (behaviour version)
 * @nr_spis:		number of SPIs
 * @vgic_dist_base:	guest physical address of the distributor
 * @vgic_cpu_base:	GICv2: guest physical address of the CPU interface
 * @rd_regions:		GICv3: the redistributor regions, in index order
 * @dist_iodev:		the distributor on the MMIO bus
 * @routing_set:	the default irqchip routing is installed
 * @spis:		@nr_spis interrupts, INTID 32 upwards
 * @phys_map:		phys-map of the SPIs
 * @has_its:		an ITS exists: the redistributors have LPIs
 * @propbaser:		GICR_PROPBASER, shared by every redistributor
 * @lpi_xa:		the LPIs, by INTID (see vgic-lpi.c)
 * @lpi_mutex:		serializes mapping and reaping LPIs, and walks of @lpi_xa
 * @lpi_dead:		LPIs in @lpi_xa with no reference left, to be reaped
 * @its_xa:		the ITSes, by the 64KB page of their frame (MSI doorbells)
 * @its_cache:		the translation cache of MSIs, with the first ITS
 * @saving_tables:	the VMM's save of ITS or pending tables is writing guest
 *			memory with no vCPU running
 */
struct vgic_dist {
	bool			in_kernel;
	bool			ready;
	bool			initialized;
	u32			vgic_model;
	bool			msis_require_devid;
	bool			nassgireq;
	u8			groups_enabled;
	u8			iidr_rev;
	int			nr_spis;
	gpa_t			vgic_dist_base;
	phys_addr_t		vgic_cpu_base;
	struct list_head	rd_regions;
	struct vgic_io_device	dist_iodev;
	bool			routing_set;
	struct vgic_irq		*spis;
	struct vgic_phys_map_tree phys_map;
	bool			has_its;
	u64			propbaser;
	struct xarray		lpi_xa;
	struct mutex		lpi_mutex;	/* maps, reaps and walks of lpi_xa */
	atomic_t		lpi_dead;
	struct xarray		its_xa;
	struct vgic_its_cache	*its_cache;
	bool			saving_tables;
};

static inline bool vgic_dist_has_spi(const struct vgic_dist *dist,
				     unsigned int intid)
{
	return irq_is_spi(intid) &&
	       intid - VGIC_NR_PRIVATE_IRQS < (unsigned int)dist->nr_spis;
}

/**
 * struct vgic_v2_cpu_if - GICH state of a vCPU on a GICv2 host
 * @lr:		GICH_LR<n>
 * @used_lrs:	list registers in use at the next entry
 * @hcr:	GICH_HCR
 * @vmcr:	GICH_VMCR
 * @apr:	GICH_APR
 *
 * Only the vGIC itself reads this: on a GICv2 host it loads and saves
 * GICH around the guest.
 */
struct vgic_v2_cpu_if {
	u32		lr[VGIC_V2_MAX_LRS];
	unsigned int	used_lrs;
	u32		hcr, vmcr, apr;
};

/**
 * struct vgic_v3_cpu_if - ICH_*_EL2 state of a vCPU on a GICv3 host
 * @vgic_lr:	ICH_LR<n>_EL2
 * @used_lrs:	list registers in use at the next entry
 * @vgic_hcr:	ICH_HCR_EL2
 * @vgic_vmcr:	ICH_VMCR_EL2
 * @vgic_ap0r:	ICH_AP0R<n>_EL2, Group 0 active priorities
 * @vgic_ap1r:	ICH_AP1R<n>_EL2, Group 1 active priorities
 * @vgic_sre:	ICC_SRE_EL1 as the guest sees it
 * @its_vpe:	GICv4 vPE of this vCPU
 *
 * The hyp world switch (arch/arm64/kvm/hyp/vgic-v3-sr.c) reads and writes
 * these fields by name; their order is free.
 */
struct vgic_v3_cpu_if {
	u64		vgic_lr[VGIC_V3_MAX_LRS];
	unsigned int	used_lrs;
	u32		vgic_hcr, vgic_vmcr;
	u32		vgic_ap0r[4], vgic_ap1r[4];
	u32		vgic_sre;
	struct its_vpe	its_vpe;
};

/**
 * struct vgic_cpu - the vGIC state of one vCPU
 * @vgic_v2:		list registers on a GICv2 host
 * @vgic_v3:		list registers on a GICv3 host
 * @private_irqs:	SGIs and PPIs
 * @ap_list_lock:	protects @ap_list_head; taken before any irq_lock
 * @ap_list_head:	the interrupts that are pending or active here
 * @ap_list_len:	how many @ap_list_head holds (under @ap_list_lock)
 * @ap_list_unsorted:	an interrupt on @ap_list_head may be out of rank
 *			order, or belong on another vCPU's list
 * @phys_map:		phys-map of the PPIs
 * @ppi_maps:		the links of @phys_map, one per PPI: a PPI is mapped
 *			from vcpu_load (the nested timers), where nothing may
 *			sleep, so nothing is allocated
 * @rd_typer:		GICR_TYPER, fixed once the vGIC is ready (the vCPUs,
 *			their MPIDRs and the redistributor layout are)
 * @rd_asleep:		GICR_WAKER.ProcessorSleep
 * @pendbaser:		GICR_PENDBASER (PTZ as last written)
 * @lpis_enabled:	GICR_CTLR.EnableLPIs, which stays set once set
 * @rd_iodev:		this vCPU's redistributor on the MMIO bus
 */
struct vgic_cpu {
	union {
		struct vgic_v2_cpu_if	vgic_v2;
		struct vgic_v3_cpu_if	vgic_v3;
	};
	struct vgic_irq		private_irqs[VGIC_NR_PRIVATE_IRQS];
	raw_spinlock_t		ap_list_lock;
	struct list_head	ap_list_head;
	unsigned int		ap_list_len;
	bool			ap_list_unsorted;
	struct vgic_phys_map_tree phys_map;
	struct vgic_phys_map	ppi_maps[VGIC_NR_PRIVATE_IRQS - VGIC_NR_SGIS];
	u64			rd_typer;
	bool			rd_asleep;
	bool			lpis_enabled;
	u64			pendbaser;
	struct vgic_io_device	rd_iodev;
};

struct kvm;
struct kvm_vcpu;
struct kvm_kernel_irq_routing_entry;

/* Host probing and per-CPU bring-up (arm.c, at KVM init and CPU hotplug). */
int kvm_vgic_hyp_init(void);
int kvm_vgic_get_max_vcpus(void);
void kvm_vgic_init_cpu_hardware(void);
void kvm_vgic_cpu_up(void);
void kvm_vgic_cpu_down(void);

/* VM and vCPU lifetime (arm.c). */
void kvm_vgic_early_init(struct kvm *kvm);
int kvm_vgic_create(struct kvm *kvm, u32 type);
int kvm_set_legacy_vgic_v2_addr(struct kvm *kvm, struct kvm_arm_device_addr *addr);
int kvm_vgic_map_resources(struct kvm *kvm);
void kvm_vgic_destroy(struct kvm *kvm);
int kvm_vgic_vcpu_init(struct kvm_vcpu *vcpu);
void kvm_vgic_vcpu_destroy(struct kvm_vcpu *vcpu);

/* The world switch and scheduling of a vCPU (arm.c). */
void kvm_vgic_load(struct kvm_vcpu *vcpu);
void kvm_vgic_put(struct kvm_vcpu *vcpu);
void kvm_vgic_flush_hwstate(struct kvm_vcpu *vcpu);
void kvm_vgic_sync_hwstate(struct kvm_vcpu *vcpu);
int kvm_vgic_vcpu_pending_irq(struct kvm_vcpu *vcpu);

/* Interrupt sources: KVM_IRQ_LINE, the timers, the PMU. */
int kvm_vgic_inject_irq(struct kvm *kvm, struct kvm_vcpu *vcpu,
			unsigned int intid, bool level, void *owner);
int kvm_vgic_set_owner(struct kvm_vcpu *vcpu, unsigned int intid, void *owner);

/*
 * The phys-map: virtual interrupts linked to physical ones (the timers).
 * Queries first, then the updates, in the order a mapping lives.
 */
int kvm_vgic_get_map(struct kvm_vcpu *vcpu, unsigned int vintid);
bool kvm_vgic_map_is_active(struct kvm_vcpu *vcpu, unsigned int vintid);
int kvm_vgic_map_phys_irq(struct kvm_vcpu *vcpu, unsigned int host_irq,
			  u32 vintid, struct irq_ops *ops);
void kvm_vgic_reset_mapped_irq(struct kvm_vcpu *vcpu, u32 vintid);
int kvm_vgic_unmap_phys_irq(struct kvm_vcpu *vcpu, unsigned int vintid);

/* GICv4 direct injection (irq bypass, vCPU load and put). */
int vgic_v4_load(struct kvm_vcpu *vcpu);
int vgic_v4_put(struct kvm_vcpu *vcpu);
int kvm_vgic_v4_set_forwarding(struct kvm *kvm, int host_irq,
			       struct kvm_kernel_irq_routing_entry *route);
int kvm_vgic_v4_unset_forwarding(struct kvm *kvm, int host_irq,
				 struct kvm_kernel_irq_routing_entry *route);

#endif /* __KVM_ARM_VGIC_H */
