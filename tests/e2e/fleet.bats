#!/usr/bin/env bats
# node-fleet against a real Prometheus, backfilled with hand-chosen loads
# for 5 hosts (and a sixth without data), up to END: the plans are
# compared with answers computed by hand below.

load helpers
load backfill

END=1795312800 # 2026-11-22 23:20 UTC: every query is evaluated then (--now)

# 100 GB and 10 cores each (hv3: 20 cores); 3 MB/s on every host.
# hv1: CPU 0.99 (hot); hv5: memory 95 % in 3 of the last 5 minutes (hot).
# hv6 (h6) has no cores series: a host without data.
SPEC='
host h1:9100 name=hv1 cores=10 mem=100G used=40G cpu=0.99 net=3M
host h2:9100 name=hv2 cores=10 mem=100G used=20G cpu=0.60 net=3M
host h3:9100 name=hv3 cores=20 mem=100G used=10G cpu=0.70 net=3M
host h4:9100 name=hv4 cores=10 mem=100G used=86G cpu=0.10 net=3M
host h5:9100 name=hv5 cores=10 mem=100G used=50G,50G,95G,95G,95G cpu=0.45 net=3M
host h6:9100 name=hv6 mem=100G used=10G cpu=0.1
vm h1:9100 a cpu=0.30 mem=10G vmcpu=0.05 days=7
vm h1:9100 b cpu=0.05 mem=2G net=2M vmcpu=0.02 spike=0.5/10 days=7
vm h1:9100 c cpu=0.10 mem=4G vmcpu=0.05 days=7 age=172800
vm h2:9100 g cpu=0.10 mem=4G vmcpu=0.08 days=7
vm h1:9100 off cpu=0.5 mem=1G state=5
vm h5:9100 d cpu=0.05 mem=30G
vm h5:9100 e cpu=0.01 mem=1G
vm h5:9100 f cpu=0.35 mem=50G
'

setup_file() {
	export FLEET_DIR
	FLEET_DIR=$(mktemp -d)
	printf '%s\n' "$SPEC" >"$FLEET_DIR/spec"
	fleet_backfill "$FLEET_DIR" --end "$END" --minutes 30 "$FLEET_DIR/spec"
	prom_start "$FLEET_DIR"
}

teardown_file() {
	prom_stop
	rm -rf "$FLEET_DIR"
}

fleet() {
	"$BIN/node-fleet" --prometheus "$PROM_URL" --now "$END" "$@"
}

# A second Prometheus of a test's own (see the query that fails).
teardown() {
	if [ -n "${PROM2_PID:-}" ]; then
		kill "$PROM2_PID" 2>/dev/null || true
		wait "$PROM2_PID" 2>/dev/null || true
	fi
	rm -rf "${PROM2_DIR:-}"
}

@test "hotspots: hv1 (CPU) and hv5 (memory 3 of 5), each with its plan; hv6 has no data" {
	run -3 fleet hotspots --format csv
	# hv1 first (volume 1/(0.01 * 0.6) against hv5's 1/(0.55 * 0.05)).
	# hv1: b (0.5 core, 2 GB) to hv2 (volume 1/(0.35 * 0.78) against hv3's
	# 1/(0.275 * 0.88)); c to hv3 (hv2 now at 0.75: 1/(0.25 * 0.74),
	# hv3 1/(0.25 * 0.86)); 0.84 is under 0.9, a stays.
	# hv5: e to hv2; f (3.5 cores) fits nowhere (hv2 at 1.01, hv3 at
	# 0.925, hv4's memory); d (30 GB) to hv2; 64 % left: relieved.
	assert_line 'host,instance,samples,cpu_above,memory_above,net_above,moves,unplaced,cpu_after,memory_after,net_after,relieved'
	assert_line 'hv1,h1:9100,5,5,0,0,2,0,0.8400,0.3400,1000000,yes'
	assert_line 'hv5,h5:9100,5,0,3,0,2,1,0.3900,0.6400,3000000,yes'
	assert_line --regexp '^hv1,1,b,0.0500,2000000000,2000000,[0-9.]+,[0-9.]+,hv2,virsh migrate --live b qemu\+ssh://hv2/system$'
	assert_line --regexp '^hv1,2,c,0.1000,4000000000,0,[0-9.]+,[0-9.]+,hv3,virsh migrate --live c qemu\+ssh://hv3/system$'
	assert_line --regexp '^hv5,1,e,.*,hv2,virsh migrate --live e qemu\+ssh://hv2/system$'
	assert_line --regexp '^hv5,2,f,0.3500,50000000000,0,[0-9.]+,[0-9.]+,,no host fits$'
	assert_line --regexp '^hv5,3,d,.*,hv2,virsh migrate --live d qemu\+ssh://hv2/system$'
	assert_line 'node-fleet: host hv6 (instance h6:9100): no data for node_monitor_cpu_cores; left out'
	assert_equal "$(grep -c 'virsh migrate' <<<"$output")" 4
	refute_line --partial ',a,'
	# hv1's VM "off" is shut off (state 5): never moved, though it would
	# rank first (volume 2.02 over 0.93 GiB).
	refute_line --partial ',off,'
}

