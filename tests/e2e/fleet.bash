# A fleet on loopback for the end-to-end tests: node-monitor databases
# filled with hand-chosen host and VM loads, one slapmonitor per host
# serving /<secret>/metrics, and a real Prometheus scraping them every
# second. Load after helpers.bash.
#
#   fleet_db DB                       an empty database of the current schema (WAL)
#   fleet_host DB TS CORES MEM_SIZE MEM_USED CPU_RATIO [RX_BYTES TX_BYTES]
#                                     one run of the host: bytes, ratio 0..1
#   fleet_vm DB TS ID NAME VCPUS MEM_BYTES CPU_RATIO HOST_CPU_RATIO [RX_BYTES TX_BYTES]
#                                     one VM in that run, its interface vnetID
#   fleet_start_hosts DB...           one slapmonitor per database: FLEET_PORTS;
#                                     with FLEET_NAMES=(hv0 ...), each in a UTS
#                                     namespace of its own under that host name
#   fleet_start_prometheus            Prometheus on the hosts; waits for up == 1
#   fleet_query EXPR                  an instant query: "instance value" lines
#   fleet_stop                        stops all of it, by pid
#
# The figures are the latest run of each table, so every scrape sees the
# same values until a new run is written. Counters (network bytes) are
# exported as stored: a rate over them needs runs that grow, e.g.
# fleet_tick, which writes a new run each second with every counter of
# the latest run grown by its RATE per second (written to TS + 1, ...):
#   fleet_tick DB RX_RATE TX_RATE     in the background; fleet_stop ends it
# so that rate(...[15s]) over what Prometheus scraped gives RATE.

FLEET_PIDS=()
FLEET_PORTS=()
FLEET_NAMES=()
FLEET_SECRET=""

# The schema and identity node-monitor's programs give a new file.
fleet_db() {
	sqlite3 "$1" <"$TOP/sql/schema.sql"
	sqlite3 "$1" 'PRAGMA application_id = 1313689422; PRAGMA user_version = 5;
		PRAGMA journal_mode = WAL;' >/dev/null
}

fleet_host() {
	local db="$1" ts="$2" cores="$3" size="$4" used="$5" ratio="$6" rx="${7:-0}" tx="${8:-0}"
	sqlite3 "$db" "BEGIN;
	INSERT INTO run VALUES ($ts, NULL, NULL);
	INSERT INTO system_sample (ts, boot_time, loadavg, cpu_percent, cpu_busy_ticks,
		cpu_total_ticks, memory_used, memory_free, swap_used, net_in_bytes, net_in_errors,
		net_in_dropped, net_out_bytes, net_out_errors, net_out_dropped)
		VALUES ($ts, $ts - 86400, 0.5, $ratio * 100, 1000, 4000, $used, $size - $used, 0,
		$rx, 0, 0, $tx, 0, 0);
	INSERT INTO computer_sample (ts, cpu_num_core, cpu_type, memory_size, memory_type,
		partition_list) VALUES ($ts, $cores, 'fleet', $size, '', '');
	INSERT INTO net_sample VALUES ($ts, 'eth0', $rx, 0, 0, $tx, 0, 0);
	COMMIT;"
}

fleet_vm() {
	local db="$1" ts="$2" id="$3" name="$4" vcpus="$5" mem="$6" ratio="$7" hratio="$8"
	local rx="${9:-0}" tx="${10:-0}"
	sqlite3 "$db" "BEGIN;
	INSERT OR IGNORE INTO vm_domain VALUES ($id, printf('00000000-0000-4000-8000-%012d', $id));
	INSERT INTO vm_sample (ts, vm, name, state, state_reason, vcpus, vcpus_max, cpu_time_ns,
		cpu_centipercent, host_cpu_centipercent, memory_kib, memory_max_kib, qemu_rss_kib)
		VALUES ($ts, $id, '$name', 1, 1, $vcpus, $vcpus, 1000000000,
		CAST(round($ratio * 10000) AS INTEGER), CAST(round($hratio * 10000) AS INTEGER),
		$mem / 1024, $mem / 1024, $mem / 2048);
	INSERT INTO vm_net_sample (ts, vm, device, rx_bytes, rx_packets, rx_errors, rx_drops,
		tx_bytes, tx_packets, tx_errors, tx_drops) VALUES ($ts, $id, 'vnet$id', $rx, 0, 0, 0,
		$tx, 0, 0, 0);
	INSERT INTO vm_disk_sample (ts, vm, target, rd_bytes, wr_bytes, rd_reqs, wr_reqs,
		capacity, allocation) VALUES ($ts, $id, 'vda', 0, 0, 0, 0, 10737418240, 1073741824);
	COMMIT;"
}

