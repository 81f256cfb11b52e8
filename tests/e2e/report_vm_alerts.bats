#!/usr/bin/env bats
# node-report's alerts (alerts.log, alerts.csv, the alert table) and
# hotspots, on a database filled with SQL at chosen instants, checked
# against figures computed by hand.

load helpers
load report_vm

# run_report NOW (under run): the normal run, with the thresholds of $TMP/nm.conf.
run_report() {
	"$BIN/node-report" --config "$TMP/nm.conf" --db "$DB" --out "$OUT" --now "$1"
}

alert_conf() {
	printf '[report]\nvm_cpu_percent = 50\nalert_samples = 2\nclear_samples = 2\n' >"$TMP/nm.conf"
	# web's CPU, one sample a minute from T0 + 60: 60 70 40 80 90 30 20 %.
	# Over 50 for two samples fires: 60, 70 -> ALERT at T0 + 120 (01:02), 70.
	# 40 alone does not clear; 80 90 hold; 30, 20 -> CLEAR at T0 + 420 (01:07), 20.
	local i=1
	for cpu in 6000 7000 4000 8000 9000 3000 2000; do
		vm $((T0 + 60 * i)) 1 web 1 "$cpu" 0 1048576
		i=$((i + 1))
	done
}

@test "an alert fires after alert_samples, holds, and clears after clear_samples" {
	alert_conf
	run run_report $((T0 + 60))
	assert_success
	assert_equal "$(q 'SELECT COUNT(*) FROM alert')" 0
	assert_equal "$(cat "$OUT/alerts.csv")" "since,subject,metric,value,threshold"
	run run_report $((T0 + 120))
	assert_success
	assert_equal "$(cat "$OUT/alerts.log")" \
		"2026-11-20T01:02:00Z ALERT vm:web cpu_percent=70 threshold=50"
	assert_equal "$(cat "$OUT/alerts.csv")" "$(printf '%s\n' \
		"since,subject,metric,value,threshold" "2026-11-20 01:02:00,vm:web,cpu_percent,70,50")"
	assert_equal "$(q 'SELECT ts, subject, metric, state, value, threshold FROM alert')" \
		"$((T0 + 120))|vm:web|cpu_percent|ALERT|70.0|50.0"
	# Held through 40 (one sample under), 80, 90 and 30 (one under).
	for at in 180 240 300 360; do
		run run_report $((T0 + at))
		assert_success
		assert_equal "$(wc -l <"$OUT/alerts.log")" 1
		assert_equal "$(wc -l <"$OUT/alerts.csv")" 2
	done
	run run_report $((T0 + 420))
	assert_success
	assert_equal "$(sed -n 2p "$OUT/alerts.log")" \
		"2026-11-20T01:07:00Z CLEAR vm:web cpu_percent=20 threshold=50"
	assert_equal "$(cat "$OUT/alerts.csv")" "since,subject,metric,value,threshold"
	assert_equal "$(q "SELECT ts || ' ' || state FROM alert ORDER BY ts" | tr '\n' ' ')" \
		"$((T0 + 120)) ALERT $((T0 + 420)) CLEAR "
	# Run again: the table is the state, nothing is repeated.
	run run_report $((T0 + 420))
	assert_success
	assert_equal "$(wc -l <"$OUT/alerts.log")" 2
	assert_equal "$(q 'SELECT COUNT(*) FROM alert')" 2
}

@test "one run after missed ones replays the samples since the last transition" {
	alert_conf
	run run_report $((T0 + 420))
	assert_success
	assert_equal "$(cat "$OUT/alerts.log")" "$(printf '%s\n' \
		"2026-11-20T01:02:00Z ALERT vm:web cpu_percent=70 threshold=50" \
		"2026-11-20T01:07:00Z CLEAR vm:web cpu_percent=20 threshold=50")"
}

@test "a VM that stops uses nothing: its alert clears" {
	alert_conf
	# Shut off at T0 + 480 (CPU unknown) and paused at T0 + 540 (with a figure
	# from before, 90 %): two samples at 0 %.
	vm $((T0 + 480)) 1 web 5 NULL 0 1048576
	vm $((T0 + 540)) 1 web 3 9000 0 1048576
	q "DELETE FROM vm_sample WHERE ts IN ($((T0 + 360)), $((T0 + 420)))"
	run run_report $((T0 + 540))
	assert_success
	assert_equal "$(sed -n 2p "$OUT/alerts.log")" \
		"2026-11-20T01:09:00Z CLEAR vm:web cpu_percent=0 threshold=50"
}

@test "with the default three samples, two over the threshold do not fire" {
	printf '[report]\nvm_cpu_percent = 50\n' >"$TMP/nm.conf"
	vm $((T0 + 60)) 1 web 1 6000 0 1048576
	vm $((T0 + 120)) 1 web 1 7000 0 1048576
	vm $((T0 + 180)) 1 web 1 4000 0 1048576
	run run_report $((T0 + 180))
	assert_success
	assert_equal "$(q 'SELECT COUNT(*) FROM alert')" 0
	[ ! -s "$OUT/alerts.log" ]
}

