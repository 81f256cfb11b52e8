#!/usr/bin/env bats
# Each partition's status files, in SlapOS' layout, under its
# .slapgrid/monitor/ folder or the out dir's partition-status/.

load helpers
load report_consum

mon() {
	echo "$TMP/parts/slappart0/.slapgrid/monitor"
}

# js FILE FILTER: jq's compact answer.
js() {
	jq -c "$2" "$1"
}

@test "slappart0's status files, field by field, in its .slapgrid/monitor" {
	run creport
	assert_success
	M=$(mon)
	# Sums over its 2 processes of the last run: CPU 12.34 + 7.66 %, 90 s
	# of CPU in minutes, 3 + 2 threads, 1.7345 % rounded, 3 MiB, its
	# latest folder walk 4096 KiB.
	assert_equal "$(cat "$M/monitor_resource.status.json")" \
		'{"total_process": 2, "cpu_percent": 20.0, "cpu_time": 1.5, "cpu_num_threads": 5, "date": "2026-11-22 01:00:00", "memory_percent": 1.73, "memory_rss": 3.0, "io_rw_counter": 1500, "io_cycles_counter": 15, "disk_used": 4.0}'
	assert_equal "$(js "$M/monitor_resource.status.json" '.total_process, .cpu_num_threads, .disk_used' | paste -sd' ')" "2 5 4"
	# The processes, busiest first.
	assert_equal "$(js "$M/monitor_process_resource.status.json" 'map(.pid)')" "[10,11]"
	assert_equal "$(js "$M/monitor_process_resource.status.json" '.[0]')" \
		'{"pid":10,"cpu_percent":12.34,"cpu_time":1,"cpu_num_threads":3,"memory_percent":1.23,"memory_rss":2,"io_rw_counter":1000,"io_cycles_counter":10,"name":"python3","user":"slappart0","date":"2026-11-22 00:00:00"}'
	assert_equal "$(js "$M/monitor_process_resource.status.json" '.[1] | has("name")')" "false"
	assert_equal "$(js "$M/monitor_process_resource.status.json" '.[1].cpu_percent')" "7.66"
	# The series: the file's date, the column header, the run's entry.
	assert_equal "$(cat "$M/monitor_resource_process.data.json")" \
		'{"date": 1795309200.0, "data": ["date, total process, CPU percent, CPU time, CPU threads","2026-11-22 01:00:00, 2, 20.0, 1.5, 5"]}'
	assert_equal "$(cat "$M/monitor_resource_memory.data.json")" \
		'{"date": 1795309200.0, "data": ["date, memory used percent, memory used","2026-11-22 01:00:00, 1.73, 3.0"]}'
	assert_equal "$(cat "$M/monitor_resource_io.data.json")" \
		'{"date": 1795309200.0, "data": ["date, io rw counter, io cycles counter, disk used","2026-11-22 01:00:00, 1500, 15, 4.0"]}'
	assert_equal "$(stat -c %a "$M" "$M/monitor_resource.status.json" | paste -sd' ')" "755 644"
}

@test "a partition without .slapgrid gets its files under the out dir; no I/O means no I/O entry" {
	run creport
	assert_success
	P="$OUT/partition-status/slappart1"
	run ls "$TMP/parts/slappart1"
	assert_output ""
	assert_equal "$(cat "$P/monitor_resource.status.json")" \
		'{"total_process": 1, "cpu_percent": 0, "cpu_time": 0.02, "cpu_num_threads": 1, "date": "2026-11-22 01:00:00", "memory_percent": 0.01, "memory_rss": 0.5}'
	assert_equal "$(js "$P/monitor_resource_io.data.json" '.data')" \
		'["date, io rw counter, io cycles counter, disk used"]'
	assert_equal "$(js "$P/monitor_process_resource.status.json" '.[0].cpu_percent')" "0"
	run ls "$OUT/partition-status"
	assert_output "slappart1"
}

