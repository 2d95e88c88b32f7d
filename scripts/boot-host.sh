#!/bin/bash
# Boot one emulated KVM host (QEMU, arm64, 2 CPUs, virtualization on) with
# an initramfs whose /init is tools/testing/kvm-host/init.c, and keep its
# console.  When the host does not get as far as "kvm-check: done", says
# why in one line: QEMU missing or not starting, no kernel, the kernel not
# reaching /init, or the time running out.
# Usage: boot-host.sh GIC(2|3) INITRD LOG [extra kernel arguments]
# Environment: IMAGE (the host kernel), BOOT_TIMEOUT (s, default 900),
# V=1 (show the console as it runs), QEMU_EXTRA (more QEMU options, e.g.
# make bench's -icount).
# Exit status: 0 the host ran its /init to the end, 1 otherwise.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
gic=$1 initrd=$2 log=$3
shift 3
image=${IMAGE:-$top/build/kobj/arch/arm64/boot/Image}
limit=${BOOT_TIMEOUT:-900}
say() { echo "$(basename "$log" .log): $*"; }

if ! command -v qemu-system-aarch64 > /dev/null; then
	say "qemu-system-aarch64 is not installed (Debian package qemu-system-arm: scripts/install-deps.sh)"
	exit 1
fi
[ -f "$image" ] || { say "no host kernel at $image (make kernel)"; exit 1; }

# shellcheck disable=SC2086 # QEMU_EXTRA: options, split on purpose
timeout "$limit" qemu-system-aarch64 \
	-M virt,virtualization=on,gic-version="$gic" -cpu max,pauth-impdef=on \
	-smp 2 -m 2G -nographic -net none -no-reboot \
	-kernel "$image" -initrd "$initrd" ${QEMU_EXTRA:-} \
	-append "console=ttyAMA0 rdinit=/init panic=-1 $*" 2>&1 | tr -d '\r' |
	if [ "${V:-0}" = 1 ]; then tee "$log" >&2; else cat > "$log"; fi
status=${PIPESTATUS[0]}

grep -q '^kvm-check: done' "$log" && exit 0
if [ "$status" = 124 ]; then
	say "the host did not finish within $limit s (last line: $(tail -1 "$log"); $log)"
elif ! grep -q 'Booting Linux\|Linux version' "$log"; then
	say "QEMU did not start the kernel (exit $status: $(head -1 "$log"); $log)"
elif ! grep -q '^kvm-check: ' "$log"; then
	say "the host kernel did not reach /init ($(grep -m1 -E 'Kernel panic|BUG:|Oops' "$log" || tail -1 "$log"); $log)"
else
	say "the host stopped before its /init finished (exit $status; $log)"
fi
exit 1
