#!/bin/bash
# The fuzz part of make faults: every libFuzzer target of tests/fuzz/ for
# FAULTS_FUZZ_SECONDS (10) on its corpus (tests/fuzz/run); one figure per
# target, its executions and crashes. Needs build/fuzz (make fuzz-build).
top="$(cd "$(dirname "$0")/../.." && pwd)"
secs="${FAULTS_FUZZ_SECONDS:-10}"
targets=$(cd "$top/tests/fuzz" && ls ./*.c | sed 's|^\./||; s|\.c$||' | tr '\n' ' ')
out=$(cd "$top" && FUZZ_CRASH_DIR="$(mktemp -d)" tests/fuzz/run build/fuzz "$secs" $targets)
fail=0
for t in $targets; do
	read -r execs crashes < <(awk -v t="$t" '$1 == t { print $2, $3 }' <<<"$out")
	ok=ok
	if [ "${crashes:-x}" != 0 ] || [ "${execs:-0}" -lt 1 ]; then
		ok=FAIL
		fail=1
	fi
	printf 'FIG\tfuzz\t%s: executions, crashes (%s s)\t%s, %s\t=0\t%s\n' "$t" "$secs" \
		"${execs:-0}" "${crashes:-?}" "$ok"
done
printf 'PART\tfuzz\t%s\n' "$([ "$fail" = 0 ] && echo pass || echo fail)"
