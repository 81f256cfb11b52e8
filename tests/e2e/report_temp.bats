#!/usr/bin/env bats
# node-report's temperatures: the daily dump (SlapOS' temperature columns
# first), its archive, retention after it, and today's plot file per
# sensor.

load helpers
load temp

D0=$((T0 / DAY * DAY)) # 2026-11-20 00:00:00 UTC
D1=$((D0 + DAY))
D2=$((D0 + 2 * DAY))

setup() {
	setup_tmp
	OUT="$TMP/out"
}

teardown() {
	teardown_tmp
}

# dump DATE: DATE's dump_temperature.csv from its archive, CR removed.
dump() {
	tar -xzOf "$OUT/$1.tar.gz" "$1/dump_temperature.csv" | tr -d '\r'
}

@test "the fixture's sensors are dumped with SlapOS' columns first, and archived" {
	collect_hwmon "$T0"
	collect_hwmon $((T0 + 60))
	run report --now $((D2 + 60))
	assert_success
	run dump 2026-11-20
	assert_line --index 0 "sensor_id,temperature,alarm,date,time,reported,high,critical"
	assert_equal "${#lines[@]}" 13
	# Rows in (ts, sensor_id) order; date, time and reported after alarm.
	want=$(sed 's/^\([^,]*,[^,]*,[^,]*\),/\1,2026-11-20,01:00:00,1,/' <<<"$TEMP_ROWS")
	assert_equal "$(sed -n '2,7p' <<<"$output")" "$want"
	assert_equal "$(sed -n '8,13p' <<<"$output")" "${want//01:00:00/01:01:00}"
	# README.md lists the same columns.
	run grep -F '| `dump_temperature.csv` | sensor_id, temperature, alarm, date, time, reported | high, critical |' "$TOP/README.md"
	assert_success
}

@test "a day holding only temperature rows is still dumped and archived" {
	collect_hwmon "$T0"
	q "INSERT INTO temperature_sample (ts, sensor_id, temperature, alarm, high, critical)
	   VALUES ($D1 + 7200, 'x-isa-0 temp1:', 61.5, 0, 70, NULL)"
	run report --now $((D2 + 60))
	assert_success
	run dump 2026-11-21
	assert_output "sensor_id,temperature,alarm,date,time,reported,high,critical
x-isa-0 temp1:,61.5,0,2026-11-21,02:00:00,1,70.0,"
	run tar -tzf "$OUT/2026-11-21.tar.gz"
	assert_line 2026-11-21/dump_temperature.csv
	assert_equal "$(tar -xzOf "$OUT/2026-11-21.tar.gz" 2026-11-21/dump_user.csv | wc -l)" 1
	assert_equal "$(q 'SELECT count(*) FROM reported_day')" 2
}

@test "retention deletes a day's temperatures only once they are archived" {
	collect_hwmon "$T0"
	# Yesterday cannot be archived: the out directory, a 16 KiB tmpfs, has
	# no room for its dumps. The run goes on to retention all the same.
	mkdir "$OUT"
	run unshare -Urm sh -c 'mount -t tmpfs -o size=16k tmpfs "$1" && shift && exec "$@"' sh \
		"$OUT" "$BIN/node-report" --db "$DB" --out "$OUT" --now $((D1 + 60)) --keep-days 0
	assert_failure
	assert_output --partial "no room for 2026-11-20"
	assert_equal "$(q "SELECT count(*) FROM temperature_sample WHERE ts < $D1")" 6
	run report --now $((D1 + 60)) --keep-days 0
	assert_success
	assert_equal "$(q "SELECT count(*) FROM temperature_sample")" 0
	run dump 2026-11-20
	assert_equal "${#lines[@]}" 7
}

@test "today's plot file per sensor, with a safe name, appended to run by run" {
	collect_hwmon "$T0"
	run report --now $((T0 + 30))
	assert_success
	run ls "$OUT"
	assert_line temperature_acpitz_virtual_0_temp1.csv
	assert_line temperature_nmtest_virtual_0_Core_0.csv
	assert_equal "$(ls "$OUT" | grep -c '^temperature_.*\.csv$')" 6
	collect_hwmon $((T0 + 60))
	run report --now $((T0 + 90))
	assert_success
	assert_equal "$(cat "$OUT/temperature_nmtest_virtual_0_temp5.csv")" "time,entry
2026-11-20 01:00:00,99.5
2026-11-20 01:01:00,99.5"
	# The appended files equal a rebuild from scratch.
	run report --out "$TMP/fresh" --now $((T0 + 90))
	assert_success
	diff "$OUT/temperature_nmtest_virtual_0_Core_0.csv" "$TMP/fresh/temperature_nmtest_virtual_0_Core_0.csv"
	# The next day, yesterday's sensor files are gone.
	run report --now $((D1 + 60))
	assert_success
	run ls "$OUT"
	refute_line --partial temperature_
}

@test "two sensors of one safe name: the first in sensor_id order has the file" {
	collect_fixture basic-t0 "$T0"
	q "INSERT INTO temperature_sample (ts, sensor_id, temperature, alarm)
	   VALUES ($T0, 'x_y:', 30, 0), ($T0, 'x y:', 40, 0)"
	run report --now $((T0 + 30))
	assert_success
	assert_equal "$(ls "$OUT" | grep -c '^temperature_')" 1
	assert_equal "$(cat "$OUT/temperature_x_y.csv")" "time,entry
2026-11-20 01:00:00,40"
}

@test "a machine without sensors gets no temperature file" {
	collect_fixture basic-t0 "$T0"
	run report --now $((T0 + 30))
	assert_success
	run ls "$OUT"
	refute_line --partial temperature_
	assert_line system_cpu_percent.csv
}
