// SPDX-License-Identifier: GPL-2.0-only
/* GICH_LR<n> and GICH_HCR (IHI 0048B 5.3.11, 5.3.1), from linux/irqchip/arm-gic.h. */
#include <linux/bits.h>
#include <linux/irqchip/arm-gic.h>

#include "vcpu-if.h"

/* The masks are ints in arm-gic.h; GICH_LR_HW is 1 << 31: widen as u32. */
const struct lr_layout lr_layout_v2 = {
	.name = "GICv2 GICH_LR<n>",
	.pending = (u32)GICH_LR_PENDING_BIT, .active = (u32)GICH_LR_ACTIVE_BIT,
	.hw = (u32)GICH_LR_HW, .group = (u32)GICH_LR_GROUP1,
	.priority = GENMASK(27, GICH_LR_PRIORITY_SHIFT), .prio_drop = 3,
	.pintid = (u32)GICH_LR_PHYSID_CPUID, .eoi = (u32)GICH_LR_EOI,
	.cpuid = GENMASK(12, GICH_LR_PHYSID_CPUID_SHIFT),
	.vintid = (u32)GICH_LR_VIRTUALID,
	.hcr_en = GICH_HCR_EN, .hcr_uie = GICH_HCR_UIE, .hcr_npie = GICH_HCR_NPIE,
	.hcr_lrenpie = BIT(2),			/* GICH_HCR.LRENPIE */
	.hcr_eoicount = GENMASK(31, 27),	/* GICH_HCR.EOICount */
};
