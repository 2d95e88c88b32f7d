// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where the GICv3 redistributors of a VM live in guest physical memory.
 *
 * Userspace describes either one legacy region (KVM_VGIC_V3_ADDR_TYPE_REDIST:
 * a base, and as many redistributors as vCPUs) or a series of regions
 * (KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION: base, count, index 0, 1, ...). The
 * vCPUs take the slots of the regions in the order they were created
 * (Documentation/virt/kvm/devices/arm-vgic-v3.rst).
 */
#include <linux/kvm_host.h>
#include <linux/list.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "vgic.h"

/* The bytes a region spans once @nr_vcpus vCPUs exist. */
static u64 vgic_rdist_region_size(const struct vgic_redist_region *rdreg, u32 nr_vcpus)
{
	return (u64)(rdreg->count ?: nr_vcpus) * KVM_VGIC_V3_REDIST_SIZE;
}

static struct vgic_redist_region *vgic_rdist_region_first(struct kvm *kvm)
{
	return list_first_entry_or_null(&kvm->arch.vgic.rd_regions,
					struct vgic_redist_region, list);
}

/**
 * vgic_v3_rdist_region_add() - describe a redistributor region
 * @kvm:	the VM
 * @index:	its index (the legacy region: 0)
 * @base:	its guest physical address
 * @count:	how many redistributors it holds; 0 for the legacy region
 * @ipa_bits:	size of the guest physical address space
 *
 * Return: 0; -EEXIST if the legacy region is set twice; -EINVAL if the two
 * kinds are mixed, a count, index or alignment is wrong, or the region
 * overlaps another or the distributor; -E2BIG if it leaves the guest's
 * address space; -ENOMEM.
 */
int vgic_v3_rdist_region_add(struct kvm *kvm, u32 index, gpa_t base, u32 count,
			     unsigned int ipa_bits)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	struct vgic_redist_region *first = vgic_rdist_region_first(kvm);
	struct vgic_redist_region *rdreg, new = { .base = base, .count = count };
	u32 nr = 0;

	if (first && !first->count)
		return count ? -EINVAL : -EEXIST;
	if (first && !count)
		return -EINVAL;
	list_for_each_entry(rdreg, &dist->rd_regions, list)
		nr++;
	if (index != nr || base & (SZ_64K - 1))
		return -EINVAL;
	/* The legacy region must hold at least one redistributor. */
	if (!vgic_range_fits(base, vgic_rdist_region_size(&new, 1), ipa_bits))
		return -E2BIG;
	list_for_each_entry(rdreg, &dist->rd_regions, list)
		if (vgic_ranges_overlap(base, vgic_rdist_region_size(&new, 1),
					rdreg->base, vgic_rdist_region_size(rdreg, 1)))
			return -EINVAL;
	if (count && !vgic_addr_undef(dist->vgic_dist_base) &&
	    vgic_ranges_overlap(base, vgic_rdist_region_size(&new, 1),
				dist->vgic_dist_base, KVM_VGIC_V3_DIST_SIZE))
		return -EINVAL;

	rdreg = kzalloc(sizeof(*rdreg), GFP_KERNEL_ACCOUNT);
	if (!rdreg)
		return -ENOMEM;
	*rdreg = new;
	rdreg->index = index;
	list_add_tail(&rdreg->list, &dist->rd_regions);
	return 0;
}

/**
 * vgic_v3_rdist_region_get() - a redistributor region by index
 * @kvm:	the VM
 * @index:	its index
 *
 * Return: the region, or NULL.
 */
const struct vgic_redist_region *vgic_v3_rdist_region_get(struct kvm *kvm, u32 index)
{
	struct vgic_redist_region *rdreg;

	list_for_each_entry(rdreg, &kvm->arch.vgic.rd_regions, list)
		if (rdreg->index == index)
			return rdreg;
	return NULL;
}

/**
 * vgic_v3_rdist_regions_free() - forget the redistributor regions
 * @kvm:	the VM
 */
