// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs: /sys/kernel/debug/kvm/<pid>-<fd>/vgic-state, a snapshot of a
 * VM's vGIC for whoever debugs it: the distributor's configuration, each
 * vCPU's list-register use, then one row per interrupt (SGIs and PPIs of
 * each vCPU, SPIs, LPIs).
 *
 * It is read while vCPUs run: each row is taken under its interrupt's lock,
 * the whole read under config_lock (which vgic_init() and the device API
 * take), and the open file holds a reference to the VM, so that the VM and
 * its vGIC outlive any read.
 */
#include <linux/debugfs.h>
#include <linux/kvm_host.h>
#include <linux/seq_file.h>

#include "vgic.h"

/* Where a read is: one record per position, in the order of the file. */
struct vgic_debug_iter {
	struct kvm	*kvm;
	loff_t		lpi_pos;	/* position of the LPI at @lpi_intid, or -1 */
	unsigned long	lpi_intid;
};

enum vgic_debug_part { VGIC_DEBUG_DIST, VGIC_DEBUG_VCPU, VGIC_DEBUG_HEAD,
		       VGIC_DEBUG_PRIVATE, VGIC_DEBUG_SPI, VGIC_DEBUG_LPI };

/* The first position of each part. */
static loff_t vgic_debug_base(struct kvm *kvm, enum vgic_debug_part part)
{
	loff_t nr_vcpus = atomic_read(&kvm->online_vcpus);
	loff_t sizes[] = { 1, nr_vcpus, 1, nr_vcpus * VGIC_NR_PRIVATE_IRQS,
			   kvm->arch.vgic.initialized ? kvm->arch.vgic.nr_spis : 0 };
	loff_t base = 0;
	int i;

	for (i = 0; i < part; i++)
		base += sizes[i];
	return base;
}

/*
 * Find the LPI at position @pos (its INTID in @it->lpi_intid), walking on
 * from the last one found when the read goes on from there.
 * Return: false past the last LPI.
 */
static bool vgic_debug_find_lpi(struct vgic_debug_iter *it, loff_t pos)
{
	struct xarray *xa = &it->kvm->arch.vgic.lpi_xa;

	if (it->lpi_pos < 0 || it->lpi_pos > pos) {
		it->lpi_intid = 0;
		if (!xa_find(xa, &it->lpi_intid, ULONG_MAX, XA_PRESENT))
			return false;
		it->lpi_pos = vgic_debug_base(it->kvm, VGIC_DEBUG_LPI);
	}
	for (; it->lpi_pos < pos; it->lpi_pos++)
		if (!xa_find_after(xa, &it->lpi_intid, ULONG_MAX, XA_PRESENT))
			return false;
	return true;
}

static void *vgic_debug_start(struct seq_file *s, loff_t *pos)
{
	struct vgic_debug_iter *it = s->private;

	mutex_lock(&it->kvm->arch.config_lock);
	if (*pos < vgic_debug_base(it->kvm, VGIC_DEBUG_LPI))
		return pos;
	return vgic_debug_find_lpi(it, *pos) ? pos : NULL;
}

static void *vgic_debug_next(struct seq_file *s, void *v, loff_t *pos)
{
	struct vgic_debug_iter *it = s->private;

	++*pos;
	if (*pos < vgic_debug_base(it->kvm, VGIC_DEBUG_LPI))
		return pos;
	return vgic_debug_find_lpi(it, *pos) ? pos : NULL;
}

static void vgic_debug_stop(struct seq_file *s, void *v)
{
	struct vgic_debug_iter *it = s->private;

	mutex_unlock(&it->kvm->arch.config_lock);
}

static const char *const vgic_debug_models[] = {
	[KVM_DEV_TYPE_ARM_VGIC_V2] = "GICv2",
	[KVM_DEV_TYPE_ARM_VGIC_V3] = "GICv3",
};

static void vgic_debug_show_dist(struct seq_file *s, struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	u32 model = dist->vgic_model;

	seq_printf(s, "model:\t\t%s\n", model < ARRAY_SIZE(vgic_debug_models) &&
		   vgic_debug_models[model] ? vgic_debug_models[model] : "none");
	seq_printf(s, "initialized:\t%d\n", dist->initialized);
	seq_printf(s, "nr_spis:\t%u\n", dist->initialized ? dist->nr_spis : 0);
	seq_printf(s, "nr_vcpus:\t%d\n", atomic_read(&kvm->online_vcpus));
	seq_printf(s, "groups:\t\tGroup0 %s, Group1 %s\n",
		   READ_ONCE(dist->groups_enabled) & BIT(0) ? "enabled" : "disabled",
		   READ_ONCE(dist->groups_enabled) & BIT(1) ? "enabled" : "disabled");
	seq_printf(s, "its:\t\t%d\n", dist->has_its);
	seq_printf(s, "list registers:\t%u per vCPU\n", kvm_vgic_global_state.nr_lr);
}

