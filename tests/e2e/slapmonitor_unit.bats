#!/usr/bin/env bats
# slapmonitor's systemd unit: sandboxed, as systemd-analyze rates it.

load helpers

setup() {
	setup_tmp
	UNIT="$BATS_TEST_DIRNAME/../../cron/slapmonitor.service"
}

teardown() {
	teardown_tmp
}

@test "the systemd unit is sandboxed: exposure 3.0 or less" {
	command -v systemd-analyze >/dev/null || skip "no systemd-analyze"
	sed 's|@BINDIR@|/usr/bin|g' "$UNIT" >"$TMP/slapmonitor.service"
	run systemd-analyze security --offline=yes --threshold=30 "$TMP/slapmonitor.service"
	assert_success
	assert_output --partial "Overall exposure level for slapmonitor.service"
	grep -qx 'NoNewPrivileges=yes' "$UNIT"
	grep -qx 'ProtectSystem=strict' "$UNIT"
	grep -qx 'ReadOnlyPaths=/var/lib/node-monitor/server-log' "$UNIT"
	grep -qx 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' "$UNIT"
	grep -qx 'SystemCallFilter=@system-service' "$UNIT"
}
