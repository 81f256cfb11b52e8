#!/usr/bin/env bats
# node-report's files, days, archives and retention, on databases filled by
# node-collect runs on the fixture /proc trees over three UTC days.

load helpers
load report_days

# day_csv DAY TABLE COLUMNS KEY: what sqlite3 -csv exports of a day's rows.
day_csv() {
	q -csv -header "SELECT $3 FROM $2 WHERE ts >= $1 AND ts < $1 + $DAY ORDER BY ts, $4"
}

@test "today's system files: names, header, KiB, net deltas in KiB, cumulative errors" {
	run report --now "$NOW"
	assert_success
	assert_output ""
	run cat "$OUT/system_memory_used.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:00:00,2097152\n2026-11-22 01:01:00,2097152')"
	run cat "$OUT/system_memory_free.csv"
	assert_line --index 1 "2026-11-22 01:00:00,6291456"
	# t0 is measured against the day before's last run, t1 against t0.
	run cat "$OUT/system_cpu_percent.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:00:00,15.625\n2026-11-22 01:01:00,50')"
	run cat "$OUT/system_loadavg.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:00:00,0.5\n2026-11-22 01:01:00,1.25')"
	# eth0+ens3 in: 3000000 then 3600000 bytes; out: 600000 then 900000.
	run cat "$OUT/system_net_in_bytes.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:01:00,585.9375')"
	run cat "$OUT/system_net_out_bytes.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:01:00,292.96875')"
	run cat "$OUT/system_net_in_errors.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:00:00,1\n2026-11-22 01:01:00,1')"
	run cat "$OUT/system_net_out_dropped.csv"
	assert_line --index 2 "2026-11-22 01:01:00,4"
	for f in cpu_percent loadavg memory_used memory_free net_in_bytes net_in_errors \
		net_in_dropped net_out_bytes net_out_errors net_out_dropped; do
		[ "$(head -1 "$OUT/system_$f.csv")" = "time,entry" ]
	done
}

@test "a counter that goes back starts a new baseline instead of a negative delta" {
	run report --now "$((D0 + 7200))"
	assert_success
	run cat "$OUT/system_net_in_bytes.csv"
	assert_output "$(printf 'time,entry\n2026-11-20 01:01:00,585.9375\n2026-11-20 01:03:00,585.9375')"
	run cat "$OUT/system_net_out_bytes.csv"
	refute_output --regexp ',-'
	[ "$(wc -l <"$OUT/system_net_out_bytes.csv")" -eq 3 ]
}

