// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's view of the frames: address checks at the first run, and
 * KVM I/O bus devices that turn trapped accesses into frame accesses.
 */
#include <linux/kvm_host.h>
#include <linux/sizes.h>
#include <kvm/iodev.h>
#include <asm/kvm_mmu.h>

#include "vgic.h"
#include "vgic-its.h"
#include "vgic-mmio.h"
#include "trace.h"

static struct vgic_io_device *to_vgic_io(struct kvm_io_device *dev)
{
	return container_of(dev, struct vgic_io_device, dev);
}

/* One access; the bus carries the guest's bytes, little-endian. */
static int vgic_io_access(struct kvm_vcpu *vcpu, struct kvm_io_device *dev,
			  gpa_t addr, int len, void *data, bool write)
{
	struct vgic_io_device *io = to_vgic_io(dev);
	u32 off = addr - io->base;
	__le64 raw = 0;
	u64 val;

	if (write)
		memcpy(&raw, data, len);
	val = le64_to_cpu(raw);
	switch (io->kind) {
	case VGIC_IO_DIST_V3:
		vgic_v3_dist_access(vcpu->kvm, off, len, write, &val, false);
		break;
	case VGIC_IO_RDIST:
		vgic_v3_rdist_access(io->vcpu, off, len, write, &val, false);
		break;
	case VGIC_IO_DIST_V2:
		vgic_v2_dist_access(vcpu, off, len, write, &val, false);
		break;
	case VGIC_IO_ITS:
		/* GITS_TRANSLATER from a PE carries no DeviceID: RAZ/WI */
		if (off < SZ_64K)
			vgic_its_access(container_of(io, struct vgic_its, iodev), off, len,
					write, &val, false);
		else
			val = 0;
		break;
	}
	trace_vgic_mmio(vcpu->vcpu_id, io->kind, off, len, val, write);
	if (!write) {
		raw = cpu_to_le64(val);
		memcpy(data, &raw, len);
	}
	return 0;
}

static int vgic_io_read(struct kvm_vcpu *vcpu, struct kvm_io_device *dev,
			gpa_t addr, int len, void *val)
{
	return vgic_io_access(vcpu, dev, addr, len, val, false);
}

static int vgic_io_write(struct kvm_vcpu *vcpu, struct kvm_io_device *dev,
			 gpa_t addr, int len, const void *val)
{
	return vgic_io_access(vcpu, dev, addr, len, (void *)val, true);
}

static const struct kvm_io_device_ops vgic_io_ops = {
	.read = vgic_io_read,
	.write = vgic_io_write,
};

static int vgic_io_register(struct kvm *kvm, struct vgic_io_device *io,
			    enum vgic_io_kind kind, struct kvm_vcpu *vcpu,
			    gpa_t base, int size)
{
	int ret;

	kvm_iodevice_init(&io->dev, &vgic_io_ops);
	io->kind = kind;
	io->vcpu = vcpu;
	io->base = base;
	mutex_lock(&kvm->slots_lock);
	ret = kvm_io_bus_register_dev(kvm, KVM_MMIO_BUS, base, size, &io->dev);
	mutex_unlock(&kvm->slots_lock);
	return ret;
}

static void vgic_io_unregister(struct kvm *kvm, struct vgic_io_device *io)
{
	mutex_lock(&kvm->slots_lock);
	kvm_io_bus_unregister_dev(kvm, KVM_MMIO_BUS, &io->dev);
	mutex_unlock(&kvm->slots_lock);
}

/**
 * vgic_io_register_its() - put an ITS's frame on the MMIO bus
 * @kvm:	the VM
 * @io:		the ITS's bus device
 * @base:	the frame's guest physical address
 * @size:	its size
 *
 * Return: 0, or the error of kvm_io_bus_register_dev().
 */
int vgic_io_register_its(struct kvm *kvm, struct vgic_io_device *io, gpa_t base, int size)
{
	return vgic_io_register(kvm, io, VGIC_IO_ITS, NULL, base, size);
}

