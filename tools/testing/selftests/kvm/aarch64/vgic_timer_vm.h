/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the project's vGIC selftests share: a VM of N vCPUs with an IRQ
 * handler and the virtual timer's INTID known to the guest, and running
 * every vCPU in its own thread to GUEST_DONE.
 */
#ifndef SELFTEST_KVM_VGIC_TIMER_VM_H
#define SELFTEST_KVM_VGIC_TIMER_VM_H
#include <pthread.h>

#include "kvm_util.h"
#include "processor.h"
#include "ucall_common.h"

/* The virtual timer's PPI, as KVM reports it to the VMM. */
static uint32_t vtimer_irq;

static inline struct kvm_vm *vgic_timer_vm_create(unsigned int nr_vcpus, void *guest_code,
						  handler_fn irq_handler,
						  struct kvm_vcpu **vcpus)
{
	struct kvm_vm *vm = vm_create_with_vcpus(nr_vcpus, guest_code, vcpus);

	vm_init_descriptor_tables(vm);
	vm_install_exception_handler(vm, VECTOR_IRQ_CURRENT, irq_handler);
	for (unsigned int i = 0; i < nr_vcpus; i++)
		vcpu_init_descriptor_tables(vcpus[i]);
	vcpu_device_attr_get(vcpus[0], KVM_ARM_VCPU_TIMER_CTRL,
			     KVM_ARM_VCPU_TIMER_IRQ_VTIMER, &vtimer_irq);
	sync_global_to_guest(vm, vtimer_irq);
	return vm;
}

static inline void *vgic_timer_vcpu_thread(void *arg)
{
	struct kvm_vcpu *vcpu = arg;
	struct ucall uc;

	for (;;) {
		vcpu_run(vcpu);
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_PRINTF:
			REPORT_GUEST_PRINTF(uc);
			break;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			return NULL;
		case UCALL_DONE:
			return NULL;
		default:
			TEST_FAIL("vCPU %u: unexpected ucall %lu", vcpu->id, uc.cmd);
		}
	}
}

/* Run every vCPU at once until each is done; a guest assertion fails the test. */
static inline void vgic_timer_vm_run(struct kvm_vcpu **vcpus, unsigned int nr_vcpus)
{
	pthread_t threads[nr_vcpus];

	for (unsigned int i = 0; i < nr_vcpus; i++)
		pthread_create(&threads[i], NULL, vgic_timer_vcpu_thread, vcpus[i]);
	for (unsigned int i = 0; i < nr_vcpus; i++)
		pthread_join(threads[i], NULL);
}

#endif
