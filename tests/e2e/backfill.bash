# Set-up shared by node-fleet's tests: a real Prometheus on loopback,
# backfilled by promtool from the OpenMetrics that bench/fleet-gen writes.

# fleet_backfill DIR GEN-ARGS...: writes DIR/metrics.om with fleet-gen,
# then the TSDB blocks into DIR/data.
fleet_backfill() {
	local dir="$1"
	shift
	"$TOP/bench/fleet-gen" "$@" >"$dir/metrics.om"
	promtool tsdb create-blocks-from openmetrics "$dir/metrics.om" "$dir/data" >/dev/null
}

# prom_start DIR [flags...]: Prometheus on DIR/data, on a free loopback
# port, with no scrape job; waits (at most 20 s) until it is ready. Sets
# PROM_PID and PROM_URL (exported, for setup_file).
prom_start() {
	local dir="$1" port
	shift
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	echo 'scrape_configs: []' >"$dir/prometheus.yml"
	prometheus --storage.tsdb.path "$dir/data" --config.file "$dir/prometheus.yml" \
		--web.listen-address "127.0.0.1:$port" "$@" >"$dir/prometheus.log" 2>&1 &
	export PROM_PID=$!
	export PROM_URL="http://127.0.0.1:$port"
	for _ in $(seq 200); do
		if curl -sf --max-time 1 "$PROM_URL/-/ready" >/dev/null; then
			return 0
		fi
		kill -0 "$PROM_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$dir/prometheus.log" >&2
	return 1
}

# prom_stop: stops the Prometheus prom_start started, by its pid.
prom_stop() {
	if [ -n "${PROM_PID:-}" ]; then
		kill "$PROM_PID" 2>/dev/null || true
		wait "$PROM_PID" 2>/dev/null || true
	fi
}
