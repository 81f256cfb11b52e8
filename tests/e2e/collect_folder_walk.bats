#!/usr/bin/env bats
# node-collect's folder walks over several runs: the budget, resuming,
# giving up, and one walker per folder.

load helpers
load folder

setup() {
	setup_tmp
	folder_setup
	folder_tree "$INST/slappart0"
	mkdir -p "$INST/slappart0/DATA" "$TMP/disk/y"
	head -c 50000 /dev/urandom >"$TMP/disk/y/blob"
	ln "$INST/slappart0/a/data" "$TMP/disk/y/same"
	ln -s "$TMP/disk" "$INST/slappart0/DATA/disk0"
}

teardown() {
	teardown_tmp
}

@test "a walk over its entries budget resumes run after run to du's figure" {
	folder_conf folder_budget_entries 7
	local runs=0
	while [ "$(used slapuser0)" = none ]; do
		run folder_collect "$((T0 + 60 * runs))"
		assert_success
		runs=$((runs + 1))
		assert [ "$runs" -lt 40 ]
	done
	# Many runs, each of at most 7 entries, and the figure of du.
	assert [ "$runs" -gt 5 ]
	run used slapuser0
	assert_output "$(du_k "$INST/slappart0" "$TMP/disk")"
	run q "SELECT data_used FROM folder WHERE partition = 'slapuser0'"
	assert_output "$(($(du_k "$INST/slappart0" "$TMP/disk") - $(du_k "$INST/slappart0")))"
	run q "SELECT runs, started = $T0 FROM folder WHERE partition = 'slapuser0'"
	refute_output "1|1"
	# Nothing of the finished walk is left behind.
	run q "SELECT count(*) FROM folder_walk_link; SELECT state FROM folder_walk
		WHERE partition = 'slapuser0'"
	assert_output "0
1"
}

@test "a paused walk keeps its cursor and its hard links in the database" {
	# The root, DATA/ and its link, a, a/b, a/b/c and its 40 files, then
	# a/b/twin: the first of the hard links.
	folder_conf folder_budget_entries 48
	run folder_collect "$T0"
	assert_success
	run q "SELECT state, runs, cursor IS NOT NULL FROM folder_walk WHERE partition = 'slapuser0'"
	assert_output "0|1|1"
	run q "SELECT count(*) FROM folder_walk_link WHERE partition = 'slapuser0'"
	assert_output "1"
	run used slapuser0
	assert_output "none"
}

@test "a walk not finished after folder_max_runs runs is given up until the next cycle" {
	folder_conf folder_budget_entries 3
	folder_conf folder_max_runs 4
	folder_conf folder_cycle 3600
	for i in 0 1 2; do
		run folder_collect "$((T0 + 60 * i))"
		assert_success
		refute_output --partial "given up"
	done
	run folder_collect "$((T0 + 180))"
	assert_success
	assert_output --partial "partition slapuser0: folder $INST/slappart0: walk not finished after 4 runs; given up"
	run folder_collect "$((T0 + 240))"
	refute_output --partial "slapuser0"
	run q "SELECT state FROM folder_walk WHERE partition = 'slapuser0'"
	assert_output "2"
	run used slapuser0
	assert_output "none"
	# The next cycle starts again, and with room to finish, finishes.
	sed -i '/folder_budget_entries/d' "$TMP/nm.conf"
	run folder_collect "$((T0 + 3600))"
	assert_success
	run used slapuser0
	assert_output "$(du_k "$INST/slappart0" "$TMP/disk")"
}

@test "a folder locked by another walker is skipped until a run finds it free" {
	local fd
	mkdir -m 755 "$TMP/locks"
	exec {fd}>"$(folder_lockfile "$INST/slappart0")"
	flock --exclusive --nonblock "$fd"
	run folder_collect "$T0"
	exec {fd}<&-
	assert_success
	assert_output --partial "partition slapuser0: folder $INST/slappart0 is being walked by another process"
	run used slapuser0
	assert_output "none"
	run folder_collect "$((T0 + 60))"
	assert_success
	refute_output --partial "being walked"
	run used slapuser0
	assert_output "$(du_k "$INST/slappart0" "$TMP/disk")"
}

