// SPDX-License-Identifier: GPL-2.0-only
/*
 * The harness's VM and world switch; see test-vm.h.
 */
#include <stdio.h>
#include <string.h>
#include <linux/bitfield.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "test-vm.h"

int test_vm_create_bare(struct test_vm *vm, enum vgic_type host, int nr_vcpus, int nr_lr)
{
	const struct lr_layout *lay = host == VGIC_V3 ? &lr_layout_v3 : &lr_layout_v2;
	u32 model = host == VGIC_V3 ? KVM_DEV_TYPE_ARM_VGIC_V3 : KVM_DEV_TYPE_ARM_VGIC_V2;
	int i, ret;

	memset(vm, 0, sizeof(*vm));
	memset(&kvm_vgic_global_state, 0, sizeof(kvm_vgic_global_state));
	kvm_vgic_global_state.type = host;
	kvm_vgic_global_state.nr_lr = nr_lr;
	/* ICH_VTR_EL2: the model's priority and preemption bits */
	kvm_vgic_global_state.ich_vtr_el2 = (VIF_PRI_BITS - 1) << ICH_VTR_PRI_BITS_SHIFT |
					    FIELD_PREP(GENMASK(28, 26), VIF_PRI_BITS - 1) |
					    (nr_lr - 1);

	kvm_vgic_early_init(&vm->kvm);
	mutex_lock(&vm->kvm.lock);		/* as KVM_CREATE_DEVICE */
	ret = kvm_vgic_create(&vm->kvm, model);
	mutex_unlock(&vm->kvm.lock);
	if (ret)
		return ret;
	for (i = 0; i < nr_vcpus; i++) {
		vm->vcpu[i].kvm = &vm->kvm;
		vm->vcpu[i].vcpu_id = i;
		vm->vcpu[i].vcpu_idx = i;
		vm->kvm.vcpus[i] = &vm->vcpu[i];
		vm->kvm.created_vcpus = i + 1;
		atomic_set(&vm->kvm.online_vcpus, i + 1);
		ret = kvm_vgic_vcpu_init(&vm->vcpu[i]);
		if (ret)
			return ret;
		vif_init(&vm->vif[i], lay, nr_lr);
	}
	/* GICv3: one frame per vCPU from where QEMU's virt board puts them */
	if (host == VGIC_V3) {
		ret = vgic_v3_rdist_region_add(&vm->kvm, 0, TEST_VM_RDIST_BASE, 0,
					       TEST_VM_IPA_BITS);
		if (ret)
			return ret;
	}
	return 0;
}

int test_vm_create(struct test_vm *vm, enum vgic_type host, int nr_vcpus,
		   int nr_spis, int nr_lr)
{
	int i, ret = test_vm_create_bare(vm, host, nr_vcpus, nr_lr);

	if (ret)
		return ret;
	vm->kvm.arch.vgic.nr_spis = nr_spis;
	ret = vgic_init(&vm->kvm);
	/* as a booted guest leaves them: ICC_PMR_EL1 = 0xff, of which 5 bits hold */
	for (i = 0; i < nr_vcpus; i++) {
		struct vgic_vmcr vmcr = { .pmr = 0xf8, .bpr0 = 2, .bpr1 = 3,
					  .grpen0 = true, .grpen1 = true };

		vgic_set_vmcr(&vm->vcpu[i], &vmcr);
	}
	/* as a guest does at boot: GICD_CTLR.EnableGrp0 and EnableGrp1 */
	vgic_set_group_enables(&vm->kvm, BIT(0) | BIT(1));
	return ret;
}

void test_vm_destroy(struct test_vm *vm)
{
	kvm_vgic_destroy(&vm->kvm);
	shim_rcu_quiesce();
	kfree(vm->kvm.shim_ram);
	vm->kvm.shim_ram = NULL;
}

u8 *test_vm_add_ram(struct test_vm *vm, gpa_t base, u64 size)
{
	vm->kvm.shim_ram = kzalloc(size, GFP_KERNEL);
	vm->kvm.shim_ram_base = base;
	vm->kvm.shim_ram_size = vm->kvm.shim_ram ? size : 0;
	return vm->kvm.shim_ram;
}

