#!/bin/bash
# `make series-check`: the series of `make series` (build/series/), made
# afresh and checked as a maintainer would.  Onto a clone of the pristine tree
# (build/series-check/linux-source-6.12), each patch in turn:
#   - checkpatch.pl --strict is clean on it; its one warning about files
#     added or removed without a MAINTAINERS change is replaced by a check
#     that get_maintainer.pl finds a KVM/arm64 maintainer for each such file;
#   - git am applies it;
#   - the kernel builds (scripts/kernel.config, Image), and the C files it
#     adds or changes that the kernel builds are rebuilt with W=1 and
#     sparse (C=1), with no warning.
# After the last patch: the tree holds exactly the project's files
# (compared with build/linux-source-6.12, which scripts/kernel-tree.sh
# makes), nothing else of 6.12 changed but the three glue files, and the
# documentation builds with the kernel's own tools (Sphinx, from Debian).
# The obj directory sits beside the tree as build/kobj sits beside
# build/linux-source-6.12, so that ccache finds what make kernel built.
# One "ok"/"not ok" line per check; ends with "series-check: N passed, N failed".
# needs: git perl sparse sphinx-build
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
series=$top/build/series
dir=$top/build/series-check
tree=$dir/linux-source-6.12
obj=$dir/kobj
ref=$top/build/linux-source-6.12
export CCACHE_BASEDIR=$top CCACHE_NOHASHDIR=1	# as scripts/kernel-build.sh
kmake=(make -s -C "$tree" ARCH=arm64 CROSS_COMPILE="ccache ${CROSS_COMPILE:-aarch64-linux-gnu-}"
       O="$obj" -j"$(nproc)")
pass=0 fail=0

result() {	# ok|FAIL, text[, details]
	if [ "$1" = ok ]; then
		echo "ok $2"; pass=$((pass + 1))
	else
		echo "not ok $2"; fail=$((fail + 1))
		[ -n "${3:-}" ] && sed 's/^/    /' <<<"$3" | head -30
	fi
}

finish() {
	echo "series-check: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

cd "$top" || exit 1
if ! out=$(python3 "$top/scripts/series.py" 2>&1); then
	result FAIL "make series" "$out"
	finish
fi
result ok "make series: $(head -1 <<<"$out" | sed 's/^series: //')"
mapfile -t patches < <(ls "$series"/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null | grep -v /0000-)
if [ ${#patches[@]} = 0 ]; then
	result FAIL "series: no patches in build/series (make series)"
	finish
fi
base=$(sed -n 's/^base-commit: //p' "$series"/0000-*.patch)
repo=$top/build/series-base/linux-source-6.12

rm -rf "$tree"
mkdir -p "$dir"
git clone -q --shared --no-checkout "$repo" "$tree" && git -C "$tree" checkout -q -b check "$base" ||
	{ result FAIL "the pristine tree $base could not be checked out"; finish; }
git -C "$tree" config user.name "$(git -C "$top" config user.name)"
git -C "$tree" config user.email "$(git -C "$top" config user.email)"
"$top/scripts/kernel-config.sh" "$tree" "$obj" "$top/scripts/kernel.config" > "$dir/config.log" 2>&1 ||
	{ result FAIL "the kernel could not be configured ($dir/config.log)"; finish; }

# Every file a patch adds or removes is KVM/arm64's in MAINTAINERS already.
maintained() {	# the files this patch adds, removes or renames that no KVM/arm64 entry covers
	local f p
	git -C "$tree" diff --name-only --diff-filter=ADR HEAD~1 HEAD | while read -r f; do
		p=$f	# a removed file: the nearest directory that is left
		while [ ! -e "$tree/$p" ]; do p=$(dirname "$p"); done
		(cd "$tree" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
			--roles --no-r --no-l -f "$p" 2>/dev/null) |
			grep -qF '(KVM/arm64)' || echo "$f"
	done
}

# The project's C files the kernel builds (an object of KVM's built-in.a
# whose source is, byte for byte, the project's file), one per line.
project_objects() {
	local o c
	(cd "$obj" && ar t arch/arm64/kvm/built-in.a) | while read -r o; do
		c=${o%.o}.c
		case $c in
		arch/arm64/kvm/vgic/*) cmp -s "$tree/$c" "$top/virt/kvm/arm/vgic/${c##*/}" ;;
		arch/arm64/kvm/vgic-sys-reg-v3.c) cmp -s "$tree/$c" "$top/$c" ;;
		*) false ;;
		esac && echo "$o"
	done
}

