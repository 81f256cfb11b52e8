#!/usr/bin/env bats
# slapmonitor: the secret kept out of the log, and requests at the edge of
# HTTP/1.1, sent raw where curl would not send them.

load helpers

setup() {
	setup_tmp
	sm_root
	# Every refusal logged, where a test counts them: no rate limit.
	printf '[slapmonitor]\nlog_burst = 1000\n' >"$TMP/loud.conf"
}

teardown() {
	sm_stop
	teardown_tmp
}

# raw BYTES: sends the printf format BYTES (the secret as its one %s) on a
# new connection, and prints the status line of the answer.
raw() {
	local fd
	exec {fd}<>"/dev/tcp/127.0.0.1/$SM_PORT"
	# shellcheck disable=SC2059
	printf "$1" "$SECRET" >"$TMP/request"
	# In one write: a server that answers before the body and closes may
	# reset the connection under a later one. The answer is read anyway.
	cat "$TMP/request" >&$fd 2>/dev/null || true
	timeout 5 head -1 <&$fd | tr -d '\r'
	exec {fd}<&-
}

@test "the secret never appears in a log line, in any form" {
	sm_start --config "$TMP/loud.conf"
	SECRET=$(cat "$TMP/secret")
	upper=$(tr a-f A-F <<<"$SECRET")
	mixed=$(sed 's/a/A/; s/b/B/g' <<<"$SECRET")
	encoded=$(printf '%%%02x%s' "'${SECRET:0:1}" "$(sed 's/a/%61/g; s/f/%66/g' <<<"${SECRET:1}")")
	n=0
	for target in "//$SECRET/" "/./$SECRET/" "/x/../$SECRET/" "/$upper/" \
		"/$mixed/" "/$encoded/" "/$encoded/server-log/x" "/$SECRET" "/${SECRET}0/" \
		"/$SECRET/server-log/nothing" "/$SECRET/server-log/../x" "/$SECRET/static/none" \
		"/$SECRET/$SECRET/" "/a?$SECRET" "/%2F$SECRET/" "/$upper/server-log/%00" \
		"/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/$SECRET/"; do
		code=$(get "$SM_BASE$target" --path-as-is)
		[[ "$code" =~ ^(400|404)$ ]] || { echo "$target: $code" >&2; return 1; }
		n=$((n + 1))
	done
	# Absolute-form and raw targets curl would not send as they are.
	for req in 'GET http://127.0.0.1/%s/server-log/none HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
		'GET HTTP://HOST/%s/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
		'GET /#%s/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
		'GET /x/%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
		'PUT /%s/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
		'GET /%s\\x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'; do
		status=$(raw "$req")
		[[ "$status" =~ ^HTTP/1.1\ (400|404|405) ]] || { echo "$req: $status" >&2; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 16 ]
	# Every request was logged, and not one line names the secret.
	[ "$(grep -c '127.0.0.1: ' "$SM_LOG")" -ge "$n" ]
	grep -q '<secret>' "$SM_LOG"
	run grep -ci "$SECRET" "$SM_LOG"
	assert_output 0
	run grep -ci "$(sed 's/a/%61/g' <<<"$SECRET" | cut -c1-20)" "$SM_LOG"
	assert_output 0
}

