#!/usr/bin/env bats
# node-collect against fixture /proc trees (see tests/fixtures/README.md).

load helpers

setup() {
	setup_tmp
}

teardown() {
	teardown_tmp
}

two_runs() {
	run collect_fixture basic-t0 "$T0" "$@"
	assert_success
	run collect_fixture basic-t1 "$((T0 + 60))" "$@"
	assert_success
}

@test "first run stores every matching process with no CPU rate" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	run q "SELECT pid, partition, process, cpu_percent IS NULL, printf('%.2f', cpu_time),
	       cpu_num_threads, memory_rss, printf('%.4f', memory_percent) FROM user ORDER BY pid"
	assert_output "100|slapuser0|100-1795127400|1|50.00|1|10485760|0.1221
101|slapuser1|101-1795128400|1|100.00|4|20971520|0.2441
102|slapuser1|102-1795129400|1|1.00|1|1048576|0.0122
103|slapuser0|103-1795130400|1|0.00|1|524288|0.0061"
	run q "SELECT cpu_percent IS NULL FROM system"
	assert_output "1"
}

@test "CPU rates over 60 s are exact, and a newborn process is measured from its start" {
	two_runs
	run q "SELECT pid, printf('%.2f', cpu_percent) FROM user WHERE ts = $((T0 + 60)) ORDER BY pid"
	assert_output "100|50.00
101|200.00
102|0.50
103|0.00
150|50.00"
	run q "SELECT cpu_percent FROM system WHERE ts = $((T0 + 60))"
	assert_output "50.0"
}

@test "io counters: read+write bytes and syscr+syscw; a missing io file leaves only io NULL" {
	two_runs
	run q "SELECT pid, io_rw_counter, io_cycles_counter FROM user WHERE ts = $((T0 + 60))
	       ORDER BY pid"
	assert_output "100|24576|45
101|1000000|100
102|0|2
103||
150|0|7"
}

@test "kernel threads, unknown uids, a vanished pid and a truncated stat are left out" {
	run collect_fixture basic-t0 "$T0" --users '*'
	assert_success
	# 1 and 400 are root's, 100-103 partitions'; 2 is a kernel thread, 300
	# has no passwd entry, 104 vanished, 105's stat is cut short.
	run q "SELECT group_concat(pid) FROM (SELECT pid FROM user ORDER BY pid)"
	assert_output "1,100,101,102,103,400"
}

@test "command names are not stored unless the config asks; odd names are kept, control characters shown as '.'" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	run q "SELECT count(*) FROM user WHERE command IS NOT NULL"
	assert_output "0"
	printf '[collect]\nstore_command = true\n' >"$TMP/nm.conf"
	run collect_fixture basic-t1 "$((T0 + 60))" --config "$TMP/nm.conf"
	assert_success
	run q "SELECT command FROM user WHERE pid = 102 AND ts = $((T0 + 60))"
	assert_output "a b) (c.d"
	run q "SELECT command FROM user WHERE pid = 100 AND ts = $((T0 + 60))"
	assert_output "worker"
}

@test "system row: load, memory, swap and real interfaces summed without loopback or virtual ones" {
	two_runs
	run q "SELECT loadavg, memory_used, memory_free, swap_used, net_in_bytes, net_in_errors,
	       net_in_dropped, net_out_bytes, net_out_errors, net_out_dropped, boot_time, date, time
	       FROM system WHERE ts = $((T0 + 60))"
	assert_output "1.25|2147483648|6442450944|536870912|3600000|1|3|900000|3|4|1795126400|2026-11-20|01:01:00"
	# virbr0 and vnet3 are in /proc/net/dev but virtual in /sys: left out.
	run q "SELECT interface, in_bytes, out_bytes FROM net WHERE ts = $((T0 + 60)) ORDER BY 1"
	assert_output "ens3|2000000|100000
eth0|1600000|800000"
}

