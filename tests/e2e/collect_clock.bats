#!/usr/bin/env bats
# node-collect's clocks: intervals from CLOCK_BOOTTIME (driven through
# NODE_COLLECT_BOOTTIME), boots told apart by boot_id, and runs that are not
# after the last one refused.

load helpers

setup() {
	setup_tmp
}

teardown() {
	teardown_tmp
}

# variant NAME: a copy of basic-t1 in $TMP/NAME, for a test to change.
variant() {
	cp -a "$FIXTURES/proc/basic-t1" "$TMP/$1"
}

rates_at() {
	q "SELECT pid, ifnull(printf('%.2f', cpu_percent), '-') FROM user WHERE ts = $1 ORDER BY pid"
}

@test "intervals come from the monotonic clock: 60 s of wall clock but 50 s of boottime give the 50 s rate" {
	NODE_COLLECT_BOOTTIME=10000.0 run collect_fixture basic-t0 "$T0"
	assert_success
	NODE_COLLECT_BOOTTIME=10050.0 run collect_fixture basic-t1 "$((T0 + 60))"
	assert_success
	# 100: 30 s of CPU in 50 s; 101: 120 s; 102: 0.3 s; 150 was born at
	# 10030 s after boot and used 15 s in its 20 s of life.
	run rates_at "$((T0 + 60))"
	assert_output "100|60.00
101|240.00
102|0.60
103|0.00
150|75.00"
	# The system's share counts ticks, whatever the interval.
	assert_equal "$(q "SELECT cpu_percent FROM system WHERE ts = $((T0 + 60))")" "50.0"
	run q "SELECT ts - $T0, boottime_ns, boot_id FROM run ORDER BY ts"
	assert_output "0|10000000000000|5f0c8a6e-2d1b-4c3a-9e7f-1a2b3c4d5e6f
60|10050000000000|5f0c8a6e-2d1b-4c3a-9e7f-1a2b3c4d5e6f"
	assert_equal "$(q "SELECT start_ticks FROM user WHERE pid = 150")" 1003000
}

@test "a fraction of a second of boottime counts" {
	NODE_COLLECT_BOOTTIME=10000.25 run collect_fixture basic-t0 "$T0"
	assert_success
	NODE_COLLECT_BOOTTIME=10040.250000001 run collect_fixture basic-t1 "$((T0 + 60))"
	assert_success
	assert_equal "$(q "SELECT printf('%.2f', cpu_percent) FROM user WHERE pid = 100 AND ts > $T0")" 75.00
	assert_equal "$(q "SELECT max(boottime_ns) FROM run")" 10040250000001
}

@test "NODE_COLLECT_BOOTTIME wants seconds: a bad value is a usage error" {
	NODE_COLLECT_BOOTTIME=-5 run "$BIN/node-collect" --db "$DB"
	assert_failure 2
	assert_output "node-collect: NODE_COLLECT_BOOTTIME wants seconds since boot, not '-5'"
	NODE_COLLECT_BOOTTIME=12.5s run "$BIN/node-collect" --db "$DB"
	assert_failure 2
	[ ! -e "$DB" ]
}

@test "a reboot (another boot_id) starts a new baseline: no rates across it" {
	variant rebooted
	echo 0d7d5b7e-9a57-4c43-8b1a-3f1e2d3c4b5a >"$TMP/rebooted/sys/kernel/random/boot_id"
	run collect_fixture basic-t0 "$T0"
	assert_success
	NODE_COLLECT_BOOTTIME=10060 run collect_in "$TMP/rebooted" --db "$DB" --now "$((T0 + 60))"
	assert_success
	assert_equal "$(q "SELECT count(*) FROM user WHERE ts > $T0")" 5
	assert_equal "$(q "SELECT count(cpu_percent) FROM user WHERE ts > $T0")" 0
	assert_equal "$(q "SELECT cpu_percent IS NULL FROM system WHERE ts > $T0")" 1
	assert_equal "$(q "SELECT count(DISTINCT boot_id) FROM run")" 2
}