@test "hotspots: the table says how many hosts are hot, and JSON holds both lists" {
	run -3 --separate-stderr fleet hotspots
	assert_line --index 0 '2 of 5 hosts are hotspots:'
	assert_line --regexp '^hv5 +1 +e .* hv2 +virsh migrate --live e qemu\+ssh://hv2/system$'
	assert_line --regexp '^hv5 +2 +f .* - +no host fits$'
	run -3 fleet hotspots --format json
	assert_line --partial '{"hosts": 5, "hotspots": [{"host": "hv1", "instance": "h1:9100", "samples": 5, "cpu_above": 5,'
	assert_line --partial '{"host": "hv5", "rank": 2, "vm": "f", "host_cpu_ratio": 0.3500, "memory_bytes": 50000000000, "net_bytes_per_second": 0, "volume": 3.0769, "vsr_per_gib": 0.0661, "target": null, "command": "no host fits"}'
}

@test "hotspots: k of n from the config file; one sample over is not a hotspot" {
	printf '[fleet]\nhotspot_k = 4\nhotspot_n = 5\n' >"$BATS_TEST_TMPDIR/fleet.conf"
	run -3 fleet --config "$BATS_TEST_TMPDIR/fleet.conf" hotspots --format csv
	# hv5 has 3 samples over: not a hotspot at k = 4; hv1 still is.
	assert_line --regexp '^hv1,h1:9100,5,5,0,0,2,0,'
	refute_line --partial 'hv5'
}

@test "place: hv3 then hv2, ranked by volume after placement; the others excluded, and why" {
	run -3 --separate-stderr fleet place --vcpus 2 --memory 5G --format csv
	# hv3: cpu (14 + 2) / 20 = 0.8, memory 0.15: 1/(0.2 * 0.85 * (1 - 3/125))
	# = 6.0270; hv2: 0.8, 0.25: 1/(0.2 * 0.75 * 0.976) = 6.8306; hv1 over
	# CPU, hv4 (0.91) and hv5 over memory, hv6 without data.
	assert_line --index 0 'rank,host,instance,cpu_after,memory_after,net_after,volume_after,headroom'
	assert_line --index 1 '1,hv3,h3:9100,0.8000,0.1500,3000000,6.0270,0.1000'
	assert_line --index 2 '2,hv2,h2:9100,0.8000,0.2500,3000000,6.8306,0.1000'
	assert_equal "${#lines[@]}" 3
	assert_equal "$stderr" 'node-fleet: host hv6 (instance h6:9100): no data for node_monitor_cpu_cores; left out'
	run -3 --separate-stderr fleet place --vcpus 2 --memory 5G
	assert_line --index 0 'place the VM on hv3: the lowest Sandpiper volume after placement (6.0270), headroom 0.1000'
	assert_line --index 1 'excluded: 1 over cpu, 2 over memory, 0 over network, 1 without data'
}

@test "place: --cpu scales the vCPUs' demand, --net counts against the network threshold" {
	# 8 vCPUs at 0.25 are 2 cores: the same answer as --vcpus 2.
	run -3 --separate-stderr fleet place --vcpus 8 --cpu 0.25 --memory 5000M --format csv
	assert_line --index 1 '1,hv3,h3:9100,0.8000,0.1500,3000000,6.0270,0.1000'
	run -1 --separate-stderr fleet place --vcpus 1 --memory 1G --net 98M
	assert_line --index 0 'no host fits the VM'
	assert_line --index 1 'excluded: 1 over cpu, 1 over memory, 5 over network, 1 without data'
}

@test "place: nothing fits: the answer says so and the status is 1" {
	run -1 --separate-stderr fleet place --vcpus 8 --memory 5G
	assert_line --index 0 'no host fits the VM'
	assert_line --index 1 'excluded: 4 over cpu, 2 over memory, 0 over network, 1 without data'
	run -1 --separate-stderr fleet place --vcpus 8 --memory 5G --format json
	assert_line --index 0 '{"host": null, "excluded": {"cpu": 4, "memory": 2, "network": 0, "no_data": 1}, "candidates": []}'
}

