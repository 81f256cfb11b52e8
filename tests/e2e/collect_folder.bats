#!/usr/bin/env bats
# node-collect's partition folder sizes: the figure of du -s -k -x.

load helpers
load folder

setup() {
	setup_tmp
	folder_setup
}

teardown() {
	teardown_tmp
}

@test "a folder counts as du -s -k -x: sparse files, hard links, symlinks, empty dirs" {
	folder_tree "$INST/slappart0"
	folder_tree "$INST/slappart1"
	# A file of both partitions counts in each of them, as du counts it.
	head -c 30000 /dev/urandom >"$INST/slappart0/shared"
	ln "$INST/slappart0/shared" "$INST/slappart1/shared"
	run folder_collect "$T0"
	assert_success
	run used slapuser0
	assert_output "$(du_k "$INST/slappart0")"
	run used slapuser1
	assert_output "$(du_k "$INST/slappart1")"
	run q "SELECT partition, path, seen = $T0 FROM partition_folder ORDER BY partition"
	assert_output "slapuser0|$INST/slappart0|1
slapuser1|$INST/slappart1|1"
	run q "SELECT runs, started = $T0, data_used FROM folder WHERE partition = 'slapuser0'"
	assert_output "1|1|0"
}

@test "a disk linked under DATA/ is walked on its own filesystem and counted apart" {
	folder_tree "$INST/slappart0"
	mkdir -p "$INST/slappart0/DATA" "$TMP/disk/x"
	head -c 200000 /dev/urandom >"$TMP/disk/x/blob"
	ln "$INST/slappart0/a/data" "$TMP/disk/x/same"
	ln -s "$TMP/disk" "$INST/slappart0/DATA/disk0"
	ln -s "$TMP/nowhere" "$INST/slappart0/DATA/gone"
	run folder_collect "$T0"
	assert_success
	run used slapuser0
	assert_output "$(du_k "$INST/slappart0" "$TMP/disk")"
	# The hard link the folder counted first is not counted again.
	run q "SELECT data_used FROM folder WHERE partition = 'slapuser0'"
	assert_output "$(($(du_k "$INST/slappart0" "$TMP/disk") - $(du_k "$INST/slappart0")))"
}

@test "a tmpfs mounted inside a folder is not crossed" {
	folder_tree "$INST/slappart0"
	mkdir "$INST/slappart0/mnt"
	# The tmpfs exists only in the namespace that both du and node-collect see.
	run unshare -Urm sh -c 'mnt=$1 part=$2 out=$3; shift 3
		mount -t tmpfs tmpfs "$mnt" && head -c 3000000 /dev/zero >"$mnt/big" &&
		mkdir "$mnt/d" && du -s -k -x "$part" >"$out" && du -s -k "$part" >"$out.all" &&
		'"$FIXTURE_SH" sh "$INST/slappart0/mnt" "$INST/slappart0" "$TMP/du" \
		"$FIXTURES/proc/basic-t0" "$SYS_TREE" "$FIXTURES/passwd" \
		"$BIN/node-collect" --db "$DB" --now "$T0" --config "$TMP/nm.conf" \
		--slapos-config "$TMP/slapos.cfg"
	assert_success
	# The tmpfs held data: crossing it would have counted it.
	refute [ "$(cut -f1 "$TMP/du")" = "$(cut -f1 "$TMP/du.all")" ]
	run used slapuser0
	assert_output "$(cut -f1 "$TMP/du")"
}

@test "each partition is measured once per cycle, by the run's --now" {
	folder_conf folder_cycle 3600
	run folder_collect "$T0"
	assert_success
	head -c 100000 /dev/urandom >"$INST/slappart0/new"
	run folder_collect "$((T0 + 60))"
	assert_success
	run folder_collect "$((T0 + 3540))"
	assert_success
	run q "SELECT count(*) FROM folder WHERE partition = 'slapuser0'"
	assert_output "1"
	run folder_collect "$((T0 + 3600))"
	assert_success
	run q "SELECT count(*), max(ts) = $T0 + 3600 FROM folder WHERE partition = 'slapuser0'"
	assert_output "2|1"
	run used slapuser0
	assert_output "$(du_k "$INST/slappart0")"
}

