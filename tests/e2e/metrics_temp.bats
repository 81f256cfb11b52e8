#!/usr/bin/env bats
# The temperatures in /<secret>/metrics and node-collect --prom-textfile:
# per sensor, the latest reading, its alarm level and its limits.

load helpers
load temp

setup() {
	setup_tmp
	sm_root
}

teardown() {
	sm_stop
	teardown_tmp
}

# has FILE LINE: FILE holds LINE exactly.
has() {
	grep -qxF -- "$2" "$1" || { echo "missing in $1: $2" >&2; return 1; }
}

# sensors FILE: the fixture's sensors, as the metrics of FILE.
sensors() {
	has "$1" 'node_monitor_temperature_celsius{sensor="acpitz-virtual-0 temp1:"} 45'
	has "$1" 'node_monitor_temperature_celsius{sensor="nmtest-virtual-0 temp5:"} 99.5'
	has "$1" 'node_monitor_temperature_alarm{sensor="acpitz-virtual-0 temp1:"} 0'
	has "$1" 'node_monitor_temperature_alarm{sensor="nmtest-virtual-0 Core 0:"} 1'
	has "$1" 'node_monitor_temperature_alarm{sensor="nmtest-virtual-0 temp2:"} 2'
	has "$1" 'node_monitor_temperature_high_celsius{sensor="nmtest-virtual-0 temp2:"} 80'
	has "$1" 'node_monitor_temperature_critical_celsius{sensor="nmtest-virtual-0 temp5:"} 99'
	# A limit the sensor lacks has no sample: temp3 has none, temp5 no high.
	run ! grep -F 'sensor="nmtest-virtual-0 temp3:"' <(grep -E '_(high|critical)_celsius' "$1")
	run ! grep -F 'high_celsius{sensor="nmtest-virtual-0 temp5:"}' "$1"
	assert_equal "$(grep -c '^node_monitor_temperature_celsius{' "$1")" 6
	assert_equal "$(grep -c '^node_monitor_temperature_alarm{' "$1")" 6
	assert_equal "$(grep -c '^node_monitor_temperature_high_celsius{' "$1")" 4
	assert_equal "$(grep -c '^node_monitor_temperature_critical_celsius{' "$1")" 5
	assert_equal "$(grep -c '^# TYPE node_monitor_temperature_alarm gauge$' "$1")" 1
	promtool check metrics <"$1"
}

@test "node-collect --prom-textfile: the sensors' readings, alarms and limits, promtool-clean" {
	run collect_hwmon "$T0" --prom-textfile "$TMP/nm.prom"
	assert_success
	sensors "$TMP/nm.prom"
}

@test "/metrics: the latest run's sensors, promtool-clean" {
	collect_hwmon "$T0"
	q "UPDATE temperature_sample SET temperature = 20, alarm = 0 WHERE ts = $T0"
	collect_hwmon $((T0 + 60))
	sm_start --db "$DB"
	run get "${SM_URL}metrics"
	assert_output 200
	sensors "$TMP/body"
	run ! grep -q ' 20$' <(grep temperature_celsius "$TMP/body")
}

@test "a machine without sensors exports no temperature" {
	collect_fixture basic-t0 "$T0"
	sm_start --db "$DB"
	run get "${SM_URL}metrics"
	assert_output 200
	run grep -c node_monitor_temperature "$TMP/body"
	assert_output 0
	promtool check metrics <"$TMP/body"
}
