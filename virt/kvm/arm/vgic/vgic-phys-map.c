// SPDX-License-Identifier: GPL-2.0-only
/*
 * The phys-map: links from a virtual interrupt to a physical one.
 *
 * A PPI is mapped per vCPU (each vCPU has its own timer), an SPI per VM.
 * Each map is an rbtree keyed by virtual INTID; the interrupt itself keeps
 * a pointer to its link so that the world switch never searches the tree.
 *
 * While the guest owns a mapped interrupt (it is pending or active in a
 * list register), the physical interrupt is kept ACTIVE at the host GIC:
 * it cannot fire at host level, and the guest's deactivation of the
 * virtual interrupt deactivates it through the list register's HW bit
 * (IHI 0069 4.8.1 / IHI 0048B 5.2.1 "ICH_LR / GICH_LR HW").
 */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kvm_host.h>
#include <linux/slab.h>

#include "vgic.h"
#include "trace.h"

void vgic_phys_map_tree_init(struct vgic_phys_map_tree *tree)
{
	tree->root = RB_ROOT;
	raw_spin_lock_init(&tree->lock);
}

/**
 * vgic_phys_map_lookup() - find the link of a virtual INTID
 * @tree:	the map, its lock held
 * @vintid:	the virtual INTID
 *
 * Return: the link, or NULL.
 */
struct vgic_phys_map *vgic_phys_map_lookup(struct vgic_phys_map_tree *tree,
					   u32 vintid)
{
	struct rb_node *node = tree->root.rb_node;

	while (node) {
		struct vgic_phys_map *map = rb_entry(node, struct vgic_phys_map, node);

		if (vintid == map->virt_irq)
			return map;
		node = vintid < map->virt_irq ? node->rb_left : node->rb_right;
	}
	return NULL;
}

static void vgic_phys_map_insert(struct vgic_phys_map_tree *tree,
				 struct vgic_phys_map *new)
{
	struct rb_node **link = &tree->root.rb_node, *parent = NULL;

	while (*link) {
		struct vgic_phys_map *map = rb_entry(*link, struct vgic_phys_map, node);

		parent = *link;
		link = new->virt_irq < map->virt_irq ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&new->node, parent, link);
	rb_insert_color(&new->node, &tree->root);
}

/* The map that holds @vintid: the vCPU's for a PPI, the VM's for an SPI. */
static struct vgic_phys_map_tree *vgic_phys_map_tree_of(struct kvm_vcpu *vcpu,
							u32 vintid)
{
	if (irq_is_ppi(vintid))
		return &vcpu->arch.vgic_cpu.phys_map;
	if (vgic_valid_spi(vcpu->kvm, vintid))
		return &vcpu->kvm->arch.vgic.phys_map;
	return NULL;
}

/*
 * A new link for @vintid, not yet in its tree: a PPI's is the vCPU's own
 * slot (no allocation, see struct vgic_cpu), an SPI's is allocated.
 */
static struct vgic_phys_map *vgic_phys_map_new(struct kvm_vcpu *vcpu, u32 vintid)
{
	if (irq_is_ppi(vintid))
		return &vcpu->arch.vgic_cpu.ppi_maps[vintid - VGIC_NR_SGIS];
	return kzalloc(sizeof(struct vgic_phys_map), GFP_KERNEL_ACCOUNT);
}

static void vgic_phys_map_free(struct vgic_phys_map *map)
{
	if (map && !irq_is_ppi(map->virt_irq))
		kfree(map);
}

/* The hardware INTID behind a Linux irq, at the root of its domain stack. */
static int vgic_host_irq_hwintid(unsigned int host_irq, u32 *hwintid)
{
	struct irq_data *data = irq_get_irq_data(host_irq);

	if (!data)
		return -EINVAL;
	while (data->parent_data)
		data = data->parent_data;
	if (data->hwirq > VGIC_MAX_SPI)
		return -EINVAL;
	*hwintid = data->hwirq;
	return 0;
}

/*
 * The guest no longer owns the physical twin: leave it inactive, whoever
 * made it active (the vGIC when it queued the virtual one, or the host
 * when it took the interrupt), or it could never fire again.
 */
static void vgic_phys_release(struct vgic_irq *irq)
{
	irq_set_irqchip_state(irq->map->host_irq, IRQCHIP_STATE_ACTIVE, false);
	irq->hw_queued = false;
	trace_vgic_hw_release(irq->intid, irq->map->phys_irq, false);
}

/* The guest has the virtual interrupt, so the physical one must stay active. */
static bool vgic_hw_irq_owned(const struct vgic_irq *irq)
{
	return irq->active || (irq->enabled && vgic_irq_is_pending(irq));
}