void vgic_v3_rdist_regions_free(struct kvm *kvm)
{
	struct vgic_redist_region *rdreg, *tmp;

	list_for_each_entry_safe(rdreg, tmp, &kvm->arch.vgic.rd_regions, list) {
		list_del(&rdreg->list);
		kfree(rdreg);
	}
}

/**
 * vgic_v3_rdist_addr() - where a vCPU's redistributor is
 * @vcpu:	the vCPU
 * @addr:	its guest physical address, if it has one
 *
 * Return: whether the regions hold a slot for @vcpu.
 */
bool vgic_v3_rdist_addr(const struct kvm_vcpu *vcpu, gpa_t *addr)
{
	struct vgic_redist_region *rdreg;
	u32 slot = vcpu->vcpu_idx;

	list_for_each_entry(rdreg, &vcpu->kvm->arch.vgic.rd_regions, list) {
		if (!rdreg->count || slot < rdreg->count) {
			*addr = rdreg->base + (u64)slot * KVM_VGIC_V3_REDIST_SIZE;
			return true;
		}
		slot -= rdreg->count;
	}
	return false;
}

/**
 * vgic_v3_rdist_is_last() - GICR_TYPER.Last of a vCPU's redistributor
 * @vcpu:	the vCPU
 *
 * Last marks the highest redistributor of a series of contiguous frames
 * (IHI 0069, GICR_TYPER): no redistributor follows it in guest memory,
 * neither the next slot of its region nor the first of a region that
 * starts where its region ends. A redistributor with no address yet is
 * not the last of any series.
 *
 * Return: whether Last is set.
 */
bool vgic_v3_rdist_is_last(const struct kvm_vcpu *vcpu)
{
	u32 nr_vcpus = atomic_read(&vcpu->kvm->online_vcpus), next = vcpu->vcpu_idx + 1;
	const struct vgic_redist_region *rdreg, *mine = NULL;
	u32 first = 0, mine_first = 0;
	gpa_t next_base;

	list_for_each_entry(rdreg, &vcpu->kvm->arch.vgic.rd_regions, list) {
		if (!mine && (!rdreg->count || vcpu->vcpu_idx < first + rdreg->count)) {
			mine = rdreg;
			mine_first = first;
		}
		first += rdreg->count;
	}
	if (!mine)
		return false;
	if (!mine->count || next < mine_first + mine->count)
		return next >= nr_vcpus;	/* the next slot is in its region */

	next_base = mine->base + (u64)mine->count * KVM_VGIC_V3_REDIST_SIZE;
	first = 0;
	list_for_each_entry(rdreg, &vcpu->kvm->arch.vgic.rd_regions, list) {
		if (rdreg->base == next_base)
			return first >= nr_vcpus;	/* its first slot unused */
		first += rdreg->count;
	}
	return true;
}

/**
 * vgic_v3_rdist_layout_check() - is the redistributor layout usable?
 * @kvm:	the VM, with all its vCPUs
 * @ipa_bits:	size of the guest physical address space
 *
 * Checked at the first run, once the number of vCPUs is known.
 *
 * Return: 0; -ENXIO if a vCPU has no redistributor; -EINVAL if a region
 * leaves the guest's address space or overlaps the distributor.
 */
int vgic_v3_rdist_layout_check(struct kvm *kvm, unsigned int ipa_bits)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	u32 nr_vcpus = atomic_read(&kvm->online_vcpus);
	struct vgic_redist_region *rdreg;
	struct kvm_vcpu *vcpu;
	unsigned long idx;
	gpa_t addr;

	kvm_for_each_vcpu(idx, vcpu, kvm)
		if (!vgic_v3_rdist_addr(vcpu, &addr))
			return -ENXIO;
	list_for_each_entry(rdreg, &dist->rd_regions, list) {
		u64 size = vgic_rdist_region_size(rdreg, nr_vcpus);

		if ((rdreg->base + size - 1) >> ipa_bits ||
		    vgic_ranges_overlap(rdreg->base, size, dist->vgic_dist_base,
					KVM_VGIC_V3_DIST_SIZE))
			return -EINVAL;
	}
	return 0;
}
