#!/bin/bash
# Build every vGIC object inside the Linux 6.12 tree (W=1, sparse) and the
# KVM/arm64 objects that use include/kvm/arm_vgic.h, to prove the header a
# drop-in.  One "ok"/"not ok" line per object; a warning fails it.
# needs: sparse (C=1)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/linux-source-6.12
obj=$top/build/kobj
export CCACHE_DIR=${CCACHE_DIR:-$top/build/ccache}
kmake=(make -s -C "$src" ARCH=arm64 CROSS_COMPILE="ccache aarch64-linux-gnu-" O="$obj")
pass=0 fail=0

# Kbuild notices a new object only through its Makefile; building a single
# object works for any file in the directory.
report() {	# name, log, status
	if [ "$3" = 0 ] && ! grep -qE 'warning|error' "$2"; then
		echo "ok kbuild $1"; pass=$((pass + 1))
	else
		echo "not ok kbuild $1"; sed 's/^/    /' "$2" | head -30; fail=$((fail + 1))
	fi
}

log=$(mktemp)
# Whatever else the first build drags in (vdso, ...) is not ours to judge.
"${kmake[@]}" -j"$(nproc)" W=1 C=1 arch/arm64/kvm/vgic/vgic-init.o >/dev/null 2>&1

for c in "$top"/virt/kvm/arm/vgic/*.c "$top"/arch/arm64/kvm/vgic-sys-reg-v3.c; do
	o=${c#"$top"/}
	o=${o/virt\/kvm\/arm\/vgic/arch\/arm64\/kvm\/vgic}
	o=${o%.c}.o
	rm -f "$obj/$o"
	"${kmake[@]}" W=1 C=1 "$o" >"$log" 2>&1
	report "$o (W=1, sparse)" "$log" $?
done

# The callers of the interface, unchanged, against the project's header.
for o in arch/arm64/kvm/arm.o arch/arm64/kvm/arch_timer.o arch/arm64/kvm/pmu-emul.o \
	 arch/arm64/kvm/sys_regs.o arch/arm64/kvm/guest.o arch/arm64/kvm/mmu.o \
	 arch/arm64/kvm/reset.o arch/arm64/kvm/handle_exit.o; do
	rm -f "$obj/$o"
	"${kmake[@]}" "$o" >"$log" 2>&1
	report "$o (caller, 6.12 as is)" "$log" $?
done
find "$obj/arch/arm64/kvm/hyp" -name '*.o' -delete 2>/dev/null
"${kmake[@]}" -j"$(nproc)" arch/arm64/kvm/hyp/ >"$log" 2>&1
report "arch/arm64/kvm/hyp/ (hyp world switch, 6.12 as is)" "$log" $?
rm -f "$log"
echo "kbuild: $pass passed, $fail failed"
[ "$fail" = 0 ]
