#!/usr/bin/env bats
# node-collect's command line, configuration and bad input.

load helpers

setup() {
	setup_tmp
}

teardown() {
	[ -z "${HOLDER:-}" ] || kill "$HOLDER" 2>/dev/null || true
	teardown_tmp
}

@test "--help and --version answer on stdout with exit 0" {
	run "$BIN/node-collect" --help
	assert_success
	assert_line --index 0 --partial "usage: node-collect"
	run "$BIN/node-collect" --version
	assert_success
	assert_output --regexp '^node-collect [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "an unknown flag is a one-line usage error, exit 2, nothing written" {
	run "$BIN/node-collect" --db "$DB" --bogus
	assert_failure 2
	assert_output "node-collect: option '--bogus' is unknown or wants a value; try 'node-collect --help'"
	[ ! -e "$DB" ]
}

@test "a stray argument is a usage error" {
	run "$BIN/node-collect" --db "$DB" extra
	assert_failure 2
	assert_output "node-collect: unexpected argument 'extra'; try 'node-collect --help'"
}

@test "bad user globs are refused with exit 2" {
	run "$BIN/node-collect" --db "$DB" --users 'slap[user'
	assert_failure 2
	assert_output "node-collect: --users: unclosed '[' in user glob 'slap[user'"
	run "$BIN/node-collect" --db "$DB" --users 'a,,b'
	assert_failure 2
	run "$BIN/node-collect" --db "$DB" --users ''
	assert_failure 2
	[ ! -e "$DB" ]
}

@test "--now and --interval want numbers" {
	run "$BIN/node-collect" --db "$DB" --now yesterday
	assert_failure 2
	assert_output "node-collect: --now wants seconds since 1970, not 'yesterday'"
	run "$BIN/node-collect" --db "$DB" --interval -5
	assert_failure 2
	assert_output "node-collect: --interval wants a whole number from 0 to 86400, not '-5'"
}

@test "a config file with an error names the file and line, exit 2, nothing written" {
	printf '[collect]\nusers = slapuser*\ndatabase = /x\n' >"$TMP/bad.conf"
	run "$BIN/node-collect" --config "$TMP/bad.conf" --db "$DB"
	assert_failure 2
	assert_output "node-collect: $TMP/bad.conf:3: unknown key 'database' in [collect]"
	[ ! -e "$DB" ]
	run "$BIN/node-collect" --config "$TMP/missing.conf"
	assert_failure 2
	assert_output "node-collect: $TMP/missing.conf: No such file or directory"
}

@test "flags override the config file, which overrides the defaults" {
	printf '[collect]\ndb = %s\nusers = nobody-matches\n' "$TMP/from-config.db" >"$TMP/nm.conf"
	run collect_in "$FIXTURES/proc/basic-t0" --config "$TMP/nm.conf" --now "$T0"
	assert_success
	[ -e "$TMP/from-config.db" ]
	run sqlite3 "$TMP/from-config.db" "SELECT count(*) FROM user"
	assert_output "0"
	run collect_in "$FIXTURES/proc/basic-t0" --config "$TMP/nm.conf" --db "$DB" \
		--users 'slapuser0' --now "$T0"
	assert_success
	run q "SELECT DISTINCT partition FROM user"
	assert_output "slapuser0"
}

@test "an unwritable database directory is refused with exit 2, nothing written" {
	mkdir "$TMP/ro"
	chmod 0755 "$TMP" "$TMP/ro"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$BIN/node-collect" --db "$TMP/ro/c.db"
	assert_failure 2
	assert_output "node-collect: database directory $TMP/ro: Permission denied"
	[ -z "$(ls -A "$TMP/ro")" ]
	run "$BIN/node-collect" --db "$TMP/no/such/dir/c.db"
	assert_failure 2
	assert_output --partial "No such file or directory"
}

# refused_untouched NOW TREE MESSAGE [--partial]: a run at NOW against TREE
# exits 1 with the line MESSAGE (or a line holding it) and leaves the
# database file byte for byte as it was.
refused_untouched() {
	local sum
	sum=$(sha256sum <"$DB")
	run collect_fixture "$2" "$1"
	assert_failure 1
	assert_line ${4:-} "$3"
	[ "$(sha256sum <"$DB")" = "$sum" ]
}

@test "a corrupt database file is refused, exit 1, and left byte for byte" {
	head -c 65536 /dev/urandom >"$DB"
	refused_untouched "$T0" basic-t0 "not a usable SQLite database" --partial
	[ ! -e "$DB-wal" ]
}

@test "a database cut short is refused and left as it was" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	size=$(stat -c %s "$DB")
	truncate -s $((size / 2)) "$DB"
	refused_untouched "$((T0 + 60))" basic-t1 "nothing stored" --partial
}

@test "a database from a newer schema is refused, exit 1, untouched" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	known=$(q "PRAGMA user_version")
	sqlite3 "$DB" "PRAGMA user_version = 99" >/dev/null
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	refused_untouched "$((T0 + 60))" basic-t1 \
		"node-collect: $DB: written by a newer node-monitor (schema 99, this program knows $known); nothing stored"
}

