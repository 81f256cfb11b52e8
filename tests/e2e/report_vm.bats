#!/usr/bin/env bats
# node-report vms, reclaim and hotspots on a database filled with SQL at
# chosen instants, checked against figures computed by hand.

load helpers
load report_vm

@test "without VM data every report prints one line and exits 0" {
	for cmd in vms reclaim hotspots; do
		run vmreport "$cmd" --now "$T0"
		assert_success
		assert_output "no VM data yet: node-collect stores VMs when run with --libvirt"
	done
	# A VM sample after --now does not count either.
	vm $((T0 + 60)) 1 web 1 100 50 1024
	run vmreport vms --now "$T0" --format json
	assert_success
	assert_output "no VM data yet: node-collect stores VMs when run with --libvirt"
}

@test "vms: the latest sample, sorted by CPU or by memory, in three formats" {
	# An older sample in which the order by CPU was the other way round.
	vm "$T0" 1 web 1 100 50 2097152
	vm "$T0" 2 db 1 9000 4500 8388608
	vm $((T0 + 60)) 1 web 1 2550 637 2097152 2000000 500000
	vm $((T0 + 60)) 2 db 1 1000 500 8388608
	vm $((T0 + 60)) 3 idle 5 NULL NULL 1048576
	run vmreport vms --now $((T0 + 90)) --format csv
	assert_success
	assert_line --index 0 "name,id,state,vcpus,memory_kib,memory_max_kib,cpu_time_s,cpu_percent,available_kib,usable_kib,qemu_pid"
	# CPU: web 25.50 % > db 10.00 % > idle (none, last).
	assert_line --index 1 "web,1,running,2,2097152,4194304,1.00,25.50,2000000,500000,1001"
	assert_line --index 2 "db,2,running,2,8388608,16777216,2.00,10.00,,,1002"
	assert_line --index 3 "idle,3,shutoff,2,1048576,2097152,3.00,,,,1003"
	run vmreport vms --now $((T0 + 90)) --sort mem --format csv
	assert_success
	# Memory: db 8 GiB > web 2 GiB > idle 1 GiB.
	assert_equal "$(cut -d, -f1 <<<"$output" | tr '\n' ' ')" "name db web idle "
	# At T0 + 30 the sample at T0 is the latest: db first by CPU (90 %).
	run vmreport vms --now $((T0 + 30)) --format csv
	assert_equal "$(cut -d, -f1,8 <<<"$output" | tr '\n' ' ')" "name,cpu_percent db,90.00 web,1.00 "
	run vmreport vms --now $((T0 + 90)) --format json
	assert_success
	assert_line --index 0 --partial '[{"name": "web", "id": 1, "state": "running", "vcpus": 2,'
	assert_line --index 1 --partial '"available_kib": null, "usable_kib": null, "qemu_pid": 1002}'
	run vmreport vms --now $((T0 + 90))
	assert_success
	assert_line --index 1 --regexp '^web +1 +running +2 +2097152 .* 25\.50 '
	run -2 vmreport vms --sort disk
	assert_output --partial "--sort wants cpu or mem"
	run -2 vmreport vms --format xml
	assert_output --partial "--format wants table, csv or json"
}

# Samples of the reclaim tests: the window is the day before NOW, its first
# sample 60 s after the window opens (within its first hour).
reclaim_db() {
	local f a b
	NOW=$((T0 + DAY))
	f=$((NOW - DAY + 60))
	a=$((NOW - 60000))
	b=$((NOW - 30000))
	for spec in "1 idle 100 200 300 800" "2 quiet 200 200 200 200" \
		"3 spiky 100 100 100 3000" "4 busy 5000 5000 5000 5000"; do
		set -- $spec
		vm "$f" "$1" "$2" 1 "$3" 0 1048576
		vm "$a" "$1" "$2" 1 "$4" 0 1048576
		vm "$b" "$1" "$2" 1 "$5" 0 1048576
		vm "$NOW" "$1" "$2" 1 "$6" 0 $((1048576 * $1))
	done
	# new: an hour of history only.
	vm $((NOW - 3600)) 5 new 1 100 0 524288
	vm "$NOW" 5 new 1 100 0 524288
	# idle's network and disk: 8634000 and 863400 bytes over 86340 s.
	q "INSERT INTO vm_net_sample (ts, vm, device, rx_bytes, tx_bytes) VALUES
	   ($f, 1, 'vnet0', 0, 0), ($NOW, 1, 'vnet0', 4317000, 4317000);
	   INSERT INTO vm_disk_sample (ts, vm, target, rd_bytes, wr_bytes) VALUES
	   ($f, 1, 'vda', 0, 0), ($NOW, 1, 'vda', 431700, 431700)"
}