static int vgic_v3_map(struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	struct kvm_vcpu *vcpu;
	unsigned long idx, done;
	gpa_t rd_base;
	int ret;

	if (vgic_addr_undef(dist->vgic_dist_base))
		return -ENXIO;
	ret = vgic_v3_rdist_layout_check(kvm, kvm_phys_shift(&kvm->arch.mmu));
	if (ret)
		return ret;
	/* A GICv3 VM is initialized by KVM_DEV_ARM_VGIC_CTRL_INIT, not by a run. */
	if (!vgic_initialized(kvm))
		return -EBUSY;

	vgic_v3_rd_typers_fix(kvm);
	ret = vgic_io_register(kvm, &dist->dist_iodev, VGIC_IO_DIST_V3, NULL,
			       dist->vgic_dist_base, KVM_VGIC_V3_DIST_SIZE);
	if (ret)
		return ret;
	kvm_for_each_vcpu(idx, vcpu, kvm) {
		vgic_v3_rdist_addr(vcpu, &rd_base);
		ret = vgic_io_register(kvm, &vcpu->arch.vgic_cpu.rd_iodev, VGIC_IO_RDIST, vcpu,
				       rd_base, KVM_VGIC_V3_REDIST_SIZE);
		if (ret)
			goto unwind;
	}
	return 0;

unwind:	/* nothing stays on the bus, so that the next run can start over */
	kvm_for_each_vcpu(done, vcpu, kvm) {
		if (done == idx)
			break;
		vgic_io_unregister(kvm, &vcpu->arch.vgic_cpu.rd_iodev);
	}
	vgic_io_unregister(kvm, &dist->dist_iodev);
	return ret;
}

static int vgic_v2_map(struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	int ret;

	if (vgic_addr_undef(dist->vgic_dist_base) || vgic_addr_undef(dist->vgic_cpu_base))
		return -ENXIO;
	if (vgic_ranges_overlap(dist->vgic_dist_base, KVM_VGIC_V2_DIST_SIZE,
				dist->vgic_cpu_base, KVM_VGIC_V2_CPU_SIZE))
		return -EINVAL;
	/* A GICv2 VM may leave its initialization to the first run. */
	ret = vgic_init(kvm);
	if (ret)
		return ret;
	ret = vgic_io_register(kvm, &dist->dist_iodev, VGIC_IO_DIST_V2, NULL,
			       dist->vgic_dist_base, KVM_VGIC_V2_DIST_SIZE);
	if (ret)
		return ret;
	/* The guest's CPU interface is the hardware's GICV, mapped in. */
	ret = kvm_phys_addr_ioremap(kvm, dist->vgic_cpu_base, kvm_vgic_global_state.gicv_phys,
				    KVM_VGIC_V2_CPU_SIZE, true);
	if (ret)
		vgic_io_unregister(kvm, &dist->dist_iodev);
	return ret;
}

/**
 * kvm_vgic_map_resources() - make the vGIC reachable, at the first run
 * @kvm:	the VM
 *
 * A bad layout is reported and leaves the VM usable, so that the VMM can
 * fix it (the KVM selftest vgic_init relies on that).
 *
 * Return: 0; -ENXIO if a frame has no address or a vCPU no redistributor;
 * -EINVAL if frames overlap or leave the guest's address space; -EBUSY if
 * a GICv3 was not initialized; or an error of the I/O bus or stage-2 map.
 */
int kvm_vgic_map_resources(struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	int ret = 0;

	mutex_lock(&kvm->arch.config_lock);
	if (vgic_ready(kvm))
		goto out;
	ret = dist->vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3 ? vgic_v3_map(kvm) : vgic_v2_map(kvm);
	if (!ret)
		dist->ready = true;
out:
	mutex_unlock(&kvm->arch.config_lock);
	return ret ?: kvm_vgic_setup_default_irq_routing(kvm);
}
