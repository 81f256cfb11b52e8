#!/usr/bin/env bats
# node-fleet against a real Prometheus scraping five slapmonitors, each in
# a UTS namespace under a host name of its own and serving a database with
# hand-chosen loads: the plans are computed by hand below. The k-of-n rule
# is tested on backfilled history in fleet.bats; here one sample decides
# (hotspot_k = hotspot_n = 1), as a minute of scrapes holds no more.

load helpers
load fleet

setup() {
	setup_tmp
	command -v prometheus >/dev/null || skip "needs Debian's prometheus"
	printf '[fleet]\nhotspot_k = 1\nhotspot_n = 1\n' >"$TMP/fleet.conf"
}

teardown() {
	fleet_stop
	teardown_tmp
}

GIB=1073741824

# The fleet (no network traffic; "cpu" is the host's ratio of its cores,
# a VM's "host" the ratio of its host's cores it takes):
#   hv0   8 cores, cpu 0.95 (hot),  64 GiB,  20 GiB used; VMs a (host 0.5,
#         8 GiB), b (0.3, 4 GiB), c (0.1, 2 GiB)
#   hv1   8 cores, cpu 0.20,        64 GiB,  10 GiB used
#   hv2   8 cores, cpu 0.50,        16 GiB,  14 GiB used
#   hv3   4 cores, cpu 0.10,        64 GiB,   8 GiB used
#   hv4  64 cores, cpu 0.95 (hot), 512 GiB, 100 GiB used; VM d (host 0.5,
#         64 GiB): 32 cores, more than any other host has room for
fleet_up() {
	local i dbs=() ts=$((T0 + 600))
	for i in 0 1 2 3 4; do
		dbs+=("$TMP/hv$i.db")
		fleet_db "$TMP/hv$i.db"
	done
	fleet_host "$TMP/hv0.db" $ts 8 $((64 * GIB)) $((20 * GIB)) 0.95
	fleet_vm "$TMP/hv0.db" $ts 1 a 4 $((8 * GIB)) 0.5 0.5
	fleet_vm "$TMP/hv0.db" $ts 2 b 2 $((4 * GIB)) 0.5 0.3
	fleet_vm "$TMP/hv0.db" $ts 3 c 1 $((2 * GIB)) 0.8 0.1
	fleet_host "$TMP/hv1.db" $ts 8 $((64 * GIB)) $((10 * GIB)) 0.2
	fleet_host "$TMP/hv2.db" $ts 8 $((16 * GIB)) $((14 * GIB)) 0.5
	fleet_host "$TMP/hv3.db" $ts 4 $((64 * GIB)) $((8 * GIB)) 0.1
	fleet_host "$TMP/hv4.db" $ts 64 $((512 * GIB)) $((100 * GIB)) 0.95
	fleet_vm "$TMP/hv4.db" $ts 4 d 32 $((64 * GIB)) 0.5 0.5
	FLEET_NAMES=(hv0 hv1 hv2 hv3 hv4)
	fleet_start_hosts "${dbs[@]}"
	fleet_start_prometheus
	# Every VM's series are in, and two scrapes of every host's counters
	# (node-fleet's network rate is their irate).
	local vms rates
	for _ in $(seq 100); do
		vms=$(fleet_query 'count(node_monitor_vm_memory_bytes)' | awk '{ print $2 }')
		rates=$(fleet_query 'count(irate(node_monitor_network_receive_bytes_total[3m]))' |
			awk '{ print $2 }')
		if [ "$vms/$rates" = 4/5 ]; then
			break
		fi
		sleep 0.1
	done
	# node-fleet asks at the whole second: let that second hold them too.
	sleep 1.5
}

fleet() {
	"$BIN/node-fleet" --config "$TMP/fleet.conf" \
		--prometheus "http://127.0.0.1:$FLEET_PROM_PORT" "$@"
}

@test "hotspots over live scrapes: hv0 moves c to hv3; d on hv4 fits nowhere" {
	fleet_up
	run fleet hotspots --format csv
	echo "$output" >&2
	# hv0: c (volume 1/(0.9 * 31/32) over 2 GiB) ranks before b and a; 0.8
	# core and 2 GiB go to hv3 (after: cpu 1.2/4 = 0.3, memory 10/64: volume
	# 1/(0.7 * 0.84375) = 1.69), not hv1 (0.3, 12/64: 1.76), not hv4 (hot)
	# nor hv2 (memory 16/16); hv0 is then at 0.85: relieved.
	# hv4: d needs 32 cores: no host has them.
	[ "$status" = 0 ]
	assert_line --regexp '^hv0,127\.0\.0\.1:[0-9]+,1,1,0,0,1,0,0\.8500,[0-9.]+,0,yes$'
	assert_line --regexp '^hv4,127\.0\.0\.1:[0-9]+,1,1,0,0,0,1,0\.9500,[0-9.]+,0,no$'
	assert_line --regexp '^hv0,1,c,0\.1000,2147483648,0,[0-9.]+,[0-9.]+,hv3,virsh migrate --live c qemu\+ssh://hv3/system$'
	assert_line --regexp '^hv4,1,d,0\.5000,68719476736,0,[0-9.]+,[0-9.]+,,no host fits$'
	assert_equal "$(grep -c 'virsh migrate' <<<"$output")" 1
	refute_line --regexp '^hv0,[0-9]+,(a|b),'
}

@test "place over live scrapes: hv1 then hv3; hv0 and hv4 over CPU, hv2 over memory" {
	fleet_up
	run fleet place --vcpus 2 --memory 4Gi --format csv
	echo "$output" >&2
	# hv1: (1.6 + 2) / 8 = 0.45, memory 14/64: 1/(0.55 * 0.78125) = 2.3273;
	# hv3: (0.4 + 2) / 4 = 0.6, memory 12/64: 1/(0.4 * 0.8125) = 3.0769.
	[ "$status" = 0 ]
	assert_line --index 0 'rank,host,instance,cpu_after,memory_after,net_after,volume_after,headroom'
	assert_line --index 1 --regexp '^1,hv1,127\.0\.0\.1:[0-9]+,0\.4500,0\.2188,0,2\.3273,'
	assert_line --index 2 --regexp '^2,hv3,127\.0\.0\.1:[0-9]+,0\.6000,0\.1875,0,3\.0769,'
	assert_equal "${#lines[@]}" 3
	run fleet place --vcpus 2 --memory 4Gi
	assert_line --index 1 'excluded: 2 over cpu, 1 over memory, 0 over network, 0 without data'
	# Nothing has 64 free cores: one line, status 1.
	run -1 fleet place --vcpus 64 --memory 1Gi
	assert_line --index 0 'no host fits the VM'
}
