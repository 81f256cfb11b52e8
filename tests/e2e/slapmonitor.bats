#!/usr/bin/env bats
# slapmonitor: the real server on loopback, with curl as its client.

load helpers

setup() {
	setup_tmp
	sm_root
}

teardown() {
	sm_stop
	teardown_tmp
}

@test "GET / answers 200 text/plain OK" {
	sm_start
	run curl -s --max-time 5 -D "$TMP/head" "$SM_BASE/"
	assert_output "OK"
	grep -qi '^HTTP/1.1 200' "$TMP/head"
	grep -qi '^Content-Type: text/plain' "$TMP/head"
}

@test "the secret is 256 random bits in a file made 0600, and the URL carries it" {
	sm_start
	[ "$(stat -c %a "$TMP/secret")" = 600 ]
	grep -qxE '[0-9a-f]{64}' "$TMP/secret"
	[ "$SM_URL" = "http://127.0.0.1:$SM_PORT/$(cat "$TMP/secret")/" ]
	first=$(cat "$TMP/secret")
	sm_stop
	rm "$TMP/secret"
	sm_start
	[ "$(cat "$TMP/secret")" != "$first" ]
	# The same file is used again on the next start.
	again=$(cat "$TMP/secret")
	sm_stop
	sm_start
	[ "$(cat "$TMP/secret")" = "$again" ]
}

@test "a secret file others can read, or that is not a secret, is refused" {
	head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$TMP/secret"
	chmod 644 "$TMP/secret"
	run "$BIN/slapmonitor" --root "$ROOT" --secret-file "$TMP/secret" --listen 127.0.0.1:0
	assert_failure 1
	assert_output "slapmonitor: secret file $TMP/secret: its group or others have access; chmod 600 it"
	echo short >"$TMP/secret"
	chmod 600 "$TMP/secret"
	run "$BIN/slapmonitor" --root "$ROOT" --secret-file "$TMP/secret" --listen 127.0.0.1:0
	assert_failure 1
	assert_output "slapmonitor: secret file $TMP/secret: wants one line of 64 hex digits"
	[ "$(cat "$TMP/secret")" = short ]
}

@test "the listing shows name, size and UTC time, sorted, without dotfiles" {
	touch -d '2026-11-20 23:59:58 UTC' "$ROOT/2026-11-19.tar.gz"
	sm_start
	[ "$(get "${SM_URL}server-log/" -D "$TMP/head")" = 200 ]
	grep -qi '^Content-Type: text/html' "$TMP/head"
	names=$(grep -o 'href="[^"]*">[^<]*</a>' "$TMP/body" | sed 's/.*">//; s/<.*//')
	expected=$(printf '%s\n' 2026-11-19.tar.gz 2026-11-20/ a.css a.js page.html system_cpu_percent.csv)
	[ "$names" = "$expected" ]
	grep -q '>2026-11-19.tar.gz</a></td><td>300000</td><td>2026-11-20 23:59:58</td>' "$TMP/body"
	run ! grep -q hidden "$TMP/body"
	[ "$(get "${SM_URL}server-log/2026-11-20/")" = 200 ]
	grep -q '>dump_user.csv</a></td><td>7</td>' "$TMP/body"
}

@test "files are served whole with their type and length" {
	sm_start
	for f in system_cpu_percent.csv:text/csv 2026-11-19.tar.gz:application/gzip \
		page.html:text/html a.js:application/javascript a.css:text/css \
		2026-11-20/dump_user.csv:text/csv; do
		name=${f%%:*}
		[ "$(get "${SM_URL}server-log/$name" -D "$TMP/head")" = 200 ]
		cmp "$TMP/body" "$ROOT/$name"
		grep -qi "^Content-Type: ${f#*:}" "$TMP/head"
		grep -qi "^Content-Length: $(stat -c %s "$ROOT/$name")" "$TMP/head"
	done
}

