#!/usr/bin/env bats
# node-collect's VM scope against real QEMU guests under a libvirt daemon
# that tests/vm/setup starts: every stored field compared with virsh read
# around the same run.

load helpers
load vm_real

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	"$TOP/tests/vm/setup" >&3 2>&1
}

# NM_VM_KEEP=1 leaves the guests running for the next run of this file.
teardown_file() {
	[ "$(id -u)" = 0 ] || return 0
	[ -z "${NM_VM_KEEP:-}" ] || return 0
	"$TOP/tests/vm/teardown" >&3 2>&1
}

setup() {
	[ "$(id -u)" = 0 ] || skip "needs root to run libvirtd and QEMU guests"
	setup_tmp
}

teardown() {
	teardown_tmp
}

@test "the harness runs three guests of different sizes, each with balloon stats" {
	run nm_virsh list --name --state-running
	assert_success
	assert_output "$(printf '%s\n' $NM_VM_NAMES)"
	vm_stats "$TMP/a"
	while read -r name mem vcpus _; do
		run val "$TMP/a" "$name" balloon.maximum
		assert_output "$((mem * 1024))"
		run val "$TMP/a" "$name" vcpu.current
		assert_output "$vcpus"
		run val "$TMP/a" "$name" balloon.available
		assert_output --regexp '^[0-9]+$'
		# The guest's own view, printed on its console.
		run grep "^nmvm guest:" "$NM_VM_STATE/$name.console"
		assert_output --partial "cpus=$vcpus"
	done <<<"$NM_VM_GUESTS"
}

@test "the guests' work moves their counters: CPU, disk writes, tap packets" {
	vm_stats "$TMP/a"
	sleep 3
	vm_stats "$TMP/b"
	# nmvm-a spins: at least a tenth of its vCPU over the interval.
	cpu=$(($(val "$TMP/b" nmvm-a cpu.time) - $(val "$TMP/a" nmvm-a cpu.time)))
	[ "$cpu" -gt 300000000 ]
	# nmvm-b writes 1 MiB each second.
	wr=$(($(val "$TMP/b" nmvm-b block.0.wr.bytes) - $(val "$TMP/a" nmvm-b block.0.wr.bytes)))
	[ "$wr" -ge 1048576 ]
	# nmvm-b and nmvm-c ping their tap's host end each second.
	for n in nmvm-b nmvm-c; do
		tx=$(($(val "$TMP/b" "$n" net.0.tx.pkts) - $(val "$TMP/a" "$n" net.0.tx.pkts)))
		rx=$(($(val "$TMP/b" "$n" net.0.rx.pkts) - $(val "$TMP/a" "$n" net.0.rx.pkts)))
		[ "$tx" -ge 2 ]
		[ "$rx" -ge 2 ]
	done
}

