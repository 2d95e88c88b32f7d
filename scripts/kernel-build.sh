#!/bin/bash
# `make kernel`: the arm64 host Image with the project's vGIC in place of
# the in-tree one (scripts/kernel-tree.sh), built with ccache.  The ccache
# directory is ccache's own default unless CCACHE_DIR says otherwise, and
# paths are hashed relative to the clone (CCACHE_BASEDIR), so that a fresh
# clone anywhere on the same machine reuses earlier objects.
# needs: bc bison flex perl (the kernel's own build tools)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/kernel-tree.sh"
export CCACHE_BASEDIR=$top CCACHE_NOHASHDIR=1
start=$(date +%s)
if ! make -s -C "$top/build/linux-source-6.12" ARCH=arm64 \
	CROSS_COMPILE="ccache ${CROSS_COMPILE:-aarch64-linux-gnu-}" O="$top/build/kobj" \
	-j"$(nproc)" Image > "$top/build/kernel-build.log" 2>&1; then
	tail -30 "$top/build/kernel-build.log"
	echo "kernel: Image build failed (build/kernel-build.log)"
	exit 1
fi
echo "kernel: build/kobj/arch/arm64/boot/Image ($(( $(date +%s) - start )) s)"