@test "each run adds its entry once; status_entries keeps the latest" {
	run creport
	assert_success
	run creport
	assert_success
	M=$(mon)
	assert_equal "$(js "$M/monitor_resource_process.data.json" '.data | length')" "2"
	for i in 1 2 3; do
		q "INSERT INTO run (ts) VALUES ($((RUN + 60 * i)));
		   INSERT INTO user_sample (ts, pid, partition, start_time, cpu_centipercent,
		   cpu_time_cs, cpu_num_threads, memory_ppm, memory_rss_kib, io_rw_counter,
		   io_cycles_counter) VALUES ($((RUN + 60 * i)), 10, 'slappart0', $D2, $((100 * i)),
		   0, 1, 0, 1024, 1, 1)"
		run creport --now $((NOW + 60 * i))
		assert_success
	done
	assert_equal "$(js "$M/monitor_resource_process.data.json" '.data[1:] | map(.[0:19])')" \
		'["2026-11-22 01:00:00","2026-11-22 01:01:00","2026-11-22 01:02:00","2026-11-22 01:03:00"]'
	assert_equal "$(js "$M/monitor_resource_process.data.json" '.data[4]')" \
		'"2026-11-22 01:03:00, 1, 3.0, 0.0, 1"'
	assert_equal "$(js "$M/monitor_resource.status.json" '.cpu_percent')" "3"
	# The file's date stays that of its first run.
	assert_equal "$(js "$M/monitor_resource_process.data.json" '.date')" "1795309200"
	printf 'status_entries = 2\n' >>"$TMP/nm.conf"
	run creport --now $((NOW + 180))
	assert_success
	assert_equal "$(js "$M/monitor_resource_process.data.json" '.data[1:] | map(.[11:19])')" \
		'["01:02:00","01:03:00"]'
	assert_equal "$(js "$M/monitor_resource_io.data.json" '.data | length')" "3"
}

@test "a damaged series file starts again instead of being extended" {
	M=$(mon)
	mkdir -p "$M"
	printf '{"date": 1, "data": ["x","evil\\"]}' >"$M/monitor_resource_process.data.json"
	run creport
	assert_success
	assert_equal "$(js "$M/monitor_resource_process.data.json" '.data | length')" "2"
	assert_equal "$(js "$M/monitor_resource_process.data.json" '.date')" "1795309200"
}

@test "symbolic links planted by the partition are never followed" {
	mkdir "$TMP/victim"
	echo secret >"$TMP/victim/file"
	# .slapgrid a link to a folder elsewhere: refused, the out dir instead.
	rmdir "$TMP/parts/slappart0/.slapgrid"
	ln -s "$TMP/victim" "$TMP/parts/slappart0/.slapgrid"
	run creport
	assert_success
	assert_output --partial "$TMP/parts/slappart0/.slapgrid: refused"
	run ls "$TMP/victim"
	assert_output "file"
	assert [ -f "$OUT/partition-status/slappart0/monitor_resource.status.json" ]
	# monitor a link: refused the same way.
	rm "$TMP/parts/slappart0/.slapgrid"
	mkdir "$TMP/parts/slappart0/.slapgrid"
	ln -s "$TMP/victim" "$(mon)"
	run creport
	assert_success
	assert_output --partial "$(mon): refused"
	run ls "$TMP/victim"
	assert_output "file"
	# A status file a link to a file elsewhere, a series file a FIFO: both
	# replaced, the file elsewhere untouched, nothing blocks.
	rm "$(mon)"
	mkdir "$(mon)"
	ln -s "$TMP/victim/file" "$(mon)/monitor_resource.status.json"
	ln -s "$TMP/victim/file" "$(mon)/monitor_resource_memory.data.json"
	mkfifo "$(mon)/monitor_resource_process.data.json"
	run timeout 20 "$BIN/node-report" --config "$TMP/nm.conf" --db "$DB" --out "$OUT" --now "$NOW"
	assert_success
	assert_equal "$(cat "$TMP/victim/file")" "secret"
	assert [ ! -L "$(mon)/monitor_resource.status.json" ]
	assert [ -f "$(mon)/monitor_resource_process.data.json" ]
	assert_equal "$(js "$(mon)/monitor_resource_memory.data.json" '.data | length')" "2"
	assert_equal "$(js "$(mon)/monitor_resource.status.json" '.total_process')" "2"
}

@test "a series file hard-linked to a file elsewhere is not copied from" {
	mkdir "$TMP/victim"
	printf '{"date": 1, "data": ["h","2026-11-22 00:59:00, secret"]}' >"$TMP/victim/file"
	mkdir -p "$(mon)"
	ln "$TMP/victim/file" "$(mon)/monitor_resource_process.data.json"
	run creport
	assert_success
	run cat "$(mon)/monitor_resource_process.data.json"
	refute_output --partial "secret"
	assert_equal "$(js "$(mon)/monitor_resource_process.data.json" '.data | length')" "2"
	assert_equal "$(cat "$TMP/victim/file")" '{"date": 1, "data": ["h","2026-11-22 00:59:00, secret"]}'
}
