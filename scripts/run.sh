#!/bin/bash
# `make run [GIC=3|2] [ITS=1|0]`: the project's main job.  Boot the emulated GICv3 (or
# GICv2) host with the project's vGIC and, inside it, a Linux guest (the
# same Image, 2 vCPUs) through the project's VMM (tools/vmm).  The guest
# prints /proc/interrupts twice -- its arch_timer and IPI counts rising --
# and powers off.  Shows the guest's console; the whole host console is in
# build/run-gicv<N>.log.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
gic=${1:-3}
its=${2:-1}
out=$top/build/run-gicv$gic
start=$(date +%s)

if ! command -v qemu-system-aarch64 > /dev/null; then
	echo "run: qemu-system-aarch64 is not installed (Debian package qemu-system-arm: scripts/install-deps.sh)"
	exit 1
fi
"$top/scripts/kernel-build.sh" || { echo "run: no host kernel to boot"; exit 1; }
"$top/scripts/vmm-build.sh" || { echo "run: the VMM does not build"; exit 1; }
rm -rf "$out" && mkdir -p "$out"/host/{proc,sys,dev,tmp}
aarch64-linux-gnu-gcc -static -O2 -o "$out/host/init" "$top/tools/testing/kvm-host/init.c" || exit 1
cp "$top/build/vmm/vmm" "$top/build/vmm/guest.cpio.gz" "$out/host/"
cp "$top/build/kobj/arch/arm64/boot/Image" "$out/host/Image"
echo "/vmm -g $gic -i $its -c 2 /Image /guest.cpio.gz" > "$out/host/tests"
(cd "$out/host" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$out/host.cpio.gz"

log=$top/build/run-gicv$gic.log
echo "run: booting the GICv$gic host (console: $log)"
BOOT_TIMEOUT=${RUN_TIMEOUT:-600} "$top/scripts/boot-host.sh" "$gic" "$out/host.cpio.gz" "$log"
sed -n '/^kvm-check: running \/vmm/,/^kvm-check: done/p' "$log" | grep -v '^kvm-check: '
echo "run: $(( $(date +%s) - start )) s in all"
grep -q '^kvm-check: running /vmm' "$log" || exit 1
if ! grep -q '^kvm-check: ok /vmm' "$log"; then
	echo "run: the guest did not power off cleanly ($(grep -m1 '^kvm-check: not ok /vmm' "$log" ||
		echo 'the VMM never returned'); $log)"
	exit 1
fi