@test "a schema 1 database is migrated: rows and reported days kept" {
	day=$((T0 / DAY * DAY))
	v1_db
	q "INSERT INTO system (ts, boot_time, loadavg, cpu_busy_ticks, cpu_total_ticks,
	     memory_used, memory_free, swap_used, net_in_bytes, net_in_errors, net_in_dropped,
	     net_out_bytes, net_out_errors, net_out_dropped, reported)
	   VALUES ($day - 172800, 1, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1),
	          ($day - 60, 1, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0);
	   INSERT INTO user (ts, pid, partition, start_time, cpu_time_cs, cpu_num_threads,
	     memory_ppm, memory_rss_kib, reported)
	   VALUES ($day - 172800, 7, 'slapuser0', 1, 2, 3, 4, 5, 1),
	          ($day - 60, 7, 'slapuser0', 1, 2, 3, 4, 5, 0);"
	run collect_fixture basic-t0 "$T0"
	assert_success
	collect_in "$FIXTURES/proc/basic-t0" --db "$TMP/fresh.db" --now "$T0"
	current=$(sqlite3 "$TMP/fresh.db" 'PRAGMA user_version')
	[ "$current" -gt 1 ]
	assert_equal "$(q 'PRAGMA user_version')" "$current"
	assert_equal "$(q "SELECT ts - $day, reported FROM system ORDER BY ts" | tr '\n' ' ')" \
		"-172800|1 -60|0 3600|0 "
	assert_equal "$(q "SELECT ts - $day, pid, memory_rss, reported FROM user WHERE pid = 7 ORDER BY ts" | tr '\n' ' ')" \
		"-172800|7|5120|1 -60|7|5120|0 "
	assert_equal "$(q 'PRAGMA integrity_check')" ok
}

@test "a schema 2 database is migrated: rows kept, partition users moved, runs recorded" {
	day=$((T0 / DAY * DAY))
	v2_db
	q "INSERT INTO reported_day VALUES ($day / $DAY - 2, 1);
	   INSERT INTO system_sample (ts, boot_time, loadavg, cpu_busy_ticks, cpu_total_ticks,
	     memory_used, memory_free, swap_used, net_in_bytes, net_in_errors, net_in_dropped,
	     net_out_bytes, net_out_errors, net_out_dropped)
	   VALUES ($day - 172800, 1, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
	          ($day - 60, 1, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
	   INSERT INTO user_sample (ts, pid, partition, start_time, cpu_time_cs, cpu_num_threads,
	     memory_ppm, memory_rss_kib) VALUES ($day - 60, 100, 'slapuser0', 1795127400, 2, 3, 4, 5);
	   INSERT INTO computer_sample (ts, cpu_num_core, cpu_type, memory_size, memory_type,
	     partition_list) VALUES ($day - 60, 2, 'cpu', 8, 'DDR4', 'slapuser0,slapuser1');"
	run collect_fixture basic-t0 "$T0"
	assert_success
	collect_in "$FIXTURES/proc/basic-t0" --db "$TMP/fresh.db" --now "$T0"
	assert_equal "$(q 'PRAGMA user_version')" "$(sqlite3 "$TMP/fresh.db" 'PRAGMA user_version')"
	# Every stored second became a run, without a clock reading; the new
	# run has one, and no rate across the migration.
	run q "SELECT ts - $day, boottime_ns IS NULL, boot_id IS NULL FROM run ORDER BY ts"
	assert_output "-172800|1|1
-60|1|1
3600|0|0"
	assert_equal "$(q "SELECT count(cpu_percent) FROM user WHERE ts = $T0")" 0
	assert_equal "$(q "SELECT ts - $day, reported FROM system ORDER BY ts" | tr '\n' ' ')" \
		"-172800|1 -60|0 3600|0 "
	assert_equal "$(q "SELECT pid, memory_rss, start_ticks IS NULL FROM user WHERE ts < $T0")" \
		"100|5120|1"
	run q "SELECT partition_list, partition_users FROM computer WHERE ts < $T0"
	assert_output "|slapuser0,slapuser1"
	assert_equal "$(q 'PRAGMA integrity_check')" ok
	# The migrated runs count: a run before the last of them is refused.
	run collect_fixture basic-t0 "$((day - 120))"
	assert_failure 1
	assert_output --partial "is not after the last stored run"
}

@test "a run into a day already reported is refused: the day stays closed, nothing stored" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	q "INSERT INTO reported_day VALUES ($T0 / $DAY, $T0)"
	run collect_fixture basic-t1 "$((T0 + 60))"
	assert_failure 1
	assert_line "node-collect: the run at 2026-11-20 01:01:00 UTC (1795136460) falls in day 2026-11-20, already reported: a reported day stays closed; nothing stored"
	assert_equal "$(grep -c "^node-collect:" <<<"$output")" 1
	assert_equal "$(q 'SELECT DISTINCT reported FROM user')" 1
	assert_equal "$(q 'SELECT count(*) FROM reported_day')" 1
	assert_equal "$(q 'SELECT count(*) FROM user')" 4
	assert_equal "$(q 'SELECT count(*) FROM run')" 1
	assert_equal "$(q 'SELECT count(*) FROM system')" 1
}

@test "a foreign SQLite database is refused and untouched" {
	sqlite3 "$DB" "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)"
	refused_untouched "$T0" basic-t0 \
		"node-collect: $DB: not a node-monitor database (application_id 0); nothing stored"
}

@test "the lock is taken first: a run that finds it held does not even migrate the database" {
	v1_db
	hold_lock "$DB.lock"
	run collect_fixture basic-t0 "$T0"
	assert_failure 1
	assert_line "node-collect: another run holds $DB.lock; this run stores nothing"
	assert_equal "$(q 'PRAGMA user_version')" 1
}

@test "an overlapping run exits 1 at once with a clear message" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	hold_lock "$DB.lock"
	start=$(date +%s)
	run collect_fixture basic-t1 "$((T0 + 60))"
	assert_failure 1
	assert_line "node-collect: another run holds $DB.lock; this run stores nothing"
	[ $(($(date +%s) - start)) -lt 5 ]
	run q "SELECT count(DISTINCT ts) FROM user"
	assert_output "1"
}