/**
 * vgic_hw_irq_settle() - release the physical twin if the guest lost it
 * @irq:	a mapped interrupt, locked, whose virtual state just changed
 *
 * The physical interrupt stays active while the virtual one is active or
 * pending (it will be shown to the guest); otherwise, if it was active on
 * the guest's behalf, it is released.
 */
void vgic_hw_irq_settle(struct vgic_irq *irq)
{
	if (irq->hw_queued && !vgic_hw_irq_owned(irq))
		vgic_phys_release(irq);
}

/**
 * vgic_hw_irq_claim() - the guest may deactivate the physical twin
 * @irq:	a mapped interrupt with HW deactivation, locked
 *
 * Make the physical interrupt active, once, before the virtual one can be
 * shown pending or active with HW set.
 */
void vgic_hw_irq_claim(struct vgic_irq *irq)
{
	if (irq->hw_queued)
		return;
	irq_set_irqchip_state(irq->map->host_irq, IRQCHIP_STATE_ACTIVE, true);
	irq->hw_queued = true;
	trace_vgic_hw_claim(irq->intid, irq->map->phys_irq);
}

/*
 * The guest deactivated a mapped interrupt (@irq, locked): its list
 * register, with HW set, came back neither pending nor active.
 *
 * The HW bit made the deactivation reach the physical interrupt
 * (ICH_LR<n>_EL2.HW, GICH_LR<n>.HW): it is inactive now, which needs no
 * access to the physical GIC to know.  Should it fire again, the host
 * takes it once this sync is done (a PPI is taken on this CPU, whose
 * interrupts stay masked until then) and its owner raises the line
 * again, which makes it the guest's once more (kvm_vgic_inject_irq()).
 */
static void vgic_hw_irq_retire(struct vgic_irq *irq)
{
	irq->hw_queued = false;
	trace_vgic_hw_release(irq->intid, irq->map->phys_irq, true);
}

/**
 * vgic_hw_irq_fold() - the physical twin after a list register's fold
 * @irq:	a mapped interrupt with HW deactivation, locked, its state
 *		just folded back from a list register
 * @retired:	the list register had HW set and came back neither pending
 *		nor active: the guest's deactivation reached the twin
 *
 * The list register speaks last: whatever changed the interrupt while the
 * vCPU ran (a GICD_ICPENDR from another CPU, a reset, a mapping made
 * while it sat in a list register without HW), the guest owns what the
 * register gave back.  An interrupt the guest still has active is shown
 * with HW at the next entry, and its deactivation will reach the physical
 * interrupt (ICH_LR<n>_EL2.HW, GICH_LR<n>.HW), which must then be active:
 * it is claimed here if another path released it.  Otherwise the twin is
 * released unless the interrupt is still pending for the guest.  When
 * nothing changed, neither touches the physical GIC.
 */
void vgic_hw_irq_fold(struct vgic_irq *irq, bool retired)
{
	if (retired)
		vgic_hw_irq_retire(irq);
	else if (irq->active)
		vgic_hw_irq_claim(irq);
	else
		vgic_hw_irq_settle(irq);
}

/**
 * vgic_sw_resample_release() - a mapped interrupt without HW deactivation
 * is done
 * @irq:	a mapped interrupt whose owner asks for VGIC_IRQ_SW_RESAMPLE,
 *		locked, its line just resampled
 *
 * On a host that cannot deactivate through a list register (the HW bit,
 * kvm_vgic_global_state.no_hw_deactivation) the physical interrupt the
 * host took stays active while the guest handles the virtual one, which
 * the EOI maintenance interrupt resamples.  Once the guest is done with it
 * and the line has dropped, the physical interrupt is deactivated here, or
 * it could not fire again.
 */
void vgic_sw_resample_release(struct vgic_irq *irq)
{
	if (!irq->line_level && !irq->active)
		vgic_phys_release(irq);
}

/**
 * vgic_irq_resample() - a mapped level interrupt follows its line
 * @irq:	the interrupt, locked
 *
 * A level-sensitive interrupt is pending while its line is asserted (IHI
 * 0069 4.1.1), and the device behind a mapped one (a timer the guest
 * programs directly) does not report every drop.  Where the guest can see
 * the pending state (its enable, its ISPENDR read) the
 * owner's get_input_level() is asked, unless a list register may hold the
 * interrupt (it is active, or listed on another vCPU, which may be
 * running): then the LR speaks, and the sync resamples.  The timers
 * answer for the running vCPU, so a PPI is resampled only on its own
 * vCPU's thread (not from another vCPU's redistributor, nor userspace).
 * A line found low lets the physical twin go.
 */