@test "ETag and Last-Modified revalidate with 304; a new file gets 200" {
	sm_start
	url="${SM_URL}server-log/system_cpu_percent.csv"
	get "$url" -D "$TMP/head" >/dev/null
	etag=$(sed -n 's/^ETag: *//Ip' "$TMP/head" | tr -d '\r')
	lm=$(sed -n 's/^Last-Modified: *//Ip' "$TMP/head" | tr -d '\r')
	[ -n "$etag" ]
	[ -n "$lm" ]
	[ "$(get "$url" -H "If-None-Match: $etag")" = 304 ]
	[ ! -s "$TMP/body" ]
	[ "$(get "$url" -H "If-Modified-Since: $lm")" = 304 ]
	[ "$(get "$url" -H 'If-None-Match: "other"')" = 200 ]
	# node-report replaces the file: the old tag no longer matches.
	printf 'time,entry\n2026-11-21 10:00:00,99\n' >"$TMP/new.csv"
	mv "$TMP/new.csv" "$ROOT/system_cpu_percent.csv"
	[ "$(get "$url" -H "If-None-Match: $etag")" = 200 ]
	cmp "$TMP/body" "$ROOT/system_cpu_percent.csv"
	# Rewritten in place, same inode and size: the new bytes are served,
	# not a copy kept from before.
	[ "$(get "$url")" = 200 ]
	sleep 0.05
	printf 'time,entry\n2026-11-21 10:00:00,42\n' 1<>"$ROOT/system_cpu_percent.csv"
	[ "$(get "$url")" = 200 ]
	grep -q ',42$' "$TMP/body"
	cmp "$TMP/body" "$ROOT/system_cpu_percent.csv"
}

@test "HEAD gives the headers and no body" {
	sm_start
	run curl -s --max-time 5 -I "${SM_URL}server-log/2026-11-19.tar.gz"
	assert_success
	assert_line --partial "HTTP/1.1 200"
	assert_line --partial "Content-Length: 300000"
	assert_line --partial "Content-Type: application/gzip"
	[ "$(curl -s --max-time 5 --head -o /dev/null -w '%{size_download}' \
		"${SM_URL}server-log/2026-11-19.tar.gz")" = 0 ]
}

@test "byte ranges give 206, 416, and a download resumes" {
	sm_start
	url="${SM_URL}server-log/2026-11-19.tar.gz"
	[ "$(get "$url" -r 1000-1999 -D "$TMP/head")" = 206 ]
	grep -qi '^Content-Range: bytes 1000-1999/300000' "$TMP/head"
	cmp "$TMP/body" <(tail -c +1001 "$ROOT/2026-11-19.tar.gz" | head -c 1000)
	[ "$(get "$url" -H 'Range: bytes=-100')" = 206 ]
	cmp "$TMP/body" <(tail -c 100 "$ROOT/2026-11-19.tar.gz")
	[ "$(get "$url" -r 300000- -D "$TMP/head")" = 416 ]
	grep -qi '^Content-Range: bytes \*/300000' "$TMP/head"
	# An If-Range naming another version gets the whole file.
	[ "$(get "$url" -r 0-9 -H 'If-Range: "old"')" = 200 ]
	cmp "$TMP/body" "$ROOT/2026-11-19.tar.gz"
	# A cut download, resumed by curl.
	head -c 123456 "$ROOT/2026-11-19.tar.gz" >"$TMP/part"
	curl -s --max-time 5 -C - -o "$TMP/part" "$url"
	cmp "$TMP/part" "$ROOT/2026-11-19.tar.gz"
}

@test "a wrong or missing secret gets the same 404 as a missing file, logged" {
	sm_start
	code=$(get "${SM_URL}server-log/nothing.csv")
	missing=$(cat "$TMP/body")
	[ "$code" = 404 ]
	wrong=$(printf '%064d' 0)
	[ "$(get "$SM_BASE/$wrong/server-log/system_cpu_percent.csv")" = 404 ]
	[ "$(cat "$TMP/body")" = "$missing" ]
	[ "$(get "$SM_BASE/server-log/system_cpu_percent.csv")" = 404 ]
	[ "$(cat "$TMP/body")" = "$missing" ]
	[ "$(get "$SM_BASE/$(cut -c1-63 "$TMP/secret")/server-log/")" = 404 ]
	grep -q "127.0.0.1: GET /$wrong/server-log/system_cpu_percent.csv: 404, wrong secret" "$SM_LOG"
	grep -q '127.0.0.1: GET /server-log/system_cpu_percent.csv: 404, no secret' "$SM_LOG"
	# The right secret never goes into the log.
	grep -q 'GET /<secret>/server-log/nothing.csv: 404' "$SM_LOG"
	run ! grep -qF "$(cat "$TMP/secret")" "$SM_LOG"
}

@test "only GET and HEAD: other methods get 405 with Allow" {
	sm_start
	for m in POST PUT DELETE OPTIONS PATCH; do
		[ "$(get "${SM_URL}server-log/system_cpu_percent.csv" -X "$m" -D "$TMP/head")" = 405 ]
		grep -qi '^Allow: GET, HEAD' "$TMP/head"
		grep -q "127.0.0.1: $m /<secret>/server-log/system_cpu_percent.csv: 405" "$SM_LOG"
	done
	[ "$(get "${SM_URL}server-log/system_cpu_percent.csv" -d 'x=1')" = 405 ]
	[ "$(cat "$ROOT/system_cpu_percent.csv" | wc -l)" = 3 ]
}