@test "--interval keeps collecting until SIGTERM and prints what it stored" {
	interval_runs
	run grep stored "$TMP/out"
	assert_line --index 0 "2026-11-20 01:00:00 stored 4 processes, 1 disks, 2 interfaces"
	assert_line --index 1 "2026-11-20 01:00:01 stored 4 processes, 1 disks, 2 interfaces"
	run q "SELECT count(DISTINCT ts) >= 2 FROM system"
	assert_output "1"
}

@test "the same instant collected twice is refused: the first run's rows stay as they were" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	before=$(q "SELECT * FROM user ORDER BY pid")
	run collect_fixture basic-t1 "$T0"
	assert_failure 1
	assert_line "node-collect: the run at 2026-11-20 01:00:00 UTC (1795136400) is not after the last stored run at 2026-11-20 01:00:00 UTC (1795136400): the clock went back, or two runs in one second; nothing stored"
	assert_equal "$(grep -c "^node-collect:" <<<"$output")" 1
	assert_equal "$(q "SELECT * FROM user ORDER BY pid")" "$before"
	assert_equal "$(q 'SELECT count(*) FROM user')" 4
	assert_equal "$(q 'SELECT count(*) FROM run')" 1
	assert_equal "$(q 'SELECT count(*) FROM system')" 1
	assert_equal "$(q 'SELECT count(*) FROM computer')" 1
}

@test "make install lays out binary, man page, cron file, units and a sample config that parses" {
	run make -s -C "$TOP" install DESTDIR="$TMP/inst" PREFIX=/usr
	assert_success
	for f in usr/bin/node-collect usr/bin/node-report usr/bin/slapmonitor \
		usr/share/man/man1/node-collect.1 usr/share/man/man1/node-report.1 \
		usr/share/man/man1/slapmonitor.1 etc/cron.d/node-monitor \
		lib/systemd/system/node-collect.service lib/systemd/system/node-collect.timer \
		lib/systemd/system/slapmonitor.service etc/node-monitor/node-monitor.conf.sample; do
		[ -s "$TMP/inst/$f" ] || fail "missing $f"
	done
	run grep -c '^\* \* \* \* \* root /usr/bin/node-collect --config .*; /usr/bin/node-report --config' \
		"$TMP/inst/etc/cron.d/node-monitor"
	assert_output "1"
	sed "s|^db = .*|db = $DB|" "$TMP/inst/etc/node-monitor/node-monitor.conf.sample" >"$TMP/nm.conf"
	run collect_fixture basic-t0 "$T0" --config "$TMP/nm.conf"
	assert_success
	run q "SELECT count(*) FROM user"
	assert_output "4"
	# The reporter reads the same file.
	sed -i "s|^out = .*|out = $TMP/log|" "$TMP/nm.conf"
	run "$TMP/inst/usr/bin/node-report" --config "$TMP/nm.conf" --now "$T0"
	assert_success
	[ -s "$TMP/log/system_memory_used.csv" ]
	# So does slapmonitor, which serves what the reporter wrote.
	sed -i -e "s|^root = .*|root = $TMP/log|" -e "s|^secret_file = .*|secret_file = $TMP/secret|" \
		"$TMP/nm.conf"
	"$TMP/inst/usr/bin/slapmonitor" --config "$TMP/nm.conf" --listen 127.0.0.1:0 --print-url \
		>"$TMP/url" 2>/dev/null &
	pid=$!
	for _ in $(seq 50); do [ -s "$TMP/url" ] && break; sleep 0.1; done
	curl -s --max-time 5 -o "$TMP/got" "$(cat "$TMP/url")server-log/system_memory_used.csv"
	kill "$pid"
	wait "$pid" || true
	cmp "$TMP/got" "$TMP/log/system_memory_used.csv"
	grep -q '^ExecStart=/usr/bin/slapmonitor --config' "$TMP/inst/lib/systemd/system/slapmonitor.service"
}
