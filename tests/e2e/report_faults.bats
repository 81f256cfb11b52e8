#!/usr/bin/env bats
# node-report on bad input, a held lock, a full disk and random kills: one
# clear line, and nothing committed lost.

load helpers
load report_days

@test "bad input: unknown flag, bad config line, missing and foreign databases" {
	run report --bogus
	assert_failure 2
	assert_output "node-report: option '--bogus' is unknown or wants a value; try 'node-report --help'"
	printf '[report]\nkeep_days = many\n' >"$TMP/bad.conf"
	run report --config "$TMP/bad.conf"
	assert_failure 2
	assert_output --partial "$TMP/bad.conf:2:"
	run "$BIN/node-report" --db "$TMP/none.db" --out "$OUT"
	assert_failure 1
	assert_output "node-report: $TMP/none.db: No such file or directory"
	[ ! -e "$OUT" ]
	[ ! -e "$TMP/none.db" ]
	sqlite3 "$TMP/foreign.db" "CREATE TABLE t (x)"
	sum=$(sha256sum <"$TMP/foreign.db")
	run "$BIN/node-report" --db "$TMP/foreign.db" --out "$OUT"
	assert_failure 1
	assert_output "node-report: $TMP/foreign.db: not a node-monitor database (application_id 0)"
	assert_equal "$(sha256sum <"$TMP/foreign.db")" "$sum"
}

@test "an unreadable database: one message, exit 1, nothing written or changed" {
	chmod 0755 "$TMP"
	chmod 0600 "$DB"
	sum=$(sha256sum <"$DB")
	run setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$BIN/node-report" --db "$DB" --out "$OUT" --now "$NOW"
	assert_failure 1
	assert_line "node-report: $DB: Permission denied"
	[ ! -e "$OUT" ]
	assert_equal "$(sha256sum <"$DB")" "$sum"
}

@test "an unwritable out directory: one message, exit 1, nothing marked" {
	mkdir -m 0755 "$OUT"
	chmod 0777 "$TMP"
	chmod 0666 "$DB"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$BIN/node-report" --db "$DB" --out "$OUT" --now "$NOW"
	assert_failure 1
	assert_line "node-report: out directory $OUT: Permission denied"
	assert_equal "$(q "SELECT count(*) FROM reported_day")" 0
	[ -z "$(ls -A "$OUT")" ]
}

@test "a second reporter exits at once while one runs" {
	flock "$DB.report.lock" sleep 5 &
	holder=$!
	sleep 0.3
	run report --now "$NOW"
	kill "$holder"
	wait "$holder" || true
	assert_failure 1
	assert_output "node-report: another node-report holds $DB.report.lock; this one does nothing"
	[ ! -e "$OUT/2026-11-20.tar.gz" ]
}

@test "the lock is taken first: a reporter that finds it held does not even migrate the database" {
	rm "$DB"
	v1_db
	hold_lock "$DB.report.lock"
	run report --now "$NOW"
	assert_failure 1
	assert_output "node-report: another node-report holds $DB.report.lock; this one does nothing"
	assert_equal "$(q 'PRAGMA user_version')" 1
	[ ! -e "$OUT" ]
}

@test "a full disk: clear message, exit 1, no partial file, nothing marked" {
	mkdir "$OUT"
	# A database big enough that its day does not fit in 64 KiB.
	q "INSERT INTO user_sample (ts, pid, partition, start_time, cpu_time_cs,
	     cpu_num_threads, memory_ppm, memory_rss_kib)
	   WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
	   SELECT $D1 + 7200 + i / 1000 * 60, i % 1000 + 5000, 'slapuser0', i, i, 1, i, i FROM n"
	run unshare -Urm sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && shift && exec "$@"' \
		sh "$OUT" "$BIN/node-report" --db "$DB" --out "$OUT" --now "$NOW"
	assert_failure 1
	# The day that does not fit is refused before anything of it is written.
	assert_output --regexp "^node-report: $OUT: no room for 2026-11-21: its dumps and archive need about [0-9]+ KiB, [0-9]+ KiB are free; left for the next run$"
	# The day that did not fit is not marked (the small one before it is).
	assert_equal "$(q "SELECT count(*) FROM reported_day WHERE day = $D1 / $DAY")" 0
	assert_equal "$(q "SELECT DISTINCT reported FROM user WHERE ts >= $D1 AND ts < $D2")" 0
	# The tmpfs is gone with the namespace; run again inside one and list it.
	q "DELETE FROM reported_day"
	run unshare -Urm sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && "$2" --db "$3" --out "$1" --now "$4"; ls -A "$1" "$1"/*/ 2>/dev/null' \
		sh "$OUT" "$BIN/node-report" "$DB" "$NOW"
	assert_line 2026-11-20.tar.gz
	refute_output --partial "2026-11-21.tar.gz"
	refute_output --partial ".nm-tmp."
}

@test "killed at random points, every rerun finishes the job and loses nothing" {
	# Two complete days of 60 000 process rows each make a run last long
	# enough to be cut anywhere.
	q "INSERT INTO user_sample (ts, pid, partition, start_time, cpu_time_cs,
	     cpu_num_threads, memory_ppm, memory_rss_kib, io_rw_counter)
	   WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 119999)
	   SELECT (CASE WHEN i < 60000 THEN $D0 ELSE $D1 END) + 7200 + i % 60000 / 500 * 60,
	          i % 500 + 5000, 'slapuser' || (i % 7), i, i, 1, i, i, i * 3 FROM n"
	# complete: after a run that finished, both days are archived whole,
	# marked, and nothing of the work is left about.
	complete() {
		for pair in "$D0:2026-11-20" "$D1:2026-11-21"; do
			ts=${pair%%:*} date=${pair#*:}
			rows=$(q "SELECT count(*) FROM user WHERE ts >= $ts AND ts < $ts + $DAY")
			lines=$(tar -xzOf "$OUT/$date.tar.gz" "$date/dump_user.csv" | wc -l)
			assert_equal "$lines" "$((rows + 1))"
			assert_equal "$(q "SELECT DISTINCT reported FROM user WHERE ts >= $ts AND ts < $ts + $DAY")" 1
		done
		run ls -A "$OUT"
		refute_output --partial ".nm-tmp."
		refute_line 2026-11-20
		refute_line 2026-11-21
		refute_output --partial ".1.tar.gz"
		assert_equal "$(q 'PRAGMA integrity_check')" ok
	}
	# A run takes about 0.2 s here (0.3 s under ASan): kill within that.
	for round in 1 2 3 4 5 6 7 8; do
		"$BIN/node-report" --db "$DB" --out "$OUT" --now "$NOW" 2>/dev/null &
		pid=$!
		sleep "$(printf '0.%03d' $((RANDOM % 250)))"
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" || true
		assert_equal "$(q 'PRAGMA integrity_check')" ok
		# Whatever is under a final name is whole.
		for a in "$OUT"/*.tar.gz; do
			[ -e "$a" ] || continue
			gzip -t "$a"
		done
		run report --now "$NOW"
		assert_success
		complete
		# Give the next round the same work again.
		q "DELETE FROM reported_day"
	done
	run report --now "$NOW"
	assert_success
	complete
}