# Those that this patch changed or first built, rebuilt with W=1 and sparse:
# prints them, then any warning or error in a file the series changed (the
# vdso and whatever else W=1 C=1 drags in are not the series' to judge).
strict_build() {	# the objects checked before this patch
	local o objs=() changed out
	changed=$(git -C "$tree" diff --name-only HEAD~1 HEAD)
	while read -r o; do
		grep -qxF -- "$o" <<<"$1" && ! grep -qxF -- "${o%.o}.c" <<<"$changed" && continue
		objs+=("$o")
	done < <(project_objects)
	[ ${#objs[@]} = 0 ] && return 0
	printf 'checked %s\n' "${objs[@]}"
	rm -f "${objs[@]/#/$obj/}"
	out=$("${kmake[@]}" W=1 C=1 "${objs[@]}" 2>&1) || echo "error: the W=1 C=1 build failed"
	grep -E 'warning:|error:' <<<"$out" |
		grep -F -f <(git -C "$tree" diff --name-only "$base" HEAD | sed 's|^\(.*\)$|/\1:|')
}

checked=
for p in "${patches[@]}"; do
	name=$(basename "$p" .patch)
	start=$(date +%s)
	out=$(cd "$tree" && perl scripts/checkpatch.pl --strict --quiet --ignore FILE_PATH_CHANGES "$p" 2>&1)
	if [ -z "$out" ]; then result ok "$name: checkpatch --strict"; else result FAIL "$name: checkpatch --strict" "$out"; fi
	if ! out=$(git -C "$tree" am -q "$p" 2>&1); then
		result FAIL "$name: git am" "$out"
		finish
	fi
	result ok "$name: git am"
	out=$(maintained)
	if [ -z "$out" ]; then result ok "$name: its new and removed files are KVM/arm64's in MAINTAINERS"
	else result FAIL "$name: files no KVM/arm64 entry of MAINTAINERS covers" "$out"; fi
	if ! out=$("${kmake[@]}" Image 2>&1); then
		result FAIL "$name: the kernel builds" "$(tail -30 <<<"$out")"
		continue
	fi
	result ok "$name: the kernel builds ($(( $(date +%s) - start )) s)"
	out=$(strict_build "$checked")
	n=$(grep -c '^checked ' <<<"$out")
	if ! grep -v '^checked ' <<<"$out" | grep -q .; then
		result ok "$name: W=1 and sparse clean on what it changed ($n objects)"
	else
		result FAIL "$name: W=1 and sparse clean on what it changed" "$(grep -v '^checked ' <<<"$out")"
	fi
	checked=$(printf '%s\n' "$checked" $(sed -n 's/^checked //p' <<<"$out") | sort -u | grep .)
	echo "series-check: $name took $(( $(date +%s) - start )) s"
done

# Every C file of the project was built with W=1 and sparse by some patch.
want=$(grep -o 'vgic/[a-z0-9-]*\.o' "$top/virt/kvm/arm/vgic/Makefile.kvm" | wc -l)
got=$(grep -c '^arch/arm64/kvm/vgic/' <<<"$checked")
if [ "$got" = "$want" ] && grep -qx 'arch/arm64/kvm/vgic-sys-reg-v3.o' <<<"$checked"; then
	result ok "every C file of the project built with W=1 and sparse ($got + vgic-sys-reg-v3.o)"
else
	result FAIL "every C file of the project built with W=1 and sparse: $got of $want in vgic/"
fi

# The tree after the last patch: the project's files where it puts them,
# arch/arm64/kvm/Makefile as scripts/kernel-tree.sh changes it, and 6.12
# elsewhere but for the series' two other glue lines (the documentation's
# index, the selftests' Makefile).
own=(tools/testing/selftests/kvm/aarch64/vgic_*)
out=$(
	cd "$top" || exit
	diff -r -q "$tree/arch/arm64/kvm/vgic" "$top/virt/kvm/arm/vgic"
	for f in include/kvm/arm_vgic.h arch/arm64/kvm/vgic-sys-reg-v3.c \
		 Documentation/virt/kvm/arm/vgic.rst "${own[@]}"; do
		diff -q "$tree/$f" "$top/$f"
	done
	diff -q "$tree/arch/arm64/kvm/Makefile" "$ref/arch/arm64/kvm/Makefile"
	git -C "$tree" diff --name-only "$base" HEAD -- . ':!arch/arm64/kvm/vgic/' \
		':!include/kvm/arm_vgic.h' ':!arch/arm64/kvm/vgic-sys-reg-v3.c' \
		':!arch/arm64/kvm/Makefile' ':!Documentation/virt/kvm/arm/vgic.rst' \
		"${own[@]/#/:!}" ':!tools/testing/selftests/kvm/Makefile' \
		':!Documentation/virt/kvm/arm/index.rst' | sed 's/^/a 6.12 file changed: /'
) 2>&1
if [ -z "$out" ]; then result ok "the tree after the last patch holds exactly the project's files"
else result FAIL "the tree after the last patch holds exactly the project's files" "$out"; fi

# The selftests of the last patch build through the selftests' own
# Makefile, which must list them, with no warning in them.
start=$(date +%s)
rm -rf "$dir/selftests"
mapfile -t progs < <(cd "$top/tools/testing/selftests/kvm" && ls aarch64/vgic_*.c | sed 's/\.c$//')
out=$(
	"${kmake[@]}" headers_install 2>&1 &&
	make -s -C "$tree/tools/testing/selftests/kvm" ARCH=arm64 \
		CROSS_COMPILE="${CROSS_COMPILE:-aarch64-linux-gnu-}" OUTPUT="$dir/selftests" \
		KHDR_INCLUDES="-isystem $obj/usr/include" EXTRA_CFLAGS=-static \
		"${progs[@]/#/$dir/selftests/}" 2>&1
)
status=$?
out=$(grep -E 'warning:|error:' <<<"$out" | grep -F 'aarch64/vgic_' || { [ $status = 0 ] || tail -20 <<<"$out"; })
if [ -z "$out" ]; then
	result ok "the series' selftests build from its Makefile (${#progs[@]}, $(( $(date +%s) - start )) s)"
else
	result FAIL "the series' selftests build from its Makefile, with no warning" "$out"
fi

# The documentation, with the kernel's own Sphinx set-up: no warning from
# the files of the series.
start=$(date +%s)
rm -rf "$dir/docs"
out=$(make -s -C "$tree" O="$dir/docs" SPHINXDIRS=virt/kvm htmldocs 2>&1)
if [ $? = 0 ] && ! grep -E 'WARNING|ERROR' <<<"$out" | grep -q 'virt/kvm/arm/'; then
	result ok "the documentation builds (make htmldocs SPHINXDIRS=virt/kvm, $(( $(date +%s) - start )) s)"
else
	result FAIL "the documentation builds (make htmldocs SPHINXDIRS=virt/kvm)" "$(grep -E 'WARNING|ERROR|rror' <<<"$out" | head -20)"
fi
finish