/* The saved VMCR and active priorities into the CPU interface, and back. */
static void test_vmcr_load(struct test_vm *vm, int cpu)
{
	struct vgic_cpu *vgic_cpu = &vm->vcpu[cpu].arch.vgic_cpu;
	struct vcpu_if *vif = &vm->vif[cpu];
	struct vgic_vmcr vmcr;

	vgic_get_vmcr(&vm->vcpu[cpu], &vmcr);
	vif->pmr = vmcr.pmr;
	vif->bpr[0] = vmcr.bpr0;
	vif->bpr[1] = vmcr.bpr1;
	vif->grpen[0] = vmcr.grpen0;
	vif->grpen[1] = vmcr.grpen1;
	vif->eoimode = vmcr.eoim;
	if (kvm_vgic_global_state.type == VGIC_V3) {
		vif->apr[0] = vgic_cpu->vgic_v3.vgic_ap0r[0];
		vif->apr[1] = vgic_cpu->vgic_v3.vgic_ap1r[0];
	} else {
		vif->apr[0] = vgic_cpu->vgic_v2.apr;	/* one GICH_APR for both */
		vif->apr[1] = 0;
	}
}

static void test_vmcr_save(struct test_vm *vm, int cpu)
{
	struct vgic_cpu *vgic_cpu = &vm->vcpu[cpu].arch.vgic_cpu;
	struct vcpu_if *vif = &vm->vif[cpu];
	struct vgic_vmcr vmcr;

	vgic_get_vmcr(&vm->vcpu[cpu], &vmcr);
	vmcr.pmr = vif->pmr;
	vmcr.bpr0 = vif->bpr[0];
	vmcr.bpr1 = vif->bpr[1];
	vmcr.grpen0 = vif->grpen[0];
	vmcr.grpen1 = vif->grpen[1];
	vmcr.eoim = vif->eoimode;
	vgic_set_vmcr(&vm->vcpu[cpu], &vmcr);
	if (kvm_vgic_global_state.type == VGIC_V3) {
		vgic_cpu->vgic_v3.vgic_ap0r[0] = vif->apr[0];
		vgic_cpu->vgic_v3.vgic_ap1r[0] = vif->apr[1];
	} else {
		vgic_cpu->vgic_v2.apr = vif->apr[0] | vif->apr[1];
	}
}

static struct test_vm *test_vm_of(struct kvm_vcpu *vcpu)
{
	return container_of(vcpu - vcpu->vcpu_id, struct test_vm, vcpu[0]);
}

/*
 * The vGIC's hardware boundary (vgic-host.c in the kernel): the flush's
 * list registers go into the modelled CPU interface, and come back at the
 * sync as the world switch saves them (an empty one, per ELRSR, with its
 * state cleared).
 */
void vgic_hw_load_lrs(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	struct vcpu_if *vif = &test_vm_of(vcpu)->vif[vcpu->vcpu_id];
	bool v3 = kvm_vgic_global_state.type == VGIC_V3;
	unsigned int n, used = test_used_lrs(test_vm_of(vcpu), vcpu->vcpu_id);

	void (*hook)(struct test_vm *vm, int cpu) = test_vm_of(vcpu)->on_lr_load;

	memset(vif->lr, 0, sizeof(vif->lr));
	for (n = 0; n < used; n++)
		vif->lr[n] = v3 ? vgic_cpu->vgic_v3.vgic_lr[n] : vgic_cpu->vgic_v2.lr[n];
	/* what another CPU may do once the LRs are written, before the entry */
	test_vm_of(vcpu)->on_lr_load = NULL;
	if (hook)
		hook(test_vm_of(vcpu), vcpu->vcpu_id);
}

void vgic_hw_save_lrs(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	struct vcpu_if *vif = &test_vm_of(vcpu)->vif[vcpu->vcpu_id];
	bool v3 = kvm_vgic_global_state.type == VGIC_V3;
	u64 elrsr = vif_elrsr(vif), state = vif->lay->pending | vif->lay->active;
	unsigned int n, used = test_used_lrs(test_vm_of(vcpu), vcpu->vcpu_id);

	for (n = 0; n < used; n++) {
		u64 val = vif->lr[n];

		if (elrsr & (1ULL << n))
			val = (v3 ? vgic_cpu->vgic_v3.vgic_lr[n] : vgic_cpu->vgic_v2.lr[n]) & ~state;
		if (v3)
			vgic_cpu->vgic_v3.vgic_lr[n] = val;
		else
			vgic_cpu->vgic_v2.lr[n] = val;
	}
	/* the hardware's list registers are the next vCPU's now */
	memset(vif->lr, 0, sizeof(vif->lr));
}

/* Entry: the flush, which loads the LRs; the VMCR is the load's. */
void test_vcpu_enter(struct test_vm *vm, int cpu)
{
	struct vgic_cpu *vgic_cpu = &vm->vcpu[cpu].arch.vgic_cpu;
	struct vcpu_if *vif = &vm->vif[cpu];
	bool v3 = kvm_vgic_global_state.type == VGIC_V3;

	struct kvm_vcpu *running = shim_running_vcpu;

	shim_running_vcpu = &vm->vcpu[cpu];	/* on the vCPU's own thread */
	kvm_vgic_flush_hwstate(&vm->vcpu[cpu]);
	shim_running_vcpu = running;
	vif->hcr = v3 ? vgic_cpu->vgic_v3.vgic_hcr : vgic_cpu->vgic_v2.hcr;
	test_vmcr_load(vm, cpu);
	vm->in_guest[cpu] = true;
}

