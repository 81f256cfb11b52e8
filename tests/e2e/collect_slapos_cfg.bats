#!/usr/bin/env bats
# node-collect --slapos-config: SlapOS' own slapos.cfg in place of flags.

load helpers

setup() {
	setup_tmp
	# The fixture machine's partition users under the slapos.cfg's base name.
	sed 's/^slapuser/nodeuser/' "$FIXTURES/passwd" >"$TMP/passwd"
}

teardown() {
	teardown_tmp
}

# collect_custom DB [flags...]: node-collect on basic-t0 with $TMP/passwd.
collect_custom() {
	local db="$1"
	shift
	unshare -Urm sh -c "$FIXTURE_SH" sh "$FIXTURES/proc/basic-t0" "$SYS_TREE" \
		"$TMP/passwd" "$BIN/node-collect" --db "$db" --now "$T0" "$@"
}

# rows DB: the user rows and the partition users of DB, in a fixed order.
rows() {
	sqlite3 "$1" "SELECT partition, pid, cpu_time FROM user ORDER BY partition, pid;
		SELECT partition_users FROM computer;"
}

@test "a slapos.cfg with 3 partitions and a custom user base gives the rows of the flags" {
	run collect_custom "$TMP/cfg.db" --slapos-config "$FIXTURES/slapos.cfg"
	assert_success
	run collect_custom "$TMP/flags.db" --users nodeuser0,nodeuser1,nodeuser2
	assert_success
	rows "$TMP/flags.db" >"$TMP/flags.rows"
	rows "$TMP/cfg.db" >"$TMP/cfg.rows"
	run diff "$TMP/flags.rows" "$TMP/cfg.rows"
	assert_success
	run sqlite3 "$TMP/cfg.db" "SELECT partition_users FROM computer"
	assert_output "nodeuser0,nodeuser1"
	run sqlite3 "$TMP/cfg.db" "SELECT count(DISTINCT partition) FROM user"
	assert_output "2"
}

@test "slapos_config in node-monitor's file works as the flag; --users still wins" {
	printf '[collect]\nslapos_config = %s\n' "$FIXTURES/slapos.cfg" >"$TMP/nm.conf"
	run collect_custom "$TMP/conf.db" --config "$TMP/nm.conf"
	assert_success
	run sqlite3 "$TMP/conf.db" "SELECT partition_users FROM computer"
	assert_output "nodeuser0,nodeuser1"
	run collect_custom "$TMP/over.db" --config "$TMP/nm.conf" --users nodeuser1
	assert_success
	run sqlite3 "$TMP/over.db" "SELECT partition_users FROM computer"
	assert_output "nodeuser1"
}

@test "without partition_amount the base name is taken, with any number after it" {
	printf '[slapformat]\nuser_base_name = nodeuser\n' >"$TMP/slapos.cfg"
	run collect_custom "$TMP/c.db" --slapos-config "$TMP/slapos.cfg"
	assert_success
	run sqlite3 "$TMP/c.db" "SELECT partition_users FROM computer"
	assert_output "nodeuser0,nodeuser1,nodeuser12"
}

@test "an empty slapos.cfg keeps node-collect's defaults" {
	: >"$TMP/slapos.cfg"
	run collect_in "$FIXTURES/proc/basic-t0" --db "$DB" --now "$T0" \
		--slapos-config "$TMP/slapos.cfg"
	assert_success
	run q "SELECT partition_users FROM computer"
	assert_output "slapuser0,slapuser1,slapuser12"
}

# refused TEXT MESSAGE: a slapos.cfg holding TEXT is refused with exit 2
# and the line MESSAGE (after the file's name), nothing written.
refused() {
	printf '%b' "$1" >"$TMP/slapos.cfg"
	run "$BIN/node-collect" --db "$DB" --slapos-config "$TMP/slapos.cfg"
	assert_failure 2
	assert_output "node-collect: $TMP/slapos.cfg:$2"
	[ ! -e "$DB" ]
}

@test "what configparser reads and this parse does not is refused by file and line" {
	refused '[slapos]\nroot = /srv\ninstance_root = %(root)s/slapgrid\n' \
		"3: interpolation '%(...)s' is not supported"
	refused '[slapformat]\nuser_base_name = a%b\n' "2: a '%' must be written '%%'"
	refused '[slapformat]\npartition_amount = 3\n  4\n' \
		"3: partition_amount: a value on several lines or a repeated key is not supported"
	refused '[slapformat]\npartition_amount = 3\nPartition_Amount = 4\n' \
		"3: partition_amount: a value on several lines or a repeated key is not supported"
	refused '[DEFAULT]\nx = 1\n' "2: a [DEFAULT] section is not supported"
	refused '[slapformat]\npartition_amount = many\n' \
		"2: partition_amount wants a whole number from 0 to 10000, not 'many'"
	refused '[slapformat]\nuser_base_name = slap*\n' \
		"2: user_base_name: bad character '*' in partition base name 'slap*'"
	refused '[collect]\nreport_disk_usage = maybe\n' \
		"2: report_disk_usage wants true or false, not 'maybe'"
	refused '[slapos]\nno value here\n' "2: syntax error (want 'key = value' or '[section]')"
}

@test "a missing slapos.cfg is refused with its name" {
	run "$BIN/node-collect" --db "$DB" --slapos-config "$TMP/none.cfg"
	assert_failure 2
	assert_output "node-collect: $TMP/none.cfg: No such file or directory"
}
