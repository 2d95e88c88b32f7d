#!/bin/bash
# `make kvm-check`: the project's vGIC in a real KVM.  Build the host kernel
# (make kernel) and the KVM selftests (the kernel's and the project's own,
# static), then boot three emulated hosts -- GICv3 VHE, GICv3 nVHE, GICv2 --
# each with an initramfs of the tests tools/testing/kvm-host/tests.list
# gives it, and judge every test from the host's console.  A boot that does
# not finish in time, or a kernel WARNING/BUG/Oops/panic, fails that host.
# Logs: build/kvm-check-<host>.log.  Ends with "kvm-check: N passed, N failed".
# Usage: kvm-check.sh [host...]   (v3 v3n v2; default all three)
# Environment: TEST="aarch64/vgic_irq -n 992" runs that one command line
# instead of the list; V=1 shows the host's console as it runs; IMAGE= boots
# another host kernel (the unmodified 6.12 of `make upstream-kernel`);
# DEBUG=1 boots the debug host (kernel-debug.config: KASAN, lockdep, UBSAN,
# the vGIC's self-checks), logs build/kvm-check-debug-<host>.log and reports
# as "kvm-check-debug:".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/linux-source-6.12
st=$top/build/selftests
list=$top/tools/testing/kvm-host/tests.list
if [ -n "${TEST:-}" ]; then
	list=$top/build/kvm-check-one.list
	echo "v3 v3n v2 | $TEST |" > "$list"
fi
hosts=("${@:-v3 v3n v2}")
read -r -a hosts <<<"${hosts[*]}"
pass=0 fail=0
name=kvm-check limit=900 slow=
if [ "${DEBUG:-0}" = 1 ]; then	# KASAN and lockdep: tests take up to 3 times longer
	name=kvm-check-debug limit=2700 slow=kvm_check.timeout=900
fi

# The whole list's verdicts, for the series' cover letter (scripts/series-cover.py).
results=/dev/null
if [ -z "${TEST:-}" ] && [ -z "${IMAGE:-}" ]; then
	results=$top/build/$name.results
	: > "$results"
fi