@test "every vm_sample field matches domstats, dominfo, dommemstat and the pid file" {
	snap_collect
	[ "$COLLECT_STATUS" -eq 0 ]
	run q "SELECT count(*) FROM vm"
	assert_output 3
	t0=$(cut -d. -f1 "$TMP/t0")
	t1=$(cut -d. -f1 "$TMP/t1")
	for n in $NM_VM_NAMES; do
		in_range "$n ts" "$(col "$n" ts)" "$t0" "$t1"
		same "$n name" "$(q "SELECT name FROM vm WHERE uuid = '$(val "$TMP/outer0" "$n" info.UUID)'")" "$n"
		same "$n uuid" "$(col "$n" uuid)" "$(val "$TMP/outer0" "$n" info.UUID)"
		same "$n domain_id" "$(col "$n" domain_id)" "$(val "$TMP/outer0" "$n" info.Id)"
		same "$n state" "$(col "$n" state)" "$(val "$TMP/a" "$n" state.state)"
		same "$n state_reason" "$(col "$n" state_reason)" "$(val "$TMP/a" "$n" state.reason)"
		same "$n vcpus" "$(col "$n" vcpus)" "$(val "$TMP/outer0" "$n" 'info.CPU(s)')"
		same "$n vcpus_max" "$(col "$n" vcpus_max)" "$(val "$TMP/a" "$n" vcpu.maximum)"
		same "$n memory_kib" "$(col "$n" memory_kib)" "$(val "$TMP/outer0" "$n" info.Used_memory)"
		same "$n memory_max_kib" "$(col "$n" memory_max_kib)" "$(val "$TMP/outer0" "$n" info.Max_memory)"
		same "$n balloon_actual_kib" "$(col "$n" balloon_actual_kib)" "$(val "$TMP/outer0" "$n" mem.actual)"
		same "$n qemu_pid" "$(col "$n" qemu_pid)" "$(val "$TMP/outer0" "$n" pidfile)"
		for c in time user system; do
			in_range "$n cpu.$c" "$(col "$n" cpu_${c}_ns)" \
				"$(val "$TMP/a" "$n" cpu.$c)" "$(val "$TMP/b" "$n" cpu.$c)"
		done
		for k in minor_fault major_fault; do
			in_range "$n $k" "$(col "$n" balloon_${k}s)" \
				"$(val "$TMP/outer0" "$n" mem.$k)" "$(val "$TMP/outer1" "$n" mem.$k)"
		done
		# Guest figures refresh each second; free memory moves with the
		# guests' work, so by up to 2 MiB beyond the two domstats reads.
		same "$n available" "$(col "$n" balloon_available_kib)" "$(val "$TMP/outer1" "$n" mem.available)"
		for k in usable unused disk_caches; do
			in_range "$n $k" "$(col "$n" balloon_${k}_kib)" \
				"$(val "$TMP/a" "$n" balloon.$k)" "$(val "$TMP/b" "$n" balloon.$k)" 2048
		done
		# QEMU's RSS is read live: it may move by a few MiB.
		in_range "$n rss" "$(col "$n" balloon_rss_kib)" \
			"$(val "$TMP/a" "$n" balloon.rss)" "$(val "$TMP/b" "$n" balloon.rss)" 4096
		in_range "$n qemu_cpu_time_cs" "$(col "$n" qemu_cpu_time_cs)" \
			"$(val "$TMP/outer0" "$n" qemu.cpu_cs)" "$(val "$TMP/outer1" "$n" qemu.cpu_cs)"
		in_range "$n qemu_rss_kib" "$(col "$n" qemu_rss_kib)" \
			"$(val "$TMP/outer0" "$n" qemu.rss_kib)" "$(val "$TMP/outer1" "$n" qemu.rss_kib)" 4096
		in_range "$n qemu_io_rw_bytes" "$(col "$n" qemu_io_rw_bytes)" \
			"$(val "$TMP/outer0" "$n" qemu.io)" "$(val "$TMP/outer1" "$n" qemu.io)"
	done
	run q "SELECT count(*) FROM vm WHERE cpu_centipercent IS NOT NULL"
	assert_output 0
}

