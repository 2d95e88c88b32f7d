#!/bin/bash
# `make run [GIC=3|2]`: the project's main job.  Boot the emulated GICv3 (or
# GICv2) host with the project's vGIC and, inside it, a Linux guest (the
# same Image, 2 vCPUs) through the project's VMM (tools/vmm).  The guest
# prints /proc/interrupts twice -- its arch_timer and IPI counts rising --
# and powers off.  Shows the guest's console; the whole host console is in
# build/run-gicv<N>.log.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
gic=${1:-3}
out=$top/build/run-gicv$gic
start=$(date +%s)

"$top/scripts/kernel-build.sh" || exit 1
"$top/scripts/vmm-build.sh" || exit 1
rm -rf "$out" && mkdir -p "$out"/host/{proc,sys,dev,tmp}
aarch64-linux-gnu-gcc -static -O2 -o "$out/host/init" "$top/tools/testing/kvm-host/init.c" || exit 1
cp "$top/build/vmm/vmm" "$top/build/vmm/guest.cpio.gz" "$out/host/"
cp "$top/build/kobj/arch/arm64/boot/Image" "$out/host/Image"
echo "/vmm -g $gic -c 2 /Image /guest.cpio.gz" > "$out/host/tests"
(cd "$out/host" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$out/host.cpio.gz"

log=$top/build/run-gicv$gic.log
echo "run: booting the GICv$gic host (console: $log)"
timeout "${RUN_TIMEOUT:-600}" qemu-system-aarch64 \
	-M virt,virtualization=on,gic-version="$gic" -cpu max,pauth-impdef=on \
	-smp 2 -m 2G -nographic -net none -no-reboot \
	-kernel "$top/build/kobj/arch/arm64/boot/Image" -initrd "$out/host.cpio.gz" \
	-append "console=ttyAMA0 rdinit=/init panic=-1" 2>&1 | tr -d '\r' > "$log"
sed -n '/^kvm-check: running \/vmm/,/^kvm-check: done/p' "$log" | grep -v '^kvm-check: '
echo "run: $(( $(date +%s) - start )) s in all"
grep -q '^kvm-check: ok /vmm' "$log" || { echo "run: the guest did not power off cleanly"; exit 1; }
