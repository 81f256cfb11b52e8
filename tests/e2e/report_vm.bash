# Shared by the VM report test files: a database that node-collect made
# from the basic-t0 fixture at T0 (host memory 2 GiB used of 8 GiB), into
# which tests insert VM and host samples with SQL at chosen instants.

setup_file() {
	TMP="$BATS_FILE_TMPDIR"
	DB="$TMP/template.db"
	collect_fixture basic-t0 "$T0" >/dev/null
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
}

setup() {
	setup_tmp
	cp "$BATS_FILE_TMPDIR/template.db" "$DB"
	OUT="$TMP/out"
}

teardown() {
	teardown_tmp
}

# vm TS VM NAME STATE CPU_CENTIPERCENT HOST_CPU_CENTIPERCENT MEMORY_KIB
#    [AVAILABLE_KIB USABLE_KIB]: one vm_sample row (and its vm_domain row).
vm() {
	q "INSERT OR IGNORE INTO vm_domain VALUES ($2, 'uuid-$3');
	   INSERT INTO vm_sample (ts, vm, name, domain_id, state, state_reason, vcpus,
	     vcpus_max, cpu_time_ns, cpu_centipercent, host_cpu_centipercent, memory_kib,
	     memory_max_kib, balloon_available_kib, balloon_usable_kib, qemu_pid)
	   VALUES ($1, $2, '$3', $2, $4, 1, 2, 4, $2 * 1000000000, $5, $6, $7, 2 * $7,
	     ${8:-NULL}, ${9:-NULL}, 1000 + $2)"
}

# host TS CPU_PERCENT: a system_sample row copied from the fixture's at T0,
# with that CPU figure.
host() {
	q "INSERT INTO system_sample (ts, boot_time, loadavg, cpu_percent, cpu_busy_ticks,
	     cpu_total_ticks, memory_used, memory_free, swap_used, net_in_bytes, net_in_errors,
	     net_in_dropped, net_out_bytes, net_out_errors, net_out_dropped)
	   SELECT $1, boot_time, loadavg, $2, cpu_busy_ticks, cpu_total_ticks, memory_used,
	     memory_free, swap_used, net_in_bytes, net_in_errors, net_in_dropped, net_out_bytes,
	     net_out_errors, net_out_dropped FROM system_sample WHERE ts = $T0"
}

vmreport() {
	"$BIN/node-report" "$1" --db "$DB" "${@:2}"
}