@test "disk files per device hold used and free in KiB" {
	run report --now "$NOW"
	assert_success
	expected=$(q "SELECT date || ' ' || time || ',' || (used / 1024) FROM disk
		WHERE ts >= $D2 ORDER BY ts")
	assert_equal "$(tail -n +2 "$OUT/system_disk_memory_used__dev_sda1.csv")" "$expected"
	expected=$(q "SELECT date || ' ' || time || ',' || (free / 1024) FROM disk
		WHERE ts >= $D2 ORDER BY ts")
	assert_equal "$(tail -n +2 "$OUT/system_disk_memory_free__dev_sda1.csv")" "$expected"
}

@test "per-partition files: CPU, memory, I/O rate and process count" {
	run report --now "$NOW"
	assert_success
	# A partition's CPU is the CPU time its processes used over the interval
	# (cpu_time_cs in /proc/<pid>/stat utime+stime of the fixture trees),
	# divided by its length; run is empty here, so the length is the ts
	# difference. t0 (basic-t0) is measured against the day before's last
	# run (basic-t1 at D1 + 3660, 86340 s before): 100 went from 8000 to
	# 5000 cs and 103 stayed at 0 (slapuser0), 101 from 22000 to 10000 and
	# 102 from 130 to 100 (slapuser1): counters that went back count
	# nothing, 0 %. t1 (basic-t1) against t0, 60 s: slapuser0 is 100 with
	# 8000 - 5000 = 3000 cs, 103 with 0, and 150 with nothing (it started
	# at 1795136430, before t0 of this day, but was not in it): 3000 / 60 =
	# 50 %; slapuser1 is 101 with 12000 cs and 102 with 30: 12030 / 60 =
	# 200.5 %.
	run cat "$OUT/partition_slapuser0_cpu_percent.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:00:00,0\n2026-11-22 01:01:00,50')"
	run cat "$OUT/partition_slapuser1_cpu_percent.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:00:00,0\n2026-11-22 01:01:00,200.5')"
	run cat "$OUT/partition_slapuser0_process_count.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:00:00,2\n2026-11-22 01:01:00,3')"
	run cat "$OUT/partition_slapuser0_memory_rss.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:00:00,10752\n2026-11-22 01:01:00,12800')"
	# 100 read and wrote 12288 more bytes in 60 s: 0.2 KiB/s; at t0 its
	# counter had gone back since the day before: nothing.
	run cat "$OUT/partition_slapuser0_io_rw_rate.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:00:00,0\n2026-11-22 01:01:00,0.2')"
	run cat "$OUT/partition_slapuser1_io_rw_rate.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:00:00,0\n2026-11-22 01:01:00,0')"
	run ls "$OUT"
	assert_equal "$(ls "$OUT" | grep -c '^partition_')" 8
	assert_equal "$(ls "$OUT" | grep -c '^system_')" 12
}

@test "partition CPU: the interval is CLOCK_BOOTTIME's within a boot, else the ts difference" {
	# The runs of today 50 s apart in CLOCK_BOOTTIME (their ts are 60 s
	# apart), in the boot of the fixture trees: 3000 cs / 50 s = 60 %,
	# 12030 / 50 = 240.6 % (150 started before the first of them).
	q "UPDATE run SET boottime_ns = (SELECT boottime_ns FROM run WHERE ts = $D2 + 3660)
	     - 50000000000 WHERE ts = $D2 + 3600"
	run report --now "$NOW"
	assert_success
	run cat "$OUT/partition_slapuser0_cpu_percent.csv"
	assert_output "$(printf 'time,entry\n2026-11-22 01:00:00,0\n2026-11-22 01:01:00,60')"
	run cat "$OUT/partition_slapuser1_cpu_percent.csv"
	assert_line --index 2 "2026-11-22 01:01:00,240.6"
	# Another boot id: the ts difference, and every process is new.
	q "UPDATE run SET boot_id = 'b2' WHERE ts = $D2 + 3660"
	rm -r "$OUT"
	run report --now "$NOW"
	assert_success
	# slapuser0: 100 (8000 cs), 103 (0), 150 (1500) over 60 s.
	run cat "$OUT/partition_slapuser0_cpu_percent.csv"
	assert_line --index 2 "2026-11-22 01:01:00,158.333333333333"
}

@test "plot files of a disk or partition gone since the last run are removed, nothing else" {
	mkdir "$OUT"
	for f in partition_slapuser9_cpu_percent.csv partition_slapuser9_io_rw_rate.csv \
		system_disk_memory_used__dev_sdz9.csv system_disk_memory_free__dev_sdz9.csv \
		notes.csv partition_notes.txt; do
		echo old >"$OUT/$f"
	done
	run report --now "$NOW"
	assert_success
	[ ! -e "$OUT/partition_slapuser9_cpu_percent.csv" ]
	[ ! -e "$OUT/partition_slapuser9_io_rw_rate.csv" ]
	[ ! -e "$OUT/system_disk_memory_used__dev_sdz9.csv" ]
	[ ! -e "$OUT/system_disk_memory_free__dev_sdz9.csv" ]
	# Files that are not disk or partition plots are the operator's.
	[ "$(cat "$OUT/notes.csv")" = old ]
	[ "$(cat "$OUT/partition_notes.txt")" = old ]
	# The partitions and disks still there keep their files.
	[ -s "$OUT/partition_slapuser0_cpu_percent.csv" ]
	[ -s "$OUT/system_disk_memory_used__dev_sda1.csv" ]
}

@test "every complete day is archived with every table, the folders removed" {
	run report --now "$NOW"
	assert_success
	run ls "$OUT"
	assert_line 2026-11-20.tar.gz
	assert_line 2026-11-21.tar.gz
	refute_line --partial 2026-11-22
	refute_line 2026-11-20
	refute_line 2026-11-21
	run tar -tzf "$OUT/2026-11-20.tar.gz"
	assert_output "$(printf '2026-11-20/%s\n' '' dump_user.csv dump_system.csv dump_net.csv \
		dump_computer.csv dump_disk.csv dump_vm.csv dump_vm_net.csv dump_vm_disk.csv \
		dump_alert.csv dump_temperature.csv dump_folder.csv dump_benchmark.csv dump_run.csv)"
	mkdir "$TMP/x"
	tar -xzf "$OUT/2026-11-21.tar.gz" -C "$TMP/x"
	cols="partition, pid, process, cpu_percent, cpu_time, cpu_num_threads, memory_percent,
	      memory_rss, io_rw_counter, io_cycles_counter, date, time, reported, start_ticks, command"
	diff <(tr -d '\r' <"$TMP/x/2026-11-21/dump_user.csv") <(day_csv "$D1" user "$cols" pid)
	cols="loadavg, cpu_percent, memory_used, memory_free, net_in_bytes, net_in_errors,
	      net_in_dropped, net_out_bytes, net_out_errors, net_out_dropped, date, time, reported,
	      swap_used, boot_time"
	diff <(tr -d '\r' <"$TMP/x/2026-11-21/dump_system.csv") <(day_csv "$D1" system "$cols" ts)
	cols="partition, used, free, mountpoint, date, time, reported, read_bytes, write_bytes,
	      io_time_ms"
	diff <(tr -d '\r' <"$TMP/x/2026-11-21/dump_disk.csv") <(day_csv "$D1" disk "$cols" partition)
	[ "$(wc -l <"$TMP/x/2026-11-21/dump_net.csv")" -eq 5 ]
	[ "$(wc -l <"$TMP/x/2026-11-21/dump_computer.csv")" -eq 3 ]
	# RFC 4180: the command name with a newline is one quoted field.
	q "UPDATE user_sample SET command = 'a \"b\", c' || char(10) || 'd' WHERE pid = 102"
	q "DELETE FROM reported_day"
	rm "$OUT"/*.tar.gz
	run report --now "$NOW"
	assert_success
	tar -xzf "$OUT/2026-11-21.tar.gz" -C "$TMP/x"
	python3 -c 'import csv,sys; r=[x for x in csv.reader(open(sys.argv[1], newline="")) if x[1]=="102"]; sys.exit(0 if r[0][-1]=="a \"b\", c\nd" else 1)' \
			"$TMP/x/2026-11-21/dump_user.csv"
}

@test "archived days are marked reported, today is not" {
	run report --now "$NOW"
	assert_success
	assert_equal "$(q "SELECT date, min(reported), max(reported) FROM user GROUP BY date" | tr '\n' ' ')" \
		"2026-11-20|1|1 2026-11-21|1|1 2026-11-22|0|0 "
	assert_equal "$(q "SELECT DISTINCT reported FROM system WHERE ts < $D2")" 1
	assert_equal "$(q "SELECT count(*) FROM reported_day")" 2
}

@test "a rerun changes nothing, and the same data gives byte-identical archives" {
	run report --now "$NOW"
	assert_success
	before=$(tree_sums "$OUT")
	run report --now "$NOW"
	assert_success
	assert_equal "$(tree_sums "$OUT")" "$before"
	q "DELETE FROM reported_day"
	rm "$OUT"/*.tar.gz
	sleep 1 # a later clock must not show in the archives
	run report --now "$NOW"
	assert_success
	assert_equal "$(tree_sums "$OUT")" "$before"
}

@test "the output does not depend on the time zone of the machine" {
	cp "$DB" "$TMP/other.db"
	TZ=Pacific/Kiritimati run report --now "$NOW"
	assert_success
	TZ=America/Los_Angeles run "$BIN/node-report" --db "$TMP/other.db" --out "$TMP/out2" --now "$NOW"
	assert_success
	assert_equal "$(tree_sums "$TMP/out2")" "$(tree_sums "$OUT")"
}

@test "a catch-up after downtime archives all days in one run, with progress on a terminal" {
	run script -qec "$BIN/node-report --db $DB --out $OUT --now $NOW" /dev/null
	assert_success
	assert_line --partial "node-report: archived 2026-11-20 (1/2)"
	assert_line --partial "node-report: archived 2026-11-21 (2/2)"
	# Not on a terminal (cron): silent.
	q "DELETE FROM reported_day"
	run report --now "$NOW"
	assert_success
	assert_output ""
}

@test "retention deletes reported days older than --keep-days and frees the pages" {
	# Enough rows in day 0 that deleting them empties whole pages.
	q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
	   INSERT INTO user_sample (ts, pid, partition, start_time, cpu_time_cs, cpu_num_threads,
	     memory_ppm, memory_rss_kib) SELECT $D0 + 7200, 10000 + i, 'slapuser0', 1, 1, 1, 1, 1
	   FROM n"
	pages=$(q "PRAGMA page_count")
	run report --now "$NOW" --keep-days 1
	assert_success
	[ "$(q "PRAGMA page_count")" -lt "$pages" ]
	assert_equal "$(q "SELECT DISTINCT date FROM user ORDER BY 1" | tr '\n' ' ')" \
		"2026-11-21 2026-11-22 "
	assert_equal "$(q "SELECT count(*) FROM system WHERE ts < $D1")" 0
	assert_equal "$(q "SELECT count(*) FROM disk WHERE ts < $D1")" 0
	assert_equal "$(q "PRAGMA freelist_count")" 0
	# Unreported days are never deleted, whatever their age.
	q "DELETE FROM reported_day"
	run report --now "$((NOW + 30 * DAY))" --keep-days 0 --out "$TMP/full"
	assert_success
	assert_equal "$(q "SELECT count(*) FROM user WHERE ts >= $D2")" 0
	[ -f "$TMP/full/2026-11-22.tar.gz" ]
	run tar -tzf "$TMP/full/2026-11-22.tar.gz"
	assert_line 2026-11-22/dump_user.csv
}

@test "a published archive is never rewritten: one with fewer rows goes beside it" {
	run report --now "$NOW"
	assert_success
	sum=$(sha256sum <"$OUT/2026-11-20.tar.gz")
	q "DELETE FROM user_sample WHERE ts = $((D0 + 3600)); DELETE FROM reported_day"
	run report --now "$NOW"
	assert_success
	assert_line "node-report: $OUT/2026-11-20.tar.gz holds other rows for this day; keeping it and writing $OUT/2026-11-20.1.tar.gz"
	assert_equal "$(sha256sum <"$OUT/2026-11-20.tar.gz")" "$sum"
	[ -f "$OUT/2026-11-20.1.tar.gz" ]
	# The same rows again: the archive beside it is theirs already.
	q "DELETE FROM reported_day"
	run report --now "$NOW"
	assert_success
	assert_output ""
	[ ! -e "$OUT/2026-11-20.2.tar.gz" ]
}

@test "a published archive is never rewritten: one with more rows goes beside it too" {
	run report --now "$NOW"
	assert_success
	sum=$(sha256sum <"$OUT/2026-11-21.tar.gz")
	before=$(tar -xzOf "$OUT/2026-11-21.tar.gz" 2026-11-21/dump_user.csv | wc -l)
	# Rows that reached the database by other means, and the mark lost.
	q "INSERT INTO user_sample (ts, pid, partition, start_time, cpu_time_cs, cpu_num_threads,
	     memory_ppm, memory_rss_kib) VALUES ($D1 + 7200, 4242, 'slapuser0', 1, 1, 1, 1, 1);
	   DELETE FROM reported_day"
	run report --now "$NOW"
	assert_success
	assert_line "node-report: $OUT/2026-11-21.tar.gz holds other rows for this day; keeping it and writing $OUT/2026-11-21.1.tar.gz"
	assert_equal "$(sha256sum <"$OUT/2026-11-21.tar.gz")" "$sum"
	after=$(tar -xzOf "$OUT/2026-11-21.1.tar.gz" 2026-11-21/dump_user.csv | wc -l)
	[ "$after" -eq $((before + 1)) ]
}

@test "a run late into an archived day is refused: the day and its archive stay as published" {
	run report --now "$NOW"
	assert_success
	sum=$(sha256sum <"$OUT/2026-11-21.tar.gz")
	rows=$(q "SELECT count(*) FROM user WHERE date = '2026-11-21'")
	days=$(q "SELECT group_concat(day) FROM reported_day")
	run collect_fixture basic-t1 "$((D1 + 7200))"
	assert_failure 1
	assert_output --partial "(1795226400) is not after the last stored run"
	assert_equal "$(grep -c "^node-collect:" <<<"$output")" 1
	assert_equal "$(q "SELECT count(*) FROM user WHERE date = '2026-11-21'")" "$rows"
	assert_equal "$(q "SELECT group_concat(day) FROM reported_day")" "$days"
	assert_equal "$(q "SELECT DISTINCT reported FROM user WHERE date = '2026-11-21'")" 1
	run report --now "$NOW"
	assert_success
	assert_output ""
	assert_equal "$(sha256sum <"$OUT/2026-11-21.tar.gz")" "$sum"
	[ ! -e "$OUT/2026-11-21.1.tar.gz" ]
}
