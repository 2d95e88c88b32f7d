// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GICv3 CPU interface system registers of a vCPU, as userspace saves
 * and restores them (KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS): a table of
 * ICC_*_EL1 encodings over the state the hardware keeps while the vCPU
 * runs, ICH_VMCR_EL2 and ICH_AP{0,1}R<n>_EL2.
 */
#include <linux/bitfield.h>
#include <linux/kvm_host.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/kvm.h>

#include "vgic/vgic.h"

/* Binary points: at least 2 for Group 0 and 3 for Group 1 (IHI 0069 12.2.3). */
#define VGIC_BPR0_MIN	2
#define VGIC_BPR_MAX	7

/* The priority bits the virtual CPU interface has: at least five. */
static unsigned int vgic_v3_pri_bits(void)
{
	u32 bits = FIELD_GET(ICH_VTR_PRI_BITS_MASK, kvm_vgic_global_state.ich_vtr_el2) + 1;

	return max(bits, 5U);
}

static unsigned int vgic_v3_nr_aprs(void)
{
	return 1U << (vgic_v3_pri_bits() - 5);
}

/* @n: passed to the handlers; @apr: an ICC_AP<g>R<i>_EL1, there if i < nr_aprs */
struct vgic_v3_sysreg {
	u32 encoding;
	u8 n;
	bool apr;
	u64 (*get)(struct kvm_vcpu *vcpu, unsigned int n);
	int (*set)(struct kvm_vcpu *vcpu, unsigned int n, u64 val);
};

static struct vgic_vmcr vgic_v3_vmcr(struct kvm_vcpu *vcpu)
{
	struct vgic_vmcr vmcr;

	vgic_get_vmcr(vcpu, &vmcr);
	return vmcr;
}

static u64 icc_pmr_get(struct kvm_vcpu *vcpu, unsigned int n)
{
	return vgic_v3_vmcr(vcpu).pmr;
}

static int icc_pmr_set(struct kvm_vcpu *vcpu, unsigned int n, u64 val)
{
	struct vgic_vmcr vmcr = vgic_v3_vmcr(vcpu);

	vmcr.pmr = val & GENMASK(7, 8 - vgic_v3_pri_bits());
	vgic_set_vmcr(vcpu, &vmcr);
	return 0;
}

static u64 icc_bpr0_get(struct kvm_vcpu *vcpu, unsigned int n)
{
	return vgic_v3_vmcr(vcpu).bpr0;
}

static int icc_bpr0_set(struct kvm_vcpu *vcpu, unsigned int n, u64 val)
{
	struct vgic_vmcr vmcr = vgic_v3_vmcr(vcpu);

	vmcr.bpr0 = clamp_t(u64, val & ICC_BPR0_EL1_MASK, VGIC_BPR0_MIN, VGIC_BPR_MAX);
	vgic_set_vmcr(vcpu, &vmcr);
	return 0;
}

/* With CBPR set, ICC_BPR1_EL1 reads BPR0 + 1 and ignores writes. */
static u64 icc_bpr1_get(struct kvm_vcpu *vcpu, unsigned int n)
{
	struct vgic_vmcr vmcr = vgic_v3_vmcr(vcpu);

	return vmcr.cbpr ? min(vmcr.bpr0 + 1, VGIC_BPR_MAX) : vmcr.bpr1;
}

static int icc_bpr1_set(struct kvm_vcpu *vcpu, unsigned int n, u64 val)
{
	struct vgic_vmcr vmcr = vgic_v3_vmcr(vcpu);

	if (!vmcr.cbpr)
		vmcr.bpr1 = clamp_t(u64, val & ICC_BPR1_EL1_MASK,
				    VGIC_BPR0_MIN + 1, VGIC_BPR_MAX);
	vgic_set_vmcr(vcpu, &vmcr);
	return 0;
}

