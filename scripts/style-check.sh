#!/bin/bash
# Kernel style of the vGIC sources and the project's KVM selftests: checkpatch.pl --strict and kernel-doc
# warnings, from the 6.12 tree under build/.  One line per file.
# needs: perl (checkpatch.pl, kernel-doc)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/linux-source-6.12
pass=0 fail=0
cd "$top"
for f in include/kvm/arm_vgic.h virt/kvm/arm/vgic/*.[ch] arch/arm64/kvm/vgic-sys-reg-v3.c \
	 tools/testing/selftests/kvm/aarch64/*.[ch]; do
	# from inside the tree, so that the kernel's own names are known
	out=$(cd "$src" && scripts/checkpatch.pl --strict --quiet -f "$top/$f" 2>&1;
	      scripts/kernel-doc -Wall -none "$top/$f" 2>&1)
	if [ -z "$out" ]; then
		echo "ok style $f"; pass=$((pass + 1))
	else
		echo "not ok style $f"; sed 's/^/    /' <<<"$out" | head -20; fail=$((fail + 1))
	fi
done
echo "style: $pass passed, $fail failed"
[ "$fail" = 0 ]