result() {	# ok|FAIL, text
	echo "$name: $1 $2" | tee -a "$results"
	if [ "$1" = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

known_race() {	# "TEXT || TEXT...", output: the first TEXT the output holds
	local alt
	while read -r alt; do
		[ -n "$alt" ] && grep -qF -- "$alt" <<<"$2" && { echo "$alt"; return; }
	done < <(sed 's/ *|| */\n/g' <<<"$1")
}

give_up() {	# why: nothing can run
	echo "$name: $1"
	echo "$name: 0 passed, 1 failed"
	exit 1
}

command -v qemu-system-aarch64 > /dev/null ||
	give_up "qemu-system-aarch64 is not installed (Debian package qemu-system-arm: scripts/install-deps.sh)"
[ -z "${IMAGE:-}" ] || [ -f "$IMAGE" ] || give_up "IMAGE=$IMAGE: no such kernel"
"$top/scripts/kernel-build.sh" || give_up "no host kernel to boot"
# the project's VMM boots the plain kernel as its guest, whatever the host
if [ "$name" = kvm-check-debug ]; then
	DEBUG=0 "$top/scripts/kernel-build.sh" || give_up "no guest kernel for the VMM"
	export IMAGE=${IMAGE:-$top/build/kobj-debug/arch/arm64/boot/Image}
fi

# The project's selftests build inside the kernel's selftest tree (its
# library and Makefile), linked in as the vGIC itself is.
own=()
for f in "$top"/tools/testing/selftests/kvm/aarch64/*.[ch]; do
	[ -e "$f" ] || continue
	ln -sf "$f" "$src/tools/testing/selftests/kvm/aarch64/"
	[[ "$f" == *.c ]] && own+=("aarch64/$(basename "$f" .c)")
done
mapfile -t bins < <(awk -F'|' '!/^#/ && NF > 1 { split($2, w, " "); print w[1] }' "$list" |
		    grep -v '^vmm$' | sort -u)
if ! make -s -C "$src/tools/testing/selftests/kvm" ARCH=arm64 \
	CROSS_COMPILE="${CROSS_COMPILE:-aarch64-linux-gnu-}" OUTPUT="$st" \
	KHDR_INCLUDES="-isystem $top/build/kobj/usr/include" EXTRA_CFLAGS=-static \
	TEST_GEN_PROGS_EXTENDED_aarch64="${own[*]}" \
	"${bins[@]/#/$st/}" > "$top/build/selftests.log" 2>&1; then
	tail -20 "$top/build/selftests.log"
	give_up "the selftests do not build (build/selftests.log)"
fi
"$top/scripts/vmm-build.sh" || give_up "the VMM does not build"
aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -o "$top/build/kvm-host-init" \
	"$top/tools/testing/kvm-host/init.c" || give_up "the host's /init does not build"

for host in "${hosts[@]}"; do
	case $host in
	v3)	gic=3 append= ;;
	v3n)	gic=3 append=kvm-arm.mode=nvhe ;;
	v2)	gic=2 append= ;;
	*)	echo "kvm-check: unknown host $host"; exit 2 ;;
	esac
	root=$top/build/$name-$host
	rm -rf "$root" && mkdir -p "$root"/{proc,sys,dev,tmp}
	cp "$top/build/kvm-host-init" "$root/init"
	declare -A xfail=()
	: > "$root/tests"
	while IFS='|' read -r on cmd expect; do
		cmd=$(echo "$cmd" | xargs) expect=$(echo "$expect" | xargs)
		[[ " $(echo "$on" | xargs) " == *" $host "* ]] || continue
		[[ "$name" == kvm-check-debug && " $on " == *" nodebug "* ]] && continue
		if [ "${cmd%% *}" = vmm ]; then	# the project's VMM boots a Linux guest
			cp -n "$top/build/vmm/vmm" "$top/build/vmm/guest.cpio.gz" \
				"$top/build/kobj/arch/arm64/boot/Image" "$root/"
		else
			cp -n "$st/${cmd%% *}" "$root/"
		fi
		prog=${cmd%% *} args=${cmd#"${cmd%% *}"}
		echo "/${prog##*/}$args" >> "$root/tests"
		xfail["/${prog##*/}$args"]=$expect
	done < <(grep -v '^#' "$list")
	(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$root.cpio.gz"

	log=$top/build/$name-$host.log
	start=$(date +%s)
	# shellcheck disable=SC2086 # $append: kernel arguments, or none
	why=$(BOOT_TIMEOUT=${KVM_CHECK_TIMEOUT:-$limit} "$top/scripts/boot-host.sh" $gic "$root.cpio.gz" "$log" $append $slow)
	echo "$name: host $host ran for $(( $(date +%s) - start )) s ($log)"
	[ -n "$why" ] && result FAIL "$why"

	notrun=()
	while read -r t; do
		out=$(awk -v t="$t" '$0 == "kvm-check: running " t {on = 1; next}
			on && index($0, "kvm-check: ") == 1 {exit} on' "$log")
		verdict=$(grep -F -- "(" "$log" | grep -E "^kvm-check: (ok|not ok|skip) " |
			  grep -F -- "$t (" | head -1 | cut -d' ' -f2)
		expect=${xfail[$t]}
		if ! grep -qxF -- "kvm-check: running $t" "$log"; then
			notrun+=("$t")
		elif [ -z "$verdict" ]; then
			result FAIL "$host $t: no result (hang or crash)"
		elif [[ "$expect" == race:* ]]; then
			expect=${expect#race:} expect=${expect# }
			lost=$(known_race "$expect" "$out")
			if [ "$verdict" = ok ]; then
				result ok "$host $t"
			elif [ -n "$lost" ]; then
				result ok "$host $t (lost the known race: $lost)"
			else
				result FAIL "$host $t ($verdict)"
				grep -A4 'Test Assertion Failure' <<<"$out" | head -8
			fi
		elif [ -n "$expect" ]; then
			if [ "$verdict" = not ] && grep -qF -- "$expect" <<<"$out"; then
				result ok "$host $t (expected failure: $expect)"
			else
				result FAIL "$host $t: expected failure '$expect' did not happen ($verdict)"
			fi
		elif [ "$verdict" = ok ]; then
			result ok "$host $t"
		else
			result FAIL "$host $t ($verdict)"
			grep -A4 'Test Assertion Failure' <<<"$out" | head -8
		fi
	done < "$root/tests"
	total=$(wc -l < "$root/tests")
	if [ -z "$why" ] && [ ${#notrun[@]} -gt 0 ]; then
		result FAIL "$host: ${#notrun[@]} of $total tests never started (${notrun[*]})"
	elif [ ${#notrun[@]} -gt 0 ] && [ ${#notrun[@]} -lt "$total" ]; then
		echo "$name: ($host: so ${#notrun[@]} of $total tests never started: ${notrun[*]})"
	fi
	# (a selftest's own "WARNING: running N threads on M CPUs" is no kernel's)
	if grep -E 'WARNING:|BUG:|UBSAN:|Oops|Kernel panic|Call trace' "$log" |
		grep -qvE '^WARNING: running [0-9]+ threads on [0-9]+ CPUs'; then
		result FAIL "$host: kernel warning in the log"
		grep -m3 -A10 -E 'WARNING:|BUG:|UBSAN:|Oops|Kernel panic' "$log"
	fi
	unset xfail
done
echo "$name: $pass passed, $fail failed"
[ "$fail" = 0 ]