void vgic_irq_resample(struct vgic_irq *irq)
{
	const struct irq_ops *ops = irq->map ? irq->map->ops : NULL;

	if (!ops || !ops->get_input_level || irq->config != VGIC_CONFIG_LEVEL)
		return;
	if (irq->intid < VGIC_NR_PRIVATE_IRQS && irq->target_vcpu != kvm_get_running_vcpu())
		return;
	if (vgic_irq_hw_deactivates(irq) && irq->active)
		return;
	if (irq->vcpu && irq->vcpu != kvm_get_running_vcpu())
		return;		/* maybe in a running vCPU's LRs */
	irq->line_level = ops->get_input_level(irq->intid);
	if (irq->line_level)
		return;
	if (vgic_irq_hw_deactivates(irq))
		vgic_hw_irq_settle(irq);
	else
		vgic_sw_resample_release(irq);
}

/**
 * vgic_hw_irq_clear_pending() - a guest cleared a mapped interrupt
 * @irq:	a mapped interrupt, locked, its pending latch just cleared
 *
 * The physical pending state goes too, so that the device does not raise
 * it again; the physical active state goes unless the guest still has the
 * interrupt (a GICD_ISPENDR / GICD_ICPENDR pair must not leave it active,
 * or every later interrupt would be blocked).
 */
void vgic_hw_irq_clear_pending(struct vgic_irq *irq)
{
	irq_set_irqchip_state(irq->map->host_irq, IRQCHIP_STATE_PENDING, false);
	vgic_hw_irq_settle(irq);
}

/**
 * kvm_vgic_map_phys_irq() - link a virtual interrupt to a physical one
 * @vcpu:	the vCPU of a PPI (any vCPU of the VM for an SPI)
 * @host_irq:	the Linux irq of the physical interrupt
 * @vintid:	the virtual INTID
 * @ops:	the owner's callbacks, may be NULL
 *
 * The owner (the in-kernel device that injects @vintid) raises the line
 * only while the physical interrupt is active: the host took it, and does
 * not deactivate an interrupt forwarded to a vCPU, or the owner made it
 * active itself.  The vGIC then owes the physical GIC nothing until the
 * guest's deactivation, which the HW bit carries to the physical
 * interrupt; it makes the physical interrupt active for pending states of
 * its own making (ISPENDR, userspace) and inactive when the guest loses
 * the virtual one.
 *
 * Return: 0, -EINVAL for a bad INTID or host irq, -EEXIST if @vintid is
 * mapped already, -ENOMEM.
 */
int kvm_vgic_map_phys_irq(struct kvm_vcpu *vcpu, unsigned int host_irq,
			  u32 vintid, struct irq_ops *ops)
{
	struct vgic_phys_map_tree *tree = vgic_phys_map_tree_of(vcpu, vintid);
	struct vgic_irq *irq = vgic_get_irq(vcpu->kvm, vcpu, vintid);
	struct vgic_phys_map *map;
	unsigned long flags;
	u32 hwintid;
	int ret;

	if (!tree || !irq)
		return -EINVAL;
	ret = vgic_host_irq_hwintid(host_irq, &hwintid);
	if (ret)
		return ret;

	/* A PPI's slot may be in use: it is filled under the lock. */
	map = irq_is_ppi(vintid) ? NULL : vgic_phys_map_new(vcpu, vintid);
	if (!map && !irq_is_ppi(vintid))
		return -ENOMEM;

	raw_spin_lock_irqsave(&tree->lock, flags);
	if (vgic_phys_map_lookup(tree, vintid)) {
		raw_spin_unlock_irqrestore(&tree->lock, flags);
		vgic_phys_map_free(map);
		return -EEXIST;
	}
	map = map ?: vgic_phys_map_new(vcpu, vintid);
	*map = (struct vgic_phys_map) {
		.virt_irq = vintid,
		.phys_irq = hwintid,
		.host_irq = host_irq,
		.ops = ops,
	};
	vgic_phys_map_insert(tree, map);
	raw_spin_lock(&irq->irq_lock);
	irq->map = map;
	irq->hw_queued = false;
	/*
	 * From now on the physical state follows the virtual one: active
	 * while the guest owns the interrupt (so that its deactivation
	 * through the HW bit finds it active, and so that a pending one
	 * the host already took, maybe listed without HW on a running
	 * vCPU, is released when the guest is done with it), inactive if
	 * it is idle.
	 */
	if (vgic_irq_hw_deactivates(irq)) {
		if (vgic_hw_irq_owned(irq))
			vgic_hw_irq_claim(irq);
		else
			vgic_phys_release(irq);
	}
	raw_spin_unlock(&irq->irq_lock);
	raw_spin_unlock_irqrestore(&tree->lock, flags);
	return 0;
}