@test "host, file system and VM memory alerts, each on its own threshold" {
	printf '[report]\nalert_samples = 1\nhost_memory_percent = 20\nvm_memory_percent = 70\n%s\n' \
		'net_bytes_per_second = 3000000' >"$TMP/nm.conf"
	# Host network: 200000000 bytes more in 60 s = 3333333.33 B/s > 3000000.
	host $((T0 + 60)) 10
	q "UPDATE system_sample SET net_in_bytes = net_in_bytes + 200000000 WHERE ts = $((T0 + 60))"
	# Host memory at T0: 2 GiB used of 8 GiB = 25 % > 20.
	# /dev/sda1 at T0 + 60: 5 free of 100 = 5 % < 10 (the default).
	q "INSERT INTO disk_sample (ts, partition, mountpoint, used, free)
	   VALUES ($((T0 + 60)), '/dev/sda1', '/', 95, 5)"
	# The guest uses (1000 - 250) / 1000 = 75 % > 70 of its memory; db 50 %.
	vm $((T0 + 60)) 1 web 1 0 0 1048576 1000 250
	vm $((T0 + 60)) 2 db 1 0 0 1048576 1000 500
	run run_report $((T0 + 60))
	assert_success
	assert_equal "$(cat "$OUT/alerts.log")" "$(printf '%s\n' \
		"2026-11-20T01:01:00Z ALERT disk:/dev/sda1 free_percent=5 threshold=10" \
		"2026-11-20T01:00:00Z ALERT host memory_percent=25 threshold=20" \
		"2026-11-20T01:01:00Z ALERT host net_bytes_per_second=3333333.33 threshold=3000000" \
		"2026-11-20T01:01:00Z ALERT vm:web memory_percent=75 threshold=70")"
	assert_equal "$(cut -d, -f2,3 "$OUT/alerts.csv" | tr '\n' ' ')" \
		"subject,metric disk:/dev/sda1,free_percent host,memory_percent host,net_bytes_per_second vm:web,memory_percent "
	run cat "$OUT/alerts.csv"
	assert_line --index 3 "2026-11-20 01:01:00,host,net_bytes_per_second,3333333.33,3000000"
}

# Hotspot figures: host samples at T0 + 60 ... T0 + 300 with CPU 85 90 50
# 95 60 % (threshold 80: 3 of the last 5 over it, k = 3); memory 25 %.
hot_db() {
	printf '[report]\nhost_cpu_percent = 80\nhotspot_k = 3\nhotspot_n = 5\n' >"$TMP/nm.conf"
	local i=1
	for cpu in 85 90 50 95 60; do
		host $((T0 + 60 * i)) "$cpu"
		i=$((i + 1))
	done
	for at in $((T0 + 60)) $((T0 + 300)); do
		vm "$at" 1 big 1 0 2000 4194304
		vm "$at" 2 small 1 0 5000 1048576
		vm "$at" 3 mid 1 0 1000 2097152
		vm "$at" 4 off 5 0 9000 8388608
	done
	q "INSERT INTO vm_net_sample (ts, vm, device, rx_bytes, tx_bytes) VALUES
	   ($((T0 + 60)), 3, 'vnet2', 0, 0), ($((T0 + 300)), 3, 'vnet2', 3000000000, 0)"
}

@test "hotspots: k of n samples over a threshold, VMs ranked by volume to size" {
	hot_db
	run vmreport hotspots --config "$TMP/nm.conf" --now $((T0 + 300)) --format csv
	assert_success
	# Host memory 8 GiB = 8388608 KiB; net capacity 125000000 B/s.
	# small: cpu 0.5, mem 1/8 = 0.125: volume 1 / (0.5 * 0.875) = 2.2857, 1 GiB: vsr 2.2857
	# mid: cpu 0.1, mem 0.25, net 3e9 B / 240 s = 12500000 B/s = 0.1:
	#      volume 1 / (0.9 * 0.75 * 0.9) = 1.6461, 2 GiB: vsr 0.8230
	# big: cpu 0.2, mem 0.5: volume 1 / (0.8 * 0.5) = 2.5, 4 GiB: vsr 0.625
	# off is shut off: not a candidate.
	assert_output "$(printf '%s\n' \
		"resource,samples_above,samples,k,threshold,hot" \
		"cpu_percent,3,5,3,80,yes" \
		"memory_percent,0,5,3,90,no" \
		"net_bytes_per_second,0,5,3,100000000,no" \
		"" \
		"rank,name,cpu,mem,net,volume,size_kib,vsr_per_gib" \
		"1,small,0.5000,0.1250,0.0000,2.2857,1048576,2.2857" \
		"2,mid,0.1000,0.2500,0.1000,1.6461,2097152,0.8230" \
		"3,big,0.2000,0.5000,0.0000,2.5000,4194304,0.6250")"
	run vmreport hotspots --config "$TMP/nm.conf" --now $((T0 + 300)) --format json
	assert_success
	assert_output --partial '{"hotspot": true, "resources": [{"resource": "cpu_percent", "samples_above": 3,'
	assert_output --partial '"vms": [{"rank": 1, "name": "small",'
	run vmreport hotspots --config "$TMP/nm.conf" --now $((T0 + 300))
	assert_line --index 0 "the host is a hotspot; VMs to move first:"
}

@test "hotspots: fewer than k samples over the threshold is no hotspot" {
	hot_db
	# At T0 + 180 the samples are T0 (unknown), 85, 90, 50: two over 80.
	run vmreport hotspots --config "$TMP/nm.conf" --now $((T0 + 180)) --format csv
	assert_success
	assert_line --index 1 "cpu_percent,2,4,3,80,no"
	refute_output --partial "rank,name"
	run vmreport hotspots --config "$TMP/nm.conf" --now $((T0 + 180))
	assert_line --index 0 "the host is not a hotspot"
	# k = 2 of the same samples is one.
	printf 'hotspot_k = 2\n' >>"$TMP/nm.conf"
	run vmreport hotspots --config "$TMP/nm.conf" --now $((T0 + 180)) --format csv
	assert_line --index 1 "cpu_percent,2,4,2,80,yes"
}
