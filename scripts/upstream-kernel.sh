#!/bin/bash
# `make upstream-kernel`: the unmodified Linux 6.12 (its own vGIC) with the
# same configuration, in build/upstream/, to compare the project's vGIC
# with on the same emulated hosts.  Image: build/upstream/kobj/arch/arm64/boot/Image
# needs: xz bc bison flex perl
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
up=$top/build/upstream
obj=$up/kobj
kmake=(make -s -C "$up/linux-source-6.12" ARCH=arm64
       CROSS_COMPILE="ccache ${CROSS_COMPILE:-aarch64-linux-gnu-}" O="$obj")
export CCACHE_BASEDIR=$top CCACHE_NOHASHDIR=1	# as scripts/kernel-build.sh
mkdir -p "$up"
[ -f "$up/linux-source-6.12/Makefile" ] || tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$up"
"$top/scripts/kernel-config.sh" "$up/linux-source-6.12" "$obj" "$top/scripts/kernel.config"
"${kmake[@]}" -j"$(nproc)" Image
echo "upstream-kernel: $obj/arch/arm64/boot/Image"
