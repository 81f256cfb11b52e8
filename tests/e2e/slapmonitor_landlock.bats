#!/usr/bin/env bats
# slapmonitor under Landlock: the running server is made to open files
# through gdb, which must fail outside the root and Dygraph's folder.

load helpers

DYGRAPH=/usr/share/javascript/dygraphs

setup() {
	setup_tmp
	sm_root
}

teardown() {
	sm_stop
	teardown_tmp
}

# opened FILE: what open(FILE, O_RDONLY) returns in the running
# slapmonitor, called through gdb; the descriptor is closed again. The
# path is copied into a buffer freed afterwards, as gdb never frees the
# string literals it puts in the process (LeakSanitizer would see them).
opened() {
	timeout 60 gdb -p "$SM_PID" -batch -ex 'set $p = (char *)malloc(4096)' \
		-ex "set {char[$((${#1} + 1))]}\$p = \"$1\"" -ex 'call (int)open($p, 0)' \
		-ex 'call (int)close($1)' -ex 'call (void)free($p)' 2>/dev/null |
		sed -n 's/^\$1 = //p'
}

# landlocked: skips unless the kernel offers Landlock, then checks the
# start line.
landlocked() {
	if grep -q '^slapmonitor: Landlock is off: the kernel has no Landlock$' "$SM_LOG"; then
		skip "this kernel has no Landlock"
	fi
	grep -qE '^slapmonitor: Landlock is on \(ABI [0-9]+\): reading beneath the served folders only$' \
		"$SM_LOG"
}

# serves: the probe, a file, a listing, the plot page and a Dygraph asset
# still answer 200.
serves() {
	[ "$(get "$SM_BASE/")" = 200 ]
	[ "$(get "${SM_URL}server-log/system_cpu_percent.csv")" = 200 ]
	cmp "$TMP/body" "$ROOT/system_cpu_percent.csv"
	[ "$(get "${SM_URL}server-log/2026-11-20/")" = 200 ]
	grep -q 'dump_user.csv' "$TMP/body"
	[ "$(get "$SM_URL")" = 200 ]
	[ "$(get "${SM_URL}static/dygraph.min.js")" = 200 ]
	cmp "$TMP/body" "$DYGRAPH/dygraph.min.js"
}

# stops: SIGTERM still ends it with status 0.
stops() {
	local rc=0
	kill "$SM_PID"
	wait "$SM_PID" || rc=$?
	SM_PID=
	[ "$rc" = 0 ]
}

# confined: files outside fail to open, those beneath the root and
# Dygraph's folder open, and the server goes on serving.
confined() {
	landlocked
	[ "$(opened /etc/hostname)" = -1 ]
	[ "$(opened "$TMP/outside.txt")" = -1 ]
	[ "$(opened /proc/1/status)" = -1 ]
	[ "$(opened "$ROOT/system_cpu_percent.csv")" -ge 0 ]
	[ "$(opened "$ROOT/2026-11-20/dump_user.csv")" -ge 0 ]
	[ "$(opened "$ROOT/2026-11-20")" -ge 0 ]
	[ "$(opened "$DYGRAPH/dygraph.min.js")" -ge 0 ]
	serves
	stops
}

@test "Landlock is on by default: only the root and Dygraph's folder open, as root" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	sm_start
	confined
}

@test "Landlock is on by default: only the root and Dygraph's folder open, as --user nobody" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	chmod 755 "$TMP"
	sm_start --user nobody
	confined
}

@test "Landlock with TLS: the handshake and the files still work" {
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 -keyout "$TMP/key.pem" -out "$TMP/cert.pem" \
		2>/dev/null
	sm_start --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem"
	landlocked
	[ "$(get "${SM_URL}server-log/system_cpu_percent.csv" --cacert "$TMP/cert.pem")" = 200 ]
	cmp "$TMP/body" "$ROOT/system_cpu_percent.csv"
	[ "$(get "${SM_URL}static/dygraph.min.js" --cacert "$TMP/cert.pem")" = 200 ]
	[ "$(opened "$TMP/cert.pem")" = -1 ]
	stops
}

@test "landlock = no: files outside the root open, and the start line says why" {
	printf '[slapmonitor]\nlandlock = no\n' >"$TMP/c.conf"
	sm_start --config "$TMP/c.conf"
	grep -qx 'slapmonitor: Landlock is off: landlock = no in the configuration' "$SM_LOG"
	[ "$(opened /etc/hostname)" -ge 0 ]
	[ "$(opened "$TMP/outside.txt")" -ge 0 ]
	serves
	stops
}
