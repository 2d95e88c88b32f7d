#!/bin/bash
# `make trace-host`: the life of the mapped virtual timer in a real guest,
# as the host's tracefs shows it.  Boots the debug host (it has tracing:
# scripts/kernel-debug.config) with vgic_mapped_timer between
# "vgic-trace on" and "vgic-trace dump" (tools/testing/kvm-host/vgic-trace.c),
# prints the first of the timer's events and checks that they tell its
# life: queued with HW and its pINTID, folded back, deactivated by the
# guest through the HW bit.  Log: build/trace-host.log.
# Ends with "trace-host: N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
st=$top/build/selftests root=$top/build/trace-host log=$top/build/trace-host.log
pass=0 fail=0

check() {	# what, pattern: one line of the trace at least
	if grep -qE -- "$2" "$log"; then
		echo "trace-host: ok $1"; pass=$((pass + 1))
	else
		echo "trace-host: FAIL $1 (no line matches '$2')"; fail=$((fail + 1))
	fi
}

# the selftest and the debug host, as kvm-check builds them (and runs it)
if ! TEST="aarch64/vgic_mapped_timer" DEBUG=1 "$top/scripts/kvm-check.sh" v3 \
	> "$top/build/trace-host-build.log" 2>&1; then
	tail -5 "$top/build/trace-host-build.log"
	echo "trace-host: 0 passed, 1 failed"; exit 1
fi
aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -o "$top/build/vgic-trace" \
	"$top/tools/testing/kvm-host/vgic-trace.c" || { echo "trace-host: 0 passed, 1 failed"; exit 1; }

rm -rf "$root" && mkdir -p "$root"/{proc,sys,dev,tmp}
cp "$top/build/kvm-host-init" "$root/init"
cp "$top/build/vgic-trace" "$st/aarch64/vgic_mapped_timer" "$root/"
printf '%s\n' "/vgic-trace on" "/vgic_mapped_timer" "/vgic-trace dump" > "$root/tests"
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$root.cpio.gz"
why=$(IMAGE=$top/build/kobj-debug/arch/arm64/boot/Image BOOT_TIMEOUT=900 \
	"$top/scripts/boot-host.sh" 3 "$root.cpio.gz" "$log")
[ -n "$why" ] && { echo "trace-host: FAIL $why"; fail=$((fail + 1)); }

grep -E 'vgic_(lr_queue|lr_fold|hw_claim|hw_release|update_irq_pending).*(IRQ 27,|vintid=27 )' "$log" |
	head -12 | sed 's/^trace: *//'
check "the timer raised by its owner" 'vgic_update_irq_pending: VCPU: [0-9]+, IRQ 27, level: 1'
check "queued with HW, its pINTID" 'vgic_lr_queue: .* vintid=27 pintid=[1-9][0-9]* state=pending hw=1'
check "shown active with HW after the acknowledge" 'vgic_lr_queue: .* vintid=27 pintid=[1-9][0-9]* state=active hw=1'
check "acknowledged and deactivated by the guest" 'vgic_lr_fold: .* vintid=27 acked=[01] deactivated=1'
check "the physical twin released by the guest's EOI" 'vgic_hw_release: vintid=27 pintid=[1-9][0-9]* by=guest'
check "the trapped distributor accesses" 'vgic_mmio: .* (read|write) gicd\+'
check "the selftest passed while traced" '^kvm-check: ok /vgic_mapped_timer'
echo "trace-host: $pass passed, $fail failed"
[ "$fail" = 0 ]
