# SPDX-License-Identifier: GPL-2.0-only
#
# A from-scratch vGIC for KVM/arm64, against Linux 6.12.  See README.md.

HARNESS := tools/testing/vgic

.PHONY: check run harness kernel-tree kernel kvm-check kbuild-check mutants clean

# Everything: dependencies, harness tests, mutants, kernel-tree builds.
check:
	@scripts/check.sh

# The life of a hardware-mapped timer interrupt, on GICv3 and GICv2 LRs.
run: kernel-tree
	@$(MAKE) -s -C $(HARNESS) all
	@build/harness/run/timer-trace

harness: kernel-tree
	@$(MAKE) -s -C $(HARNESS) run-tests

kernel-tree:
	@scripts/install-deps.sh
	@scripts/kernel-tree.sh

# The arm64 host kernel with the project's vGIC: build/kobj/arch/arm64/boot/Image
kernel:
	@scripts/kernel-build.sh

# The kernel's KVM selftests and the project's own on three emulated hosts.
kvm-check:
	@scripts/kvm-check.sh $(HOSTS)

kbuild-check: kernel-tree
	@scripts/kbuild-check.sh

mutants: kernel-tree
	@python3 $(HARNESS)/mutate.py $(CURDIR)/virt/kvm/arm/vgic $(CURDIR)/build/mutants

clean:
	rm -rf build
