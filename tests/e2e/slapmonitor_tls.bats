#!/usr/bin/env bats
# slapmonitor: TLS versions and ciphers, with openssl s_client as the client.

load helpers

setup() {
	setup_tmp
	sm_root
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 -keyout "$TMP/key.pem" -out "$TMP/cert.pem" \
		2>/dev/null
}

teardown() {
	sm_stop
	teardown_tmp
}

# hello [s_client flags...]: a TLS handshake with the server; fails when
# the server refuses it.
hello() {
	openssl s_client -connect "127.0.0.1:$SM_PORT" "$@" </dev/null >"$TMP/hello" 2>&1
}

@test "TLS 1.2 with ECDHE and AEAD, and TLS 1.3, are the only handshakes taken" {
	sm_start --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem"
	run ! hello -tls1 -cipher 'DEFAULT@SECLEVEL=0'
	run ! hello -tls1_1 -cipher 'DEFAULT@SECLEVEL=0'
	# Plain-RSA key exchange: no forward secrecy.
	run ! hello -tls1_2 -cipher AES128-GCM-SHA256
	# CBC with SHA-1.
	run ! hello -tls1_2 -cipher ECDHE-RSA-AES128-SHA
	run ! hello -tls1_2 -cipher ECDHE-RSA-AES256-SHA384
	hello -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
	grep -q '^New, TLSv1.2, Cipher is ' "$TMP/hello"
	hello -tls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384
	grep -q '^New, TLSv1.2, Cipher is ' "$TMP/hello"
	hello -tls1_3
	grep -q '^New, TLSv1.3, Cipher is TLS_' "$TMP/hello"
	[ "$(get "$SM_BASE/" --cacert "$TMP/cert.pem")" = 200 ]
}

@test "tls_priorities in the config sets the GnuTLS priorities" {
	printf '[slapmonitor]\ntls_priorities = NORMAL:-VERS-ALL:+VERS-TLS1.2\n' >"$TMP/c.conf"
	sm_start --config "$TMP/c.conf" --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem"
	run ! hello -tls1_3
	hello -tls1_2 -cipher AES128-GCM-SHA256
	grep -q '^New, TLSv1.2, Cipher is ' "$TMP/hello"
}

@test "a bad priority string: one line, and no server" {
	run "$BIN/slapmonitor" --root "$ROOT" --secret-file "$TMP/secret" --listen 127.0.0.1:0 \
		--tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem" --tls-priorities NORMAL:+BOGUS
	assert_failure 1
	assert_output --regexp '^slapmonitor: cannot start the HTTP server: [^
]*NORMAL:\+BOGUS[^
]*$'
}
