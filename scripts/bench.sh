#!/bin/bash
# `make bench`: the project's vGIC against the unmodified 6.12 one, on the
# same emulated hosts (GICv3 VHE, GICv3 nVHE, GICv2), deterministically:
# QEMU runs with -icount shift=0,sleep=off, so the guest's time is the
# host's instruction count and a figure repeats to within a fraction of a
# percent.  Builds both kernels, runs the benchmark guest
# (tools/testing/selftests/kvm/aarch64/vgic_bench.c) on every host with
# each kernel, BENCH_RUNS times (default 2, for the spread), then prints
# the table and the memory table (scripts/vgic-sizes.sh) and writes
# build/bench/results.csv, build/bench/memory.csv and build/bench/ratios.png.
# Environment: BENCH_ITERATIONS (per row, default 1000), BENCH_RUNS,
# BENCH_HOSTS (default "v3 v3n v2").
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
iters=${BENCH_ITERATIONS:-1000}
runs=${BENCH_RUNS:-2}
read -r -a hosts <<<"${BENCH_HOSTS:-v3 v3n v2}"
declare -A kobj=([ours]=$top/build/kobj [upstream]=$top/build/upstream/kobj)

"$top/scripts/kernel-build.sh" || { echo "bench: the project's kernel does not build"; exit 1; }
"$top/scripts/upstream-kernel.sh" || { echo "bench: the 6.12 kernel does not build"; exit 1; }
rm -rf "$out" && mkdir -p "$out"
for kernel in ours upstream; do
	"$top/scripts/vgic-sizes.sh" "${kobj[$kernel]}" > "$out/sizes-$kernel.txt" ||
		{ echo "bench: the $kernel kernel's vGIC sizes do not compile"; exit 1; }
done
for kernel in ours upstream; do
	for run in $(seq "$runs"); do
		echo "bench: $kernel kernel, run $run of $runs (${hosts[*]})"
		IMAGE=${kobj[$kernel]}/arch/arm64/boot/Image QEMU_EXTRA="-icount shift=0,sleep=off" \
			TEST="aarch64/vgic_bench -i $iters" \
			"$top/scripts/kvm-check.sh" "${hosts[@]}" > "$out/$kernel-$run.log" 2>&1 ||
			{ echo "bench: $kernel run $run failed:"; tail -5 "$out/$kernel-$run.log"; exit 1; }
		for host in "${hosts[@]}"; do
			cp "$top/build/kvm-check-$host.log" "$out/$kernel-$host-$run.log"
		done
	done
done
exec python3 "$top/scripts/bench-report.py" "$out" "$runs" "${hosts[@]}"