/* ICC_CTLR_EL1: EOImode and CBPR are state; the rest describes the GIC. */
static u64 icc_ctlr_id_fields(void)
{
	u32 vtr = kvm_vgic_global_state.ich_vtr_el2;

	return FIELD_PREP(ICC_CTLR_EL1_PRI_BITS_MASK, vgic_v3_pri_bits() - 1) |
	       FIELD_PREP(ICC_CTLR_EL1_ID_BITS_MASK, FIELD_GET(ICH_VTR_ID_BITS_MASK, vtr)) |
	       FIELD_PREP(ICC_CTLR_EL1_SEIS_MASK, FIELD_GET(ICH_VTR_SEIS_MASK, vtr)) |
	       FIELD_PREP(ICC_CTLR_EL1_A3V_MASK, FIELD_GET(ICH_VTR_A3V_MASK, vtr));
}

static u64 icc_ctlr_get(struct kvm_vcpu *vcpu, unsigned int n)
{
	struct vgic_vmcr vmcr = vgic_v3_vmcr(vcpu);

	return icc_ctlr_id_fields() |
	       (vmcr.eoim ? ICC_CTLR_EL1_EOImode_MASK : 0) |
	       (vmcr.cbpr ? ICC_CTLR_EL1_CBPR_MASK : 0);
}

/* A saved state from a GIC with more bits than this one cannot be restored. */
static int icc_ctlr_set(struct kvm_vcpu *vcpu, unsigned int n, u64 val)
{
	u64 mine = icc_ctlr_id_fields(), fields[] = {
		ICC_CTLR_EL1_PRI_BITS_MASK, ICC_CTLR_EL1_ID_BITS_MASK,
		ICC_CTLR_EL1_SEIS_MASK, ICC_CTLR_EL1_A3V_MASK,
	};
	struct vgic_vmcr vmcr = vgic_v3_vmcr(vcpu);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if ((val & fields[i]) > (mine & fields[i]))
			return -EINVAL;
	vmcr.eoim = val & ICC_CTLR_EL1_EOImode_MASK;
	vmcr.cbpr = val & ICC_CTLR_EL1_CBPR_MASK;
	vgic_set_vmcr(vcpu, &vmcr);
	return 0;
}

/* System register access only: SRE, DFB and DIB are RAO/WI. */
#define VGIC_V3_SRE	(ICC_SRE_EL1_SRE | ICC_SRE_EL1_DFB | ICC_SRE_EL1_DIB)

static u64 icc_sre_get(struct kvm_vcpu *vcpu, unsigned int n)
{
	return VGIC_V3_SRE;
}

static int icc_sre_set(struct kvm_vcpu *vcpu, unsigned int n, u64 val)
{
	return (val & VGIC_V3_SRE) == VGIC_V3_SRE ? 0 : -EINVAL;
}

/* ICC_IGRPEN<n>_EL1: @n is the group. */
static u64 icc_igrpen_get(struct kvm_vcpu *vcpu, unsigned int n)
{
	struct vgic_vmcr vmcr = vgic_v3_vmcr(vcpu);

	return n ? vmcr.grpen1 : vmcr.grpen0;
}

static int icc_igrpen_set(struct kvm_vcpu *vcpu, unsigned int n, u64 val)
{
	struct vgic_vmcr vmcr = vgic_v3_vmcr(vcpu);

	if (n)
		vmcr.grpen1 = val & ICC_IGRPEN1_EL1_MASK;
	else
		vmcr.grpen0 = val & ICC_IGRPEN0_EL1_MASK;
	vgic_set_vmcr(vcpu, &vmcr);
	return 0;
}

/* ICC_AP<g>R<i>_EL1: @n is g * 4 + i. */
static u32 *icc_apr(struct kvm_vcpu *vcpu, unsigned int n)
{
	struct vgic_v3_cpu_if *cpu_if = &vcpu->arch.vgic_cpu.vgic_v3;

	return &(n / 4 ? cpu_if->vgic_ap1r : cpu_if->vgic_ap0r)[n % 4];
}

static u64 icc_apr_get(struct kvm_vcpu *vcpu, unsigned int n)
{
	return *icc_apr(vcpu, n);
}

static int icc_apr_set(struct kvm_vcpu *vcpu, unsigned int n, u64 val)
{
	*icc_apr(vcpu, n) = val;
	return 0;
}

#define VGIC_V3_APR(enc, g, i)	{ enc, (g) * 4 + (i), true, icc_apr_get, icc_apr_set }

