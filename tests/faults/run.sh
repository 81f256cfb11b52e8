#!/bin/bash
# make faults: runs the fault campaign's parts (or those named as
# arguments) and prints one table of figures, ending with "N passed,
# N failed". A part passes when all its figures meet their goals.
# Environment: NM_BIN (the binaries), FAULTS_KILLS (300 kills of each
# program), FAULTS_CYCLES (5), FAULTS_ROUNDS (50), FAULTS_DUMPS (5),
# FAULTS_DOMAINS (300), FAULTS_FUZZ_SECONDS (10 a fuzz target),
# FAULTS_DEBUG (1: the parts' details on stderr).
here="$(cd "$(dirname "$0")" && pwd)"
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(kill diskfull overlap clock corrupt vm fuzz valgrind)
[ "$(id -u)" = 0 ] || {
	echo "make faults: needs root (users, pid and mount namespaces, chattr)" >&2
	exit 2
}
export FAULTS_KILLS="${FAULTS_KILLS:-300}"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
start=$(date +%s)
for p in "${parts[@]}"; do
	s=$(date +%s)
	if [ -n "${FAULTS_DEBUG:-}" ]; then
		bash "$here/$p.sh" >>"$results"
	else
		bash "$here/$p.sh" 2>/dev/null >>"$results"
	fi
	printf 'FIG\t%s\tseconds\t%s\t-\t-\n' "$p" $(($(date +%s) - s)) >>"$results"
done
printf 'make faults, %s UTC, %s cores, FAULTS_KILLS=%s, %s s\n' "$(date -u '+%F %H:%M')" \
	"$(nproc)" "$FAULTS_KILLS" $(($(date +%s) - start))
printf '%-13s %-44s %-40s %-10s %s\n' part figure value goal ""
awk -F'\t' '$1 == "FIG" { printf "%-13s %-44s %-40s %-10s %s\n", $2, $3, $4, $5, $6 }' "$results"
passed=$(awk -F'\t' '$1 == "PART" && $3 == "pass"' "$results" | wc -l)
failed=$(awk -F'\t' '$1 == "PART" && $3 != "pass"' "$results" | wc -l)
awk -F'\t' '$1 == "PART" { printf "%-13s %s\n", $2, $3 }' "$results"
# A part that stopped before its verdict failed.
expected=$(($(printf '%s\n' "${parts[@]}" | sed 's/^kill$/kill kill/;s/^diskfull$/d d/' | wc -w)))
[ $((passed + failed)) -ge "$expected" ] || failed=$((failed + expected - passed - failed))
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
