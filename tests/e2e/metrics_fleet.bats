#!/usr/bin/env bats
# A real Prometheus scraping five slapmonitors, each serving a database of
# its own with hand-chosen host and VM loads: every host's series carry the
# values of its SQLite file.

load helpers
load fleet

setup() {
	setup_tmp
	command -v prometheus >/dev/null || skip "needs Debian's prometheus"
}

teardown() {
	fleet_stop
	teardown_tmp
}

GIB=1073741824

@test "Prometheus scrapes 5 hosts and finds each one's stored values" {
	local dbs=() i ts=$((T0 + 600))
	# host i: 4*(i+1) cores, 16*(i+1) GiB of which i+1 used, CPU 0.1*(i+1)+0.05;
	# one VM each: i+1 vCPUs, 2*(i+1) GiB, CPU 0.2*i, 0.01*(i+1) of the host.
	for i in 0 1 2 3 4; do
		dbs+=("$TMP/host$i.db")
		fleet_db "$TMP/host$i.db"
		fleet_host "$TMP/host$i.db" $ts $((4 * (i + 1))) $((16 * (i + 1) * GIB)) \
			$(((i + 1) * GIB)) "0.$((i + 1))5"
		fleet_vm "$TMP/host$i.db" $ts $((i + 1)) "vm$i" $((i + 1)) $((2 * (i + 1) * GIB)) \
			"0.$((2 * i))" "0.0$((i + 1))"
	done
	fleet_start_hosts "${dbs[@]}"
	fleet_start_prometheus
	for i in 0 1 2 3 4; do
		echo "127.0.0.1:${FLEET_PORTS[$i]} 0.$((i + 1))5" >>"$TMP/want-cpu"
		echo "127.0.0.1:${FLEET_PORTS[$i]} $(((i + 1) * GIB))" >>"$TMP/want-mem"
		echo "127.0.0.1:${FLEET_PORTS[$i]} $((16 * (i + 1) * GIB))" >>"$TMP/want-size"
		echo "127.0.0.1:${FLEET_PORTS[$i]} $((4 * (i + 1)))" >>"$TMP/want-cores"
		echo "127.0.0.1:${FLEET_PORTS[$i]} $((2 * (i + 1) * GIB))" >>"$TMP/want-vmmem"
		echo "127.0.0.1:${FLEET_PORTS[$i]} 0.$((2 * i))" | sed 's/ 0.0$/ 0/' >>"$TMP/want-vmcpu"
		echo "127.0.0.1:${FLEET_PORTS[$i]} 0.0$((i + 1))" >>"$TMP/want-vmhost"
		echo "127.0.0.1:${FLEET_PORTS[$i]} 1" >>"$TMP/want-vm$i"
	done
	fleet_query node_monitor_cpu_ratio >"$TMP/got"
	diff <(sort "$TMP/want-cpu") "$TMP/got"
	fleet_query node_monitor_memory_used_bytes >"$TMP/got"
	diff <(sort "$TMP/want-mem") "$TMP/got"
	fleet_query node_monitor_memory_size_bytes >"$TMP/got"
	diff <(sort "$TMP/want-size") "$TMP/got"
	fleet_query node_monitor_cpu_cores >"$TMP/got"
	diff <(sort "$TMP/want-cores") "$TMP/got"
	fleet_query node_monitor_vm_memory_bytes >"$TMP/got"
	diff <(sort "$TMP/want-vmmem") "$TMP/got"
	fleet_query node_monitor_vm_cpu_ratio >"$TMP/got"
	diff <(sort "$TMP/want-vmcpu") "$TMP/got"
	fleet_query node_monitor_vm_host_cpu_ratio >"$TMP/got"
	diff <(sort "$TMP/want-vmhost") "$TMP/got"
	# Each VM is on its own host, with its name and uuid as labels.
	for i in 0 1 2 3 4; do
		fleet_query "node_monitor_vm_vcpus{vm=\"vm$i\",uuid=\"00000000-0000-4000-8000-00000000000$((i + 1))\"} == $((i + 1)) > bool 0" >"$TMP/got"
		diff "$TMP/want-vm$i" "$TMP/got"
	done
	# node_monitor_info names the host; the instance is Prometheus' own label.
	fleet_query 'count(node_monitor_info{host!=""}) by (instance)' >"$TMP/got"
	[ "$(wc -l <"$TMP/got")" = 5 ]
}
