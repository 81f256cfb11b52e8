#!/usr/bin/env bats
# node-collect's machine benchmark: --benchmark, the daily hour, the parts'
# deadline, and the network parts against a slapmonitor on loopback.

load helpers

setup() {
	setup_tmp
	SM_PID=
}

teardown() {
	sm_stop
	teardown_tmp
}

# conf KEY=VALUE...: a configuration file with those [collect] keys.
conf() {
	printf '[collect]\n' >"$TMP/nm.conf"
	printf '%s\n' "$@" >>"$TMP/nm.conf"
}

@test "--benchmark stores a plausible score for cpu, sqlite and disk, and no snapshot" {
	run "$BIN/node-collect" --db "$DB" --now "$T0" --benchmark
	assert_success
	assert_line --regexp '^benchmark cpu [0-9.]+ Mop/s in [0-9]+ ms$'
	run q "SELECT part, unit FROM benchmark WHERE ts = $T0 ORDER BY part"
	assert_output "cpu|Mop/s
disk_read|MiB/s
disk_write|MiB/s
sqlite|rows/s"
	# Plausible on any machine this runs on, a sanitizer build included.
	assert_equal "$(q "SELECT count(*) FROM benchmark WHERE part = 'cpu' AND score > 10")" 1
	assert_equal "$(q "SELECT count(*) FROM benchmark WHERE part = 'sqlite' AND score > 1000")" 1
	assert_equal "$(q "SELECT count(*) FROM benchmark WHERE part LIKE 'disk_%' AND score > 1")" 2
	assert_equal "$(q "SELECT count(*) FROM benchmark WHERE elapsed_ms > 0")" 4
	assert_equal "$(q "SELECT count(*) FROM run")" 0
	# The temporary database and file are gone.
	run ls -A "$TMP"
	assert_output "collector.db
collector.db.lock"
}

@test "each part stops at its deadline, with its real elapsed time and a score" {
	NODE_COLLECT_BENCHMARK_MS=30 run "$BIN/node-collect" --db "$DB" --now "$T0" --benchmark
	assert_success
	# 30 ms, plus a generous margin for a disk's fsync and a loaded machine.
	assert_equal "$(q "SELECT count(*) FROM benchmark WHERE elapsed_ms <= 1500 AND score > 0")" 4
	# The CPU's fixed work takes longer than 30 ms here, so it was cut.
	assert_equal "$(q "SELECT count(*) FROM benchmark WHERE part = 'cpu' AND elapsed_ms < 200")" 1
}

@test "a second benchmark in the same second is refused, the first kept" {
	run "$BIN/node-collect" --db "$DB" --now "$T0" --benchmark
	assert_success
	before=$(q "SELECT score FROM benchmark WHERE part = 'cpu'")
	run "$BIN/node-collect" --db "$DB" --now "$T0" --benchmark
	assert_failure 1
	assert_line --partial "a benchmark at $T0 is stored already"
	assert_equal "$(q "SELECT score FROM benchmark WHERE part = 'cpu'")" "$before"
}

@test "the daily benchmark runs at the first run from benchmark_hour on a day without one" {
	conf benchmark_hour=3
	day=$((T0 / DAY * DAY))
	run collect_fixture basic-t0 $((day + 3 * 3600 - 60)) --config "$TMP/nm.conf"
	assert_success
	assert_equal "$(q "SELECT count(*) FROM benchmark")" 0
	run collect_fixture basic-t1 $((day + 3 * 3600)) --config "$TMP/nm.conf"
	assert_success
	assert_equal "$(q "SELECT count(DISTINCT ts) FROM benchmark")" 1
	assert_equal "$(q "SELECT DISTINCT time FROM benchmark")" 03:00:00
	# The snapshot of that run is stored too.
	assert_equal "$(q "SELECT count(*) FROM run WHERE ts = $((day + 3 * 3600))")" 1
	run collect_fixture basic-t0 $((day + 3 * 3600 + 60)) --config "$TMP/nm.conf"
	assert_success
	assert_equal "$(q "SELECT count(DISTINCT ts) FROM benchmark")" 1
	# The next day: not before the hour, then once.
	run collect_fixture basic-t1 $((day + DAY + 2 * 3600)) --config "$TMP/nm.conf"
	assert_equal "$(q "SELECT count(DISTINCT ts) FROM benchmark")" 1
	run collect_fixture basic-t0 $((day + DAY + 5 * 3600)) --config "$TMP/nm.conf"
	assert_success
	assert_equal "$(q "SELECT count(DISTINCT ts) FROM benchmark")" 2
}

@test "without benchmark_hour, or with off, no run benchmarks; a bad hour is refused" {
	run collect_fixture basic-t0 $((T0 + 20 * 3600))
	assert_success
	conf benchmark_hour=off
	run collect_fixture basic-t1 $((T0 + 21 * 3600)) --config "$TMP/nm.conf"
	assert_success
	assert_equal "$(q "SELECT count(*) FROM benchmark")" 0
	conf benchmark_hour=24
	run "$BIN/node-collect" --db "$DB" --config "$TMP/nm.conf"
	assert_failure 2
	assert_output "node-collect: benchmark_hour wants off or an hour 0 to 23 (UTC), not '24'"
}

@test "the metrics file carries the benchmark's scores" {
	run "$BIN/node-collect" --db "$DB" --now "$T0" --benchmark --prom-textfile "$TMP/m.prom"
	assert_success
	run grep -c '^node_monitor_benchmark_score{part="[a-z_]*",unit="[A-Za-z/]*"} [0-9.e+]*$' \
		"$TMP/m.prom"
	assert_output 4
	grep -q '^node_monitor_benchmark_elapsed_seconds{part="cpu",unit="Mop/s"} ' "$TMP/m.prom"
	grep -q "^node_monitor_benchmark_timestamp_seconds{part=\"sqlite\",unit=\"rows/s\"} $T0\$" \
		"$TMP/m.prom"
}

@test "node-report plots each part's recent scores and dumps them with their day" {
	for d in 0 1; do
		run "$BIN/node-collect" --db "$DB" --now $((T0 + d * DAY)) --benchmark
		assert_success
	done
	OUT="$TMP/out"
	mkdir "$OUT"
	run report --now $((T0 + 2 * DAY))
	assert_success
	for part in cpu sqlite disk_write disk_read; do
		run cat "$OUT/benchmark_$part.csv"
		assert_line --index 0 'time,entry'
		assert_line --index 1 --regexp '^2026-11-20 01:00:00,[0-9]+\.[0-9]$'
		assert_line --index 2 --regexp '^2026-11-21 01:00:00,[0-9]+\.[0-9]$'
	done
	refute [ -e "$OUT/benchmark_net_up.csv" ]
	mkdir "$TMP/x"
	tar -xzf "$OUT/2026-11-20.tar.gz" -C "$TMP/x"
	run cat "$TMP/x/2026-11-20/dump_benchmark.csv"
	assert_line --index 0 $'part,score,unit,elapsed_ms,date,time,reported\r'
	assert_line --index 1 --regexp '^cpu,[0-9.]+,Mop/s,[0-9]+,2026-11-20,01:00:00,1'
	assert_equal "${#lines[@]}" 5
}
