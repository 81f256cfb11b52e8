#!/usr/bin/env bats
# The daily dumps as a SlapOS consumer reads them: SlapOS' columns first,
# in SlapOS' order, by position; ours after them.

load helpers
load report_days

# SlapOS' column lists (../shared/REFERENCE.md, "SlapOS' tables").
SLAPOS_USER="partition,pid,process,cpu_percent,cpu_time,cpu_num_threads,memory_percent,memory_rss,io_rw_counter,io_cycles_counter,date,time,reported"
SLAPOS_SYSTEM="loadavg,cpu_percent,memory_used,memory_free,net_in_bytes,net_in_errors,net_in_dropped,net_out_bytes,net_out_errors,net_out_dropped,date,time,reported"
SLAPOS_COMPUTER="cpu_num_core,cpu_frequency,cpu_type,memory_size,memory_type,partition_list,date,time,reported"
SLAPOS_DISK="partition,used,free,mountpoint,date,time,reported"

# header TABLE: the header row of the archived dump of 2026-11-21.
header() {
	tar -xzOf "$OUT/2026-11-21.tar.gz" "2026-11-21/dump_$1.csv" | head -1 | tr -d '\r'
}

@test "each dump's header starts with SlapOS' columns in SlapOS' order; ours follow in a stable order" {
	run report --now "$NOW"
	assert_success
	assert_equal "$(header user)" "$SLAPOS_USER,start_ticks,command"
	assert_equal "$(header system)" "$SLAPOS_SYSTEM,swap_used,boot_time"
	assert_equal "$(header computer)" "$SLAPOS_COMPUTER,partition_users"
	assert_equal "$(header disk)" "$SLAPOS_DISK,read_bytes,write_bytes,io_time_ms"
	assert_equal "$(header net)" \
		"interface,in_bytes,in_errors,in_dropped,out_bytes,out_errors,out_dropped,date,time,reported"
	assert_equal "$(header run)" "boottime_ns,boot_id,date,time,reported"
	# README.md lists the same columns.
	for t in user system computer disk; do
		run grep -F "| \`dump_$t.csv\` |" "$TOP/README.md"
		assert_success
		assert_output --partial "$(header "$t" | cut -d, -f1-4 | sed 's/,/, /g')"
	done
}

@test "a SlapOS consumer reading the dumps by position with Python's csv module finds the right values" {
	q "INSERT OR REPLACE INTO run VALUES ($D1 + 3600, 123456789, 'boot-x')"
	# As the collector of schema 3 stores them.
	q "UPDATE computer_sample SET partition_list = '/dev/sda1=270553174016',
	     partition_users = 'slapuser0,slapuser1'"
	run report --now "$NOW"
	assert_success
	mkdir "$TMP/x"
	tar -xzf "$OUT/2026-11-21.tar.gz" -C "$TMP/x"
	# What the database holds for the same rows, as SlapOS' columns.
	q -csv "SELECT partition, pid, process, cpu_percent, cpu_time, cpu_num_threads,
		memory_percent, memory_rss, io_rw_counter, io_cycles_counter, date, time, 1
		FROM user WHERE ts >= $D1 AND ts < $D2 ORDER BY ts, pid" >"$TMP/user.want"
	q -csv "SELECT loadavg, cpu_percent, memory_used, memory_free, net_in_bytes,
		net_in_errors, net_in_dropped, net_out_bytes, net_out_errors, net_out_dropped,
		date, time, 1 FROM system WHERE ts >= $D1 AND ts < $D2 ORDER BY ts" >"$TMP/system.want"
	run python3 - "$TMP/x/2026-11-21" "$TMP" <<'PY'
import csv, sys
day, tmp = sys.argv[1], sys.argv[2]
def rows(name):
    with open(f"{day}/dump_{name}.csv", newline="") as f:
        return list(csv.reader(f))[1:]
def want(name):
    with open(f"{tmp}/{name}.want", newline="") as f:
        return list(csv.reader(f))
# user: by position, as SlapOS' ConsumptionReport reads it.
for got, exp in zip(rows("user"), want("user"), strict=True):
    assert got[:13] == exp, (got, exp)
    partition, pid, process, cpu_percent, cpu_time = got[0:5]
    assert partition.startswith("slapuser"), got
    assert process.split("-")[0] == pid, got
    assert float(cpu_time) >= 0 and got[12] == "1", got
for got, exp in zip(rows("system"), want("system"), strict=True):
    assert got[:13] == exp, (got, exp)
    assert got[10] == "2026-11-21" and got[12] == "1", got
computer = rows("computer")
assert computer and all(r[6] == "2026-11-21" and r[8] == "1" for r in computer), computer
assert all(r[5] == "/dev/sda1=270553174016" and r[9] == "slapuser0,slapuser1"
           for r in computer), computer
disk = rows("disk")
assert disk and all(r[0].startswith("/dev/") and r[3].startswith("/") for r in disk), disk
assert all(int(r[1]) > 0 and int(r[2]) > 0 and r[6] == "1" for r in disk), disk
run = rows("run")
assert run[0] == ["123456789", "boot-x", "2026-11-21", "01:00:00", "1"], run
# The collector's own row: its CLOCK_BOOTTIME and the fixture's boot id.
assert len(run) == 2 and run[1][1:] == ["5f0c8a6e-2d1b-4c3a-9e7f-1a2b3c4d5e6f",
                                        "2026-11-21", "01:01:00", "1"], run
assert int(run[1][0]) > 0, run
print("ok")
PY
	assert_success
	assert_output ok
}