/* The LRs the last flush filled (in use while it runs) and its list's length. */
static void vgic_debug_show_vcpu(struct seq_file *s, struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;

	seq_printf(s, "vcpu %d:\tLRs used %u, ap_list %u, LPIs %s\n", vcpu->vcpu_id,
		   vcpu->kvm->arch.vgic.initialized ? vgic_lr_ops()->used_lrs(vcpu) : 0,
		   READ_ONCE(vgic_cpu->ap_list_len),
		   READ_ONCE(vgic_cpu->lpis_enabled) ? "enabled" : "disabled");
}

static const char *vgic_debug_type(u32 intid)
{
	if (intid < VGIC_NR_SGIS)
		return "SGI";
	if (intid < VGIC_NR_PRIVATE_IRQS)
		return "PPI";
	return vgic_is_lpi(intid) ? "LPI" : "SPI";
}

static int vgic_debug_vcpu_id(const struct kvm_vcpu *vcpu)
{
	return vcpu ? vcpu->vcpu_id : -1;
}

/* P: pending latch, L: line level, A: active, E: enabled */
static void vgic_debug_show_irq(struct seq_file *s, struct vgic_irq *irq)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	seq_printf(s, "%6u %s %4d %6d %d %d %d %d %d  0x%02x %-5s %2d %6d %s\n",
		   irq->intid, vgic_debug_type(irq->intid), vgic_debug_vcpu_id(irq->vcpu),
		   vgic_debug_vcpu_id(irq->target_vcpu), irq->pending_latch,
		   irq->line_level, irq->active, irq->enabled, irq->group, irq->priority,
		   irq->config == VGIC_CONFIG_LEVEL ? "level" : "edge", !!irq->map,
		   irq->map ? (int)irq->map->phys_irq : -1, irq->owner ? "kernel" : "-");
	raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
}

static int vgic_debug_show(struct seq_file *s, void *v)
{
	struct vgic_debug_iter *it = s->private;
	struct kvm *kvm = it->kvm;
	loff_t pos = *(loff_t *)v, nr_private;
	struct kvm_vcpu *vcpu;
	struct vgic_irq *irq;

	if (pos == vgic_debug_base(kvm, VGIC_DEBUG_DIST)) {
		vgic_debug_show_dist(s, kvm);
	} else if (pos < vgic_debug_base(kvm, VGIC_DEBUG_HEAD)) {
		pos -= vgic_debug_base(kvm, VGIC_DEBUG_VCPU);
		vgic_debug_show_vcpu(s, kvm_get_vcpu(kvm, pos));
	} else if (pos == vgic_debug_base(kvm, VGIC_DEBUG_HEAD)) {
		seq_puts(s, "\n INTID TYPE VCPU TARGET P L A E G  PRIO CONF  HW PINTID OWNER\n");
	} else if (pos < vgic_debug_base(kvm, VGIC_DEBUG_SPI)) {
		pos -= vgic_debug_base(kvm, VGIC_DEBUG_PRIVATE);
		nr_private = VGIC_NR_PRIVATE_IRQS;
		vcpu = kvm_get_vcpu(kvm, pos / nr_private);
		irq = &vcpu->arch.vgic_cpu.private_irqs[pos % nr_private];
		if (kvm->arch.vgic.initialized)
			vgic_debug_show_irq(s, irq);
	} else if (pos < vgic_debug_base(kvm, VGIC_DEBUG_LPI)) {
		pos -= vgic_debug_base(kvm, VGIC_DEBUG_SPI);
		vgic_debug_show_irq(s, &kvm->arch.vgic.spis[pos]);
	} else {
		irq = vgic_lpi_get(kvm, it->lpi_intid);
		if (irq) {
			vgic_debug_show_irq(s, irq);
			vgic_lpi_put(kvm, irq);
		}
	}
	return 0;
}

static const struct seq_operations vgic_debug_seq_ops = {
	.start = vgic_debug_start,
	.next = vgic_debug_next,
	.stop = vgic_debug_stop,
	.show = vgic_debug_show,
};

static int vgic_debug_open(struct inode *inode, struct file *file)
{
	struct kvm *kvm = inode->i_private;
	struct vgic_debug_iter *it;

	if (!kvm_get_kvm_safe(kvm))
		return -ENOENT;
	it = __seq_open_private(file, &vgic_debug_seq_ops, sizeof(*it));
	if (!it) {
		kvm_put_kvm(kvm);
		return -ENOMEM;
	}
	it->kvm = kvm;
	it->lpi_pos = -1;
	return 0;
}

static int vgic_debug_release(struct inode *inode, struct file *file)
{
	struct kvm *kvm = inode->i_private;
	int ret = seq_release_private(inode, file);

	kvm_put_kvm(kvm);
	return ret;
}

static const struct file_operations vgic_debug_fops = {
	.owner = THIS_MODULE,
	.open = vgic_debug_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = vgic_debug_release,
};

/**
 * vgic_debug_init() - create the VM's vgic-state file
 * @kvm:	the VM, its vGIC just created
 *
 * Nothing if the VM has no debugfs directory; removed with it.
 */
void vgic_debug_init(struct kvm *kvm)
{
	debugfs_create_file("vgic-state", 0444, kvm->debugfs_dentry, kvm, &vgic_debug_fops);
}
