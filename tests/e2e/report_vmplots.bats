#!/usr/bin/env bats
# node-report over the virtual machine tables: the per-VM plot files, with
# values worked out by hand, appended run by run to the same bytes as a
# rebuild; the VM and alert dumps, and their retention.

load helpers

D=1795219200 # 2026-11-21 00:00:00 UTC, "today"
UA=a1b2c3d4-0000-4000-8000-00000000000a
UB=a1b2c3d4-0000-4000-8000-00000000000b
UC=a1b2c3d4-0000-4000-8000-00000000000c

setup() {
	setup_tmp
	OUT="$TMP/out"
	v1_db
	"$BIN/node-report" --db "$DB" --out "$TMP/init" --now "$D" # migrates
	rm -rf "$TMP/init"
}

teardown() {
	teardown_tmp
}

# fill_vm K: the VM rows node-collect stores for the run of minute K of
# the day (negative: yesterday's).
# - "web" (uuid UA): CPU 10 + K % of its vCPUs (NULL at minute 0, no
#   rate yet); memory 4 GiB, the balloon's actual 4 GiB and unused
#   1 GiB + K KiB, not reported at minutes 3, 13, ...; two interfaces:
#   vnet0 receives 60000 bytes a minute and goes back at minute 4 (to
#   1000), vnet1 6000 a minute; sent 120 and 1200 a minute; one disk
#   reading 61440 bytes a minute (1024/s) and writing twice as much.
#   vnet1 is missing at minute 10; at minute 11 its previous sample is
#   not of the previous run, and it is a new baseline.
# - "db/x" (uuid UB): shut off, memory 1 GiB, no interface nor disk;
#   only before minute 6.
# - another "web" (uuid UC, a higher key) at minute 2 only, with 1 KiB of
#   memory: the files show the first one's row.
fill_vm() {
	local k=$1 ts=$((D + $1 * 60))
	q "INSERT OR IGNORE INTO vm_domain VALUES (1, '$UA'), (2, '$UB');
	   INSERT INTO vm_sample (ts, vm, name, domain_id, state, state_reason, vcpus, vcpus_max,
	     cpu_time_ns, cpu_centipercent, host_cpu_centipercent, memory_kib, memory_max_kib,
	     balloon_actual_kib, balloon_unused_kib, qemu_pid, qemu_cpu_time_cs)
	   VALUES ($ts, 1, 'web', 3, 1, 1, 2, 4, ($k + 100) * 7200000000,
	     CASE WHEN $k = 0 THEN NULL ELSE 1000 + $k * 100 END, 125, 4194304, 8388608,
	     CASE WHEN $k % 10 = 3 THEN NULL ELSE 4194304 END,
	     CASE WHEN $k % 10 = 3 THEN NULL ELSE 1048576 + $k END, 4242, 12345);
	   INSERT INTO vm_sample (ts, vm, name, state, state_reason, memory_kib)
	   SELECT $ts, 2, 'db/x', 5, 1, 1048576 WHERE $k < 6;
	   INSERT OR IGNORE INTO vm_domain SELECT 3, '$UC' WHERE $k = 2;
	   INSERT INTO vm_sample (ts, vm, name, state, state_reason, memory_kib)
	   SELECT $ts, 3, 'web', 5, 1, 1 WHERE $k = 2;
	   INSERT INTO vm_net_sample (ts, vm, device, rx_bytes, tx_bytes)
	   VALUES ($ts, 1, 'vnet0',
	     CASE WHEN $k >= 0 AND $k < 4 THEN $k * 60000 ELSE ($k - 4) * 60000 + 1000 END,
	     $k * 120 + 99999),
	     ($ts, 1, 'vnet1', $k * 6000 + 99999, $k * 1200 + 99999);
	   DELETE FROM vm_net_sample WHERE ts = $ts AND device = 'vnet1' AND $k = 10;
	   INSERT INTO vm_disk_sample (ts, vm, target, source, rd_bytes, wr_bytes)
	   VALUES ($ts, 1, 'vda', '/var/lib/libvirt/images/web,1.qcow2', $k * 61440 + 99999,
	     $k * 122880 + 99999)"
}