@test "a tenant holding a lock on its own folder is measured all the same" {
	local fd
	head -c 40000 /dev/urandom >"$INST/slappart0/file"
	exec {fd}<"$INST/slappart0"
	flock --exclusive --nonblock "$fd"
	run folder_collect "$T0"
	exec {fd}<&-
	assert_success
	refute_output --partial "being walked"
	run used slapuser0
	assert_output "$(du_k "$INST/slappart0" "$TMP/disk")"
}

@test "a lock folder others may write is refused with one line" {
	mkdir -m 777 "$TMP/locks"
	run folder_collect "$T0"
	assert_success
	assert_output --partial "lock folder $TMP/locks: refused, not ours alone"
	run used slapuser0
	assert_output "none"
}

@test "a lock folder whose parent is missing is made, parent and all" {
	sed -i "s|^folder_lock_dir = .*|folder_lock_dir = $TMP/runlock/nm|" "$TMP/nm.conf"
	run folder_collect "$T0"
	assert_success
	refute_output --partial "lock folder"
	assert [ -d "$TMP/runlock/nm" ]
	run used slapuser0
	refute_output "none"
}

@test "a walk's time budget bounds it too: folder_budget_ms" {
	folder_conf folder_budget_ms 1
	mkdir "$INST/slappart0/many"
	seq -f "$INST/slappart0/many/f%g" 30000 | xargs touch
	run folder_collect "$T0"
	assert_success
	# 30000 entries do not fit in 1 ms: slappart0's walk, the first, is
	# paused (or, on a loaded machine, not begun), never finished.
	run used slapuser0
	assert_output "none"
	run q "SELECT count(*) FROM folder_walk WHERE partition = 'slapuser0' AND state <> 0"
	assert_output "0"
}

@test "an unreadable folder inside is counted as du counts it, with one line" {
	local inst="$TMP/nobody/inst"
	mkdir -p "$inst/slappart0/closed/deep" "$inst/slappart0/open"
	head -c 40000 /dev/urandom >"$inst/slappart0/closed/deep/hidden"
	head -c 40000 /dev/urandom >"$inst/slappart0/open/seen"
	chmod 000 "$inst/slappart0/closed"
	chmod 777 "$TMP/nobody"
	chmod 755 "$TMP"
	# Walked by an unprivileged user, partition user slapuser0 of a passwd
	# of the test's own (a private mount namespace needs real root here).
	[ "$(id -u)" -eq 0 ] || skip "needs root for a private passwd and an unprivileged walker"
	printf 'slapuser0:x:1000:1000::/nonexistent:/bin/sh\n' >"$TMP/nobody/passwd"
	printf '[slapos]\ninstance_root = %s\n[slapformat]\npartition_amount = 1\n' \
		"$inst" >"$TMP/nobody/slapos.cfg"
	printf '[collect]\nfolder_lock_dir = %s\n' "$TMP/nobody/locks" >"$TMP/nobody/nm.conf"
	run unshare -m sh -c 'mount --bind "$1" /etc/passwd && shift && exec "$@"' sh \
		"$TMP/nobody/passwd" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$BIN/node-collect" --db "$TMP/nobody/c.db" --now "$T0" \
		--config "$TMP/nobody/nm.conf" --slapos-config "$TMP/nobody/slapos.cfg"
	assert_line "node-collect: partition slapuser0: folder $inst/slappart0: closed: Permission denied; counted as du counts it"
	run grep -c "slappart0" <<<"$output"
	assert_output "1"
	run setpriv --reuid=65534 --regid=65534 --clear-groups du -s -k -x "$inst/slappart0"
	assert_failure
	run sqlite3 "$TMP/nobody/c.db" "SELECT disk_used FROM folder"
	assert_output "$(setpriv --reuid=65534 --regid=65534 --clear-groups du -s -k -x "$inst/slappart0" 2>/dev/null | cut -f1)"
}