@test "vm_net rows match domifstat and the tap's own counters" {
	# Traffic one way only, so that rx and tx differ: 40 UDP datagrams of
	# 1400 bytes to each guest's discard port (its small ICMP answers are
	# rate-limited).
	payload=$(head -c 1400 /dev/zero | tr '\0' x)
	while read -r _ _ _ _ _ _ gaddr; do
		for _ in $(seq 40); do
			echo "$payload" >"/dev/udp/$gaddr/9"
		done
	done <<<"$NM_VM_GUESTS"
	snap_collect
	[ "$COLLECT_STATUS" -eq 0 ]
	run q "SELECT count(*) FROM vm_net"
	assert_output 3
	for n in $NM_VM_NAMES; do
		tap=$(val "$TMP/outer0" "$n" if.name)
		same "$n device" "$(col "$n" device vm_net)" "$tap"
		for dir in rx tx; do
			for k in bytes:bytes packets:packets errors:errs drops:drop; do
				in_range "$n ${dir}_${k%:*}" "$(col "$n" "${dir}_${k%:*}" vm_net)" \
					"$(val "$TMP/outer0" "$n" "if.${dir}_${k#*:}")" \
					"$(val "$TMP/outer1" "$n" "if.${dir}_${k#*:}")"
			done
		done
		rx=$(col "$n" rx_bytes vm_net)
		tx=$(col "$n" tx_bytes vm_net)
		[ "$rx" -gt $((tx + 40000)) ]
		# What the guest receives, the tap transmits.
		in_range "$n rx_bytes (tap)" "$(col "$n" rx_bytes vm_net)" \
			"$(val "$TMP/outer0" "$n" sys.tx_bytes)" "$(val "$TMP/outer1" "$n" sys.tx_bytes)"
		in_range "$n tx_packets (tap)" "$(col "$n" tx_packets vm_net)" \
			"$(val "$TMP/outer0" "$n" sys.rx_packets)" "$(val "$TMP/outer1" "$n" sys.rx_packets)"
	done
}

@test "vm_disk rows match domblkstat, domblklist and domblkinfo" {
	snap_collect
	[ "$COLLECT_STATUS" -eq 0 ]
	run q "SELECT count(*) FROM vm_disk"
	assert_output 3
	for n in $NM_VM_NAMES; do
		same "$n target" "$(col "$n" target vm_disk)" vda
		same "$n source" "$(col "$n" source vm_disk)" "$(val "$TMP/outer0" "$n" blk.source)"
		for k in rd_reqs:rd_req rd_bytes:rd_bytes rd_times_ns:rd_total_times \
			wr_reqs:wr_req wr_bytes:wr_bytes wr_times_ns:wr_total_times \
			fl_reqs:flush_operations fl_times_ns:flush_total_times; do
			in_range "$n ${k%:*}" "$(col "$n" "${k%:*}" vm_disk)" \
				"$(val "$TMP/outer0" "$n" "blk.${k#*:}")" "$(val "$TMP/outer1" "$n" "blk.${k#*:}")"
		done
		for k in capacity:Capacity allocation:Allocation physical:Physical; do
			in_range "$n ${k%:*}" "$(col "$n" "${k%:*}" vm_disk)" \
				"$(val "$TMP/outer0" "$n" "blk.${k#*:}")" "$(val "$TMP/outer1" "$n" "blk.${k#*:}")"
		done
	done
	# nmvm-b's writes show in the stored counters.
	run q "SELECT wr_bytes >= 1048576 FROM vm_disk WHERE source LIKE '%/nmvm-b.img'"
	assert_output 1
}

@test "a second run's CPU percentages follow cpu.time over the interval" {
	snap_collect
	[ "$COLLECT_STATUS" -eq 0 ]
	cp "$TMP/a" "$TMP/a1"
	cp "$TMP/b" "$TMP/b1"
	cp "$TMP/t0" "$TMP/t0_1"
	cp "$TMP/t1" "$TMP/t1_1"
	sleep 2
	snap_collect
	[ "$COLLECT_STATUS" -eq 0 ]
	cores=$(nproc)
	for n in $NM_VM_NAMES; do
		vcpus=$(val "$TMP/a" "$n" vcpu.current)
		# The least and most cpu.time could have moved, over the longest
		# and shortest interval the two runs could have measured.
		lo=$(awk -v c="$(($(val "$TMP/a" "$n" cpu.time) - $(val "$TMP/b1" "$n" cpu.time)))" \
			-v s="$(cat "$TMP/t0_1")" -v e="$(cat "$TMP/t1")" -v v="$vcpus" \
			'BEGIN { printf "%d", c / 1e9 / (e - s) / v * 10000 - 1 }')
		hi=$(awk -v c="$(($(val "$TMP/b" "$n" cpu.time) - $(val "$TMP/a1" "$n" cpu.time)))" \
			-v s="$(cat "$TMP/t1_1")" -v e="$(cat "$TMP/t0")" -v v="$vcpus" \
			'BEGIN { printf "%d", c / 1e9 / (e - s) / v * 10000 + 1 }')
		in_range "$n cpu_centipercent" "$(col "$n" cpu_centipercent)" "$lo" "$hi"
		in_range "$n host_cpu_centipercent" "$(col "$n" host_cpu_centipercent)" \
			$((lo * vcpus / cores - 1)) $((hi * vcpus / cores + 1))
	done
	# nmvm-a spins on its only vCPU.
	run q "SELECT cpu_centipercent > 2000 FROM vm WHERE name = 'nmvm-a' ORDER BY ts DESC LIMIT 1"
	assert_output 1
}

@test "each QEMU process has used at least its guest's cpu.time on the host" {
	snap_collect
	[ "$COLLECT_STATUS" -eq 0 ]
	# qemu_cpu_time_cs is truncated to whole centiseconds, and libvirt
	# takes cpu.time from the VM's cgroup in nanoseconds where /proc gives
	# the QEMU process's clock ticks: on a loaded machine a busy 2-vCPU
	# guest was seen a little ahead of its process. Allow one centisecond
	# and 2 % (a process showing half its guest's time still fails).
	run q "SELECT name FROM vm WHERE (qemu_cpu_time_cs + 1) * 10000000 * 1.02 < cpu_time_ns
		OR qemu_cpu_time_cs IS NULL"
	assert_output ""
	run q "SELECT count(*) FROM vm WHERE qemu_cpu_time_cs > 0"
	assert_output 3
}

@test "a guest shrunk with setmem --live shows its new balloon at the next run" {
	snap_collect
	[ "$COLLECT_STATUS" -eq 0 ]
	before=$(col nmvm-c balloon_available_kib)
	run nm_virsh setmem nmvm-c 180M --live
	assert_success
	# The guest gives the memory back within seconds (bounded: 20 s).
	for _ in $(seq 200); do
		avail=$(nm_virsh dommemstat nmvm-c | awk '$1 == "available" { print $2 }')
		[ "$avail" -lt "$before" ] && break
		sleep 0.1
	done
	sleep 1.5
	snap_collect
	[ "$COLLECT_STATUS" -eq 0 ]
	nm_virsh setmem nmvm-c 256M --live
	same "memory_kib" "$(col nmvm-c memory_kib)" 184320
	same "balloon_actual_kib" "$(col nmvm-c balloon_actual_kib)" 184320
	same "memory_max_kib" "$(col nmvm-c memory_max_kib)" 262144
	in_range "balloon_available_kib" "$(col nmvm-c balloon_available_kib)" \
		"$(val "$TMP/outer0" nmvm-c mem.available)" "$(val "$TMP/outer1" nmvm-c mem.available)"
	after=$(col nmvm-c balloon_available_kib)
	[ "$after" -lt "$before" ]
	[ $((before - after)) -ge 65536 ]
}

@test "a guest destroyed between two runs is recorded as shut off" {
	snap_collect
	[ "$COLLECT_STATUS" -eq 0 ]
	uuid=$(col nmvm-a uuid)
	run nm_virsh destroy nmvm-a
	assert_success
	snap_collect
	[ "$COLLECT_STATUS" -eq 0 ]
	: >"$NM_VM_STATE/nmvm-a.console"
	run nm_virsh start nmvm-a
	assert_success
	run q "SELECT state, state_reason, domain_id IS NULL, qemu_pid IS NULL, uuid
		FROM vm WHERE name = 'nmvm-a' ORDER BY ts DESC LIMIT 1"
	# 5 shut off, reason 2 destroyed (virDomainShutoffReason).
	assert_output "5|2|1|1|$uuid"
	same "state" "$(col nmvm-a state)" "$(val "$TMP/a" nmvm-a state.state)"
	same "state_reason" "$(col nmvm-a state_reason)" "$(val "$TMP/a" nmvm-a state.reason)"
	run q "SELECT count(*) FROM vm WHERE ts = (SELECT max(ts) FROM vm)"
	assert_output 3
	# Restarted for the tests and benchmark that follow.
	wait_console nmvm-a
}