@test "slapos.cfg's disk_snapshot_time_cycle sets the cycle; report_disk_usage turns it off" {
	printf '[collect]\ndisk_snapshot_time_cycle = 120\n' >>"$TMP/slapos.cfg"
	for now in "$T0" "$((T0 + 60))" "$((T0 + 120))"; do
		run folder_collect "$now"
		assert_success
	done
	run q "SELECT count(*) FROM folder WHERE partition = 'slapuser0'"
	assert_output "2"
	printf 'report_disk_usage = false\n' >>"$TMP/slapos.cfg"
	run folder_collect "$((T0 + 600))"
	assert_success
	run q "SELECT count(*) FROM folder WHERE partition = 'slapuser0'"
	assert_output "2"
}

@test "a missing folder is one line, and the run stores the other scopes" {
	rm -r "$INST/slappart1"
	run folder_collect "$T0"
	assert_success
	assert_output --partial "partition slapuser1: folder $INST/slappart1: missing"
	run grep -c "folder $INST/slappart1" <<<"$output"
	assert_output "1"
	run q "SELECT count(*) FROM user"
	refute_output "0"
	run used slapuser0
	assert_output "$(du_k "$INST/slappart0")"
	# The next run of the same cycle says nothing more about it.
	run folder_collect "$((T0 + 60))"
	assert_success
	refute_output --partial "slappart1"
}

@test "without a slapos.cfg the folder is the partition user's home" {
	run collect_fixture basic-t0 "$T0"
	assert_success
	run q "SELECT partition, path FROM partition_folder ORDER BY partition"
	assert_output "slapuser0|/srv/slapgrid/slappart0
slapuser1|/srv/slapgrid/slappart1
slapuser12|/srv/slapgrid/slappart12"
}

@test "each partition's latest folder size is exported as metrics" {
	mkdir -p "$INST/slappart0/DATA" "$TMP/disk"
	head -c 100000 /dev/urandom >"$TMP/disk/blob"
	ln -s "$TMP/disk" "$INST/slappart0/DATA/d"
	run folder_collect "$T0" --prom-textfile "$TMP/metrics.prom"
	assert_success
	run grep '^node_monitor_partition_folder' "$TMP/metrics.prom"
	assert_line "node_monitor_partition_folder_bytes{partition=\"slapuser0\"} $(($(du_k "$INST/slappart0" "$TMP/disk") * 1024))"
	assert_line "node_monitor_partition_folder_bytes{partition=\"slapuser1\"} $(($(du_k "$INST/slappart1") * 1024))"
	assert_line "node_monitor_partition_folder_data_bytes{partition=\"slapuser0\"} $(($(du_k "$TMP/disk") * 1024))"
}

@test "node-report dumps the folder sizes in SlapOS' columns, then ours" {
	folder_tree "$INST/slappart0"
	run folder_collect "$T0"
	assert_success
	OUT="$TMP/out"
	run report --now "$((T0 + DAY))"
	assert_success
	# RFC 4180 ends lines with CR LF.
	run sh -c "tar -xzOf \"$OUT/2026-11-20.tar.gz\" 2026-11-20/dump_folder.csv | tr -d '\\r'"
	assert_line --index 0 "partition,disk_used,date,time,reported,data_used,started,runs"
	assert_line --index 1 "slapuser0,$(du_k "$INST/slappart0"),2026-11-20,01:00:00,1,0,$T0,1"
	assert_line --index 2 "slapuser1,$(du_k "$INST/slappart1"),2026-11-20,01:00:00,1,0,$T0,1"
}