@test "each VM's plot files hold its CPU, memory used and summed rates, by hand" {
	# Minute 7 has no run: minute 8's rates are over 120 s.
	for k in 0 1 2 3 4 5 6 8; do
		fill_vm "$k"
	done
	run report --now "$((D + 9 * 60))"
	assert_success
	assert_output ""
	# CPU: 10 + K %; none at minute 0 (NULL).
	assert_equal "$(cat "$OUT/vm_web_cpu_percent.csv")" "time,entry
2026-11-21 00:01:00,11
2026-11-21 00:02:00,12
2026-11-21 00:03:00,13
2026-11-21 00:04:00,14
2026-11-21 00:05:00,15
2026-11-21 00:06:00,16
2026-11-21 00:08:00,18"
	# Memory used: 4194304 - (1048576 + K) KiB = 3145728 - K; at minute 3
	# no balloon figures: the memory, 4194304.
	assert_equal "$(cat "$OUT/vm_web_memory_used.csv")" "time,entry
2026-11-21 00:00:00,3145728
2026-11-21 00:01:00,3145727
2026-11-21 00:02:00,3145726
2026-11-21 00:03:00,4194304
2026-11-21 00:04:00,3145724
2026-11-21 00:05:00,3145723
2026-11-21 00:06:00,3145722
2026-11-21 00:08:00,3145720"
	# Received: (60000 + 6000) / 60 = 1100 bytes/s; at minute 4 vnet0 went
	# back and is a new baseline: 6000 / 60 = 100; minute 8: (120000 +
	# 12000) / 120 = 1100. None at minute 0 (no previous run).
	assert_equal "$(cat "$OUT/vm_web_net_in_bytes.csv")" "time,entry
2026-11-21 00:01:00,1100
2026-11-21 00:02:00,1100
2026-11-21 00:03:00,1100
2026-11-21 00:04:00,100
2026-11-21 00:05:00,1100
2026-11-21 00:06:00,1100
2026-11-21 00:08:00,1100"
	# Sent: (120 + 1200) / 60 = 22 bytes/s.
	assert_equal "$(sed -n '2p;$p' "$OUT/vm_web_net_out_bytes.csv")" "2026-11-21 00:01:00,22
2026-11-21 00:08:00,22"
	# Disk: 61440 / 60 = 1024 bytes/s read, 2048 written.
	assert_equal "$(sed -n '2p;$p' "$OUT/vm_web_disk_read_bytes.csv")" "2026-11-21 00:01:00,1024
2026-11-21 00:08:00,1024"
	assert_equal "$(sed -n '2p;$p' "$OUT/vm_web_disk_write_bytes.csv")" "2026-11-21 00:01:00,2048
2026-11-21 00:08:00,2048"
	assert_equal "$(wc -l <"$OUT/vm_web_disk_write_bytes.csv")" 8
	# The name as part of a file name: "db/x" gives db_x; shut off, no
	# interface, no disk: its memory only, the other files a header.
	assert_equal "$(cat "$OUT/vm_db_x_memory_used.csv")" "time,entry
2026-11-21 00:00:00,1048576
2026-11-21 00:01:00,1048576
2026-11-21 00:02:00,1048576
2026-11-21 00:03:00,1048576
2026-11-21 00:04:00,1048576
2026-11-21 00:05:00,1048576"
	assert_equal "$(cat "$OUT/vm_db_x_net_in_bytes.csv")" "time,entry"
	assert_equal "$(cat "$OUT/vm_db_x_cpu_percent.csv")" "time,entry"
}

