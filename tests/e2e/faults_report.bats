#!/usr/bin/env bats
# node-report's faults: a full out dir on a real tmpfs (one line, recovery
# at the size a fresh run needs), commits of today during a dump, and the
# messages that name the file and the cause.

load helpers
load report_days

# big_day ROWS: ROWS process rows on 2026-11-21 whose partition names are
# random, so that the archive is about half the dumps and not the quarter
# the free-space estimate takes: such a day passes the estimate at some
# sizes and fails when its archive is written.
big_day() {
	q "INSERT INTO user_sample (ts, pid, partition, start_time, cpu_time_cs,
	     cpu_num_threads, memory_ppm, memory_rss_kib)
	   WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
	   SELECT $D1 + 7200 + i / 1000 * 60, i % 1000 + 5000, hex(randomblob(12)),
	          i, i, 1, i, i FROM n;
	   PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
}

# The script sizes_run runs in its own mount namespace: a tmpfs at $OUT,
# then node-report at each size in turn (the tmpfs resized, its files
# kept), each run as "size=S status=N" and its lines indented, then what
# the tmpfs holds. The consumption reports are off (consumption_keep_days
# = 0): 20000 partitions would make them the largest files, and
# report_consum.bats tests them.
SIZES_SH='bin=$1 db=$2 out=$3 now=$4 conf=$5; shift 5
mkdir -p "$out"; mount -t tmpfs -o size=$1 tmpfs "$out" || exit 9
for s in "$@"; do
	mount -o remount,size=$s "$out" || exit 9
	"$bin" --config "$conf" --db "$db" --out "$out" --now "$now" 2>"$out.err"
	echo "size=$s status=$?"
	sed "s/^/  /" "$out.err"
done
find "$out" -mindepth 1 | sed "s|^$out/|held: |"'

# sizes_run SIZE...: see SIZES_SH; the database starts as $TMP/base.db.
sizes_run() {
	cp "$TMP/base.db" "$DB"
	rm -f "$DB-wal" "$DB-shm"
	printf '[report]\nconsumption_keep_days = 0\n' >"$TMP/sizes.conf"
	unshare -Urm sh -c "$SIZES_SH" sh "$BIN/node-report" "$DB" "$OUT" "$NOW" "$TMP/sizes.conf" "$@"
}

# fresh_size: the smallest size, in steps of 50 KiB, at which a fresh out
# dir takes the whole run; in FRESH (KiB).
fresh_size() {
	for kib in $(seq 1000 50 8000); do
		sizes_run "${kib}k" >"$TMP/fresh"
		if grep -q "status=0" "$TMP/fresh"; then
			FRESH=$kib
			return 0
		fi
	done
	return 1
}

@test "a full out dir: one line, nothing of the day left, and recovery at the size a fresh run needs" {
	big_day 20000
	cp "$DB" "$TMP/base.db"
	fresh_size
	# 100 KiB short of it the archive does not fit: the run says so in one
	# line naming the archive, and removes the day's dumps.
	run sizes_run "$((FRESH - 100))k" "${FRESH}k"
	assert_success
	assert_line --index 0 "size=$((FRESH - 100))k status=1"
	assert_line --index 1 "  node-report: $OUT/2026-11-21.tar.gz: No space left on device"
	assert_equal "$(grep -c '^  ' <<<"$output")" 1
	assert_line --index 2 "size=${FRESH}k status=0"
	assert_line "held: 2026-11-21.tar.gz"
	refute_output --partial "held: 2026-11-21/"
	refute_output --partial ".nm-tmp."
	echo "# fresh out dir: ${FRESH} KiB; after a failure at $((FRESH - 100)) KiB it recovers at ${FRESH} KiB (1.0x)" >&3
	# Further short, the free-space estimate refuses the day before writing
	# anything of it; the run then recovers at the fresh size too.
	run sizes_run 400k "${FRESH}k"
	assert_line --index 0 "size=400k status=1"
	assert_line --index 1 --regexp "^  node-report: $OUT: no room for 2026-11-21: its dumps and archive need about [0-9]+ KiB, [0-9]+ KiB are free; left for the next run$"
	assert_line --index 2 "size=${FRESH}k status=0"
	assert_line "held: 2026-11-21.tar.gz"
}

