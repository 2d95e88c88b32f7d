#!/bin/bash
# Run harness test programs (kselftest_harness TAP); print each result and
# a closing "harness: N passed, N failed".  Exit status: failures seen.
pass=0 fail=0
for t in "$@"; do
	name=$(basename "${t%% *}")
	# shellcheck disable=SC2086 # a test may come with its arguments
	out=$($t 2>&1)
	rc=$?
	p=$(sed -n 's/^# Totals: pass:\([0-9]*\) fail:\([0-9]*\).*/\1/p' <<<"$out")
	f=$(sed -n 's/^# Totals: pass:\([0-9]*\) fail:\([0-9]*\).*/\2/p' <<<"$out")
	if [ -z "$p" ]; then
		p=0 f=1
		echo "$out" | tail -20
	fi
	grep -E '^(ok|not ok) ' <<<"$out" | sed "s/^/$name: /"
	[ "$f" != 0 ] && grep -E '^#.*(\.c:[0-9]+|runtime error|ERROR|invariant)' <<<"$out"
	[ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
	pass=$((pass + p)) fail=$((fail + f))
done
echo "harness: $pass passed, $fail failed"
[ "$fail" = 0 ]
