#!/bin/bash
# The project's VMM (tools/vmm) and the initramfs of the Linux guest it
# boots, static for arm64: build/vmm/vmm and build/vmm/guest.cpio.gz.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/vmm
cc=(aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror)
rm -rf "$out" && mkdir -p "$out"/guest/{proc,dev}
"${cc[@]}" -isystem "$top/build/kobj/usr/include" -o "$out/vmm" \
	"$top"/tools/vmm/{vmm,fdt,board,pl011}.c -lpthread
"${cc[@]}" -o "$out/guest/init" "$top/tools/vmm/guest-init.c" -lpthread
(cd "$out/guest" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$out/guest.cpio.gz"
