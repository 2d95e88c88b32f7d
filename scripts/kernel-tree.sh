#!/bin/bash
# Unpack Debian's linux-source-6.12 under build/, put the project's vGIC in
# place of the in-tree one (symlinks, so edits show at once) and configure
# an arm64 KVM host kernel in build/kobj.  Idempotent.
# needs: xz (tar -J)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/linux-source-6.12
obj=$top/build/kobj
tarball=/usr/src/linux-source-6.12.tar.xz
kmake=(make -s -C "$src" ARCH=arm64 CROSS_COMPILE="${CROSS_COMPILE:-aarch64-linux-gnu-}" O="$obj")

if [ ! -f "$src/Makefile" ]; then
	mkdir -p "$top/build"
	tar -xJf "$tarball" -C "$top/build"
fi

# The project replaces exactly these (Documentation/virt/kvm/arm/vgic.rst).
if [ ! -L "$src/arch/arm64/kvm/vgic" ]; then
	rm -rf "$src/arch/arm64/kvm/vgic"
	ln -s "$top/virt/kvm/arm/vgic" "$src/arch/arm64/kvm/vgic"
fi
ln -sf "$top/include/kvm/arm_vgic.h" "$src/include/kvm/arm_vgic.h"
ln -sf "$top/arch/arm64/kvm/vgic-sys-reg-v3.c" "$src/arch/arm64/kvm/vgic-sys-reg-v3.c"

# The one Kbuild change: the vgic/ objects come from the vGIC's own list.
kmf=$src/arch/arm64/kvm/Makefile
if ! grep -q 'vgic/Makefile.kvm' "$kmf"; then
	sed -i -e '/^[[:space:]]*vgic\/vgic/d' -e 's/ at\.o \\$/ at.o/' "$kmf"
	sed -i '/^kvm-y += arm\.o/,/ at\.o$/{/ at\.o$/a include $(src)/vgic/Makefile.kvm
}' "$kmf"
fi

"$top/scripts/kernel-config.sh" "$src" "$obj" "$top/scripts/kernel.config"
if [ ! -f "$obj/include/generated/autoconf.h" ] || [ ! -f "$obj/arch/arm64/include/generated/asm/sysreg-defs.h" ]; then
	"${kmake[@]}" -j"$(nproc)" prepare
fi
if [ ! -f "$obj/usr/include/linux/kvm.h" ]; then
	"${kmake[@]}" headers_install
fi
