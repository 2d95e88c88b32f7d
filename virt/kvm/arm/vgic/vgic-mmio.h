/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Table-driven register frames: each frame (GICv3 distributor, RD_base,
 * SGI_base, GICv2 distributor, GICv2 CPU interface) is a sorted table of
 * register regions.  A plain register is one entry with read and write
 * handlers; a family of per-IRQ registers (ISENABLER<n>, IPRIORITYR<n>,
 * ...) is one entry with a field getter and setter applied to each
 * interrupt it covers.  Anything the table does not describe, and any
 * access of a width or alignment the entry does not allow, is RAZ/WI.
 */
#ifndef __KVM_ARM_VGIC_MMIO_H
#define __KVM_ARM_VGIC_MMIO_H

#include "vgic.h"

struct vgic_its;

/* Access widths an entry allows, one bit per log2(bytes). */
#define VGIC_ACC_8		BIT(0)
#define VGIC_ACC_32		BIT(2)
#define VGIC_ACC_64		BIT(3)
#define VGIC_ACC_32_64		(VGIC_ACC_32 | VGIC_ACC_64)

/* The IIDRs' Implementer (ARM) and ProductID (KVM), as KVM has always shown. */
#define VGIC_IIDR_IMPLEMENTER_ARM	0x43b
#define VGIC_IIDR_PRODUCT_KVM		0x4b

/* Implemented priority bits: five, as GICH_LR and most ICH_VTR_EL2 hold. */
#define VGIC_PRI_IMPL_MASK	0xf8

/**
 * struct vgic_mmio_ctx - one access
 * @kvm:	the VM
 * @vcpu:	whose SGIs and PPIs banked registers show: the accessing vCPU
 *		for a GICv2 distributor or CPU interface, the owner of a GICv3
 *		redistributor
 * @user:	a userspace save/restore access (KVM device attributes)
 * @private_only: only SGIs and PPIs are here (GICv3 SGI_base)
 * @its:	the ITS whose frame this is (vgic-its.c)
 */
struct vgic_mmio_ctx {
	struct kvm *kvm;
	struct kvm_vcpu *vcpu;
	struct vgic_its *its;
	bool user;
	bool private_only;
};

/**
 * struct vgic_reg - a register, or a family of per-IRQ registers
 * @offset:	first byte in the frame
 * @size:	bytes covered
 * @elem:	bytes per register (4, or 8 for 64-bit registers, which may
 *		also be accessed as two 32-bit halves if @widths allows)
 * @widths:	VGIC_ACC_* sizes allowed
 * @bpi:	per-IRQ family: bits per interrupt; 0 for a plain register
 * @first_intid: per-IRQ family: INTID of the field at @offset
 * @read:	plain register: value of the @elem bytes at @off
 * @write:	plain register: guest write
 * @uread:	plain register: userspace view when it differs
 * @uwrite:	plain register: userspace write when it differs (may fail)
 * @get:	per-IRQ family: the field of one interrupt (locked)
 * @set:	per-IRQ family: guest write of one field; true to requeue
 * @uget:	per-IRQ family: userspace view when it differs
 * @uset:	per-IRQ family: userspace write when it differs
 * @guest_only:	an access has side effects (acknowledge, SGI generation...):
 *		not part of the saved state, RAZ/WI and absent for userspace
 * @halts_guest:	a guest write stops every vCPU first (see vgic_irq_regs_write)
 */
struct vgic_reg {
	u32 offset;
	u32 size;
	u8 elem;
	u8 widths;
	u8 bpi;
	u16 first_intid;
	u64 (*read)(const struct vgic_mmio_ctx *ctx, u32 off);
	void (*write)(const struct vgic_mmio_ctx *ctx, u32 off, u64 val);
	u64 (*uread)(const struct vgic_mmio_ctx *ctx, u32 off);
	int (*uwrite)(const struct vgic_mmio_ctx *ctx, u32 off, u64 val);
	u64 (*get)(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq);
	bool (*set)(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);
	u64 (*uget)(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq);
	bool (*uset)(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);
	bool guest_only;
	bool halts_guest;
};

