// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic_device_api - the answers of the vGIC devices to a VMM, as
 * Documentation/virt/kvm/devices/arm-vgic.rst and arm-vgic-v3.rst give
 * them, for the GIC model the host offers (GICv3 on a GICv3 host, GICv2
 * on a GICv2 host):
 *
 * - KVM_DEV_ARM_VGIC_GRP_ADDR: a type unknown or of the other GIC version
 *   is -ENXIO (set, get and has); a frame whose end wraps past 2^64 is
 *   -E2BIG, as one beyond the IPA space;
 * - KVM_DEV_ARM_VGIC_GRP_NR_IRQS above 1024 is -EINVAL;
 * - GICD_IIDR written back with revision 2 or 3 (what Linux 6.12 saves)
 *   restores and reads back; revision 4 is -EINVAL;
 * - no vGIC once a vCPU has run with a userspace irqchip: -EBUSY;
 * - GICv2: the first KVM_IRQ_LINE or register access before
 *   KVM_DEV_ARM_VGIC_CTRL_INIT initializes with the defaults, and
 *   NR_IRQS then answers -EBUSY; GICv3: both wait for CTRL_INIT (-EBUSY
 *   for the registers, -ENODEV for KVM_IRQ_LINE).
 */
#include <linux/sizes.h>

#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"
#include "vgic.h"

#define DIST_GPA	0x8000000ULL
#define WRAPPING_GPA	0xffffffffffff0000ULL	/* 64KB aligned; + 64KB wraps */
#define GICD_IIDR_OFF	0x8
#define IIDR_REV_SHIFT	12
#define IIDR_REV_MASK	(0xfu << IIDR_REV_SHIFT)

static bool v3;

static void guest_code(void)
{
	GUEST_DONE();
}

static uint32_t model(void)
{
	return v3 ? KVM_DEV_TYPE_ARM_VGIC_V3 : KVM_DEV_TYPE_ARM_VGIC_V2;
}

static void expect(int ret, int err, const char *what)
{
	TEST_ASSERT(ret == (err ? -1 : 0) && (!err || errno == err),
		    "%s: got %d (errno %d), expected %s", what, ret, errno,
		    err ? strerror(err) : "success");
}

static void test_addr_types(int fd)
{
	uint64_t other = v3 ? KVM_VGIC_V2_ADDR_TYPE_DIST : KVM_VGIC_V3_ADDR_TYPE_DIST;
	uint64_t own = v3 ? KVM_VGIC_V3_ADDR_TYPE_DIST : KVM_VGIC_V2_ADDR_TYPE_DIST;
	uint64_t addr = DIST_GPA;

	expect(__kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_ADDR, other, &addr), ENXIO,
	       "set the other version's distributor");
	expect(__kvm_device_attr_get(fd, KVM_DEV_ARM_VGIC_GRP_ADDR, other, &addr), ENXIO,
	       "get the other version's distributor");
	expect(__kvm_has_device_attr(fd, KVM_DEV_ARM_VGIC_GRP_ADDR, other), ENXIO,
	       "has the other version's distributor");
	expect(__kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_ADDR, 42, &addr), ENXIO,
	       "set address type 42");
	expect(__kvm_has_device_attr(fd, KVM_DEV_ARM_VGIC_GRP_ADDR, 42), ENXIO,
	       "has address type 42");

	addr = WRAPPING_GPA;
	expect(__kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_ADDR, own, &addr), E2BIG,
	       "a distributor whose end wraps");
	if (v3) {
		expect(__kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
					     KVM_VGIC_V3_ADDR_TYPE_REDIST, &addr), E2BIG,
		       "a redistributor whose end wraps");
	} else {
		expect(__kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
					     KVM_VGIC_V2_ADDR_TYPE_CPU, &addr), E2BIG,
		       "a CPU interface whose end wraps");
	}
	addr = DIST_GPA;
	expect(__kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_ADDR, own, &addr), 0,
	       "the distributor where it fits");
}