/* Cut @map from its interrupt and its tree; tree lock held. */
static void vgic_phys_map_remove(struct vgic_phys_map_tree *tree,
				 struct vgic_irq *irq, struct vgic_phys_map *map)
{
	raw_spin_lock(&irq->irq_lock);
	vgic_phys_release(irq);
	irq->map = NULL;
	raw_spin_unlock(&irq->irq_lock);
	rb_erase(&map->node, &tree->root);
}

/**
 * kvm_vgic_unmap_phys_irq() - cut the link of a virtual interrupt
 * @vcpu:	the vCPU of a PPI (any vCPU of the VM for an SPI)
 * @vintid:	the virtual INTID
 *
 * The virtual interrupt keeps its state and becomes a software interrupt;
 * the physical one is left inactive, even if the guest has the virtual
 * one active.
 *
 * Return: 0, or -EINVAL if @vintid is not mapped.
 */
int kvm_vgic_unmap_phys_irq(struct kvm_vcpu *vcpu, unsigned int vintid)
{
	struct vgic_phys_map_tree *tree = vgic_phys_map_tree_of(vcpu, vintid);
	struct vgic_phys_map *map = NULL;
	unsigned long flags;

	if (!tree)
		return -EINVAL;

	raw_spin_lock_irqsave(&tree->lock, flags);
	map = vgic_phys_map_lookup(tree, vintid);
	if (map)
		vgic_phys_map_remove(tree, vgic_get_irq(vcpu->kvm, vcpu, vintid), map);
	raw_spin_unlock_irqrestore(&tree->lock, flags);

	vgic_phys_map_free(map);
	return map ? 0 : -EINVAL;
}

/**
 * vgic_phys_map_tree_destroy() - unmap everything in a map
 * @kvm:	the VM
 * @vcpu:	the vCPU owning the map, NULL for the VM's
 * @tree:	the map
 */
void vgic_phys_map_tree_destroy(struct kvm *kvm, struct kvm_vcpu *vcpu,
				struct vgic_phys_map_tree *tree)
{
	struct vgic_phys_map *map;
	struct rb_node *node;
	unsigned long flags;

	raw_spin_lock_irqsave(&tree->lock, flags);
	while ((node = rb_first(&tree->root))) {
		map = rb_entry(node, struct vgic_phys_map, node);
		vgic_phys_map_remove(tree, vgic_get_irq(kvm, vcpu, map->virt_irq), map);
		vgic_phys_map_free(map);
	}
	raw_spin_unlock_irqrestore(&tree->lock, flags);
}

/**
 * kvm_vgic_get_map() - is a virtual interrupt mapped?
 * @vcpu:	the vCPU of a PPI (any vCPU of the VM for an SPI)
 * @vintid:	the virtual INTID
 *
 * Return: the Linux irq of its physical twin, or -ENOENT.
 */
int kvm_vgic_get_map(struct kvm_vcpu *vcpu, unsigned int vintid)
{
	struct vgic_phys_map_tree *tree = vgic_phys_map_tree_of(vcpu, vintid);
	struct vgic_phys_map *map;
	unsigned long flags;
	int ret = -ENOENT;

	if (!tree)
		return ret;
	raw_spin_lock_irqsave(&tree->lock, flags);
	map = vgic_phys_map_lookup(tree, vintid);
	if (map)
		ret = map->host_irq;
	raw_spin_unlock_irqrestore(&tree->lock, flags);
	return ret;
}

/**
 * kvm_vgic_map_is_active() - does the guest own a mapped interrupt?
 * @vcpu:	the vCPU of a PPI
 * @vintid:	the virtual INTID
 *
 * Return: true while the guest holds the mapped interrupt pending in a
 * list register or active, i.e. while its physical twin must stay active.
 */
bool kvm_vgic_map_is_active(struct kvm_vcpu *vcpu, unsigned int vintid)
{
	struct vgic_irq *irq = vgic_get_irq(vcpu->kvm, vcpu, vintid);
	unsigned long flags;
	bool owned;

	if (!irq)
		return false;
	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	owned = irq->map && (irq->hw_queued || irq->active);
	raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
	return owned;
}

/**
 * kvm_vgic_reset_mapped_irq() - forget the guest's state of a mapped IRQ
 * @vcpu:	the vCPU of a PPI
 * @vintid:	the virtual INTID
 *
 * At vCPU reset the virtual interrupt is neither pending nor active, so
 * its physical twin is released too.
 */
void kvm_vgic_reset_mapped_irq(struct kvm_vcpu *vcpu, u32 vintid)
{
	struct vgic_irq *irq = vgic_get_irq(vcpu->kvm, vcpu, vintid);
	unsigned long flags;

	if (!irq)
		return;
	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	if (irq->map) {
		irq->active = false;
		irq->pending_latch = false;
		irq->pending_in_lr = false;
		irq->line_level = false;
		vgic_phys_release(irq);
		vgic_ap_list_note(irq);
	}
	raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
}
