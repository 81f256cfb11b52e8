#!/bin/bash
# Clock: --now stepping back and forward, repeats of the same second, and
# midnight exactly, for node-collect and then node-report.
. "$(dirname "$0")/lib.sh"
P=clock
DB="$WORK/c.db"
OUT="$WORK/out"
M=$((T0 / DAY * DAY + DAY)) # a midnight
wrong=0 stored=0 refused=0 last=0 overwritten=0 rewritten=0 wrongday=0 checked=0
# step NOW: one collect, which must store when NOW is after the last stored
# second and refuse otherwise.
step() {
	local rc
	"$BIN/node-collect" --db "$DB" --config "$NOFOLDER" --users root --now "$1" >/dev/null 2>&1
	rc=$?
	if [ "$1" -gt "$last" ] && [ "$rc" = 0 ]; then
		stored=$((stored + 1))
		last=$1
	elif [ "$1" -le "$last" ] && [ "$rc" = 1 ]; then
		refused=$((refused + 1))
	else
		wrong=$((wrong + 1))
		[ -z "${FAULTS_DEBUG:-}" ] || echo "now $1 (last $last): exit $rc" >&2
	fi
	q "$DB" "SELECT ts, boottime_ns FROM run" | sort >"$WORK/runs.now"
	[ ! -e "$WORK/runs.before" ] ||
		[ -z "$(comm -23 "$WORK/runs.before" "$WORK/runs.now")" ] || overwritten=$((overwritten + 1))
	mv "$WORK/runs.now" "$WORK/runs.before"
}
for now in $((M - 120)) $((M - 60)) $((M - 61)) $((M - 60)) $((M - 60)) $((M - 1)) "$M" "$M" \
	$((M - 30)) $((M + 1)) $((M + 3600)) $((M - 3 * 3600)) $((M + 3600)) $((M + 2 * DAY + 60)) \
	$((M + DAY)) $((M + 2 * DAY + 120)); do
	step "$now"
done
# A run is mixed when its tables disagree about it.
mixed=$(q "$DB" "SELECT count(*) FROM run r WHERE
	(SELECT count(*) FROM system_sample s WHERE s.ts = r.ts) != 1 OR
	(SELECT count(*) FROM computer_sample c WHERE c.ts = r.ts) != 1")
mixed=$((mixed + $(q "$DB" "SELECT count(*) FROM user_sample WHERE ts NOT IN (SELECT ts FROM run)")))
negative=$(q "$DB" "SELECT (SELECT count(*) FROM system_sample WHERE cpu_percent < 0) +
	(SELECT count(*) FROM user_sample WHERE cpu_centipercent < 0)")
# Reports: forward, the same second again, back a day, then forward again;
# a published archive never changes.
NOW=$((M + 2 * DAY + 180))
sums() {
	(cd "$OUT" && sha256sum -- *.tar.gz 2>/dev/null)
}
"$BIN/node-report" --db "$DB" --out "$OUT" --now "$NOW" >/dev/null 2>&1 || wrong=$((wrong + 1))
published=$(sums)
for now in "$NOW" $((NOW - DAY)) "$M" $((NOW + 60)); do
	"$BIN/node-report" --db "$DB" --out "$OUT" --now "$now" >/dev/null 2>&1
	# What was published is still there, the same.
	[ -z "$(comm -23 <(echo "$published") <(sums))" ] || rewritten=$((rewritten + 1))
	# A collect into a reported day is refused.
	out=$("$BIN/node-collect" --db "$DB" --config "$NOFOLDER" --users root --now $((M + 600)) 2>&1) && wrong=$((wrong + 1))
done
# Every dumped row is in its archive's day.
for a in "$OUT"/*.tar.gz; do
	[ -e "$a" ] || continue
	day=${a##*/}
	day=${day%%.*}
	mkdir -p "$WORK/x"
	tar -xzf "$a" -C "$WORK/x"
	for f in "$WORK/x/$day"/dump_*.csv; do
		n=$(awk -F, -v d="$day" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "date") c = i; next }
			c { k++ } c && $c != d { n++ } END { print n + 0, k + 0 }' "$f")
		wrongday=$((wrongday + ${n% *}))
		checked=$((checked + ${n#* }))
	done
	rm -rf "$WORK/x"
done
days=$(ls "$OUT" | grep -c 'tar.gz$')
fig $P "collects: stored, refused" "$stored, $refused" -
fig $P "archives published" "$days" ">=2"
fig $P "wrong outcomes (stored or refused)" "$wrong" =0
fig $P "negative rates" "$negative" =0
fig $P "mixed runs" "$mixed" =0
fig $P "overwritten runs" "$overwritten" =0
fig $P "rewritten published archives" "$rewritten" =0
fig $P "dumped rows checked for their day" "$checked" ">=1"
fig $P "rows in the wrong day" "$wrongday" =0
part_end $P