@test "VM rates are over CLOCK_BOOTTIME between runs of one boot, else over ts" {
	fill_vm 0
	fill_vm 1
	# The two runs 50 s apart in CLOCK_BOOTTIME, 60 s in ts: received
	# (60000 + 6000) / 50 = 1320 bytes/s, read 61440 / 50 = 1228.8.
	q "INSERT INTO run VALUES ($D, 1000000000000, 'b'), ($D + 60, 1050000000000, 'b')"
	run report --now "$((D + 90))"
	assert_success
	assert_equal "$(sed -n 2p "$OUT/vm_web_net_in_bytes.csv")" "2026-11-21 00:01:00,1320"
	assert_equal "$(sed -n 2p "$OUT/vm_web_disk_read_bytes.csv")" "2026-11-21 00:01:00,1228.8"
	# Runs of two boots: their clocks cannot be compared, the ts can.
	q "UPDATE run SET boot_id = 'c' WHERE ts = $D + 60"
	rm -r "$OUT"
	run report --now "$((D + 90))"
	assert_success
	assert_equal "$(sed -n 2p "$OUT/vm_web_net_in_bytes.csv")" "2026-11-21 00:01:00,1100"
}

@test "run by run, the VM plot files are byte-identical to a rebuild" {
	for k in $(seq 0 25); do
		fill_vm "$k"
		# Some minutes are not reported, so that an update covers several
		# runs (one of them the counter going back at minute 4).
		if [ $((k % 4)) -eq 3 ]; then
			continue
		fi
		run report --now "$((D + k * 60 + 30))"
		assert_success
		assert_output ""
		run rebuild "$((D + k * 60 + 30))"
		assert_success
		assert_equal "$(plots "$OUT")" "$(plots "$TMP/full")"
	done
	# "db/x" went at minute 6 and keeps its files today.
	[ -s "$OUT/vm_db_x_memory_used.csv" ]
	assert_equal "$(wc -l <"$OUT/vm_web_cpu_percent.csv")" 26
	# Minute 10 without vnet1, minute 11 with vnet1 new again: vnet0's
	# 60000 / 60 = 1000 bytes/s only.
	assert_equal "$(grep -E '00:(09|10|11|12):00' "$OUT/vm_web_net_in_bytes.csv")" "2026-11-21 00:09:00,1100
2026-11-21 00:10:00,1000
2026-11-21 00:11:00,1000
2026-11-21 00:12:00,1100"
	# An update appends: the file is the same one.
	ino=$(stat -c %i "$OUT/vm_web_net_in_bytes.csv")
	fill_vm 26
	run report --now "$((D + 26 * 60 + 30))"
	assert_success
	assert_equal "$(stat -c %i "$OUT/vm_web_net_in_bytes.csv")" "$ino"
	assert_equal "$(tail -1 "$OUT/vm_web_net_in_bytes.csv")" "2026-11-21 00:26:00,1100"
}

@test "a VM file changed by hand is rebuilt, and a new day removes the gone VM's files" {
	for k in 0 1 2 3 4 5 6 7; do
		fill_vm "$k"
		run report --now "$((D + k * 60 + 30))"
		assert_success
	done
	echo "2026-11-21 00:00:00,999" >>"$OUT/vm_web_disk_read_bytes.csv"
	run report --now "$((D + 7 * 60 + 30))"
	assert_success
	run rebuild "$((D + 7 * 60 + 30))"
	assert_success
	assert_equal "$(plots "$OUT")" "$(plots "$TMP/full")"
	D=$((D + DAY))
	fill_vm 6
	fill_vm 7
	run report --now "$((D + 7 * 60 + 30))"
	assert_success
	[ -e "$OUT/vm_web_cpu_percent.csv" ]
	[ ! -e "$OUT/vm_db_x_memory_used.csv" ]
	[ ! -e "$OUT/vm_db_x_cpu_percent.csv" ]
	# The day is read from its start: its first run has no rates.
	assert_equal "$(cat "$OUT/vm_web_net_in_bytes.csv")" "time,entry
2026-11-22 00:07:00,1100"
}

# dump TABLE: the archived dump of 2026-11-20 ("yesterday").
dump() {
	tar -xzOf "$OUT/2026-11-20.tar.gz" "2026-11-20/dump_$1.csv" | tr -d '\r'
}