@test "btime 1 s later with the same boot_id is the same boot: rates still computed" {
	variant stepped
	sed -i 's/^btime 1795126400$/btime 1795126401/' "$TMP/stepped/stat"
	run collect_fixture basic-t0 "$T0"
	assert_success
	NODE_COLLECT_BOOTTIME=10060 run collect_in "$TMP/stepped" --db "$DB" --now "$((T0 + 60))"
	assert_success
	assert_equal "$(q "SELECT boot_time FROM system WHERE ts > $T0")" 1795126401
	run rates_at "$((T0 + 60))"
	assert_output "100|50.00
101|200.00
102|0.50
103|0.00
150|50.00"
	assert_equal "$(q "SELECT cpu_percent FROM system WHERE ts > $T0")" "50.0"
}

# no_boot_id_runs BOOTTIME [CPU]: basic-t0 at T0 and 10000 s of boottime,
# then basic-t1 at T0 + 60 and BOOTTIME (its cpu line made CPU if given),
# both without a boot_id.
no_boot_id_runs() {
	cp -a "$FIXTURES/proc/basic-t0" "$TMP/t0"
	variant t1
	rm "$TMP/t0/sys/kernel/random/boot_id" "$TMP/t1/sys/kernel/random/boot_id"
	[ -z "${2:-}" ] || sed -i "s/^cpu  .*/cpu  $2/" "$TMP/t1/stat"
	NODE_COLLECT_BOOTTIME=10000 run collect_in "$TMP/t0" --db "$DB" --now "$T0"
	assert_success
	NODE_COLLECT_BOOTTIME=$1 run collect_in "$TMP/t1" --db "$DB" --now "$((T0 + 60))"
	assert_success
}

@test "without a boot_id, counters that go on are one boot" {
	no_boot_id_runs 10060
	assert_equal "$(q "SELECT printf('%.2f', cpu_percent) FROM user WHERE pid = 100 AND ts > $T0")" 50.00
	assert_equal "$(q "SELECT cpu_percent FROM system WHERE ts > $T0")" "50.0"
	assert_equal "$(q "SELECT count(*) FROM run WHERE boot_id IS NULL")" 2
}

@test "without a boot_id, CPU counters that went down are a reboot: no rates" {
	no_boot_id_runs 10060 "100 0 50 800 10 0 0 0 0 0"
	assert_equal "$(q "SELECT count(cpu_percent) FROM user WHERE ts > $T0")" 0
	assert_equal "$(q "SELECT cpu_percent IS NULL FROM system WHERE ts > $T0")" 1
}

@test "without a boot_id, a monotonic clock that went back is a reboot: no rates" {
	no_boot_id_runs 30
	assert_equal "$(q "SELECT count(cpu_percent) FROM user WHERE ts > $T0")" 0
	assert_equal "$(q "SELECT cpu_percent IS NULL FROM system WHERE ts > $T0")" 1
}

@test "a run before the last one stores nothing, mixes nothing and measures nothing" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	run collect_fixture basic-t1 "$((T0 + 60))"
	assert_success
	before=$(q "SELECT * FROM user ORDER BY ts, pid")
	run collect_fixture basic-t0 "$((T0 + 30))"
	assert_failure 1
	assert_line "node-collect: the run at 2026-11-20 01:00:30 UTC (1795136430) is not after the last stored run at 2026-11-20 01:01:00 UTC (1795136460): the clock went back, or two runs in one second; nothing stored"
	assert_equal "$(grep -c "^node-collect:" <<<"$output")" 1
	assert_equal "$(q "SELECT * FROM user ORDER BY ts, pid")" "$before"
	assert_equal "$(q "SELECT count(*) FROM run")" 2
	assert_equal "$(q "SELECT count(*) FROM system")" 2
	assert_equal "$(q "SELECT count(*) FROM disk")" 2
	# The next run is measured against the last stored one, not the refused.
	run collect_fixture basic-t1 "$((T0 + 120))"
	assert_success
	run rates_at "$((T0 + 120))"
	assert_output "100|0.00
101|0.00
102|0.00
103|0.00
150|0.00"
}

@test "--interval advances a driven monotonic clock with the interval, as --now" {
	NODE_COLLECT_BOOTTIME=10000.5 interval_runs
	run q "SELECT ts - $T0, boottime_ns FROM run ORDER BY ts LIMIT 2"
	assert_output "0|10000500000000
1|10001500000000"
}
