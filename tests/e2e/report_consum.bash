# Shared by report_consum.bats and report_status.bats: a database of chosen
# rows, inserted by SQL into the schema node-collect creates, for
# 2026-11-21 (a complete day) and 2026-11-22 (today, one run at 01:00).

D1=$((T0 / DAY * DAY + DAY)) # 2026-11-21 00:00:00 UTC
D2=$((D1 + DAY))             # 2026-11-22
RUN=$((D2 + 3600))           # today's run, 01:00:00
NOW=$((RUN + 30))

# sys_row TS CPU MEMORY_MIB: a system_sample row.
sys_row() {
	echo "INSERT INTO system_sample (ts, boot_time, loadavg, cpu_percent, cpu_busy_ticks,
	  cpu_total_ticks, memory_used, memory_free, swap_used, net_in_bytes, net_in_errors,
	  net_in_dropped, net_out_bytes, net_out_errors, net_out_dropped)
	  VALUES ($1, $D1, 0.5, $2, 0, 0, $3 * 1048576, 0, 0, 0, 0, 0, 0, 0, 0);"
}

# proc_row TS PID PARTITION CPU_CENTIPERCENT CPU_TIME_CS THREADS PPM RSS_KIB IO CYCLES COMMAND
proc_row() {
	echo "INSERT INTO user_sample (ts, pid, partition, start_time, cpu_centipercent,
	  cpu_time_cs, cpu_num_threads, memory_ppm, memory_rss_kib, io_rw_counter,
	  io_cycles_counter, command) VALUES ($1, $2, '$3', $D2, $4, $5, $6, $7, $8, $9, ${10}, ${11});"
}

setup_file() {
	local tmp="$BATS_FILE_TMPDIR"
	DB="$tmp/template.db"
	collect_fixture basic-t0 "$T0" >/dev/null
	{
		echo "BEGIN;"
		for t in user_sample system_sample disk_sample net_sample computer_sample run \
			folder_sample partition_folder; do
			echo "DELETE FROM $t;"
		done
		echo "INSERT INTO run (ts) VALUES ($((D1 + 60))), ($((D1 + 120))), ($((D1 + 180))), ($RUN);"
		# The computer: CPU 30 % (the first run has no rate), memory 200 MiB,
		# disk (4 GiB over 2 runs) 2048 MiB.
		sys_row $((D1 + 60)) NULL 100
		sys_row $((D1 + 120)) 20.0 200
		sys_row $((D1 + 180)) 40.0 300
		sys_row "$RUN" 50.0 300
		echo "INSERT INTO disk_sample (ts, partition, mountpoint, used, free) VALUES
		  ($((D1 + 60)), '/dev/sda1', '/', 1073741824, 0),
		  ($((D1 + 60)), '/dev/sdb1', '/srv', 1073741824, 0),
		  ($((D1 + 120)), '/dev/sda1', '/', 2147483648, 0);"
		# slappart0: 30 % over 2 runs, 6 MiB over 2 runs; slappart1 no rate.
		proc_row $((D1 + 60)) 10 slappart0 1000 0 1 0 1024 0 0 NULL
		proc_row $((D1 + 60)) 11 slappart0 500 0 1 0 2048 0 0 NULL
		proc_row $((D1 + 120)) 10 slappart0 1500 0 1 0 3072 0 0 NULL
		proc_row $((D1 + 60)) 20 slappart1 NULL 0 1 0 512 0 0 NULL
		# Today's run.
		proc_row "$RUN" 10 slappart0 1234 6000 3 12345 2048 1000 10 "'python3'"
		proc_row "$RUN" 11 slappart0 766 3000 2 5000 1024 500 5 NULL
		proc_row "$RUN" 20 slappart1 NULL 100 1 100 512 NULL NULL NULL
		# Folder walks: slappart0 3 MiB on average, slappart2 1.5 MiB.
		echo "INSERT INTO folder_sample (ts, partition, disk_used, data_used, started, runs)
		  VALUES ($((D1 + 60)), 'slappart0', 2048, 0, $D1, 1),
		  ($((D1 + 120)), 'slappart0', 4096, 0, $D1, 1),
		  ($((D1 + 180)), 'slappart2', 1536, 0, $D1, 1);"
		echo "COMMIT;"
	} | sqlite3 "$DB"
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
}

setup() {
	setup_tmp
	cp "$BATS_FILE_TMPDIR/template.db" "$DB"
	OUT="$TMP/out"
	CR="$OUT/consumption-report"
	mkdir -p "$TMP/parts/slappart0/.slapgrid" "$TMP/parts/slappart1"
	q "INSERT INTO partition_folder VALUES ('slappart0', '$TMP/parts/slappart0', $RUN),
	   ('slappart1', '$TMP/parts/slappart1', $RUN)"
	printf '[report]\ncomputer_id = COMP-42\n' >"$TMP/nm.conf"
}

teardown() {
	teardown_tmp
}

# creport [flags...]: node-report with the test's configuration.
creport() {
	"$BIN/node-report" --config "$TMP/nm.conf" --db "$DB" --out "$OUT" --now "$NOW" "$@"
}
