// SPDX-License-Identifier: GPL-2.0-only
/*
 * List-register encodings: the core's GICv3 (ICH_LR<n>_EL2) and GICv2
 * (GICH_LR<n>) encoders against values worked out by hand from the
 * specifications, against the model's independent field layout, and
 * round-trips over random contents.
 */
#include <stdlib.h>
#include "common.h"

static struct vgic_lr random_lr(bool v2)
{
	struct vgic_lr lr = {
		.vintid = v2 ? rand() % 1020 : rand() % 8192 + (rand() & 1) * 8192,
		.priority = rand() & 0xff,
		.group = rand() & 1,
		.pending = rand() & 1,
		.active = rand() & 1,
		.hw = rand() & 1,
	};

	if (v2)
		lr.priority &= 0xf8;		/* GICH_LR keeps 5 bits */
	if (lr.hw) {
		lr.pintid = 16 + rand() % 1004;
	} else {
		lr.eoi_maint = rand() & 1;
		if (v2 && lr.vintid < 16)
			lr.source = rand() & 7;
	}
	return lr;
}

static bool lr_equal(const struct vgic_lr *a, const struct vgic_lr *b)
{
	return a->vintid == b->vintid && a->pintid == b->pintid &&
	       a->priority == b->priority && a->group == b->group &&
	       a->source == b->source && a->pending == b->pending &&
	       a->active == b->active && a->hw == b->hw &&
	       a->eoi_maint == b->eoi_maint;
}

TEST(v3_hand_computed)
{
	/* vINTID 27, pINTID 27, HW, pending, Group 1, priority 0xa0 */
	struct vgic_lr timer = { .vintid = 27, .pintid = 27, .priority = 0xa0,
				 .group = 1, .pending = true, .hw = true };
	/* vINTID 40, level SW interrupt: EOI (bit 41), active, Group 0, 0x08 */
	struct vgic_lr sw = { .vintid = 40, .priority = 0x08, .active = true,
			      .eoi_maint = true };

	ASSERT_EQ(0x70a0001b0000001bULL, vgic_v3_lr_encode(&timer));
	ASSERT_EQ(0x8008020000000028ULL, vgic_v3_lr_encode(&sw));
}

TEST(v2_hand_computed)
{
	/* HW(31) Grp1(30) P(28) prio 0xa0>>3=0x14 at [27:23], pID 27 at [19:10] */
	struct vgic_lr timer = { .vintid = 27, .pintid = 27, .priority = 0xa0,
				 .group = 1, .pending = true, .hw = true };
	/* SGI 3 from CPU 5: CPUID at [12:10]; EOI(19); A(29); prio 0x08 */
	struct vgic_lr sgi = { .vintid = 3, .source = 5, .priority = 0x08,
			       .active = true, .eoi_maint = true };

	ASSERT_EQ(0xda006c1bU, vgic_v2_lr_encode(&timer));
	ASSERT_EQ(0x20881403U, vgic_v2_lr_encode(&sgi));
}

/* The model reads each field where the architecture puts it. */
static void check_against_model(struct __test_metadata *_metadata,
				const struct lr_layout *lay, u64 val,
				const struct vgic_lr *lr)
{
	struct vcpu_if vif;

	vif_init(&vif, lay, 1);
	vif.lr[0] = val;
	ASSERT_EQ(lr->vintid, vif_lr_vintid(&vif, 0));
	ASSERT_EQ(lr->pending, vif_lr_pending(&vif, 0));
	ASSERT_EQ(lr->active, vif_lr_active(&vif, 0));
	ASSERT_EQ(lr->group, !!vif_lr_field(&vif, 0, lay->group));
	ASSERT_EQ(lr->hw, !!vif_lr_field(&vif, 0, lay->hw));
	ASSERT_EQ(lr->priority, vif_lr_field(&vif, 0, lay->priority) << lay->prio_drop);
	if (lr->hw) {
		ASSERT_EQ(lr->pintid, vif_lr_field(&vif, 0, lay->pintid));
	} else {
		ASSERT_EQ(lr->eoi_maint, !!vif_lr_field(&vif, 0, lay->eoi));
		ASSERT_EQ(lr->source, vif_lr_field(&vif, 0, lay->cpuid));
	}
}

TEST(v3_round_trip_and_model)
{
	srand(3);
	for (int i = 0; i < 100000; i++) {
		struct vgic_lr lr = random_lr(false), back;
		u64 val = vgic_v3_lr_encode(&lr);

		vgic_v3_lr_decode(val, &back);
		ASSERT_TRUE(lr_equal(&lr, &back)) TH_LOG("LR %#llx", (unsigned long long)val);
		check_against_model(_metadata, &lr_layout_v3, val, &lr);
	}
}

TEST(v2_round_trip_and_model)
{
	srand(2);
	for (int i = 0; i < 100000; i++) {
		struct vgic_lr lr = random_lr(true), back;
		u32 val = vgic_v2_lr_encode(&lr);

		vgic_v2_lr_decode(val, &back);
		ASSERT_TRUE(lr_equal(&lr, &back)) TH_LOG("LR %#x", val);
		check_against_model(_metadata, &lr_layout_v2, val, &lr);
	}
}

/* GICv2 keeps the top five priority bits; the low three are dropped. */
TEST(v2_priority_is_truncated)
{
	struct vgic_lr lr = { .vintid = 40, .priority = 0xa7, .pending = true }, back;

	vgic_v2_lr_decode(vgic_v2_lr_encode(&lr), &back);
	ASSERT_EQ(0xa0, back.priority);
}

/* EOI maintenance cannot be requested with HW set: the bit is pINTID. */
TEST(eoi_is_not_encoded_with_hw)
{
	struct vgic_lr lr = { .vintid = 27, .pintid = 26, .hw = true,
			      .eoi_maint = true, .pending = true }, back;

	vgic_v3_lr_decode(vgic_v3_lr_encode(&lr), &back);
	ASSERT_EQ(26, back.pintid);
	ASSERT_FALSE(back.eoi_maint);
	vgic_v2_lr_decode(vgic_v2_lr_encode(&lr), &back);
	ASSERT_EQ(26, back.pintid);
	ASSERT_FALSE(back.eoi_maint);
}

TEST_HARNESS_MAIN
