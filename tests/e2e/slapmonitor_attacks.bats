#!/usr/bin/env bats
# slapmonitor attacked: the path attack list of tests/fixtures/attacks,
# heads that break RFC 9112, a flood of malformed requests against the
# log, and the secret's parts kept out of the log. Requests go raw, as
# curl would normalise them.

load helpers

ATTACKS="$FIXTURES/attacks"

setup() {
	setup_tmp
	sm_root
	printf '[slapmonitor]\nlog_burst = 1000\n' >"$TMP/loud.conf"
}

teardown() {
	sm_stop
	teardown_tmp
}

# answer REQUEST [SOURCE]: sends the escaped REQUEST on a new connection
# and leaves the whole answer in $TMP/answer.
answer() {
	timeout 10 python3 "$ATTACKS/raw.py" "$SM_PORT" "$@" >"$TMP/answer"
}

# statuses: the status lines in $TMP/answer, wherever they start.
statuses() {
	grep -ao 'HTTP/1\.[01] [0-9][0-9][0-9]' "$TMP/answer" || true
}

@test "the path attack list: nothing outside the root is served, the server goes on" {
	echo "CANARY-$$-outside" >"$TMP/canary.txt"
	ln -s ../canary.txt "$ROOT/out-link"
	ln -s system_cpu_percent.csv "$ROOT/in-link.csv"
	sm_start
	run timeout 120 python3 "$ATTACKS/send_paths.py" "$SM_PORT" "$TMP/secret" \
		"$ATTACKS/paths.txt" "CANARY-$$-outside"
	echo "$output" | grep -v '^tried\|^outside\|^bad [0-9]*$' >&2 || true
	[ "$status" = 0 ]
	tried=$(awk '$1 == "tried" { print $2 }' <<<"$output")
	[ "$tried" -ge 150 ]
	assert_line 'outside 0'
	assert_line 'outside_bytes 0'
	assert_line 'bad 0'
	# Alive, and answering.
	kill -0 "$SM_PID"
	[ "$(get "$SM_BASE/")" = 200 ]
	[ "$(cat "$TMP/body")" = OK ]
}

@test "heads that break RFC 9112 get one 400 and no second answer" {
	sm_start --config "$TMP/loud.conf"
	h='GET / HTTP/1.1\r\nHost: x\r\n'
	# An empty field name after a field, where libmicrohttpd ended the
	# head and read the rest as a second request; first in the head; with
	# an empty value; whitespace before the colon; an obs-fold line; bare
	# LFs at the end of the head.
	for req in "$h: x\r\nConnection: close\r\n\r\n" \
		"GET / HTTP/1.1\r\n: x\r\nHost: x\r\nConnection: close\r\n\r\n" \
		"$h:\r\nConnection: close\r\n\r\n" \
		"GET / HTTP/1.1\r\nHost : x\r\nConnection: close\r\n\r\n" \
		"GET / HTTP/1.1\r\nHost\t: x\r\nConnection: close\r\n\r\n" \
		"${h}X-A b: c\r\nConnection: close\r\n\r\n" \
		"${h}Connection: close\r\n folded\r\n\r\n" \
		"GET / HTTP/1.1\nHost: x\nConnection: close\n\n"; do
		answer "$req"
		run statuses
		assert_output 'HTTP/1.1 400'
	done
	[ "$(grep -c '127.0.0.1: GET /: 400, malformed header line$' "$SM_LOG")" = 8 ]
	# Well-formed heads are served, and pipelined requests too.
	answer "${h}Connection: close\r\n\r\n"
	run statuses
	assert_output 'HTTP/1.1 200'
	answer "${h}\r\n${h}Connection: close\r\n\r\n"
	run statuses
	assert_output "$(printf 'HTTP/1.1 200\nHTTP/1.1 200')"
	answer 'GET / HTTP/1.0\r\n\r\n'
	run statuses
	assert_output 'HTTP/1.1 200'
}

