#!/bin/bash
# Boot the host kernel built in build/kobj under QEMU with an initramfs of
# static KVM selftests and run the listed tests; print the guest console
# to build/kvm-boot-<host>.log.   Usage: kvm-boot.sh gicv3|gicv3-nvhe|gicv2 TEST...
# (A first cut for the real-KVM issue; not part of `make check` yet.)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
host=$1; shift
out=$top/build/initramfs-$host
rm -rf "$out" && mkdir -p "$out"/{proc,sys,dev,tmp}
aarch64-linux-gnu-gcc -static -O2 -o "$out/init" "$top/tools/testing/kvm-host/init.c"
: > "$out/tests"
for t in "$@"; do
	bin=${t%% *}
	cp "$top/build/selftests/$bin" "$out/"
	echo "/$(basename "$bin") ${t#"$bin"}" >> "$out/tests"
done
(cd "$out" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$top/build/initrd-$host.gz"
case $host in
gicv3)		gic=3 extra= ;;
gicv3-nvhe)	gic=3 extra=kvm-arm.mode=nvhe ;;
gicv2)		gic=2 extra= ;;
esac
timeout "${KVM_BOOT_TIMEOUT:-600}" qemu-system-aarch64 -M virt,virtualization=on,gic-version=$gic \
	-cpu max,pauth-impdef=on -smp 2 -m 2G -nographic -net none -no-reboot \
	-kernel "$top/build/kobj/arch/arm64/boot/Image" -initrd "$top/build/initrd-$host.gz" \
	-append "console=ttyAMA0 rdinit=/init panic=-1 $extra" > "$top/build/kvm-boot-$host.log" 2>&1
grep -E 'kvm-check: (ok|not ok|skip|done)|WARNING|BUG|Oops' "$top/build/kvm-boot-$host.log"
