# SPDX-License-Identifier: GPL-2.0-only
#
# A from-scratch vGIC for KVM/arm64, against Linux 6.12.  See README.md.

HARNESS := tools/testing/vgic

# Debian's programs first: what scripts/install-deps.sh installs is what
# runs, not a copy installed by hand elsewhere on PATH (pyenv, /usr/local).
export PATH := /usr/sbin:/usr/bin:/sbin:/bin:$(PATH)

.PHONY: check deps-check run trace trace-host harness kernel-tree kernel upstream-kernel kvm-check bench series series-check kbuild-check mutants clean

# Everything: dependencies, harness tests, mutants, kernel-tree builds.
check:
	@scripts/check.sh

# Every program the scripts call comes from a package install-deps.sh installs.
deps-check:
	@scripts/install-deps.sh
	@python3 scripts/deps-check.py

# The main job: a Linux guest on the project's vGIC, in an emulated GICv3
# host (GIC=2: GICv2 host), booted by the project's VMM (tools/vmm); a
# GICv3 guest has an ITS (ITS=0: none).
GIC ?= 3
ITS ?= 1
run:
	@scripts/install-deps.sh
	@scripts/run.sh $(GIC) $(ITS)

# The life of a hardware-mapped timer interrupt, on GICv3 and GICv2 LRs (harness).
trace: kernel-tree
	@$(MAKE) -s -C $(HARNESS) all
	@build/harness/run/timer-trace

# The same in a real guest: the debug host's tracefs (scripts/trace-host.sh).
trace-host:
	@scripts/install-deps.sh
	@scripts/trace-host.sh

harness: kernel-tree
	@$(MAKE) -s -C $(HARNESS) run-tests

kernel-tree:
	@scripts/install-deps.sh
	@scripts/kernel-tree.sh

# The arm64 host kernel with the project's vGIC: build/kobj/arch/arm64/boot/Image
kernel:
	@scripts/kernel-build.sh

# The unmodified 6.12 kernel, same configuration, for comparisons (build/upstream).
upstream-kernel:
	@scripts/install-deps.sh
	@scripts/upstream-kernel.sh

# The kernel's KVM selftests and the project's own on three emulated hosts
# (HOSTS="v3 v3n v2"); TEST="aarch64/vgic_irq -n 992" for one; V=1 to see
# the host's console; DEBUG=1 on the debug host (KASAN, lockdep, UBSAN and
# the vGIC's self-checks: scripts/kernel-debug.config).
kvm-check:
	@scripts/install-deps.sh
	@TEST="$(TEST)" V="$(V)" DEBUG="$(DEBUG)" scripts/kvm-check.sh $(HOSTS)

# This vGIC against the unmodified 6.12 on the same three emulated hosts,
# under QEMU -icount (deterministic): the table, build/bench/results.csv
# and build/bench/ratios.png.  BENCH_ITERATIONS=, BENCH_RUNS=, BENCH_HOSTS=.
bench:
	@scripts/install-deps.sh
	@scripts/bench.sh

# The project as a patch series against Linux 6.12 (build/series/), and the
# series checked as a maintainer would: git am, a kernel build, W=1 and
# sparse after each patch, checkpatch --strict, the final tree, the docs.
series: kernel-tree
	@python3 scripts/series.py

series-check: kernel-tree
	@scripts/series-check.sh

kbuild-check: kernel-tree
	@scripts/kbuild-check.sh

mutants: kernel-tree
	@python3 $(HARNESS)/mutate.py $(CURDIR)/virt/kvm/arm/vgic $(CURDIR)/build/mutants

clean:
	rm -rf build
