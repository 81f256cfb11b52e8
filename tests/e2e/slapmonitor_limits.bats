#!/usr/bin/env bats
# slapmonitor's limits: connections per client and in all, the request
# head, idle connections and a flood of slow clients, on loopback.

load helpers

setup() {
	setup_tmp
	sm_root
}

teardown() {
	sm_stop
	teardown_tmp
}

@test "connection limits refuse with a log line naming the client, and serving goes on" {
	printf '[slapmonitor]\nmax_per_client = 4\n' >"$TMP/sm.conf"
	sm_start --config "$TMP/sm.conf"
	exec {c1}<>"/dev/tcp/127.0.0.1/$SM_PORT" {c2}<>"/dev/tcp/127.0.0.1/$SM_PORT" \
		{c3}<>"/dev/tcp/127.0.0.1/$SM_PORT" {c4}<>"/dev/tcp/127.0.0.1/$SM_PORT"
	# The four connections are counted once the server has them.
	sleep 0.5
	[ "$(get "$SM_BASE/")" = 000 ]
	grep -q '127.0.0.1: connection refused: this client has 4 open (max_per_client)' "$SM_LOG"
	exec {c1}<&- {c2}<&- {c3}<&- {c4}<&-
	for _ in $(seq 20); do [ "$(get "$SM_BASE/")" = 200 ] && break; sleep 0.1; done
	[ "$(get "$SM_BASE/")" = 200 ]
}

@test "max_connections counts every client, and its refusals are logged once per 10 s" {
	printf '[slapmonitor]\nmax_connections = 3\n' >"$TMP/sm.conf"
	sm_start --config "$TMP/sm.conf"
	exec {c1}<>"/dev/tcp/127.0.0.1/$SM_PORT" {c2}<>"/dev/tcp/127.0.0.1/$SM_PORT" \
		{c3}<>"/dev/tcp/127.0.0.1/$SM_PORT"
	sleep 0.5
	for _ in 1 2 3 4 5; do
		[ "$(get "$SM_BASE/")" = 000 ]
	done
	# Five refusals of one client: one line now, the rest counted later.
	[ "$(grep -c 'connection refused: 3 open in all (max_connections)' "$SM_LOG")" = 1 ]
	exec {c1}<&- {c2}<&- {c3}<&-
	for _ in $(seq 20); do [ "$(get "$SM_BASE/")" = 200 ] && break; sleep 0.1; done
	[ "$(get "$SM_BASE/")" = 200 ]
}

@test "a request head over header_limit gets 431 and a log line; idle connections time out" {
	printf '[slapmonitor]\nheader_limit = 8192\ntimeout = 1\n' >"$TMP/sm.conf"
	sm_start --config "$TMP/sm.conf"
	big=$(head -c 20000 /dev/zero | tr '\0' a)
	code=$(get "$SM_BASE/" -H "X-Big: $big")
	[ "$code" = 431 ]
	grep -q '127.0.0.1: request refused by the HTTP parser' "$SM_LOG"
	# Once: libmicrohttpd's own line about it is not repeated.
	[ "$(grep -c 'refused by the HTTP parser\|Error processing' "$SM_LOG")" = 1 ]
	# A request line too long for the limit: 414, one line.
	[ "$(get "$SM_BASE/$(head -c 9000 /dev/zero | tr '\0' a)")" = 414 ]
	sleep 0.2
	[ "$(grep -c 'before a whole request line came' "$SM_LOG")" = 1 ]
	# A connection that sends nothing is closed after the idle timeout.
	exec {fd}<>"/dev/tcp/127.0.0.1/$SM_PORT"
	run timeout 5 cat <&$fd
	exec {fd}<&-
	[ "$status" = 0 ]
	[ "$(grep -c '127.0.0.1: connection closed before a whole request line came' "$SM_LOG")" = 2 ]
	[ "$(get "$SM_BASE/")" = 200 ]
}