@test "an out dir too full for the plot files: one line naming the file and the cause" {
	cp "$DB" "$TMP/base.db"
	sqlite3 "$TMP/base.db" "INSERT INTO reported_day VALUES ($D0 / $DAY, 0), ($D1 / $DAY, 0)"
	run sizes_run 8k
	assert_line --index 0 "size=8k status=1"
	assert_line --index 1 --regexp "^  node-report: $OUT/[a-z_]+[.]csv: No space left on device$"
	assert_equal "$(grep -c '^  ' <<<"$output")" 1
}

@test "gzip_level has one range, 0 to 9, in its messages and in what it takes" {
	printf '[report]\ngzip_level = 10\n' >"$TMP/ten.conf"
	run report --config "$TMP/ten.conf" --now "$NOW"
	assert_failure 2
	assert_output "node-report: $TMP/ten.conf:2: gzip_level wants a whole number from 0 to 9, not '10'"
	printf '[report]\ngzip_level = 0\n' >"$TMP/zero.conf"
	run report --config "$TMP/zero.conf" --now "$NOW"
	assert_success
	assert_output ""
	tar -tzf "$OUT/2026-11-21.tar.gz" 2026-11-21/dump_user.csv
}

# qw SQL: q that waits for the writer's lock.
qw() {
	sqlite3 -cmd ".timeout 10000" "$DB" "$@"
}

# commits NAME TS: commits a run at TS, TS + 1, ... about ten times a
# second (the campaign's collectors ran every 0.25 to 0.5 s) until
# $TMP/stop exists; its pid in WRITER.
commits() {
	(
		ts=$2
		until [ -e "$TMP/stop" ]; do
			sqlite3 -cmd ".timeout 10000" "$DB" "INSERT INTO run (ts) VALUES ($ts)" || exit 1
			ts=$((ts + 1))
			sleep 0.1
		done
		echo "$ts" >"$TMP/$1.last"
	) &
	WRITER=$!
	HOLDER=$WRITER # teardown stops it if the test fails first
}

@test "runs committed for today during a dump do not make node-report give up on yesterday" {
	big_day 60000
	commits today "$((D2 + 3700))"
	# A reporter that takes each commit for a row of yesterday gives up
	# after three tries; run it several times for good measure.
	for round in 1 2 3; do
		qw "DELETE FROM reported_day"
		rm -rf "$OUT"
		run report --now "$NOW"
		assert_success
		assert_output ""
	done
	touch "$TMP/stop"
	wait "$WRITER"
	rows=$(qw "SELECT count(*) FROM user_sample WHERE ts >= $D1 AND ts < $D2")
	lines=$(tar -xzOf "$OUT/2026-11-21.tar.gz" 2026-11-21/dump_user.csv | wc -l)
	assert_equal "$lines" "$((rows + 1))"
	# The writer really committed during the runs.
	[ "$(qw "SELECT count(*) FROM run WHERE ts >= $D2 + 3700")" -gt 3 ]
}

@test "rows that really arrive for yesterday during its dump: retried, and named as a date" {
	big_day 60000
	commits yesterday "$((D1 + 80000))"
	run report --now "$NOW"
	touch "$TMP/stop"
	wait "$WRITER"
	refute_output --regexp "day [0-9]+"
	# Either a try saw no new rows and the day is marked, or the rows kept
	# arriving and the day is left, named as a date.
	if [ "$status" -ne 0 ]; then
		assert_line "node-report: rows kept arriving for 2026-11-21; left for the next run"
	fi
}
