#!/usr/bin/env bats
# Broken configuration files, for every program that reads one: each is a
# usage error (exit 2) told on one line that names the file and the line.

load helpers

setup() {
	setup_tmp
	CONF="$TMP/node-monitor.conf"
}

teardown() {
	teardown_tmp
}

# The programs, each with the arguments that reach its configuration.
PROGRAMS="node-collect node-report slapmonitor node-fleet"

# prog_run PROG ARGS...: runs PROG (node-fleet with its command) with
# --db in $TMP, so that nothing outside it is touched.
prog_run() {
	local prog="$1"
	shift
	case "$prog" in
	node-fleet) run "$BIN/node-fleet" hotspots "$@" ;;
	node-report) run "$BIN/node-report" --db "$DB" --out "$TMP/out" "$@" ;;
	*) run "$BIN/$prog" --db "$DB" "$@" ;;
	esac
}

# The section each program reads.
section_of() {
	case "$1" in
	node-collect) echo collect ;;
	node-report) echo report ;;
	slapmonitor) echo slapmonitor ;;
	node-fleet) echo fleet ;;
	esac
}

@test "a config path that is a directory is refused by every program, exit 2, one line" {
	mkdir "$TMP/conf.d"
	for prog in $PROGRAMS; do
		prog_run "$prog" --config "$TMP/conf.d"
		assert_failure 2
		assert_output "$prog: $TMP/conf.d: Is a directory"
	done
	[ ! -e "$DB" ]
	[ ! -e "$TMP/out" ]
}

@test "a section header without its ']' is named on its own line, by every program" {
	for prog in $PROGRAMS; do
		printf '; node-monitor\n[%s\ntimeout = 5\n' "$(section_of "$prog")" >"$CONF"
		prog_run "$prog" --config "$CONF"
		assert_failure 2
		assert_output "$prog: $CONF:2: malformed section header (no closing ']')"
	done
	[ ! -e "$DB" ]
}

@test "a 10 MB line is named by its own line number, by every program" {
	for prog in $PROGRAMS; do
		{
			printf '[%s]\n; a comment, then a long one\n; ' "$(section_of "$prog")"
			head -c 10485760 /dev/zero | tr '\0' x
			printf '\nbogus = 1\n'
		} >"$CONF"
		prog_run "$prog" --config "$CONF"
		assert_failure 2
		assert_output "$prog: $CONF:3: line longer than 198 bytes"
	done
	[ ! -e "$DB" ]
}

@test "the longest line libinih takes keeps the lines after it numbered right" {
	{
		printf '[report]\n; '
		head -c 196 /dev/zero | tr '\0' x
		printf '\nbogus = 1\n'
	} >"$CONF"
	prog_run node-report --config "$CONF"
	assert_failure 2
	assert_output "node-report: $CONF:3: unknown key 'bogus' in [report]"
	{
		printf '[report]\n; '
		head -c 197 /dev/zero | tr '\0' x
		printf '\nbogus = 1\n'
	} >"$CONF"
	prog_run node-report --config "$CONF"
	assert_failure 2
	assert_output "node-report: $CONF:2: line longer than 198 bytes"
}

@test "an empty path in the configuration is named with its line, by every program" {
	printf '[collect]\ninterval = 0\ndb =\n' >"$CONF"
	run "$BIN/node-collect" --config "$CONF"
	assert_failure 2
	assert_output "node-collect: $CONF:3: db wants a value"
	for key in db out; do
		printf '[report]\n%s =\n' "$key" >"$CONF"
		run "$BIN/node-report" --config "$CONF"
		assert_failure 2
		assert_output "node-report: $CONF:2: $key wants a value"
	done
	for key in db root secret_file; do
		printf '[slapmonitor]\n\n%s =\n' "$key" >"$CONF"
		run "$BIN/slapmonitor" --config "$CONF"
		assert_failure 2
		assert_output "slapmonitor: $CONF:3: $key wants a value"
	done
	printf '[fleet]\nprometheus =\n' >"$CONF"
	run "$BIN/node-fleet" hotspots --config "$CONF"
	assert_failure 2
	assert_output "node-fleet: $CONF:2: prometheus wants a value"
}

@test "an empty path flag is named as the flag" {
	run "$BIN/node-collect" --db ''
	assert_failure 2
	assert_output "node-collect: --db wants a value"
	run "$BIN/node-report" --db "$DB" --out ''
	assert_failure 2
	assert_output "node-report: --out wants a value"
	run "$BIN/slapmonitor" --secret-file ''
	assert_failure 2
	assert_output "slapmonitor: --secret-file wants a value"
	run "$BIN/node-fleet" hotspots --prometheus ''
	assert_failure 2
	assert_output "node-fleet: --prometheus wants a value"
}

@test "gzip_level gives one range, whichever side of it the value falls" {
	for level in 10 -1; do
		printf '[report]\ngzip_level = %s\n' "$level" >"$CONF"
		prog_run node-report --config "$CONF"
		assert_failure 2
		assert_output "node-report: $CONF:2: gzip_level wants a whole number from 0 to 9, not '$level'"
	done
	[ ! -e "$TMP/out" ]
}

@test "a bad number given as a flag is named by the flag" {
	run "$BIN/node-report" --db "$DB" --out "$TMP/out" --keep-days x
	assert_failure 2
	assert_output "node-report: --keep-days wants a whole number from 0 to 36500, not 'x'"
}