@test "max_per_client holds one address to its share, in a flood of slow connections" {
	sm_start
	# 60 slow connections from one address: 32 are kept, the rest refused
	# and logged.
	"$BIN/../tests/slowclients" "$SM_PORT" 60 4 30 1 >"$TMP/slow" &
	s=$!
	sleep 1
	[ "$(get "${SM_URL}server-log/2026-11-19.tar.gz" --max-time 2)" = 200 ]
	wait "$s"
	# Each server thread checks the count as it accepts, so a burst may
	# pass the limit by one per extra thread.
	read -r _ _ _ open <"$TMP/slow"
	[ "$open" -ge 32 ]
	[ "$open" -le $((32 + $(nproc) - 1)) ]
	# The first refusal names the count the refusing thread saw.
	refused=$(grep -o '127.0.0.30: connection refused: this client has [0-9]* open (max_per_client)' \
		"$SM_LOG" | head -1 | grep -o 'has [0-9]*' | tr -dc 0-9)
	[ "$refused" -ge 32 ]
	[ "$refused" -le $((32 + $(nproc) - 1)) ]
}

@test "a request head gets head_timeout from accept, however slowly its bytes come" {
	printf '[slapmonitor]\nhead_timeout = 2\n' >"$TMP/sm.conf"
	sm_start --config "$TMP/sm.conf"
	# Four slow connections, a byte a second (each resets the idle
	# timeout of 15 s): all closed by the deadline.
	"$BIN/../tests/slowclients" "$SM_PORT" 4 5 2 1 >"$TMP/slow"
	[ "$(cat "$TMP/slow")" = "connected 4 open 0" ]
	grep -q '^.*127.0.0.2: connection closed: no whole request head within 2 s (head_timeout)' "$SM_LOG"
	# One line for the client, not one per connection.
	[ "$(grep -c 'head_timeout' "$SM_LOG")" = 1 ]
	# Not before the deadline: within it, the same clients stay.
	"$BIN/../tests/slowclients" "$SM_PORT" 4 1 3 1 >"$TMP/slow"
	[ "$(cat "$TMP/slow")" = "connected 4 open 4" ]
	# A kept-alive connection idle after its request is closed at the
	# deadline too, without a line; its request was served.
	exec {fd}<>"/dev/tcp/127.0.0.1/$SM_PORT"
	printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' >&$fd
	run timeout 6 cat <&$fd
	exec {fd}<&-
	[ "$status" = 0 ]
	[[ "$output" == *OK ]]
	[ "$(grep -c '127.0.0.1: connection closed' "$SM_LOG")" = 0 ]
}

@test "waiting connections get max_waiting slots; a new client makes room, a known one has its own" {
	printf '[slapmonitor]\nmax_connections = 8\nmax_waiting = 4\n' >"$TMP/sm.conf"
	sm_start --config "$TMP/sm.conf"
	# 127.0.0.2 fills the waiting slots.
	"$BIN/../tests/slowclients" "$SM_PORT" 4 4 2 1 >"$TMP/slow" &
	s=$!
	sleep 1
	# A new client (127.0.0.3) gets in by closing one of 127.0.0.2's.
	[ "$(get "${SM_URL}server-log/page.html" --interface 127.0.0.3)" = 200 ]
	grep -q '127.0.0.2: connection closed to make room: this client held the most connections waiting' "$SM_LOG"
	# A known client (it completed a request) uses the other slots.
	[ "$(get "${SM_URL}server-log/page.html" --interface 127.0.0.3)" = 200 ]
	wait "$s"
	[ "$(cat "$TMP/slow")" = "connected 4 open 3" ]
	# A client that holds the most waiting connections makes no room for
	# itself: past max_waiting it is refused.
	sleep 0.5
	"$BIN/../tests/slowclients" "$SM_PORT" 6 2 6 1 >"$TMP/slow"
	read -r _ connected _ open <"$TMP/slow"
	[ "$connected" = 6 ]
	# Each server thread checks the count as it accepts.
	[ "$open" -ge 4 ]
	[ "$open" -le $((4 + $(nproc) - 1)) ]
	grep -q '127.0.0.6: connection refused: [0-9]* waiting for a request head (max_waiting)' "$SM_LOG"
}

