#!/bin/bash
# SIGKILL of node-collect at uniformly random points of its measured run
# length, with FAULTS_PROCS (500) processes of the partition user, in a pid
# namespace of its own so that the count is exact. Run by kill.sh inside
# `unshare -pf --mount-proc`.
. "$(dirname "$0")/lib.sh"
N="${FAULTS_KILLS:-300}"
PROCS="${FAULTS_PROCS:-500}"
P=kill-collect
fault_user
for _ in $(seq "$PROCS"); do
	setpriv --reuid="$FAULT_USER" --regid="$FAULT_USER" --clear-groups sleep 3600 &
done
# setpriv execs in place: wait until every one runs sleep as the user.
for _ in $(seq 100); do
	[ "$(pgrep -c -u "$FAULT_USER" -x sleep)" = "$PROCS" ] && break
	sleep 0.1
done
DB="$WORK/c.db"
collect() {
	"$BIN/node-collect" --db "$DB" --users "$FAULT_USER" --now "$1"
}
# complete TS: 1 when the run of TS has all its rows, 0 when it has none,
# else the run is mixed (2).
complete() {
	local n
	n=$(q "$DB" "SELECT (SELECT count(*) FROM user_sample WHERE ts = $1) || ' ' ||
		(SELECT count(*) FROM system_sample WHERE ts = $1) || ' ' ||
		(SELECT count(*) FROM computer_sample WHERE ts = $1) || ' ' ||
		(SELECT count(*) FROM run WHERE ts = $1)")
	case "$n" in
	"$PROCS 1 1 1") echo 1 ;;
	"0 0 0 0") echo 0 ;;
	*) echo 2 ;;
	esac
}
now=$T0
lengths=()
for _ in 1 2 3 4 5; do
	now=$((now + 60))
	s=$(ms)
	collect "$now" || exit 1
	lengths+=($(($(ms) - s)))
done
L=$(printf '%s\n' "${lengths[@]}" | median)
kills=0 before=0 integrity=0 lost=0 mixed=0 temps=0 noisy=0
for _ in $(seq "$N"); do
	now=$((now + 60))
	# The binary itself in the background, so that the kill reaches it.
	"$BIN/node-collect" --db "$DB" --users "$FAULT_USER" --now "$now" >/dev/null 2>&1 &
	pid=$!
	sleep_ms "$(rand_ms "$L")"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	kills=$((kills + 1))
	c=$(complete "$now")
	if [ "$rc" = 0 ]; then
		before=$((before + 1))
		[ "$c" = 1 ] || lost=$((lost + 1))
	fi
	[ "$c" != 2 ] || mixed=$((mixed + 1))
	[ "$(q "$DB" 'PRAGMA integrity_check')" = ok ] || integrity=$((integrity + 1))
	now=$((now + 60))
	out=$(collect "$now" 2>&1)
	rc=$?
	if [ "$rc" != 0 ] || [ -n "$out" ]; then
		noisy=$((noisy + 1))
		[ -z "${FAULTS_DEBUG:-}" ] || echo "rerun $rc: $out" >&2
	fi
	[ "$(complete "$now")" = 1 ] || lost=$((lost + 1))
	extra=$(ls -A "$WORK" | grep -cvx 'c\.db\|c\.db-wal\|c\.db-shm\|c\.db\.lock')
	[ "$extra" = 0 ] || temps=$((temps + 1))
done
kill $(jobs -p) 2>/dev/null
fig $P "processes of the user" "$(q "$DB" "SELECT count(*) FROM user_sample WHERE ts = $now")" "=$PROCS"
fig $P "run length (ms, median)" "$L" -
fig $P "kills" "$kills" "=$N"
fig $P "exited 0 before the kill" "$before" -
fig $P "integrity failures" "$integrity" =0
fig $P "lost rows (runs)" "$lost" =0
fig $P "mixed runs" "$mixed" =0
fig $P "temporary files left" "$temps" =0
fig $P "reruns not silent or failed" "$noisy" =0
part_end $P