@test "a bad Content-Length gets 400 and a closed connection (libmicrohttpd's own answer)" {
	sm_start --config "$TMP/loud.conf"
	# libmicrohttpd 0.9.75 refuses these before the handler runs, and
	# writes its 400's header block twice (see the man page, LIMITS); the
	# connection is closed after it, so no request can follow.
	for cl in -1 '1, 2' x; do
		answer "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: $cl\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"
		run statuses
		assert_line --index 0 'HTTP/1.1 400'
		refute_line 'HTTP/1.1 200'
	done
	grep -q "127.0.0.1: .*libmicrohttpd: Failed to parse .Content-Length' header" "$SM_LOG"
}

@test "a flood of malformed requests from one client writes a few lines, each naming it" {
	sm_start
	run timeout 240 python3 "$ATTACKS/malformed.py" "$SM_PORT" 2000
	assert_output 'sent 2000'
	# A second client's refusal is logged at once.
	answer 'GET / HTTP/1.1\r\nHost : x\r\nConnection: close\r\n\r\n' 127.0.0.2
	grep -q '^slapmonitor: 127.0.0.2: GET /: 400, malformed header line$' "$SM_LOG"
	kill -0 "$SM_PID"
	[ "$(get "$SM_BASE/")" = 200 ]
	# Five lines a client per 10 s window (the malformed requests take
	# some, at most a minute even on a slow machine), not one a request.
	[ "$(wc -l <"$SM_LOG")" -le 60 ]
	# Once the window is over, the client's next line counts those left
	# out: with the lines logged, every refusal is accounted for.
	sleep 10.5
	answer 'GET / HTTP/1.1\r\nHost : x\r\nConnection: close\r\n\r\n'
	left=$(sed -n 's/^slapmonitor: 127\.0\.0\.1: .* (and \([0-9]*\) refused before, not logged)$/\1/p' \
		"$SM_LOG" | awk '{ n += $1 } END { print n + 0 }')
	logged=$(grep -c '^slapmonitor: 127\.0\.0\.1: ' "$SM_LOG")
	[ "$((left + logged))" -ge 1900 ]
	# Every line but the two start lines names its client.
	grep -v "^slapmonitor: 127\.0\.0\.[12]: " "$SM_LOG" >&2 || true
	run grep -vc '^slapmonitor: 127\.0\.0\.[12]: ' "$SM_LOG"
	assert_output 2
	head -2 "$SM_LOG" | grep -q '^slapmonitor: Landlock is '
	head -2 "$SM_LOG" | grep -q '^slapmonitor: serving '
	# Stopped, a sanitizer build reports what the flood left behind.
	sm_stop
	run grep -c 'ERROR: [A-Za-z]*Sanitizer\|runtime error' "$SM_LOG"
	assert_output 0
}

@test "no 8 characters of the secret in a row reach the log, in any form" {
	sm_start --config "$TMP/loud.conf"
	S=$(cat "$TMP/secret")
	# Each character double-encoded, in mixed case.
	dbl=$(for ((i = 0; i < 64; i++)); do printf '%%25%02X' "'${S:i:1}"; done)
	mixed=$(for ((i = 0; i < 64; i++)); do
		c=${S:i:1}
		((i % 2)) && c=${c^^}
		printf '%s' "$c"
	done)
	n=0
	for target in "/${S:0:8}" "/${S:0:40}/server-log/x" "/x/${S:56}" "/x/${S:20:30}/" \
		"/$dbl/" "/${dbl:0:80}/server-log/x" "/$mixed/" "/${mixed:3:12}/" \
		"/${S:0:16}%2f${S:16:16}%2F${S:32}/" "/${S:0:10}%2e${S:10:10}.${S:20}/" \
		"/${S:0:12}%5c${S:12:12}%252f${S:24}/" "/${S:0:9}/${S:9:9}/${S:18:9}/" \
		"/%2e%2e/${S^^}/server-log/%2e%2e/x" \
		"/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/$S/"; do
		code=$(get "$SM_BASE$target" --path-as-is)
		[[ "$code" =~ ^(400|404)$ ]] || { echo "$target: $code" >&2; return 1; }
		n=$((n + 1))
	done
	[ "$(grep -c '127.0.0.1: GET ' "$SM_LOG")" = "$n" ]
	for ((i = 0; i + 8 <= 64; i++)); do
		run grep -ciF "${S:i:8}" "$SM_LOG"
		assert_output 0
	done
}