/* Exit: the VMCR back, then the sync, which saves the LRs. */
void test_vcpu_exit(struct test_vm *vm, int cpu)
{
	struct kvm_vcpu *running = shim_running_vcpu;

	test_vmcr_save(vm, cpu);
	shim_running_vcpu = &vm->vcpu[cpu];
	kvm_vgic_sync_hwstate(&vm->vcpu[cpu]);
	shim_running_vcpu = running;
	memset(vm->vif[cpu].lr, 0, sizeof(vm->vif[cpu].lr));
	vm->in_guest[cpu] = false;
}

/* As KVM's: every vCPU in the guest exits (and syncs) and waits. */
void kvm_arm_halt_guest(struct kvm *kvm)
{
	struct test_vm *vm = container_of(kvm, struct test_vm, kvm);

	vm->halts++;
	for (int cpu = 0; cpu < atomic_read(&kvm->online_vcpus); cpu++) {
		vm->halted[cpu] = vm->in_guest[cpu];
		if (vm->halted[cpu])
			test_vcpu_exit(vm, cpu);
	}
}

void kvm_arm_resume_guest(struct kvm *kvm)
{
	struct test_vm *vm = container_of(kvm, struct test_vm, kvm);

	for (int cpu = 0; cpu < atomic_read(&kvm->online_vcpus); cpu++) {
		if (vm->halted[cpu])
			test_vcpu_enter(vm, cpu);
		vm->halted[cpu] = false;
	}
}

/*
 * Configure an interrupt as the distributor registers would (enable,
 * priority, group, trigger) and let the vGIC queue it if it now wants to.
 */
void test_irq_setup(struct test_vm *vm, int cpu, u32 intid,
		    bool enabled, u8 priority, u8 group,
		    enum vgic_irq_config config)
{
	struct vgic_irq *irq = test_irq(vm, cpu, intid);
	unsigned long flags;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	irq->enabled = enabled;
	irq->priority = priority;
	irq->group = group;
	irq->config = config;
	vgic_queue_irq_unlock(&vm->kvm, irq, flags);
}

struct vgic_irq *test_irq(struct test_vm *vm, int cpu, u32 intid)
{
	return vgic_get_irq(&vm->kvm, &vm->vcpu[cpu], intid);
}

unsigned int test_ap_list_len(struct test_vm *vm, int cpu)
{
	struct vgic_irq *irq;
	unsigned int len = 0;

	list_for_each_entry(irq, &vm->vcpu[cpu].arch.vgic_cpu.ap_list_head, ap_list)
		len++;
	return len;
}

bool test_on_ap_list(struct test_vm *vm, int cpu, u32 intid)
{
	struct vgic_irq *irq;

	list_for_each_entry(irq, &vm->vcpu[cpu].arch.vgic_cpu.ap_list_head, ap_list)
		if (irq->intid == intid)
			return true;
	return false;
}

unsigned int test_used_lrs(struct test_vm *vm, int cpu)
{
	struct vgic_cpu *vgic_cpu = &vm->vcpu[cpu].arch.vgic_cpu;

	return kvm_vgic_global_state.type == VGIC_V3 ? vgic_cpu->vgic_v3.used_lrs :
						       vgic_cpu->vgic_v2.used_lrs;
}

static bool test_check_irq(struct test_vm *vm, struct vgic_irq *irq, char *why, size_t len)
{
	struct phys_gic_irq *p = irq->map ? phys_gic_irq_of(irq->map->host_irq) : NULL;
	int cpu, lrs = 0;

	if (irq->vcpu && !test_on_ap_list(vm, irq->vcpu->vcpu_id, irq->intid)) {
		snprintf(why, len, "INTID %u: vcpu set but not on its list", irq->intid);
		return false;
	}
	for (cpu = 0; cpu < atomic_read(&vm->kvm.online_vcpus); cpu++) {
		if (irq->vcpu != &vm->vcpu[cpu] && test_on_ap_list(vm, cpu, irq->intid) &&
		    (irq->intid >= VGIC_NR_PRIVATE_IRQS || irq == test_irq(vm, cpu, irq->intid))) {
			snprintf(why, len, "INTID %u on vCPU%d's list, not its own", irq->intid, cpu);
			return false;
		}
		if (irq->intid < VGIC_NR_PRIVATE_IRQS && irq != test_irq(vm, cpu, irq->intid))
			continue;
		if (vif_find_lr(&vm->vif[cpu], irq->intid) >= 0)
			lrs++;
	}
	if (lrs > 1) {
		snprintf(why, len, "INTID %u in %d list registers", irq->intid, lrs);
		return false;
	}
	if (p && p->active && !irq->active && !vgic_irq_is_pending(irq) && !irq->hw_queued) {
		snprintf(why, len, "INTID %u: physical active, virtual idle", irq->intid);
		return false;
	}
	return true;
}