@test "no path leaves the root: each attack gets 404 or 400, is logged, and the server goes on" {
	ln -s "$TMP/outside.txt" "$ROOT/out-link"
	ln -s /etc "$ROOT/etc-link"
	ln -s system_cpu_percent.csv "$ROOT/in-link.csv"
	mkfifo "$ROOT/fifo.csv"
	# Every refusal logged: no rate limit within this test's few.
	printf '[slapmonitor]\nlog_burst = 1000\n' >"$TMP/sm.conf"
	sm_start --config "$TMP/sm.conf"
	s="${SM_URL}server-log"
	n=0
	while read -r want path; do
		code=$(get "$s/$path" --path-as-is)
		[ "$code" = "$want" ] || { echo "$path: $code, wanted $want" >&2; return 1; }
		n=$((n + 1))
		[ "$(grep -c ': GET /<secret>/server-log/' "$SM_LOG")" = "$n" ] ||
			{ echo "$path: not logged once" >&2; cat "$SM_LOG" >&2; return 1; }
	done <<-EOF
		400 ../secret
		400 ../../../../etc/passwd
		400 %2e%2e/secret
		400 %2E%2E/%2E%2E/etc/passwd
		400 .%2e/secret
		400 ..%2fsecret
		400 %2fetc%2fpasswd
		400 2026-11-20%2f..%2f..%2fsecret
		400 /etc/passwd
		400 2026-11-20//dump_user.csv
		400 a%00.csv
		400 ./system_cpu_percent.csv
		404 .hidden
		404 %2ehidden
		404 out-link
		404 etc-link/passwd
		404 2026-11-20
		404 fifo.csv
	EOF
	# Raw bytes curl would not send: a NUL in the request line. An
	# absolute-form target is routed by its path.
	exec {fd}<>"/dev/tcp/127.0.0.1/$SM_PORT"
	printf 'GET /%s/server-log/a\0b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
		"$(cat "$TMP/secret")" >&$fd
	status=$(timeout 5 head -1 <&$fd)
	exec {fd}<&-
	[[ "$status" =~ ^HTTP/1.1\ (400|404) ]]
	[ "$(get "http://127.0.0.1:$SM_PORT/etc/passwd" --request-target 'http://127.0.0.1/etc/passwd')" = 404 ]
	[ "$(get "$s/x" --request-target "http://127.0.0.1/$(cat "$TMP/secret")/server-log/../secret" --path-as-is)" = 400 ]
	# A symbolic link that stays inside is served; so is every real file.
	[ "$(get "$s/in-link.csv")" = 200 ]
	cmp "$TMP/body" "$ROOT/system_cpu_percent.csv"
	[ "$(get "$SM_BASE/")" = 200 ]
	kill -0 "$SM_PID"
}

@test "a file replaced during a download is served whole, the old one" {
	head -c 8000000 /dev/urandom >"$ROOT/big.tar.gz"
	cp "$ROOT/big.tar.gz" "$TMP/old"
	sm_start
	curl -s --max-time 30 --limit-rate 2M -o "$TMP/got" "${SM_URL}server-log/big.tar.gz" &
	cpid=$!
	sleep 1
	# As node-report does: a new file renamed over the old name.
	head -c 9000000 /dev/urandom >"$ROOT/.nm-tmp.big"
	mv "$ROOT/.nm-tmp.big" "$ROOT/big.tar.gz"
	wait "$cpid"
	cmp "$TMP/got" "$TMP/old"
	[ "$(get "${SM_URL}server-log/big.tar.gz")" = 200 ]
	cmp "$TMP/body" "$ROOT/big.tar.gz"
}

@test "IPv6 and IPv4 addresses both listen, and --print-url names each" {
	"$BIN/slapmonitor" --root "$ROOT" --secret-file "$TMP/secret" --print-url \
		--listen '[::1]:0,127.0.0.1:0' >"$TMP/url" 2>"$TMP/log" &
	SM_PID=$!
	for _ in $(seq 50); do [ "$(wc -l <"$TMP/url")" = 2 ] && break; sleep 0.1; done
	[ "$(wc -l <"$TMP/url")" = 2 ]
	secret=$(cat "$TMP/secret")
	v6=$(sed -n 1p "$TMP/url")
	v4=$(sed -n 2p "$TMP/url")
	[[ "$v6" =~ ^http://\[::1\]:[0-9]+/$secret/$ ]]
	[[ "$v4" =~ ^http://127\.0\.0\.1:[0-9]+/$secret/$ ]]
	[ "$(get "${v6}server-log/system_cpu_percent.csv")" = 200 ]
	cmp "$TMP/body" "$ROOT/system_cpu_percent.csv"
	[ "$(get "${v4}server-log/system_cpu_percent.csv")" = 200 ]
	[ "$(get "${v6%/*/}/")" = 200 ]
}

@test "HTTPS with a certificate made here" {
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 -keyout "$TMP/key.pem" -out "$TMP/cert.pem" \
		2>/dev/null
	sm_start --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem"
	[[ "$SM_URL" =~ ^https:// ]]
	[ "$(get "${SM_URL}server-log/system_cpu_percent.csv" --cacert "$TMP/cert.pem")" = 200 ]
	cmp "$TMP/body" "$ROOT/system_cpu_percent.csv"
	[ "$(get "$SM_BASE/" --cacert "$TMP/cert.pem")" = 200 ]
	[ "$(cat "$TMP/body")" = OK ]
	# Plain HTTP to the TLS port gets no answer.
	[ "$(get "http://127.0.0.1:$SM_PORT/")" != 200 ]
	# A certificate that is not one: one line, and no server.
	echo junk >"$TMP/junk.pem"
	run "$BIN/slapmonitor" --root "$ROOT" --secret-file "$TMP/secret" --listen 127.0.0.1:0 \
		--tls-cert "$TMP/junk.pem" --tls-key "$TMP/key.pem"
	assert_failure 1
	assert_output --regexp '^slapmonitor: cannot start the HTTP server: GnuTLS failed to setup x509 certificate/key: [^
]*$'
	run "$BIN/slapmonitor" --root "$ROOT" --secret-file "$TMP/secret" --tls-cert "$TMP/cert.pem"
	assert_failure 2
	assert_output "slapmonitor: --tls-cert and --tls-key go together"
}

@test "--user drops root's privileges once the socket is bound" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	chmod 755 "$TMP"
	sm_start --user nobody
	uid=$(awk '/^Uid:/ { print $2 $3 $4 $5 }' "/proc/$SM_PID/status")
	n=$(id -u nobody)
	[ "$uid" = "$n$n$n$n" ]
	grep -qx 'NoNewPrivs:[[:space:]]*1' "/proc/$SM_PID/status"
	grep -qx 'CapBnd:[[:space:]]*0000000000000000' "/proc/$SM_PID/status"
	[ "$(get "${SM_URL}server-log/system_cpu_percent.csv")" = 200 ]
	run "$BIN/slapmonitor" --root "$ROOT" --secret-file "$TMP/secret" --listen 127.0.0.1:0 \
		--user no-such-user-here
	assert_failure 1
	assert_output "slapmonitor: --user no-such-user-here: no such user"
	# A root the user cannot read: one line at start, not a 403 on each page.
	mkdir -m 700 "$TMP/closed"
	run "$BIN/slapmonitor" --root "$TMP/closed" --secret-file "$TMP/secret" \
		--listen 127.0.0.1:0 --user nobody
	assert_failure 1
	assert_output "slapmonitor: --root $TMP/closed: user nobody cannot read it: Permission denied"
}

@test "bad flags, addresses, config lines and folders: one line each" {
	run "$BIN/slapmonitor" --bogus
	assert_failure 2
	assert_output "slapmonitor: option '--bogus' is unknown or wants a value; try 'slapmonitor --help'"
	run "$BIN/slapmonitor" --listen localhost:80
	assert_failure 2
	assert_output "slapmonitor: listen address 'localhost:80' is not ADDR:PORT or [ADDR6]:PORT"
	printf '[slapmonitor]\nroot = %s\nmax_per_client = lots\n' "$ROOT" >"$TMP/bad.conf"
	run "$BIN/slapmonitor" --config "$TMP/bad.conf"
	assert_failure 2
	assert_output --partial "$TMP/bad.conf:3:"
	run "$BIN/slapmonitor" --root "$TMP/none" --secret-file "$TMP/secret" --listen 127.0.0.1:0
	assert_failure 1
	assert_output "slapmonitor: --root $TMP/none: No such file or directory"
	sm_start
	run "$BIN/slapmonitor" --root "$ROOT" --secret-file "$TMP/secret" \
		--listen "127.0.0.1:$SM_PORT"
	assert_failure 1
	assert_output "slapmonitor: listen 127.0.0.1:$SM_PORT: Address already in use"
	run "$BIN/slapmonitor" --help
	assert_success
	assert_line --partial "usage: slapmonitor"
}