@test "reclaim: mean and 95th percentile under PCT, ranked; a short history is listed, not recommended" {
	reclaim_db
	run vmreport reclaim --now "$NOW" --days 1 --format csv
	assert_success
	# quiet: 2 2 2 2 % -> mean 2, p95 (rank ceil(0.95 * 4) = 4) 2.
	# idle: 1 2 3 8 % -> mean 14 / 4 = 3.5, p95 8; net 8634000 / 86340 = 100 B/s,
	#   disk 863400 / 86340 = 10 B/s; history 86340 s = 23.98 h.
	# spiky: 1 1 1 30 -> mean 8.25 but p95 30: not listed. busy: 50 %: not listed.
	# new: first sample an hour before NOW, 23 h after the window opened.
	assert_output "$(printf '%s\n' \
		'rank,name,status,samples,history_hours,mean_cpu_percent,p95_cpu_percent,memory_kib,net_bytes_per_second,disk_bytes_per_second' \
		'1,quiet,recommended,4,24.0,2.00,2.00,2097152,0.0,0.0' \
		'2,idle,recommended,4,24.0,3.50,8.00,1048576,100.0,10.0' \
		',new,too little history,2,1.0,1.00,1.00,524288,0.0,0.0')"
	# Under 5 %: idle's p95 (8) is over it.
	run vmreport reclaim --now "$NOW" --days 1 --below 5 --format csv
	assert_equal "$(cut -d, -f2,3 <<<"$output" | tr '\n' ' ')" \
		"name,status quiet,recommended new,too little history "
	# Under 31 %, spiky (p95 30) is recommended too, third: --top 2 leaves it out.
	run vmreport reclaim --now "$NOW" --days 1 --below 31 --top 2 --format csv
	assert_equal "$(cut -d, -f1,2 <<<"$output" | tr '\n' ' ')" "rank,name 1,quiet 2,idle ,new "
	run vmreport reclaim --now "$NOW" --days 1 --below 31 --format csv
	assert_line --index 3 --partial "3,spiky,recommended,4,24.0,8.25,30.00"
	# Over the default 7 days every VM's history is too short: all five are
	# listed, by p95 (new 1, quiet 2, idle 8, spiky 30, busy 50).
	run vmreport reclaim --now "$NOW"
	assert_success
	refute_output --partial "recommended"
	assert_equal "$(awk 'NR > 1 { print $2 }' <<<"$output" | tr '\n' ' ')" "new quiet idle spiky busy "
	assert_line --index 2 --regexp '^ +- +quiet +too little history +4 '
	run vmreport reclaim --now "$NOW" --days 1 --format json
	assert_line --index 0 '[{"rank": 1, "name": "quiet", "status": "recommended", "samples": 4, "history_hours": 24.0, "mean_cpu_percent": 2.00, "p95_cpu_percent": 2.00, "memory_kib": 2097152, "net_bytes_per_second": 0.0, "disk_bytes_per_second": 0.0},'
}

@test "usage errors: an unknown command, a flag of another command, k over n" {
	run -2 "$BIN/node-report" vm --db "$DB"
	assert_output "node-report: unknown command 'vm'; try 'node-report --help'"
	run -2 vmreport vms --below 5
	assert_output --partial "'--below' is unknown"
	run -2 vmreport reclaim --sort mem
	assert_output --partial "'--sort' is unknown"
	printf '[report]\nhotspot_k = 6\n' >"$TMP/nm.conf"
	run -2 vmreport hotspots --config "$TMP/nm.conf"
	assert_output "node-report: hotspot_k wants at most hotspot_n (5)"
}

@test "reclaim --top 0 lists every recommended VM" {
	reclaim_db
	run vmreport reclaim --now "$NOW" --days 1 --below 60 --top 0 --format csv
	assert_success
	# Under 60 %: quiet (p95 2), idle (8), spiky (30), busy (50); then new.
	assert_equal "$(cut -d, -f1,2 <<<"$output" | tr '\n' ' ')" \
		"rank,name 1,quiet 2,idle 3,spiky 4,busy ,new "
}