static void test_nr_irqs(int fd)
{
	uint32_t nr = 1056;

	expect(__kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr), EINVAL,
	       "NR_IRQS 1056");
	nr = 1024;
	expect(__kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr), 0,
	       "NR_IRQS 1024");
}

static void test_iidr_revisions(int fd)
{
	uint32_t iidr, val;

	kvm_device_attr_get(fd, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, GICD_IIDR_OFF, &iidr);
	for (uint32_t rev = 2; rev <= 4; rev++) {
		val = (iidr & ~IIDR_REV_MASK) | rev << IIDR_REV_SHIFT;
		expect(__kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, GICD_IIDR_OFF,
					     &val), rev <= 3 ? 0 : EINVAL, "GICD_IIDR revision");
		kvm_device_attr_get(fd, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, GICD_IIDR_OFF, &val);
		TEST_ASSERT_EQ((val & IIDR_REV_MASK) >> IIDR_REV_SHIFT, rev <= 3 ? rev : 3);
	}
}

/* One device with every check that needs no initialization, then IIDR. */
static void test_device_answers(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	int fd = kvm_create_device(vm, model());

	test_addr_types(fd);
	test_nr_irqs(fd);
	if (v3) {
		uint64_t rd = DIST_GPA + KVM_VGIC_V3_DIST_SIZE;

		kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
				    KVM_VGIC_V3_ADDR_TYPE_REDIST, &rd);
	} else {
		uint64_t cpu = DIST_GPA + KVM_VGIC_V2_DIST_SIZE;

		kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, &cpu);
	}
	kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL);
	test_iidr_revisions(fd);
	close(fd);
	kvm_vm_free(vm);
}

/* The vCPU ran with a userspace irqchip (its timer enabled): too late. */
static void test_no_vgic_after_run(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	struct ucall uc;
	int fd;

	vcpu_run(vcpu);
	TEST_ASSERT_EQ(get_ucall(vcpu, &uc), UCALL_DONE);
	fd = __kvm_create_device(vm, model());
	TEST_ASSERT(fd == -EBUSY || (fd < 0 && errno == EBUSY),
		    "a vGIC after the vCPU ran: got %d (errno %d), expected EBUSY", fd, errno);
	kvm_vm_free(vm);
}

/* First use before CTRL_INIT: GICv2 initializes with the defaults, GICv3 waits. */
static void test_first_use(bool by_injection)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	int fd = kvm_create_device(vm, model());
	uint32_t val, nr = 64;
	int ret;

	if (by_injection)
		ret = _kvm_arm_irq_line(vm, 32, 1);
	else
		ret = __kvm_device_attr_get(fd, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, GICD_IIDR_OFF,
					    &val);
	if (v3) {
		expect(ret, by_injection ? ENODEV : EBUSY, "first use of a GICv3 before CTRL_INIT");
		expect(__kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr), 0,
		       "NR_IRQS after it");
	} else {
		expect(ret, 0, "first use of a GICv2 before CTRL_INIT");
		expect(__kvm_device_attr_set(fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr), EBUSY,
		       "NR_IRQS once initialized with the defaults");
	}
	close(fd);
	kvm_vm_free(vm);
}

int main(void)
{
	struct kvm_vm *vm = vm_create_barebones();

	v3 = !__kvm_test_create_device(vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	if (!v3)
		__TEST_REQUIRE(!__kvm_test_create_device(vm, KVM_DEV_TYPE_ARM_VGIC_V2),
			       "No GIC for guests on this host");
	kvm_vm_free(vm);

	test_device_answers();
	test_no_vgic_after_run();
	test_first_use(true);
	test_first_use(false);
	pr_info("PASS: GICv%d device: address types, wrapping frames, NR_IRQS, IIDR revisions, creation after a run, first use before CTRL_INIT\n",
		v3 ? 3 : 2);
	return 0;
}