@test "the VM and alert tables are dumped, archived and expired like the others" {
	# Yesterday holds VM rows and an alert only: the day is pending all
	# the same.
	D=$((D - DAY))
	fill_vm 60
	fill_vm 61
	q "INSERT INTO vm_sample (ts, vm, name, state, state_reason) VALUES ($D + 3700, 2, 'db/x', 5, 1);
	   INSERT INTO alert (ts, subject, metric, state, value, threshold)
	   VALUES ($D + 3660, 'vm:web', 'cpu_percent', 'ALERT', 71.5, 70)"
	D=$((D + DAY))
	fill_vm 6
	run report --now "$((D + 6 * 60))"
	assert_success
	[ -s "$OUT/2026-11-20.tar.gz" ]
	assert_equal "$(dump vm | head -1)" "uuid,name,domain_id,state,state_reason,vcpus,vcpus_max,cpu_time_ns,cpu_user_ns,cpu_system_ns,cpu_percent,host_cpu_percent,memory_kib,memory_max_kib,balloon_actual_kib,balloon_available_kib,balloon_usable_kib,balloon_unused_kib,balloon_rss_kib,balloon_disk_caches_kib,balloon_minor_faults,balloon_major_faults,qemu_pid,qemu_cpu_time,qemu_rss_kib,qemu_io_rw_bytes,date,time,reported"
	# Minute 60 of yesterday: web's CPU 10 + 60 =
	# 70 %, of the host 1.25 %, cpu.time (60 + 100) * 7.2 s, unused
	# 1048576 + 60 KiB, qemu_cpu_time 123.45 s.
	assert_equal "$(dump vm | sed -n 2p)" "$UA,web,3,1,1,2,4,1152000000000,,,70.0,1.25,4194304,8388608,4194304,,,1048636,,,,,4242,123.45,,,2026-11-20,01:00:00,1"
	assert_equal "$(dump vm | sed -n 4p)" "$UB,db/x,,5,1,,,,,,,,,,,,,,,,,,,,,,2026-11-20,01:01:40,1"
	assert_equal "$(dump vm | wc -l)" 4
	assert_equal "$(dump vm_net)" "uuid,name,device,rx_bytes,rx_packets,rx_errors,rx_drops,tx_bytes,tx_packets,tx_errors,tx_drops,date,time,reported
$UA,web,vnet0,3361000,,,,107199,,,,2026-11-20,01:00:00,1
$UA,web,vnet1,459999,,,,171999,,,,2026-11-20,01:00:00,1
$UA,web,vnet0,3421000,,,,107319,,,,2026-11-20,01:01:00,1
$UA,web,vnet1,465999,,,,173199,,,,2026-11-20,01:01:00,1"
	assert_equal "$(dump vm_disk | sed -n '1p;2p')" "uuid,name,target,source,rd_reqs,rd_bytes,rd_times_ns,wr_reqs,wr_bytes,wr_times_ns,fl_reqs,fl_times_ns,capacity,allocation,physical,date,time,reported
$UA,web,vda,\"/var/lib/libvirt/images/web,1.qcow2\",,3786399,,,7472799,,,,,,,2026-11-20,01:00:00,1"
	assert_equal "$(dump alert)" "subject,metric,state,value,threshold,date,time,reported
vm:web,cpu_percent,ALERT,71.5,70.0,2026-11-20,01:01:00,1"
	# README.md lists the same columns.
	for t in vm vm_net vm_disk alert; do
		run grep -F "| \`dump_$t.csv\` |" "$TOP/README.md"
		assert_success
		assert_output --partial "$(dump "$t" | head -1 | sed 's/,/, /g')"
	done
	# Kept 0 days, yesterday's rows go, and with them the key of "db/x",
	# which has no sample left; web's stays.
	run report --now "$((D + 6 * 60))" --keep-days 0
	assert_success
	assert_equal "$(q "SELECT count(*) FROM vm_sample WHERE ts < $D")" 0
	assert_equal "$(q "SELECT count(*) FROM vm_net_sample WHERE ts < $D")" 0
	assert_equal "$(q "SELECT count(*) FROM vm_disk_sample WHERE ts < $D")" 0
	assert_equal "$(q "SELECT count(*) FROM alert")" 0
	assert_equal "$(q "SELECT uuid FROM vm_domain")" "$UA"
}
