#!/bin/bash
# The valgrind part of make faults: tests/faults/valgrind's cases (one
# collect run, a two-day catch-up, the error paths) on the plain build
# (NM_BIN); one figure per case, its memcheck errors and bytes leaked.
top="$(cd "$(dirname "$0")/../.." && pwd)"
out=$("$top/tests/faults/valgrind" "$NM_BIN")
fail=0
while read -r name rc errors leaked _; do
	ok=ok
	if [ "$errors" != 0 ] || [ "$leaked" != 0 ]; then
		ok=FAIL
		fail=1
	fi
	printf 'FIG\tvalgrind\t%s: exit, errors, bytes leaked\t%s, %s, %s\t=0, =0\t%s\n' "$name" \
		"$rc" "$errors" "$leaked" "$ok"
done < <(awk 'NR > 1 && NF >= 4 && $2 ~ /^[0-9]+$/' <<<"$out")
grep -q ' 0 failed$' <<<"$out" || fail=1
printf 'PART\tvalgrind\t%s\n' "$([ "$fail" = 0 ] && echo pass || echo fail)"