static const struct vgic_v3_sysreg vgic_v3_sysregs[] = {
	{ SYS_ICC_PMR_EL1, 0, false, icc_pmr_get, icc_pmr_set },
	{ SYS_ICC_BPR0_EL1, 0, false, icc_bpr0_get, icc_bpr0_set },
	VGIC_V3_APR(SYS_ICC_AP0R0_EL1, 0, 0),
	VGIC_V3_APR(SYS_ICC_AP0R1_EL1, 0, 1),
	VGIC_V3_APR(SYS_ICC_AP0R2_EL1, 0, 2),
	VGIC_V3_APR(SYS_ICC_AP0R3_EL1, 0, 3),
	VGIC_V3_APR(SYS_ICC_AP1R0_EL1, 1, 0),
	VGIC_V3_APR(SYS_ICC_AP1R1_EL1, 1, 1),
	VGIC_V3_APR(SYS_ICC_AP1R2_EL1, 1, 2),
	VGIC_V3_APR(SYS_ICC_AP1R3_EL1, 1, 3),
	{ SYS_ICC_BPR1_EL1, 0, false, icc_bpr1_get, icc_bpr1_set },
	{ SYS_ICC_CTLR_EL1, 0, false, icc_ctlr_get, icc_ctlr_set },
	{ SYS_ICC_SRE_EL1, 0, false, icc_sre_get, icc_sre_set },
	{ SYS_ICC_IGRPEN0_EL1, 0, false, icc_igrpen_get, icc_igrpen_set },
	{ SYS_ICC_IGRPEN1_EL1, 1, false, icc_igrpen_get, icc_igrpen_set },
};

/* The table entry for @instr (KVM's 16-bit encoding), and its n. */
static const struct vgic_v3_sysreg *vgic_v3_find_sysreg(u64 instr, unsigned int *n)
{
	u32 enc = sys_reg(FIELD_GET(KVM_REG_ARM64_SYSREG_OP0_MASK, instr),
			  FIELD_GET(KVM_REG_ARM64_SYSREG_OP1_MASK, instr),
			  FIELD_GET(KVM_REG_ARM64_SYSREG_CRN_MASK, instr),
			  FIELD_GET(KVM_REG_ARM64_SYSREG_CRM_MASK, instr),
			  FIELD_GET(KVM_REG_ARM64_SYSREG_OP2_MASK, instr));
	unsigned int i;

	if (instr & ~(u64)KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(vgic_v3_sysregs); i++) {
		const struct vgic_v3_sysreg *r = &vgic_v3_sysregs[i];

		if (r->encoding != enc || (r->apr && r->n % 4 >= vgic_v3_nr_aprs()))
			continue;
		*n = r->n;
		return r;
	}
	return NULL;
}

/**
 * vgic_v3_has_cpu_sysregs_attr() - is @instr a CPU interface register?
 * @vcpu:	the vCPU
 * @instr:	the register, in KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS encoding
 *
 * Return: 0 if it can be accessed, -ENXIO otherwise.
 */
int vgic_v3_has_cpu_sysregs_attr(struct kvm_vcpu *vcpu, u64 instr)
{
	unsigned int n;

	return vgic_v3_find_sysreg(instr, &n) ? 0 : -ENXIO;
}

/**
 * vgic_v3_cpu_sysregs_uaccess() - save or restore a CPU interface register
 * @vcpu:	the vCPU, not running
 * @instr:	the register, in KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS encoding
 * @val:	the 64-bit value
 * @is_write:	restore (write *@val) or save (read into *@val)
 *
 * Return: 0, -ENXIO for an unknown register, -EINVAL for a value this
 * GIC cannot hold.
 */
int vgic_v3_cpu_sysregs_uaccess(struct kvm_vcpu *vcpu, u64 instr, u64 *val,
				bool is_write)
{
	const struct vgic_v3_sysreg *r;
	unsigned int n;

	r = vgic_v3_find_sysreg(instr, &n);
	if (!r)
		return -ENXIO;
	if (is_write)
		return r->set(vcpu, n, *val);
	*val = r->get(vcpu, n);
	return 0;
}