/*
 * A list not marked unsorted is in rank order, by ranks that are current,
 * and holds nothing that belongs on another vCPU's list: the flush reads
 * only its head.
 */
static bool test_check_ap_list_order(struct test_vm *vm, int cpu, char *why, size_t len)
{
	struct vgic_cpu *vgic_cpu = &vm->vcpu[cpu].arch.vgic_cpu;
	struct vgic_irq *irq;
	int last = -1;

	if (vgic_cpu->ap_list_unsorted)
		return true;
	list_for_each_entry(irq, &vgic_cpu->ap_list_head, ap_list) {
		struct kvm_vcpu *dest = vgic_irq_dest(irq);

		if (irq->ap_rank != vgic_irq_rank(irq) || irq->ap_rank < last) {
			snprintf(why, len, "vCPU%d: INTID %u ranked %u (now %u) after %d, list not marked",
				 cpu, irq->intid, irq->ap_rank, vgic_irq_rank(irq), last);
			return false;
		}
		if (dest && dest != &vm->vcpu[cpu]) {
			snprintf(why, len, "vCPU%d: INTID %u belongs on vCPU%d, list not marked",
				 cpu, irq->intid, dest->vcpu_id);
			return false;
		}
		last = irq->ap_rank;
	}
	return true;
}

/*
 * An LPI as any interrupt; a dead one (no reference left) is on no list,
 * since a list holds a reference.
 */
static bool test_check_lpi(struct test_vm *vm, struct vgic_irq *irq, char *why, size_t len)
{
	if (!refcount_read(&irq->refcount) && irq->vcpu) {
		snprintf(why, len, "LPI %u: listed with no reference", irq->intid);
		return false;
	}
	return test_check_irq(vm, irq, why, len);
}

/**
 * test_invariants_hold() - the invariants of Documentation/virt/kvm/arm/vgic.rst
 * @vm:		the VM, between two steps (no lock held)
 * @why:	the first broken invariant, for the message
 * @len:	size of @why
 *
 * Every listed interrupt is listed once, where its vcpu field says; a list
 * not marked unsorted is in rank order; no interrupt is in two list
 * registers; no HW list register is pending and
 * active; a physical twin is active only while the guest owns it.
 */
bool test_invariants_hold(struct test_vm *vm, char *why, size_t len)
{
	struct vgic_irq *irq;
	unsigned long lpi;
	int cpu, i;

	if (shim_locks_held) {
		snprintf(why, len, "%d locks held between steps", shim_locks_held);
		return false;
	}
	for (cpu = 0; cpu < atomic_read(&vm->kvm.online_vcpus); cpu++) {
		struct vcpu_if *vif = &vm->vif[cpu];

		if (vm->vcpu[cpu].arch.vgic_cpu.ap_list_len != test_ap_list_len(vm, cpu)) {
			snprintf(why, len, "vCPU%d: ap_list_len %u, %u listed", cpu,
				 vm->vcpu[cpu].arch.vgic_cpu.ap_list_len, test_ap_list_len(vm, cpu));
			return false;
		}
		if (!test_check_ap_list_order(vm, cpu, why, len))
			return false;

		for (unsigned int n = 0; n < vif->nr_lr; n++) {
			if ((vif->lr[n] & vif->lay->hw) && vif_lr_pending(vif, n) &&
			    vif_lr_active(vif, n)) {
				snprintf(why, len, "vCPU%d LR%u: HW and pending+active", cpu, n);
				return false;
			}
		}
		for (i = 0; i < VGIC_NR_PRIVATE_IRQS; i++)
			if (!test_check_irq(vm, test_irq(vm, cpu, i), why, len))
				return false;
	}
	for (i = 0; i < vm->kvm.arch.vgic.nr_spis; i++)
		if (!test_check_irq(vm, &vm->kvm.arch.vgic.spis[i], why, len))
			return false;
	xa_for_each(&vm->kvm.arch.vgic.lpi_xa, lpi, irq)
		if (!test_check_lpi(vm, irq, why, len))
			return false;
	shim_rcu_quiesce();
	return true;
}