/* A plain 32-bit register; a 64-bit one; a per-IRQ family. */
#define VGIC_REG32(off, rd, wr)						\
	{ .offset = (off), .size = 4, .elem = 4, .widths = VGIC_ACC_32,	\
	  .read = (rd), .write = (wr) }
#define VGIC_REG64(off, rd, wr)						\
	{ .offset = (off), .size = 8, .elem = 8, .widths = VGIC_ACC_32_64, \
	  .read = (rd), .write = (wr) }
#define VGIC_REG32_GUEST(off, rd, wr)					\
	{ .offset = (off), .size = 4, .elem = 4, .widths = VGIC_ACC_32,	\
	  .read = (rd), .write = (wr), .guest_only = true }
#define VGIC_IRQ_REGS(off, bytes, bits, intid0, acc, gt, st)		\
	{ .offset = (off), .size = (bytes), .elem = 4, .widths = (acc),	\
	  .bpi = (bits), .first_intid = (intid0), .get = (gt), .set = (st) }

/**
 * struct vgic_frame - a register frame
 * @regs:	plain registers, sorted by offset, not overlapping
 * @nr_regs:	number of @regs
 * @irq_regs:	per-IRQ families, sorted, not overlapping @regs
 * @nr_irq_regs: number of @irq_regs
 */
struct vgic_frame {
	const struct vgic_reg *regs;
	unsigned int nr_regs;
	const struct vgic_reg *irq_regs;
	unsigned int nr_irq_regs;
};

bool vgic_frame_has(const struct vgic_frame *frame, u32 offset, bool user);
int vgic_mmio_access(const struct vgic_frame *frame,
		     const struct vgic_mmio_ctx *ctx, u32 offset,
		     unsigned int len, bool is_write, u64 *val);

/* Per-IRQ field accessors shared by the GICv2 and GICv3 frames. */
u64 vgic_get_group(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq);
bool vgic_set_group(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);
u64 vgic_get_enabled(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq);
bool vgic_set_enable(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);
bool vgic_clear_enable(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);
u64 vgic_get_pending(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq);
bool vgic_set_pending(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);
bool vgic_clear_pending(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);
u64 vgic_get_active(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq);
bool vgic_set_active(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);
bool vgic_clear_active(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);
u64 vgic_get_priority(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq);
bool vgic_set_priority(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);
u64 vgic_get_config(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq);
bool vgic_set_config(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);

/* The userspace views of the pending and active registers. */
u64 vgic_uget_latch(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq);
bool vgic_uset_latch(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);
u64 vgic_uget_raz(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq);
bool vgic_uset_wi(const struct vgic_mmio_ctx *ctx, struct vgic_irq *irq, u64 field);

u64 vgic_read_iidr(const struct vgic_mmio_ctx *ctx, u32 off);
int vgic_uwrite_iidr(const struct vgic_mmio_ctx *ctx, u32 off, u64 val);

extern const struct vgic_frame vgic_v3_dist_frame;
extern const struct vgic_frame vgic_v3_rd_frame;
extern const struct vgic_frame vgic_v3_sgi_frame;
extern const struct vgic_frame vgic_v2_dist_frame;
extern const struct vgic_frame vgic_v2_cpuif_frame;

int vgic_v3_dist_access(struct kvm *kvm, u32 offset, unsigned int len,
			bool is_write, u64 *val, bool user);
int vgic_v3_rdist_access(struct kvm_vcpu *vcpu, u32 offset, unsigned int len,
			 bool is_write, u64 *val, bool user);
int vgic_v2_dist_access(struct kvm_vcpu *vcpu, u32 offset, unsigned int len,
			bool is_write, u64 *val, bool user);
int vgic_v2_cpuif_access(struct kvm_vcpu *vcpu, u32 offset, unsigned int len,
			 bool is_write, u64 *val, bool user);

/* vgic-uaccess.c: the KVM device attribute groups */
int vgic_attr_access(struct kvm *kvm, u32 group, u64 attr, u64 *val, bool is_write);
int vgic_attr_has(struct kvm *kvm, u32 group, u64 attr);

u64 vgic_mmio_raz(const struct vgic_mmio_ctx *ctx, u32 off);
void vgic_mmio_wi(const struct vgic_mmio_ctx *ctx, u32 off, u64 val);

#endif /* __KVM_ARM_VGIC_MMIO_H */