@test "reclaim: mean and p95 under 10 % over 7 days; a spike, a busy VM and a short history" {
	run -0 fleet reclaim --format csv
	# a (5 %) and g (8 %) are recommended; b's mean is 6.8 % but its p95
	# 50 %; c has 2 days of history; d, e, f run at 50 %.
	assert_line --index 0 'rank,host,vm,status,samples,mean_cpu_percent,p95_cpu_percent,memory_bytes'
	assert_line --index 1 '1,hv1,a,recommended,1009,5.00,5.00,10000000000'
	assert_line --index 2 '2,hv2,g,recommended,1009,8.00,8.00,4000000000'
	assert_line --index 3 ',hv1,c,too little history,289,5.00,5.00,4000000000'
	assert_equal "${#lines[@]}" 4
	run -0 fleet reclaim --below 6 --top 1 --format csv
	assert_line --index 1 '1,hv1,a,recommended,1009,5.00,5.00,10000000000'
	assert_line --index 2 ',hv1,c,too little history,289,5.00,5.00,4000000000'
	assert_equal "${#lines[@]}" 3
}

@test "an unreachable Prometheus, a wrong path: one line naming the URL, status 1" {
	run -1 "$BIN/node-fleet" --prometheus http://127.0.0.1:1 hotspots
	assert_output --regexp '^node-fleet: prometheus http://127.0.0.1:1/api/v1/query: .*(connect|Connection refused).*$'
	assert_equal "${#lines[@]}" 1
	run -1 "$BIN/node-fleet" --prometheus "$PROM_URL/prefix/" place --vcpus 1 --memory 1G
	assert_output "node-fleet: prometheus $PROM_URL/prefix/api/v1/query: HTTP 404"
}

@test "a query that fails: Prometheus' errorType and error, status 1" {
	PROM2_DIR=$(mktemp -d)
	printf '%s\n' "$SPEC" >"$PROM2_DIR/spec"
	fleet_backfill "$PROM2_DIR" --end "$END" --minutes 30 "$PROM2_DIR/spec"
	PROM2_PID=
	prom_start "$PROM2_DIR" --query.max-samples=10
	PROM2_PID=$PROM_PID
	run -1 "$BIN/node-fleet" --prometheus "$PROM_URL" --now "$END" reclaim
	assert_output "node-fleet: prometheus $PROM_URL/api/v1/query: HTTP 422: execution: query processing would load too many samples into memory in query execution"
}

@test "usage errors: status 2 and one line" {
	run -2 "$BIN/node-fleet" place --vcpus 2
	assert_output "node-fleet: place wants --memory SIZE (e.g. 4G, 512Mi), not ''"
	run -2 "$BIN/node-fleet" place --vcpus 2 --memory 4Q
	assert_output "node-fleet: place wants --memory SIZE (e.g. 4G, 512Mi), not '4Q'"
	run -2 "$BIN/node-fleet" place --vcpus 2 --memory 4G --cpu 1.5
	assert_output "node-fleet: --cpu wants the share of its vCPUs busy, 0 to 1, not '1.5'"
	run -2 "$BIN/node-fleet" migrate
	assert_output "node-fleet: unknown command 'migrate'; try 'node-fleet --help'"
	run -2 "$BIN/node-fleet" --prometheus "$PROM_URL"
	assert_output --partial "a command is wanted"
	run -2 "$BIN/node-fleet" --prometheus ftp://x hotspots
	assert_output "node-fleet: --prometheus wants an http:// or https:// URL, not 'ftp://x'"
	run -2 "$BIN/node-fleet" hotspots --below 5
	assert_output --partial "'--below' is unknown"
	run -0 "$BIN/node-fleet" --help
	assert_line --partial 'usage: node-fleet'
	run -0 "$BIN/node-fleet" --version
	assert_output --regexp '^node-fleet [0-9.]+$'
}

@test "make install lays out node-fleet and its man page; it reads the sample configuration" {
	local inst="$BATS_TEST_TMPDIR/inst"
	run -0 make -s -C "$TOP" install DESTDIR="$inst" PREFIX=/usr
	[ -x "$inst/usr/bin/node-fleet" ]
	[ -s "$inst/usr/share/man/man1/node-fleet.1" ]
	# Every program's section in one file: node-fleet passes over the others'.
	sed "s|^prometheus = .*|prometheus = $PROM_URL|" \
		"$inst/etc/node-monitor/node-monitor.conf.sample" >"$BATS_TEST_TMPDIR/nm.conf"
	run -3 --separate-stderr "$inst/usr/bin/node-fleet" --config "$BATS_TEST_TMPDIR/nm.conf" \
		--now "$END" hotspots --format csv
	assert_line 'hv1,h1:9100,5,5,0,0,2,0,0.8400,0.3400,1000000,yes'
}
