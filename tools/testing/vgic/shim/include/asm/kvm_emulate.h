/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness shim: kvm_vcpu_get_mpidr_aff() lives in the shim's kvm_host.h. */
#include <linux/kvm_host.h>