@test "flood: 600 slow connections from 20 addresses for 60 s; a client fetching every 0.5 s gets 99%" {
	sm_start
	"$BIN/../tests/slowclients" "$SM_PORT" 600 60 2 20 reconnect >"$TMP/slow" &
	s=$!
	sleep 1
	ok=0
	n=0
	t0=$(date +%s%N)
	while [ "$n" -lt 116 ]; do
		n=$((n + 1))
		code=$(get "${SM_URL}server-log/2026-11-19.tar.gz" --max-time 2) || true
		if [ "$code" = 200 ] && cmp -s "$TMP/body" "$ROOT/2026-11-19.tar.gz"; then
			ok=$((ok + 1))
		else
			echo "fetch $n: $code" >&2
		fi
		# Every 0.5 s from the start, whatever a fetch took.
		next=$((t0 + n * 500000000))
		now=$(date +%s%N)
		if [ "$now" -lt "$next" ]; then
			sleep "$(printf '0.%09d' $((next - now)))"
		fi
	done
	wait "$s"
	echo "normal fetches: $ok of $n; slow clients: $(cat "$TMP/slow")" >&2
	[ $((ok * 100)) -ge $((n * 99)) ]
	# The flood was real: 600 connected, and closed ones came back.
	read -r _ connected _ _ _ reconnects <"$TMP/slow"
	[ "$connected" = 600 ]
	[ "$reconnects" -ge 600 ]
	# The server closed slow ones: at their deadline, or to make room (a
	# client's lines share one window, so either may speak for it).
	grep -Eq 'no whole request head within 10 s \(head_timeout\)|closed to make room' "$SM_LOG"
	[ "$(get "$SM_BASE/")" = 200 ]
	kill -0 "$SM_PID"
}

# in_net6 SCRIPT: runs SCRIPT in a network namespace of its own whose
# loopback holds fd00:1::1, fd00:1::2 (one /64) and fd00:2::1 (another).
in_net6() {
	unshare -Urn bash -c "set -e
		ip link set lo up
		ip addr add fd00:1::1/64 dev lo
		ip addr add fd00:1::2/64 dev lo
		ip addr add fd00:2::1/64 dev lo
		$1"
}

@test "IPv6 clients are grouped by /64 for max_per_client, and by ipv6_prefix when set" {
	for prefix in 64 128; do
		printf '[slapmonitor]\nmax_per_client = 2\nipv6_prefix = %s\n' "$prefix" >"$TMP/sm.conf"
		rm -f "$TMP/url"
		run in_net6 "
		\"$BIN/slapmonitor\" --config \"$TMP/sm.conf\" --root \"$ROOT\" --secret-file \"$TMP/secret\" \
			--print-url --listen '[fd00:1::1]:0' >\"$TMP/url\" 2>\"$TMP/sm$prefix.log\" &
		pid=\$!
		for _ in \$(seq 50); do [ -s \"$TMP/url\" ] && break; sleep 0.1; done
		port=\$(head -1 \"$TMP/url\" | sed 's|.*]:\([0-9]*\)/.*|\1|')
		\"$BATS_TEST_DIRNAME/../support/slowclients6\" fd00:1::1 \"\$port\" \
			fd00:1::1/2 fd00:1::2/2 fd00:2::1/2 || true
		kill \$pid
		wait \$pid || true"
		echo "$output" >&2
		[ "$status" = 0 ]
		[ "${lines[0]}" = "fd00:1::1 open 2" ]
		[ "${lines[2]}" = "fd00:2::1 open 2" ]
		if [ "$prefix" = 64 ]; then
			# fd00:1::2 shares fd00:1::/64 with fd00:1::1, which holds both.
			[ "${lines[1]}" = "fd00:1::2 open 0" ]
			grep -q 'fd00:1::2: connection refused: this client has 2 open (max_per_client)' \
				"$TMP/sm$prefix.log"
		else
			[ "${lines[1]}" = "fd00:1::2 open 2" ]
		fi
	done
}
