// SPDX-License-Identifier: GPL-2.0-only
/* ICH_LR<n>_EL2 and ICH_HCR_EL2 (IHI 0069 12.4.6, 12.4.4), from asm/sysreg.h. */
#include <linux/bits.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "vcpu-if.h"

/* No SGI source field, all eight priority bits: .cpuid and .prio_drop are 0. */
const struct lr_layout lr_layout_v3 = {
	.name = "GICv3 ICH_LR<n>_EL2",
	.pending = ICH_LR_PENDING_BIT, .active = ICH_LR_ACTIVE_BIT,
	.hw = ICH_LR_HW, .group = ICH_LR_GROUP,
	.priority = ICH_LR_PRIORITY_MASK,
	.pintid = ICH_LR_PHYS_ID_MASK, .eoi = ICH_LR_EOI,
	.vintid = ICH_LR_VIRTUAL_ID_MASK,
	.hcr_en = ICH_HCR_EN, .hcr_uie = ICH_HCR_UIE, .hcr_npie = ICH_HCR_NPIE,
	.hcr_lrenpie = BIT(2),		/* ICH_HCR_EL2.LRENPIE */
	.hcr_eoicount = ICH_HCR_EOIcount_MASK,
};
