#!/usr/bin/env bats
# The fleet's Prometheus configuration (fleet/rules.yml, fleet/prometheus.yml)
# against the real engine's checker and rule-test runner, promtool.

load helpers

setup() {
	setup_tmp
	cp -r "$TOP/fleet" "$TMP/fleet"
}

teardown() {
	teardown_tmp
}

@test "promtool accepts the fleet rules" {
	run promtool check rules "$TOP/fleet/rules.yml"
	assert_success
	assert_output --partial "SUCCESS: 18 rules found"
}

@test "promtool accepts the example scrape configuration, placeholders filled in" {
	# The example names the secret and the CA by placeholders.
	run grep -c -e 'metrics_path: /SECRET/metrics' -e 'ca_file: /etc/prometheus/node-monitor-ca.pem' \
		"$TOP/fleet/prometheus.yml"
	assert_output 2
	printf 'not a real CA\n' >"$TMP/ca.pem"
	sed -e "s|/SECRET/|/$(printf '%064x' 7)/|" -e "s|/etc/prometheus/node-monitor-ca.pem|$TMP/ca.pem|" \
		"$TOP/fleet/prometheus.yml" >"$TMP/fleet/prometheus.yml"
	run promtool check config "$TMP/fleet/prometheus.yml"
	assert_success
	assert_line --partial "is valid prometheus config file syntax"
	assert_line --partial "SUCCESS: 18 rules found"
}

@test "every fleet rule passes its unit tests" {
	run promtool test rules "$TOP"/fleet/tests/*.yml
	assert_success
	refute_output --partial FAILED
	for f in hotspots stale disk balloon reclaim temperature; do
		assert_line "Unit Testing:  $TOP/fleet/tests/$f.yml"
	done
	[ "$(grep -c '^  SUCCESS$' <<<"$output")" = 6 ]
}

@test "every alert of the fleet rules has a unit test" {
	local alerts
	alerts=$(sed -n 's/^ *- alert: //p' "$TOP/fleet/rules.yml")
	[ "$(wc -w <<<"$alerts")" = 10 ]
	for a in $alerts; do
		grep -q "alertname: $a\$" "$TOP"/fleet/tests/*.yml || fail "no unit test for $a"
	done
}

@test "the unit tests catch a hotspot rule of 2 samples of 5 instead of 3" {
	sed -i 's/(node_monitor:hotspot_samples_over >= 3)/(node_monitor:hotspot_samples_over >= 2)/' \
		"$TMP/fleet/rules.yml"
	run grep -c 'hotspot_samples_over >= 2' "$TMP/fleet/rules.yml"
	assert_output 1
	run ! promtool test rules "$TMP/fleet/tests/hotspots.yml"
	assert_output --partial "alertname: NodeMonitorHotspot, time: 4m"
}
