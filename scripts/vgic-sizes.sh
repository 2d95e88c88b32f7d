#!/bin/bash
# The sizes of the vGIC's structures in a built kernel: scripts/vgic-sizes.c
# compiled with the flags kbuild used for arch/arm64/kvm/arm.c in that
# kernel's object directory.  Prints "vgic_size: <name> <bytes>" lines.
# Usage: vgic-sizes.sh KOBJ (build/kobj or build/upstream/kobj)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kobj=$1
cmd=$(sed -n 's/^savedcmd_arch\/arm64\/kvm\/arm.o := //p' "$kobj/arch/arm64/kvm/.arm.o.cmd")
[ -n "$cmd" ] || { echo "vgic-sizes: no kbuild command in $kobj"; exit 1; }
# The same compiler and flags; no dependency file, assembly of the probe.
cmd=${cmd/-Wp,-MMD,arch\/arm64\/kvm\/.arm.o.d/}
cmd=${cmd% -c -o arch/arm64/kvm/arm.o *}
s=$(mktemp --suffix=.s)
trap 'rm -f "$s"' EXIT
(cd "$kobj" && eval "$cmd -S -o $s $top/scripts/vgic-sizes.c")
sed -n 's/.*->\([a-z_]*\) [#$]\?\([0-9]*\).*/vgic_size: \1 \2/p' "$s"
