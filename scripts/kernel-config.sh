#!/bin/bash
# Configure a kernel object directory from fragments, when it has none or a
# fragment is newer: allnoconfig, the fragments merged in order, olddefconfig.
# Usage: kernel-config.sh SRC OBJ FRAGMENT...
set -euo pipefail
src=$1 obj=$2
shift 2
kmake=(make -s -C "$src" ARCH=arm64 CROSS_COMPILE="${CROSS_COMPILE:-aarch64-linux-gnu-}" O="$obj")
stale=0
[ -f "$obj/.config" ] || stale=1
for f in "$@"; do
	[ "$f" -nt "$obj/.config" ] && stale=1
done
[ "$stale" = 1 ] || exit 0
mkdir -p "$obj"
"${kmake[@]}" allnoconfig
(cd "$src" && scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "$@" >/dev/null)
"${kmake[@]}" olddefconfig
