#!/bin/bash
# `make check`: install what is missing, prepare the kernel tree, build and
# run the harness tests, kill the mutants, build every vGIC object in the
# 6.12 tree, check the style, then build the kernel and run it as three
# emulated KVM hosts (kvm-check), again as three debug hosts (KASAN,
# lockdep, UBSAN, the vGIC's self-checks: kvm-check-debug), and show the
# mapped timer's life in the debug host's tracefs (trace-host), and make
# the patch series and check it (series-check).  Ends with the line
# "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
log=build/check.log
mkdir -p build
: >"$log"

step() {	# name, command...: run, show, keep its "name: N passed, M failed"
	local name=$1; shift
	echo "== $name"
	"$@" 2>&1 | tee -a "$log"
	return "${PIPESTATUS[0]}"
}

total() {	# the closing line from every step's "name: N passed, M failed"
	local pass=0 fail=0 p f name
	while read -r p f; do
		pass=$((pass + p)) fail=$((fail + f))
	done < <(sed -n 's/^[a-z-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log")
	for name in "$@"; do	# a step that never reported failed
		grep -qE "^$name: [0-9]+ passed" "$log" || { echo "$name: did not finish"; fail=$((fail + 1)); }
	done
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}

stop() {	# why: nothing after this step can run
	echo "check: stopped here: $1"
	echo "stopped: 0 passed, 1 failed" >> "$log"
	total
	exit 1
}

echo "== dependencies"
scripts/install-deps.sh 2>&1 | tee -a "$log"
step deps python3 scripts/deps-check.py
[ $? = 2 ] && stop "programs or files the steps need are not on this machine (above)"
scripts/kernel-tree.sh > build/kernel-tree.log 2>&1 ||
	{ tail -5 build/kernel-tree.log; stop "the 6.12 tree could not be prepared (build/kernel-tree.log)"; }
step harness make -s -C tools/testing/vgic run-tests
step mutants python3 tools/testing/vgic/mutate.py "$top/virt/kvm/arm/vgic" "$top/build/mutants"
step kbuild scripts/kbuild-check.sh
step style scripts/style-check.sh
step kvm-check scripts/kvm-check.sh
step kvm-check-debug env DEBUG=1 scripts/kvm-check.sh
step trace-host scripts/trace-host.sh
# last, so that its cover letter has the selftest tables of this run
step series-check scripts/series-check.sh
total deps harness mutants kbuild style kvm-check kvm-check-debug trace-host series-check
