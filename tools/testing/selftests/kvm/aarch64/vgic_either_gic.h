/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest GIC of either kind, for selftests that run on GICv3 and GICv2
 * hosts alike: the VMM creates whichever the host offers (a GICv3 first)
 * and tells the guest which it got; the guest reaches an interrupt's
 * enable, pending and active bits, acknowledge and EOI the same way on
 * both (GICv3 through the selftest library's gic.h, GICv2 through its
 * memory-mapped distributor and CPU interface, IHI 0048B 4.3 and 4.4).
 */
#ifndef SELFTEST_KVM_VGIC_EITHER_GIC_H
#define SELFTEST_KVM_VGIC_EITHER_GIC_H

#include "gic.h"
#include "vgic.h"
#include "vgic_v2_mmio.h"

/* The guest's GIC is a GICv2 (set by vgic_either_gic_create()). */
static bool gic_v2;

/* The one-bit-per-INTID register at @base that holds @intid, and its bit. */
#define gicd_bit_reg(base, intid)	gicd((base) + 4 * ((intid) / 32))
#define gicd_bit(intid)			BIT((intid) % 32)

/* Distributor and CPU interface on, every priority unmasked. */
static inline void guest_gic_init(unsigned int nr_vcpus)
{
	if (!gic_v2) {
		gic_init(GIC_V3, nr_vcpus);
		return;
	}
	writel(1, gicd(GICD_CTLR));
	writel(0xff, gicc(GICC_PMR));
	writel(1, gicc(GICC_CTLR));
}

static inline void guest_irq_enable(uint32_t intid, bool on)
{
	if (gic_v2)
		writel(gicd_bit(intid), gicd_bit_reg(on ? GICD_ISENABLER : GICD_ICENABLER, intid));
	else if (on)
		gic_irq_enable(intid);
	else
		gic_irq_disable(intid);
}

static inline bool guest_irq_pending(uint32_t intid)
{
	if (!gic_v2)
		return gic_irq_get_pending(intid);
	return readl(gicd_bit_reg(GICD_ISPENDR, intid)) & gicd_bit(intid);
}

static inline bool guest_irq_active(uint32_t intid)
{
	if (!gic_v2)
		return gic_irq_get_active(intid);
	return readl(gicd_bit_reg(GICD_ISACTIVER, intid)) & gicd_bit(intid);
}

static inline void guest_priority_mask(uint8_t pmr)
{
	if (gic_v2)
		writel(pmr, gicc(GICC_PMR));
	else
		gic_set_priority_mask(pmr);
}

/*
 * The acknowledged interrupt's IAR: its INTID, and on a GICv2 the source
 * CPU of an SGI in bits [12:10], which its EOI must carry back (IHI 0048B
 * 4.4.5).  For anything but a GICv2 SGI the value is the INTID itself.
 */
static inline uint32_t guest_irq_ack(void)
{
	return gic_v2 ? readl(gicc(GICC_IAR)) : gic_get_and_ack_irq();
}

/* Priority drop and deactivation of what guest_irq_ack() returned. */
static inline void guest_irq_eoi(uint32_t iar)
{
	if (gic_v2)
		writel(iar, gicc(GICC_EOIR));
	else
		gic_set_eoi(iar);
}

/* The VMM side: a GICv3 with @nr_irqs INTIDs, or a GICv2; its fd. */
static int vgic_either_gic_create(struct kvm_vm *vm, unsigned int nr_vcpus, uint32_t nr_irqs)
{
	int gic_fd = vgic_v3_setup(vm, nr_vcpus, nr_irqs);

	if (gic_fd < 0) {
		gic_fd = vgic_v2_setup(vm, nr_irqs);
		gic_v2 = true;
		sync_global_to_guest(vm, gic_v2);
	}
	__TEST_REQUIRE(gic_fd >= 0, "No GIC for guests on this host");
	return gic_fd;
}

#endif
