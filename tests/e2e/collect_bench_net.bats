#!/usr/bin/env bats
# node-collect's network benchmark against a slapmonitor on loopback, and
# against peers that cannot serve it.

load helpers

setup() {
	setup_tmp
	SM_PID=
	mkdir -p "$TMP/server-log"
	ROOT="$TMP/server-log"
}

teardown() {
	sm_stop
	teardown_tmp
}

peer_conf() {
	printf '[collect]\nbenchmark_peer = %s\n' "$1" >"$TMP/nm.conf"
}

@test "net_up and net_down are measured against a slapmonitor on loopback" {
	sm_start
	peer_conf "$SM_URL"
	run "$BIN/node-collect" --db "$DB" --now "$T0" --benchmark --config "$TMP/nm.conf"
	assert_success
	assert_line --regexp '^benchmark net_up [0-9.]+ MiB/s in [0-9]+ ms$'
	assert_line --regexp '^benchmark net_down [0-9.]+ MiB/s in [0-9]+ ms$'
	run q "SELECT part, unit FROM benchmark WHERE part LIKE 'net_%' AND score > 1
		AND elapsed_ms BETWEEN 1 AND 5000 ORDER BY part"
	assert_output "net_down|MiB/s
net_up|MiB/s"
	# The peer logged no refusal.
	run ! grep -q 'benchmark' "$SM_LOG"
}

@test "without a peer the network parts are skipped, without a word" {
	run "$BIN/node-collect" --db "$DB" --now "$T0" --benchmark
	assert_success
	refute_output --partial net_
	assert_equal "$(q "SELECT count(*) FROM benchmark WHERE part LIKE 'net_%'")" 0
}

@test "an unreachable peer is one line naming it and why; the other parts are stored" {
	peer_conf "http://127.0.0.1:1/0123456789abcdef/"
	run "$BIN/node-collect" --db "$DB" --now "$T0" --benchmark --config "$TMP/nm.conf"
	assert_failure 3
	assert_line "node-collect: benchmark_peer http://127.0.0.1:1/<secret>/benchmark: Couldn't connect to server"
	run grep -c '^node-collect:' <<<"$output"
	assert_output 1
	assert_equal "$(q "SELECT count(*) FROM benchmark")" 4
}

@test "a peer without the benchmark (a wrong secret) is its HTTP status" {
	sm_start
	peer_conf "$SM_BASE/$(printf '0%.0s' $(seq 64))/"
	run "$BIN/node-collect" --db "$DB" --now "$T0" --benchmark --config "$TMP/nm.conf"
	assert_failure 3
	assert_line --regexp '^node-collect: benchmark_peer http://127\.0\.0\.1:[0-9]+/<secret>/benchmark: HTTP status 40[45]$'
	assert_equal "$(q "SELECT count(*) FROM benchmark WHERE part LIKE 'net_%'")" 0
}

@test "node-collect does not link libcurl: the network part loads it when it runs" {
	run ldd "$BIN/node-collect"
	assert_success
	refute_output --partial "libcurl"
	run ldd "$BIN/node-collect"
	assert_output --partial "libsqlite3"
}
