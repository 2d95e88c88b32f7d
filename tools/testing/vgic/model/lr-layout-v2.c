// SPDX-License-Identifier: GPL-2.0-only
/* GICH_LR<n> and GICH_HCR (IHI 0048B 5.3.11, 5.3.1), from linux/irqchip/arm-gic.h. */
#include <linux/bits.h>
#include <linux/irqchip/arm-gic.h>

#include "vcpu-if.h"

const struct lr_layout lr_layout_v2 = {
	.name = "GICv2 GICH_LR<n>",
	.vintid = (u32)GICH_LR_VIRTUALID,
	.pintid = (u32)GICH_LR_PHYSID_CPUID,
	.priority = GENMASK(27, GICH_LR_PRIORITY_SHIFT),
	.group = (u32)GICH_LR_GROUP1,
	.hw = (u32)GICH_LR_HW,
	.eoi = (u32)GICH_LR_EOI,
	.pending = (u32)GICH_LR_PENDING_BIT,
	.active = (u32)GICH_LR_ACTIVE_BIT,
	.cpuid = GENMASK(12, GICH_LR_PHYSID_CPUID_SHIFT),
	.prio_drop = 3,
	.hcr_en = GICH_HCR_EN,
	.hcr_uie = GICH_HCR_UIE,
	.hcr_npie = GICH_HCR_NPIE,
	.hcr_lrenpie = BIT(2),		/* GICH_HCR.LRENPIE */
	.hcr_eoicount = GENMASK(31, 27),	/* GICH_HCR.EOICount */
};
