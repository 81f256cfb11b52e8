#!/usr/bin/env bats
# node-report's plot files brought up to date run by run: the same bytes as
# a rebuild from scratch, whatever was done to them in between.

load helpers

D=1795219200 # 2026-11-21 00:00:00 UTC, "today"

setup() {
	setup_tmp
	OUT="$TMP/out"
	v1_db
	"$BIN/node-report" --db "$DB" --out "$TMP/init" --now "$D" # migrates
	rm -rf "$TMP/init"
	# Yesterday's last run: the baseline of the day's first increments.
	fill_run -1
}

teardown() {
	teardown_tmp
}

# fill_run K [PROCS]: the rows node-collect stores for the run of minute K
# of the day: PROCS processes (default 24) in partitions that come and go,
# a disk that comes and goes, a net counter that goes back at minute 40,
# and the run's clock (a reboot at minute 50).
fill_run() {
	local k=$1 n=${2:-24} ts=$((D + $1 * 60))
	q "INSERT INTO run VALUES ($ts, $(( (k + 100) * 60000000000 + (k % 7) * 300000000 )),
	     CASE WHEN $k < 50 THEN 'boot-a' ELSE 'boot-b' END);
	   INSERT INTO system_sample (ts, boot_time, loadavg, cpu_percent, cpu_busy_ticks,
	     cpu_total_ticks, memory_used, memory_free, swap_used, net_in_bytes, net_in_errors,
	     net_in_dropped, net_out_bytes, net_out_errors, net_out_dropped)
	   VALUES ($ts, CASE WHEN $k < 50 THEN $D - 9000 ELSE $D + 2900 END, ($k % 9) / 4.0,
	     CASE WHEN $k % 5 = 0 THEN NULL ELSE $k % 100 END, $k * 60, $k * 120,
	     1000000 + $k * 4096, 9000000 - $k * 512, 0,
	     CASE WHEN $k < 40 THEN $k * 70000 ELSE ($k - 40) * 1000 END, $k / 10, 0,
	     $k * 3000, 0, $k % 3);
	   INSERT INTO disk_sample (ts, partition, mountpoint, used, free)
	   SELECT $ts, '/dev/sda1', '/', 5000000 + $k * 1024, 9000000 - $k * 1024
	   UNION ALL SELECT $ts, '/dev/sdb1', '/srv', 77 * 1024, 88 * 1024
	   WHERE $k BETWEEN 20 AND 45;
	   WITH RECURSIVE p(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM p WHERE j < $n - 1)
	   INSERT INTO user_sample (ts, pid, partition, start_time, start_ticks, cpu_time_cs,
	     cpu_num_threads, memory_ppm, memory_rss_kib, io_rw_counter)
	   SELECT $ts, 1000 + j, 'slapuser' || (j % 5), $D - 600 + j % 3 * ($k / 10) * 60,
	     (j % 3) * ($k / 10) * 6000 + j, 100 * j + $k * (j % 7) * 9, 1, 10, 100 + j + $k,
	     CASE WHEN j % 4 = 0 THEN NULL ELSE $k * 512 * j END
	   FROM p WHERE NOT (j % 5 = 3 AND $k >= 30) AND NOT (j % 5 = 4 AND $k < 15)"
}

@test "run by run, the plot files are byte-identical to a rebuild over a day of many runs" {
	for k in $(seq 0 70); do
		fill_run "$k"
		# Most minutes report; some are skipped, so that one update covers
		# several runs.
		if [ $((k % 6)) -eq 5 ]; then
			continue
		fi
		run report --now "$((D + k * 60 + 30))"
		assert_success
		assert_output ""
	done
	run report --now "$((D + 70 * 60 + 30))"
	assert_success
	run rebuild "$((D + 70 * 60 + 30))"
	assert_success
	assert_equal "$(plots "$OUT")" "$(plots "$TMP/full")"
	# The disk and the partition gone today keep their files; the day's
	# first row of a partition has its increments from yesterday's run.
	[ -s "$OUT/system_disk_memory_used__dev_sdb1.csv" ]
	[ -s "$OUT/partition_slapuser3_cpu_percent.csv" ]
	[ "$(sed -n 2p "$OUT/partition_slapuser0_cpu_percent.csv" | cut -c1-19)" = "2026-11-21 00:00:00" ]
}

