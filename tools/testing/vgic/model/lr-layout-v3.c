// SPDX-License-Identifier: GPL-2.0-only
/* ICH_LR<n>_EL2 and ICH_HCR_EL2 (IHI 0069 12.4.6, 12.4.4), from asm/sysreg.h. */
#include <linux/bits.h>
#include <linux/irqchip/arm-gic-v3.h>

#include "vcpu-if.h"

const struct lr_layout lr_layout_v3 = {
	.name = "GICv3 ICH_LR<n>_EL2",
	.vintid = ICH_LR_VIRTUAL_ID_MASK,
	.pintid = ICH_LR_PHYS_ID_MASK,
	.priority = ICH_LR_PRIORITY_MASK,
	.group = ICH_LR_GROUP,
	.hw = ICH_LR_HW,
	.eoi = ICH_LR_EOI,
	.pending = ICH_LR_PENDING_BIT,
	.active = ICH_LR_ACTIVE_BIT,
	.cpuid = 0,
	.prio_drop = 0,
	.hcr_en = ICH_HCR_EN,
	.hcr_uie = ICH_HCR_UIE,
	.hcr_npie = ICH_HCR_NPIE,
	.hcr_lrenpie = BIT(2),		/* ICH_HCR_EL2.LRENPIE */
	.hcr_eoicount = ICH_HCR_EOIcount_MASK,
};
