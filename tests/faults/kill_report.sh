#!/bin/bash
# SIGKILL of node-report at uniformly random points of its measured run
# length: a catch-up of FAULTS_DAYS (4) complete days of FAULTS_ROWS (20000)
# process rows each, with retention (--keep-days 1). Every kill is followed
# by a rerun, compared with a reference run that was never killed.
. "$(dirname "$0")/lib.sh"
N="${FAULTS_KILLS:-300}"
P=kill-report
NOW=$((T0 / DAY * DAY + 3 * 3600))
report_db "$WORK/template.db" "${FAULTS_DAYS:-4}" "${FAULTS_ROWS:-20000}" >/dev/null || exit 1
DB="$WORK/t.db"
OUT="$WORK/out"
REF="$WORK/ref"
report() {
	"$BIN/node-report" --db "$1" --out "$2" --now "$NOW" --keep-days 1
}
# counts DB: what the database holds after a finished run.
counts() {
	q "$1" "SELECT (SELECT count(*) FROM user_sample), (SELECT count(*) FROM system_sample),
		(SELECT group_concat(day) FROM (SELECT day FROM reported_day ORDER BY day))"
}
fresh() {
	rm -rf "$OUT" "$DB" "$DB"-* "$DB".*
	cp "$WORK/template.db" "$DB"
}
lengths=()
for _ in 1 2 3; do
	rm -rf "$REF" "$WORK/ref.db"
	cp "$WORK/template.db" "$WORK/ref.db"
	s=$(ms)
	report "$WORK/ref.db" "$REF" || exit 1
	lengths+=($(($(ms) - s)))
done
L=$(printf '%s\n' "${lengths[@]}" | median)
REF_COUNTS=$(counts "$WORK/ref.db")
# The reference's dumps, to compare with a day folder a kill leaves.
mkdir "$WORK/dumps"
for a in "$REF"/*.tar.gz; do
	tar -xzf "$a" -C "$WORK/dumps"
done
kills=0 before=0 integrity=0 lost=0 partial=0 temps=0 differ=0 noisy=0
for _ in $(seq "$N"); do
	fresh
	"$BIN/node-report" --db "$DB" --out "$OUT" --now "$NOW" --keep-days 1 >/dev/null 2>&1 &
	pid=$!
	sleep_ms "$(rand_ms "$L")"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	kills=$((kills + 1))
	[ "$(q "$DB" 'PRAGMA integrity_check')" = ok ] || integrity=$((integrity + 1))
	if [ "$rc" = 0 ]; then
		before=$((before + 1))
		[ "$(counts "$DB")" = "$REF_COUNTS" ] || lost=$((lost + 1))
	fi
	# Whatever is under a final name is whole: the reference's file, or a
	# day's dump as the reference archived it.
	while read -r f; do
		case "$f" in
		*.nm-tmp.* | .plots.state) continue ;;
		esac
		if [ -f "$REF/$f" ]; then
			cmp -s "$OUT/$f" "$REF/$f" || partial=$((partial + 1))
		elif [ -f "$WORK/dumps/$f" ]; then
			cmp -s "$OUT/$f" "$WORK/dumps/$f" || partial=$((partial + 1))
		fi
	done < <(cd "$OUT" 2>/dev/null && find . -type f | sed 's|^\./||')
	out=$(report "$DB" "$OUT" 2>&1)
	rc=$?
	if [ "$rc" != 0 ] || [ -n "$out" ]; then
		noisy=$((noisy + 1))
		[ -z "${FAULTS_DEBUG:-}" ] || echo "rerun $rc: $out" >&2
	fi
	[ "$(counts "$DB")" = "$REF_COUNTS" ] || lost=$((lost + 1))
	[ -z "$(find "$OUT" "$WORK" -maxdepth 1 -name '*.nm-tmp.*')" ] || temps=$((temps + 1))
	diff -r -q -x .plots.state "$OUT" "$REF" >/dev/null || differ=$((differ + 1))
done
fig $P "catch-up: days, rows a day" "${FAULTS_DAYS:-4} x ${FAULTS_ROWS:-20000}" -
fig $P "run length (ms, median)" "$L" -
fig $P "kills" "$kills" "=$N"
fig $P "exited 0 before the kill" "$before" -
fig $P "integrity failures" "$integrity" =0
fig $P "lost rows (runs)" "$lost" =0
fig $P "partial files under a final name" "$partial" =0
fig $P "temporary files left after the rerun" "$temps" =0
fig $P "out dirs unlike the reference" "$differ" =0
fig $P "reruns not silent or failed" "$noisy" =0
part_end $P