@test "a raw NUL in the target or the method gets 400, logged with the client" {
	sm_start
	SECRET=$(cat "$TMP/secret")
	status=$(raw 'GET /%s/server-log/system_cpu_percent.csv\0/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
	assert_equal "$status" "HTTP/1.1 400 Bad Request"
	status=$(raw 'GET /%s/server-log/system_cpu_percent.csv?a\0b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
	assert_equal "$status" "HTTP/1.1 400 Bad Request"
	status=$(raw 'GET\0 /%s/server-log/system_cpu_percent.csv HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
	assert_equal "$status" "HTTP/1.1 400 Bad Request"
	status=$(raw 'GET\0X /%s/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
	assert_equal "$status" "HTTP/1.1 400 Bad Request"
	[ "$(grep -c '127.0.0.1: GET /<secret>/.*: 400, NUL byte in the request line$' "$SM_LOG")" = 4 ]
	# libmicrohttpd refuses itself a line without a version, or with a NUL
	# in the version, whatever its target holds.
	status=$(raw 'GET /%s/server-log/system_cpu_percent.csv\0/../x\r\nHost: x\r\n\r\n')
	assert_equal "$status" "HTTP/1.1 400 Bad Request"
	status=$(raw 'GET /%s/server-log/system_cpu_percent.csv\0x HTTP/1.1\0\r\nHost: x\r\nConnection: close\r\n\r\n')
	assert_equal "$status" "HTTP/1.1 400 Bad Request"
	# The same requests without the NUL are served; so is one with spaces
	# before its target, and one with a query.
	status=$(raw 'GET /%s/server-log/system_cpu_percent.csv HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
	assert_equal "$status" "HTTP/1.1 200 OK"
	status=$(raw 'GET   /%s/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
	assert_equal "$status" "HTTP/1.1 200 OK"
	[ "$(get "${SM_URL}server-log/system_cpu_percent.csv?a=b%00")" = 200 ]
	kill -0 "$SM_PID"
}

@test "a GET or HEAD with a body gets 400 at once, logged with the client" {
	sm_start --config "$TMP/loud.conf"
	SECRET=$(cat "$TMP/secret")
	h='Host: x\r\nConnection: close\r\n'
	for req in "GET /%s/ HTTP/1.1\r\n${h}Content-Length: 5\r\n\r\nhello" \
		"GET /%s/ HTTP/1.1\r\n${h}Content-Length: 5\r\n\r\n" \
		"HEAD /%s/ HTTP/1.1\r\n${h}Content-Length: 100\r\n\r\nabc" \
		"GET /%s/ HTTP/1.1\r\n${h}Transfer-Encoding: chunked\r\n\r\n" \
		"GET /%s/ HTTP/1.1\r\n${h}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" \
		"GET /%s/ HTTP/1.1\r\n${h}Expect: 100-continue\r\nContent-Length: 5\r\n\r\n" \
		"GET /%s/ HTTP/1.1\r\n${h}Expect: 100-continue\r\n\r\n"; do
		status=$(raw "$req")
		assert_equal "$status" "HTTP/1.1 400 Bad Request"
	done
	[ "$(grep -c '127.0.0.1: \(GET\|HEAD\) /<secret>/: 400, a GET or HEAD with a body$' "$SM_LOG")" = 7 ]
	# An empty body is no body.
	status=$(raw "GET /%s/ HTTP/1.1\r\n${h}Content-Length: 0\r\n\r\n")
	assert_equal "$status" "HTTP/1.1 200 OK"
	[ "$(get "${SM_URL}server-log/system_cpu_percent.csv" -X GET -d 'x=1')" = 400 ]
	[ "$(get "$SM_BASE/")" = 200 ]
}

@test "absolute-form targets are routed by their path" {
	sm_start
	SECRET=$(cat "$TMP/secret")
	file="server-log/system_cpu_percent.csv"
	[ "$(get "$SM_BASE/x" --request-target "http://127.0.0.1:$SM_PORT/$SECRET/$file")" = 200 ]
	cmp "$TMP/body" "$ROOT/system_cpu_percent.csv"
	[ "$(get "$SM_BASE/x" --request-target "HTTP://other.example/$SECRET/")" = 200 ]
	grep -q 'plots' "$TMP/body"
	[ "$(get "$SM_BASE/x" --request-target "http://127.0.0.1")" = 200 ]
	[ "$(cat "$TMP/body")" = OK ]
	[ "$(get "$SM_BASE/x" --request-target "http://127.0.0.1/$SECRET/server-log/.hidden")" = 404 ]
	grep -q '127.0.0.1: GET http://127.0.0.1/<secret>/server-log/.hidden: 404, dotfile' "$SM_LOG"
}

@test "an HTTP/1.1 request without Host or with two gets 400, logged" {
	sm_start
	status=$(raw 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n')
	assert_equal "$status" "HTTP/1.1 400 Bad Request"
	status=$(raw 'GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\nConnection: close\r\n\r\n')
	assert_equal "$status" "HTTP/1.1 400 Bad Request"
	[ "$(grep -c '127.0.0.1: GET /: 400, HTTP/1.1 wants one Host header$' "$SM_LOG")" = 2 ]
	status=$(raw 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')
	assert_equal "$status" "HTTP/1.1 200 OK"
	# HTTP/1.0 needs none.
	status=$(raw 'GET / HTTP/1.0\r\n\r\n')
	[[ "$status" =~ ^HTTP/1\.[01]\ 200 ]]
}

@test "a link through '..' is served while renames go on elsewhere" {
	ln -s 2026-11-20/../system_cpu_percent.csv "$ROOT/up-link.csv"
	touch "$TMP/ren-a"
	sm_start
	# As node-report does every minute, only without pause.
	python3 -c 'import os, sys
while True:
    os.rename(sys.argv[1], sys.argv[2])
    os.rename(sys.argv[2], sys.argv[1])' "$TMP/ren-a" "$TMP/ren-b" &
	renamer=$!
	urls=()
	for _ in $(seq 400); do urls+=("${SM_URL}server-log/up-link.csv"); done
	codes=$(curl -s --max-time 60 -w '%{http_code}\n' -o /dev/null "${urls[@]}")
	kill "$renamer"
	wait "$renamer" || true
	[ "$(grep -c '^200$' <<<"$codes")" = 400 ]
}
