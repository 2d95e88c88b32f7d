#!/bin/bash
# `make kernel`: the arm64 host Image with the project's vGIC in place of
# the in-tree one (scripts/kernel-tree.sh), built with ccache.  The ccache
# directory is ccache's own default unless CCACHE_DIR says otherwise, and
# paths are hashed relative to the clone (CCACHE_BASEDIR), so that a fresh
# clone anywhere on the same machine reuses earlier objects.
# needs: bc bison flex perl (the kernel's own build tools)
# DEBUG=1: the debug host instead (kernel-debug.config), in build/kobj-debug.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/kernel-tree.sh"
obj=kobj log=kernel-build.log
if [ "${DEBUG:-0}" = 1 ]; then
	obj=kobj-debug log=kernel-debug-build.log
	"$top/scripts/kernel-config.sh" "$top/build/linux-source-6.12" "$top/build/$obj" \
		"$top/scripts/kernel.config" "$top/scripts/kernel-debug.config"
fi
export CCACHE_BASEDIR=$top CCACHE_NOHASHDIR=1
start=$(date +%s)
if ! make -s -C "$top/build/linux-source-6.12" ARCH=arm64 \
	CROSS_COMPILE="ccache ${CROSS_COMPILE:-aarch64-linux-gnu-}" O="$top/build/$obj" \
	-j"$(nproc)" Image > "$top/build/$log" 2>&1; then
	tail -30 "$top/build/$log"
	echo "kernel: Image build failed (build/$log)"
	exit 1
fi
echo "kernel: build/$obj/arch/arm64/boot/Image ($(( $(date +%s) - start )) s)"