@test "an update appends: files are not rewritten, and a rerun touches nothing" {
	for k in 0 1 2; do
		fill_run "$k"
		run report --now "$((D + k * 60 + 30))"
		assert_success
	done
	ino=$(stat -c %i "$OUT/system_loadavg.csv" "$OUT/partition_slapuser1_memory_rss.csv")
	fill_run 3
	run report --now "$((D + 3 * 60 + 30))"
	assert_success
	assert_equal "$(stat -c %i "$OUT/system_loadavg.csv" "$OUT/partition_slapuser1_memory_rss.csv")" "$ino"
	assert_equal "$(wc -l <"$OUT/system_loadavg.csv")" 5
	sums=$(plots "$OUT")
	state=$(stat -c %i "$OUT/.plots.state")
	run report --now "$((D + 3 * 60 + 40))"
	assert_success
	assert_equal "$(plots "$OUT")" "$sums"
	assert_equal "$(stat -c %i "$OUT/.plots.state")" "$state"
}

@test "a file truncated or appended to by hand, or a lost record, is rebuilt whole" {
	for k in $(seq 0 12); do
		fill_run "$k"
		run report --now "$((D + k * 60 + 30))"
		assert_success
	done
	now=$((D + 12 * 60 + 30))
	run rebuild "$now"
	assert_success
	truncate -s 100 "$OUT/system_loadavg.csv"
	echo "2026-11-21 00:00:00,999" >>"$OUT/partition_slapuser2_cpu_percent.csv"
	: >"$OUT/system_disk_memory_free__dev_sda1.csv"
	# A file replaced by another of the same size (a rebuild renamed into
	# place by a run killed before it wrote the record) is a new inode.
	f="$OUT/partition_slapuser1_memory_rss.csv"
	tr 0-9 1-90 <"$f" >"$TMP/same-size"
	[ "$(stat -c %s "$TMP/same-size")" = "$(stat -c %s "$f")" ]
	mv "$TMP/same-size" "$f"
	run report --now "$now"
	assert_success
	assert_equal "$(plots "$OUT")" "$(plots "$TMP/full")"
	# Without the record, every file is rebuilt, then appended to again.
	echo "garbage" >>"$OUT/system_memory_used.csv"
	rm "$OUT/.plots.state"
	run report --now "$now"
	assert_success
	assert_equal "$(plots "$OUT")" "$(plots "$TMP/full")"
	fill_run 13
	run report --now "$((now + 60))"
	assert_success
	run rebuild "$((now + 60))"
	assert_success
	assert_equal "$(plots "$OUT")" "$(plots "$TMP/full")"
}

@test "a new UTC day starts every file anew and removes the gone partitions' files" {
	for k in 0 1 2 1438 1439; do
		fill_run "$k"
		run report --now "$((D + k * 60 + 30))"
		assert_success
	done
	D=$((D + DAY))
	fill_run 0
	run report --now "$((D + 30))"
	assert_success
	run rebuild "$((D + 30))"
	assert_success
	assert_equal "$(plots "$OUT")" "$(plots "$TMP/full")"
	assert_equal "$(wc -l <"$OUT/system_loadavg.csv")" 2
	[ ! -e "$OUT/system_disk_memory_used__dev_sdb1.csv" ]
}

@test "killed at random points, a rerun leaves plot files byte-identical to a rebuild" {
	for k in $(seq 0 30); do
		fill_run "$k" 600
	done
	run report --now "$((D + 30 * 60 + 30))"
	assert_success
	for k in $(seq 31 42); do
		fill_run "$k" 600
		# Every third round loses the record, so that the kill can fall in
		# a rebuild as well as in an update.
		if [ $((k % 3)) -eq 0 ]; then
			rm -f "$OUT/.plots.state"
		fi
		"$BIN/node-report" --db "$DB" --out "$OUT" --now "$((D + k * 60 + 30))" 2>/dev/null &
		pid=$!
		sleep "$(printf '0.%03d' $((RANDOM % 60)))"
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" || true
		run report --now "$((D + k * 60 + 30))"
		assert_success
		run rebuild "$((D + k * 60 + 30))"
		assert_success
		assert_equal "$(plots "$OUT")" "$(plots "$TMP/full")"
		run ls -A "$OUT"
		refute_output --partial ".nm-tmp."
	done
}
