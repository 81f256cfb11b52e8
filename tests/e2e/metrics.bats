#!/usr/bin/env bats
# /<secret>/metrics and node-collect --prom-textfile: the Prometheus text
# format of the latest stored samples.

load helpers
load fleet

setup() {
	setup_tmp
	sm_root
	collect_fixture basic-t0 "$T0"
	collect_fixture basic-t1 $((T0 + 60))
	# A VM whose name needs escaping in a label value.
	fleet_vm "$DB" $((T0 + 60)) 7 'we"ird\vm' 2 4294967296 0.375 0.0625 1000 2000
}

teardown() {
	sm_stop
	teardown_tmp
}

# has FILE LINE: FILE holds LINE exactly.
has() {
	grep -qxF -- "$2" "$1" || { echo "missing in $1: $2" >&2; return 1; }
}

# chosen FILE: the chosen series of the fixture run and the VM.
chosen() {
	has "$1" "node_monitor_last_run_timestamp_seconds $((T0 + 60))"
	has "$1" 'node_monitor_cpu_ratio 0.5'
	has "$1" 'node_monitor_memory_used_bytes 2147483648'
	has "$1" 'node_monitor_memory_size_bytes 8589934592'
	has "$1" 'node_monitor_cpu_cores 2'
	has "$1" 'node_monitor_network_transmit_bytes_total{interface="eth0"} 800000'
	has "$1" 'node_monitor_disk_io_time_seconds_total{device="/dev/sda1"} 0.5'
	# The filesystem's sizes are the machine's own (statvfs): integers.
	grep -qE '^node_monitor_filesystem_used_bytes\{device="/dev/sda1",mountpoint="/"\} [0-9]+$' "$1"
	has "$1" 'node_monitor_partition_processes{partition="slapuser0"} 3'
	local vm='vm="we\"ird\\vm",uuid="00000000-0000-4000-8000-000000000007"'
	has "$1" "node_monitor_vm_memory_bytes{$vm} 4294967296"
	has "$1" "node_monitor_vm_cpu_ratio{$vm} 0.375"
	has "$1" "node_monitor_vm_host_cpu_ratio{$vm} 0.0625"
	has "$1" "node_monitor_vm_network_transmit_bytes_total{$vm,interface=\"vnet7\"} 2000"
	has "$1" "node_monitor_vm_disk_capacity_bytes{$vm,device=\"vda\"} 10737418240"
	# HELP and TYPE once per family, and families without a sample left out.
	[ "$(grep -c '^# TYPE node_monitor_vm_cpu_ratio gauge$' "$1")" = 1 ]
	[ "$(grep -c '^# HELP node_monitor_network_receive_bytes_total ' "$1")" = 1 ]
	run ! grep -q 'node_monitor_alert_' "$1"
	# Each family's samples come together.
	[ -z "$(grep -v '^#' "$1" | cut -d' ' -f1 | sed 's/{.*//' | uniq | sort | uniq -d)" ]
	promtool check metrics <"$1"
}

@test "/metrics: the stored values, promtool-clean, with the text format's type" {
	sm_start --db "$DB"
	[ "$(get "${SM_URL}metrics" -D "$TMP/head")" = 200 ]
	grep -qix 'content-type: text/plain; version=0.0.4; charset=utf-8.' "$TMP/head"
	chosen "$TMP/body"
}

@test "--prom-textfile: the same metrics, written atomically; a failure exits 3 and keeps the run" {
	mkdir "$TMP/tf"
	collect_fixture basic-t1 $((T0 + 120)) --prom-textfile "$TMP/tf/node.prom"
	fleet_vm "$DB" $((T0 + 120)) 7 'we"ird\vm' 2 4294967296 0.375 0.0625 1000 2000
	collect_fixture basic-t1 $((T0 + 180)) --prom-textfile "$TMP/tf/node.prom"
	[ "$(ls -A "$TMP/tf")" = node.prom ]
	has "$TMP/tf/node.prom" "node_monitor_last_run_timestamp_seconds $((T0 + 180))"
	promtool check metrics <"$TMP/tf/node.prom"
	printf '[collect]\nprom_textfile = %s\n' "$TMP/none/node.prom" >"$TMP/c.conf"
	run -3 collect_fixture basic-t1 $((T0 + 240)) --config "$TMP/c.conf"
	assert_output --partial "--prom-textfile $TMP/none/node.prom: cannot write it; the run was stored"
	[ "$(q "SELECT max(ts) FROM run")" = $((T0 + 240)) ]
}

@test "/metrics wants the secret; a missing database is 503 with a line naming it" {
	sm_start --db "$TMP/missing.db"
	[ "$(get "$SM_BASE/metrics")" = 404 ]
	[ "$(get "$SM_BASE/$(printf '%064d' 0)/metrics")" = 404 ]
	[ "$(get "${SM_URL}metrics/")" = 404 ]
	[ "$(get "${SM_URL}metrics")" = 503 ]
	grep -q "GET /<secret>/metrics: 503, $TMP/missing.db: " "$SM_LOG"
}

@test "a foreign database is refused with one line" {
	sqlite3 "$TMP/foreign.db" 'CREATE TABLE t (x)'
	sm_start --db "$TMP/foreign.db"
	[ "$(get "${SM_URL}metrics")" = 503 ]
	grep -q "$TMP/foreign.db: not a node-monitor database" "$SM_LOG"
}

@test "the collector commits while a reader holds its read transaction, and the next scrape sees it" {
	sm_start --db "$DB"
	[ "$(get "${SM_URL}metrics")" = 200 ]
	mkfifo "$TMP/fifo"
	# A reader in the middle of a read transaction, as a scrape is.
	sqlite3 "$DB" <"$TMP/fifo" >"$TMP/reader" &
	local reader=$!
	exec 5>"$TMP/fifo"
	echo 'BEGIN; SELECT max(ts) FROM run;' >&5
	for _ in $(seq 50); do
		[ -s "$TMP/reader" ] && break
		sleep 0.1
	done
	[ "$(cat "$TMP/reader")" = $((T0 + 60)) ]
	collect_fixture basic-t1 $((T0 + 120))
	# The reader still sees its snapshot, then the new run once it ends.
	echo 'SELECT max(ts) FROM run; COMMIT; SELECT max(ts) FROM run;' >&5
	exec 5>&-
	wait "$reader"
	[ "$(sed -n 2p "$TMP/reader")" = $((T0 + 60)) ]
	[ "$(sed -n 3p "$TMP/reader")" = $((T0 + 120)) ]
	[ "$(get "${SM_URL}metrics")" = 200 ]
	has "$TMP/body" "node_monitor_last_run_timestamp_seconds $((T0 + 120))"
}

@test "/metrics under Landlock, as --user nobody: the collector's later runs are seen" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	chmod 755 "$TMP"
	sm_start --user nobody --db "$DB"
	grep -q 'Landlock is on' "$SM_LOG" || skip "this kernel has no Landlock"
	[ "$(get "${SM_URL}metrics")" = 200 ]
	chosen "$TMP/body"
	collect_fixture basic-t1 $((T0 + 120))
	[ "$(get "${SM_URL}metrics")" = 200 ]
	has "$TMP/body" "node_monitor_last_run_timestamp_seconds $((T0 + 120))"
	# The WAL files stay for the kept connection: the collector left them.
	[ -e "$DB-wal" ]
}