@test "computer row: cores, mean frequency, model, memory, its DMI type, disks and partition users" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	run q "SELECT cpu_num_core, cpu_frequency, cpu_type, memory_size, memory_type, partition_users
	       FROM computer"
	# DMI slot 0 is empty; slot 1 holds DDR4.
	assert_output "2|2050.0|Fixture CPU @ 2.00GHz|8589934592|DDR4|slapuser0,slapuser1,slapuser12"
	# As SlapOS: each mounted block device once, with its filesystem's size
	# in bytes (/ is the host's own root seen through the fixture mounts).
	size=$(stat -f -c '%b * %S' / | bc)
	assert_equal "$(q 'SELECT partition_list FROM computer')" "/dev/sda1=$size"
}

@test "default partition users: slapuser and digits only; the base name is configurable; --users overrides" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	# slapusertest0, slapuser and slapuser1b are left out.
	assert_equal "$(q 'SELECT partition_users FROM computer')" "slapuser0,slapuser1,slapuser12"
	printf '[collect]\npartition_base = slapusertest\n' >"$TMP/nm.conf"
	run collect_fixture basic-t1 "$((T0 + 60))" --config "$TMP/nm.conf"
	assert_success
	assert_equal "$(q "SELECT partition_users FROM computer WHERE ts > $T0")" "slapusertest0"
	run collect_fixture basic-t1 "$((T0 + 120))" --config "$TMP/nm.conf" --users 'slapuser*'
	assert_success
	assert_equal "$(q "SELECT partition_users FROM computer WHERE ts > $T0 + 60")" \
		"slapuser,slapuser0,slapuser1,slapuser12,slapusertest0"
	printf '[collect]\npartition_base = slap*\n' >"$TMP/bad.conf"
	run collect_fixture basic-t1 "$((T0 + 180))" --config "$TMP/bad.conf"
	assert_failure 2
	assert_line "node-collect: partition_base: bad character '*' in partition base name 'slap*'"
}

@test "disk rows: one per block device, with diskstats counters in bytes" {
	two_runs
	run q "SELECT partition, mountpoint, read_bytes, write_bytes, io_time_ms, used > 0, free > 0
	       FROM disk WHERE ts = $((T0 + 60))"
	assert_output "/dev/sda1|/|1536000|3072000|500|1|1"
}

@test "every row of a run shares one UTC timestamp and starts unreported" {
	two_runs
	run q "SELECT count(DISTINCT ts) FROM (SELECT ts FROM user UNION ALL SELECT ts FROM system
	       UNION ALL SELECT ts FROM disk UNION ALL SELECT ts FROM computer UNION ALL
	       SELECT ts FROM net)"
	assert_output "2"
	run q "SELECT sum(reported) FROM (SELECT reported FROM user UNION ALL SELECT reported FROM system)"
	assert_output "0"
}

@test "time zone of the machine does not change dates" {
	TZ=Pacific/Kiritimati run collect_fixture basic-t0 "$T0"
	assert_success
	run q "SELECT DISTINCT date || ' ' || time FROM user"
	assert_output "2026-11-20 01:00:00"
}

@test "a scope that fails is named, exit 3, and the others are stored" {
	cp -a "$FIXTURES/proc/basic-t0" "$TMP/tree"
	rm "$TMP/tree/net/dev"
	run collect_in "$TMP/tree" --db "$DB" --now "$T0"
	assert_failure 3
	assert_output --partial "scope system failed"
	run q "SELECT (SELECT count(*) FROM user), (SELECT count(*) FROM system)"
	assert_output "4|0"
}

@test "nothing readable: exit 1 and nothing stored" {
	mkdir "$TMP/empty"
	run collect_in "$TMP/empty" --db "$DB" --now "$T0"
	assert_failure 1
	assert_output --partial "nothing stored"
	run q "SELECT (SELECT count(*) FROM user) + (SELECT count(*) FROM system) +
	       (SELECT count(*) FROM disk) + (SELECT count(*) FROM computer)"
	assert_output "0"
}
