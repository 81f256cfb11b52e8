#!/bin/bash
# Overlap: FAULTS_ROUNDS (50) rounds of 10 collectors and a reporter
# released at the same instant (all wait on one shared flock), then 10
# collectors released in the middle of a multi-day dump, FAULTS_DUMPS (5)
# times.
. "$(dirname "$0")/lib.sh"
ROUNDS="${FAULTS_ROUNDS:-50}"
DUMPS="${FAULTS_DUMPS:-5}"
P=overlap
GATE="$WORK/gate"
stored=0 refused=0 locked=0 rlocked=0 other=0 incomplete=0 reporter=0
# start_gate: hold the gate (an exclusive flock) until open_gate.
exec {GATE_FD}>"$GATE"
start_gate() {
	flock "$GATE_FD"
}
open_gate() {
	flock -u "$GATE_FD"
}
# tally FILE...: classify the collectors' outputs (FILE.rc holds the status).
tally() {
	local f rc
	for f in "$@"; do
		rc=$(cat "$f.rc")
		if grep -q 'database is locked' "$f"; then
			locked=$((locked + 1))
		elif [ "$rc" = 0 ]; then
			stored=$((stored + 1))
		elif [ "$rc" = 1 ] && [ "$(grep -c . "$f")" = 1 ]; then
			refused=$((refused + 1))
		else
			other=$((other + 1))
			[ -z "${FAULTS_DEBUG:-}" ] || { echo "collector exit $rc:"; cat "$f"; } >&2
		fi
	done
}
# gated_collect DB NOW FILE: one collector waiting at the gate.
gated_collect() {
	(flock -s "$GATE" "$BIN/node-collect" --db "$1" --config "$NOFOLDER" --users root --now "$2" >"$3" 2>&1
		echo $? >"$3.rc") &
}
# check_runs DB: every stored run has its system and computer rows.
check_runs() {
	incomplete=$((incomplete + $(q "$1" "SELECT count(*) FROM run r WHERE
		(SELECT count(*) FROM system_sample s WHERE s.ts = r.ts) != 1 OR
		(SELECT count(*) FROM computer_sample c WHERE c.ts = r.ts) != 1") +
		$(q "$1" "SELECT count(*) FROM system_sample WHERE ts NOT IN (SELECT ts FROM run)")))
}
DB="$WORK/o.db"
base=$T0
for r in $(seq "$ROUNDS"); do
	start_gate
	files=()
	for i in $(seq 10); do
		gated_collect "$DB" $((base + r * 60 + i)) "$WORK/c$i"
		files+=("$WORK/c$i")
	done
	(flock -s "$GATE" "$BIN/node-report" --db "$DB" --out "$WORK/out" --now $((base + r * 60 + 30)) \
		>"$WORK/rep" 2>&1; echo $? >"$WORK/rep.rc") &
	sleep 0.05
	open_gate
	wait
	tally "${files[@]}"
	# The first round may find no database yet for the reporter.
	if [ "$(cat "$WORK/rep.rc")" != 0 ] && [ "$r" != 1 ]; then
		reporter=$((reporter + 1))
		[ -z "${FAULTS_DEBUG:-}" ] || cat "$WORK/rep" >&2
	fi
	grep -q 'database is locked' "$WORK/rep" && rlocked=$((rlocked + 1))
done
check_runs "$DB"
[ "$(q "$DB" 'PRAGMA integrity_check')" = ok ] || incomplete=$((incomplete + 1))
[ -z "${FAULTS_DEBUG:-}" ] || echo "rounds: stored $stored refused $refused" >&2
fig $P "rounds of 10 collectors + 1 reporter" "$ROUNDS" -

# Collectors released in the middle of a multi-day dump.
NOW=$((T0 / DAY * DAY + 3 * 3600))
report_db "$WORK/template.db" 4 20000 >/dev/null || exit 1
cp "$WORK/template.db" "$WORK/ref.db"
s=$(ms)
"$BIN/node-report" --db "$WORK/ref.db" --out "$WORK/ref" --now "$NOW" --keep-days 1 || exit 1
L=$(($(ms) - s))
differ=0
for _ in $(seq "$DUMPS"); do
	rm -rf "$WORK/d.db" "$WORK/d.db"-* "$WORK/d.db".* "$WORK/dout"
	cp "$WORK/template.db" "$WORK/d.db"
	start_gate
	files=()
	for i in $(seq 10); do
		gated_collect "$WORK/d.db" $((NOW - 600 + i)) "$WORK/d$i"
		files+=("$WORK/d$i")
	done
	"$BIN/node-report" --db "$WORK/d.db" --out "$WORK/dout" --now "$NOW" --keep-days 1 \
		>"$WORK/rep" 2>&1 &
	rpid=$!
	sleep_ms $((L / 2))
	open_gate
	if ! wait "$rpid"; then
		reporter=$((reporter + 1))
		[ -z "${FAULTS_DEBUG:-}" ] || cat "$WORK/rep" >&2
	fi
	wait
	tally "${files[@]}"
	grep -q 'database is locked' "$WORK/rep" && rlocked=$((rlocked + 1))
	check_runs "$WORK/d.db"
	# Today's plot files hold the collectors' runs too: compare the archives.
	for a in "$WORK"/ref/*.tar.gz "$WORK"/dout/*.tar.gz; do
		cmp -s "$WORK/ref/${a##*/}" "$WORK/dout/${a##*/}" || differ=$((differ + 1))
	done
done
fig $P "dumps with 10 collectors released" "$DUMPS" -
fig $P "collectors stored" "$stored" ">=$((ROUNDS + DUMPS))"
fig $P "collectors refused (one line)" "$refused" -
fig $P "\"database is locked\": collectors" "$locked" =0
fig $P "\"database is locked\": reporter" "$rlocked" =0
fig $P "other collector failures" "$other" =0
fig $P "reporter failures" "$reporter" =0
fig $P "incomplete runs" "$incomplete" =0
fig $P "archives unlike the reference" "$differ" =0
part_end $P