# fleet_tick DB RX_RATE TX_RATE: every second, a copy of the latest run
# one second later, the host's and VMs' byte counters grown by the rates.
fleet_tick() {
	local db="$1" rx="$2" tx="$3"
	(
		while :; do
			sqlite3 "$db" "BEGIN;
			CREATE TEMP TABLE l AS SELECT max(ts) AS ts FROM run;
			INSERT INTO run SELECT ts + 1, NULL, NULL FROM l;
			INSERT INTO system_sample (ts, boot_time, loadavg, cpu_percent, cpu_busy_ticks,
				cpu_total_ticks, memory_used, memory_free, swap_used, net_in_bytes,
				net_in_errors, net_in_dropped, net_out_bytes, net_out_errors, net_out_dropped)
				SELECT ts + 1, boot_time, loadavg, cpu_percent, cpu_busy_ticks,
				cpu_total_ticks, memory_used, memory_free, swap_used, net_in_bytes + $rx, 0, 0,
				net_out_bytes + $tx, 0, 0 FROM system_sample WHERE ts = (SELECT ts FROM l);
			INSERT INTO computer_sample (ts, cpu_num_core, cpu_type, memory_size,
				memory_type, partition_list) SELECT ts + 1, cpu_num_core, cpu_type,
				memory_size, memory_type, partition_list FROM computer_sample
				WHERE ts = (SELECT ts FROM l);
			INSERT INTO net_sample SELECT ts + 1, interface, in_bytes + $rx, 0, 0,
				out_bytes + $tx, 0, 0 FROM net_sample WHERE ts = (SELECT ts FROM l);
			INSERT INTO vm_sample (ts, vm, name, state, state_reason, vcpus, vcpus_max,
				cpu_time_ns, cpu_centipercent, host_cpu_centipercent, memory_kib,
				memory_max_kib, qemu_rss_kib) SELECT ts + 1, vm, name, state, state_reason,
				vcpus, vcpus_max, cpu_time_ns, cpu_centipercent, host_cpu_centipercent,
				memory_kib, memory_max_kib, qemu_rss_kib FROM vm_sample
				WHERE ts = (SELECT ts FROM l);
			INSERT INTO vm_net_sample (ts, vm, device, rx_bytes, rx_packets, rx_errors,
				rx_drops, tx_bytes, tx_packets, tx_errors, tx_drops) SELECT ts + 1, vm,
				device, rx_bytes + $rx, 0, 0, 0, tx_bytes + $tx, 0, 0, 0 FROM vm_net_sample
				WHERE ts = (SELECT ts FROM l);
			COMMIT;" || exit 1
			sleep 1
		done
	) &
	FLEET_PIDS+=($!)
}

# fleet_port: a free TCP port on loopback.
fleet_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# fleet_start_hosts DB...: a slapmonitor per database, all with the secret
# $TMP/fleet.secret (FLEET_SECRET), each on a port of its own (FLEET_PORTS,
# in the order of the databases), logging to $TMP/fleet-<i>.log.
fleet_start_hosts() {
	local i=0 db url
	mkdir -p "$TMP/fleet-root"
	for db in "$@"; do
		local name=${FLEET_NAMES[$i]:-}
		if [ -n "$name" ]; then
			# exec keeps the pid: unshare, then sh, then slapmonitor.
			unshare -u sh -c 'hostname "$0" && exec "$@"' "$name" \
				"$BIN/slapmonitor" --root "$TMP/fleet-root" --secret-file "$TMP/fleet.secret" \
				--db "$db" --print-url --listen 127.0.0.1:0 >"$TMP/fleet-$i.url" \
				2>"$TMP/fleet-$i.log" &
		else
			"$BIN/slapmonitor" --root "$TMP/fleet-root" --secret-file "$TMP/fleet.secret" \
				--db "$db" --print-url --listen 127.0.0.1:0 >"$TMP/fleet-$i.url" \
				2>"$TMP/fleet-$i.log" &
		fi
		FLEET_PIDS+=($!)
		for _ in $(seq 50); do
			[ -s "$TMP/fleet-$i.url" ] && break
			sleep 0.1
		done
		url=$(head -1 "$TMP/fleet-$i.url")
		[ -n "$url" ] || { cat "$TMP/fleet-$i.log" >&2; return 1; }
		url=${url%/}
		FLEET_SECRET=${url##*/}
		url=${url%/*}
		FLEET_PORTS+=("${url##*:}")
		i=$((i + 1))
	done
}

# fleet_start_prometheus: Prometheus on 127.0.0.1:FLEET_PROM_PORT, its data
# in a temporary folder, scraping every host each second; waits (at most
# 30 s) until up is 1 for every host.
fleet_start_prometheus() {
	local targets="" p n
	for p in "${FLEET_PORTS[@]}"; do
		targets="$targets'127.0.0.1:$p', "
	done
	cat >"$TMP/prometheus.yml" <<-END
		global:
		  scrape_interval: 1s
		  evaluation_interval: 1s
		scrape_configs:
		  - job_name: node-monitor
		    metrics_path: /$FLEET_SECRET/metrics
		    honor_labels: false
		    static_configs:
		      - targets: [${targets%, }]
	END
	FLEET_PROM_PORT=$(fleet_port)
	mkdir -p "$TMP/prometheus-data"
	prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/prometheus-data" \
		--web.listen-address="127.0.0.1:$FLEET_PROM_PORT" >"$TMP/prometheus.log" 2>&1 &
	FLEET_PIDS+=($!)
	for _ in $(seq 300); do
		n=$(fleet_query 'sum(up)' 2>/dev/null | awk '{ print $2 }')
		if [ "$n" = "${#FLEET_PORTS[@]}" ]; then
			return 0
		fi
		sleep 0.1
	done
	tail -5 "$TMP/prometheus.log" >&2
	return 1
}

# fleet_query EXPR: the instant vector of EXPR, one "instance value" line
# per series, sorted ("-" when the series has no instance label).
fleet_query() {
	curl -s --max-time 5 --data-urlencode "query=$1" \
		"http://127.0.0.1:$FLEET_PROM_PORT/api/v1/query" |
		python3 -c 'import json, sys
d = json.load(sys.stdin)
assert d["status"] == "success", d
for r in d["data"]["result"]:
    print(r["metric"].get("instance", "-"), r["value"][1])' | sort
}

# fleet_stop: stops everything fleet_ started, by pid.
fleet_stop() {
	local pid
	for pid in "${FLEET_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${FLEET_PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	FLEET_PIDS=()
	FLEET_PORTS=()
}
