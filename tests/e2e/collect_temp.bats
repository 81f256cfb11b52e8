#!/usr/bin/env bats
# node-collect's temperatures: every sensor libsensors reports, with
# SlapOS' alarm (0 below high, 1 from high, 2 from critical). libsensors
# only reads a real sysfs at /sys, so the fixture hwmon devices
# (tests/fixtures/sys/hwmon/class) are mounted over /sys/class alone.

load helpers

setup() {
	setup_tmp
}

teardown() {
	teardown_tmp
}

# collect_hwmon NOW [flags...]: node-collect on basic-t0 with the fixture
# hwmon devices, the rest of /sys left as the host's.
collect_hwmon() {
	unshare -Urm sh -c 'mount --bind "$1" /proc && mount --bind "$2" /sys/class &&
		mount --bind "$3" /etc/passwd && shift 3 && exec "$@"' sh \
		"$FIXTURES/proc/basic-t0" "$FIXTURES/sys/hwmon/class" "$FIXTURES/passwd" \
		"$BIN/node-collect" --db "$DB" --now "$@"
}

@test "every fixture sensor is stored with its limits and SlapOS' alarm" {
	run collect_hwmon "$T0"
	assert_success
	run q "SELECT sensor_id, temperature, alarm, ifnull(high, '-'), ifnull(critical, '-')
		FROM temperature WHERE ts = $T0 ORDER BY sensor_id"
	assert_output "acpitz-virtual-0 temp1:|45.0|0|80.0|95.0
nmtest-virtual-0 Core 0:|85.0|1|80.0|95.0
nmtest-virtual-0 temp2:|96.0|2|80.0|95.0
nmtest-virtual-0 temp3:|50.0|0|-|-
nmtest-virtual-0 temp4:|80.0|1|80.0|95.0
nmtest-virtual-0 temp5:|99.5|1|-|99.0"
	assert_equal "$(q "SELECT date, time, reported FROM temperature LIMIT 1")" "2026-11-20|01:00:00|0"
}

@test "a machine without sensors stores a run and no temperature" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	refute_output --partial temperature
	assert_equal "$(q 'SELECT count(*) FROM run')" 1
	assert_equal "$(q 'SELECT count(*) FROM temperature')" 0
}

@test "the real machine's sensors, if any, are stored without error" {
	run "$BIN/node-collect" --db "$DB"
	assert_success
	refute_output --partial temperature
	assert_equal "$(q 'SELECT count(*) FROM temperature WHERE alarm NOT BETWEEN 0 AND 2')" 0
}

# v4_db: makes $DB an empty node-monitor database of schema 4, as released.
v4_db() {
	sqlite3 "$DB" <"$FIXTURES/schema-v4.sql"
	q "PRAGMA application_id = $((0x4e4d4f4e)); PRAGMA user_version = 4;"
}

@test "a schema 4 database is migrated to schema 5 and gets temperatures" {
	DB="$TMP/fresh.db" collect_hwmon "$T0"
	v4_db
	run collect_hwmon "$T0"
	assert_success
	assert_equal "$(q 'PRAGMA user_version')" 5
	assert_equal "$(q 'SELECT count(*) FROM temperature')" 6
	run q "SELECT sql FROM sqlite_schema WHERE name = 'temperature_sample'"
	assert_output "$(sqlite3 "$TMP/fresh.db" "SELECT sql FROM sqlite_schema WHERE name = 'temperature_sample'")"
}
