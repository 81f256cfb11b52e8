#!/usr/bin/env bats
# The database's faults: a corrupt file, read-only mounts and folders, a full
# file system, no inode left, a writer holding the lock, and retention
# handing space back. Each refusal is one line naming the file and the cause,
# and writes nothing.

load helpers
load report_days

# rows N DAYSTART: N process rows in the day starting at DAYSTART.
rows() {
	q "INSERT INTO user_sample (ts, pid, partition, start_time, cpu_time_cs,
	     cpu_num_threads, memory_ppm, memory_rss_kib, command)
	   WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $1 - 1)
	   SELECT $2 + 7200 + i / 500 * 60, i % 500 + 5000, 'slapuser' || (i % 7), i, i, 1, i, i,
	          printf('%.40c', 'x') FROM n"
}

# collect_at TS: one run at TS into $DB, on this machine's /proc (a fixture
# /proc has no /proc/self/exe, which the sanitizer build warns about).
collect_at() {
	"$BIN/node-collect" --db "$DB" --now "$1"
}

# ro_mount DIR COMMAND...: COMMAND with DIR bind-mounted read-only over itself.
ro_mount() {
	local dir="$1"
	shift
	unshare -Urm sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" &&
		shift && exec "$@"' sh "$dir" "$@"
}

@test "a random page overwritten: both programs refuse with one line, write nothing, create no out dir" {
	rows 20000 "$D1"
	q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	pages=$(q "PRAGMA page_count")
	cp "$DB" "$TMP/good.db"
	for round in $(seq 40); do
		cp "$TMP/good.db" "$DB"
		# Any page but the first (the header is the foreign-file test's).
		page=$((1 + RANDOM % (pages - 1)))
		head -c 4096 /dev/urandom | dd of="$DB" bs=4096 seek="$page" conv=notrunc status=none
		sum=$(sha256sum <"$DB")
		run -1 collect_at "$NOW"
		assert_output --regexp "^node-collect: $DB: corrupt database \(.*\); nothing stored$"
		assert_equal "${#lines[@]}" 1
		assert_equal "$(sha256sum <"$DB")" "$sum"
		run -1 report --now "$NOW"
		assert_output --regexp "^node-report: $DB: corrupt database \(.*\)(; nothing written)?$"
		assert_equal "${#lines[@]}" 1
		assert_equal "$(sha256sum <"$DB")" "$sum"
		[ ! -e "$OUT" ]
	done
}

@test "a large file is checked whole at the first run of each UTC day only" {
	# Past the size below which every run checks the whole file.
	rows 150000 "$D1"
	q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	[ "$(stat -c %s "$DB")" -gt $((8 << 20)) ]
	# A leaf of the process rows in the middle of the file.
	page=$(($(q "PRAGMA page_count") / 2))
	head -c 4096 /dev/urandom | dd of="$DB" bs=4096 seek="$page" conv=notrunc status=none
	# Today (D2) has runs already: this run touches only the last pages.
	run -0 collect_at "$((D2 + 7200))"
	# The first run of the next day checks the whole file.
	sum=$(sha256sum <"$DB")
	run -1 collect_at "$((D2 + DAY + 60))"
	assert_output --regexp "^node-collect: $DB: corrupt database \(.*\); nothing stored$"
	assert_equal "$(sha256sum <"$DB")" "$sum"
}

@test "a read-only mount: one true line from each program, nothing written, no out dir" {
	sum=$(sha256sum <"$DB")
	run -2 ro_mount "$TMP" "$BIN/node-collect" --db "$DB" --now "$NOW"
	assert_output "node-collect: database $DB: Read-only file system"
	run -1 ro_mount "$TMP" "$BIN/node-report" --db "$DB" --out "$TMP/out" --now "$NOW"
	assert_output "node-report: $DB: Read-only file system"
	[ ! -e "$TMP/out" ]
	# Reading a WAL database wants its -shm file, which cannot be made here.
	run -1 ro_mount "$TMP" "$BIN/node-report" vms --db "$DB" --now "$NOW"
	assert_output "node-report: $DB: read-only file system: cannot create the -shm file beside it"
	assert_equal "$(sha256sum <"$DB")" "$sum"
}

@test "only the database file mounted read-only: node-report refuses before the out dir" {
	run -1 ro_mount "$DB" "$BIN/node-report" --db "$DB" --out "$OUT" --now "$NOW"
	assert_output "node-report: $DB: Read-only file system"
	[ ! -e "$OUT" ]
	assert_equal "$(q 'SELECT count(*) FROM reported_day')" 0
}

@test "a read-only folder for a non-root reader: the -shm file is named, not the database" {
	mkdir "$TMP/ro"
	mv "$DB" "$TMP/ro/c.db"
	DB="$TMP/ro/c.db"
	chmod 0755 "$TMP"
	chmod 0555 "$TMP/ro"
	chmod 0644 "$DB"
	run -1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$BIN/node-report" vms --db "$DB" --now "$NOW"
	assert_output "node-report: $DB: cannot create the -shm file beside it: Permission denied"
}

# in_tmpfs OPTS SCRIPT ARGS...: SCRIPT ARGS... (sh: $0 the mount point, then ARGS) with a
# fresh tmpfs mounted at $TMP/fs, holding a copy of $DB as $TMP/fs/c.db.
in_tmpfs() {
	local opts="$1"
	shift
	mkdir -p "$TMP/fs"
	unshare -Urm sh -c 'mount -t tmpfs -o "$1" tmpfs "$2" && cp "$3" "$2/c.db" &&
		script=$4 && fs=$2 && shift 4 && exec sh -c "$script" "$fs" "$@"' \
		sh "$opts" "$TMP/fs" "$DB" "$@"
}

@test "no room for the -shm file: one true line from each program" {
	run -0 in_tmpfs size=128k 'head -c 1M /dev/zero >"$0/fill" 2>/dev/null
		"$1"/node-collect --db "$0/c.db" --now "$2"; echo "exit $?"
		"$1"/node-report --db "$0/c.db" --out "$0/out" --now "$2"; echo "exit $?"
		ls "$0"' "$BIN" "$NOW"
	assert_line --index 0 "node-collect: $TMP/fs/c.db: cannot create the -shm file beside it: No space left on device; nothing stored"
	assert_line --index 1 "exit 1"
	assert_line --index 2 "node-report: $TMP/fs/c.db: cannot create the -shm file beside it: No space left on device"
	assert_line --index 3 "exit 1"
	refute_line out
}

@test "no inode left: one true line from each program" {
	# Five inodes: the root, the database, its two lock files and the -wal.
	run -0 in_tmpfs size=4m,nr_inodes=5 'touch "$0/c.db.lock" "$0/c.db.report.lock"
		"$1"/node-collect --db "$0/c.db" --now "$2"; echo "exit $?"
		"$1"/node-report --db "$0/c.db" --out "$0/out" --now "$2"; echo "exit $?"' "$BIN" "$NOW"
	assert_line --index 0 "node-collect: $TMP/fs/c.db: cannot create the -shm file beside it: no inode left on $TMP/fs; nothing stored"
	assert_line --index 1 "exit 1"
	assert_line --index 2 "node-report: $TMP/fs/c.db: cannot create the -shm file beside it: no inode left on $TMP/fs"
	assert_line --index 3 "exit 1"
}

@test "the database's file system full while a run writes: one line, the run rolled back" {
	# A reader keeps the -wal and -shm files in place, so that only the
	# run's own pages find no room.
	runs=$(q "SELECT count(*) FROM run")
	run -0 in_tmpfs size=1m '(echo "SELECT count(*) FROM run;"; sleep 5) | sqlite3 "$0/c.db" >/dev/null &
		sleep 1
		head -c 1M /dev/zero >"$0/fill" 2>/dev/null
		NODE_COLLECT_BOOTTIME=1000 "$1"/node-collect --db "$0/c.db" --now "$2"; echo "exit $?"
		rm "$0/fill"
		sqlite3 "$0/c.db" "SELECT count(*) FROM run; PRAGMA quick_check"' "$BIN" "$((NOW + 60))"
	assert_line --index 0 --regexp "^node-collect: $TMP/fs/c.db: no space left on device \(.*\); nothing stored$"
	assert_line --index 1 "exit 1"
	assert_line --index 2 "$runs"
	assert_line --index 3 ok
}

@test "a writer holding the lock past the busy timeout: one line" {
	# A write transaction held for 15 s, beyond the 10 s busy timeout.
	(printf 'BEGIN IMMEDIATE;\nDELETE FROM reported_day;\n'; sleep 15) | sqlite3 "$DB" &
	HOLDER=$!
	sleep 1
	run -1 collect_at "$((NOW + 60))"
	assert_output --regexp "^node-collect: $DB: another process holds its write lock \(.*\); nothing stored$"
}

@test "node-report against a writer holding the lock: one line, the steps after it not tried" {
	(printf 'BEGIN IMMEDIATE;\nDELETE FROM reported_day;\n'; sleep 30) | sqlite3 "$DB" &
	HOLDER=$!
	sleep 1
	run -1 report --now "$NOW"
	assert_output --regexp "^node-report: $DB: another process holds its write lock \(.*\)$"
}

@test "an old file without incremental auto_vacuum is converted once after retention, and shrinks" {
	q "PRAGMA auto_vacuum = NONE; VACUUM"
	assert_equal "$(q 'PRAGMA auto_vacuum')" 0
	rows 60000 "$D0"
	q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	before=$(stat -c %s "$DB")
	run -0 report --now "$NOW" --keep-days 1
	assert_output --regexp "^node-report: $DB: converted to incremental auto_vacuum by VACUUM \([0-9]+ KiB of live data\)$"
	assert_equal "$(q 'PRAGMA auto_vacuum')" 2
	q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	after=$(stat -c %s "$DB")
	[ "$after" -lt $((before / 2)) ]
	assert_equal "$(q 'PRAGMA integrity_check')" ok
	# Once: the next retention only hands pages back, silently.
	rows 60000 "$D1"
	run -0 report --now "$((NOW + DAY))" --keep-days 1
	assert_output ""
}

@test "no room for the conversion's VACUUM: one line, retention done, the conversion left for later" {
	q "PRAGMA auto_vacuum = NONE; VACUUM"
	rows 20000 "$D0"
	rows 80000 "$D2"
	q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	# Room for retention's WAL, not for twice the live data.
	run -0 in_tmpfs size=16m 'avail=$(df -k --output=avail "$0" | tail -1)
		head -c $(((avail - 2500) * 1024)) /dev/zero >"$0/fill"
		"$1"/node-report --db "$0/c.db" --out "$3" --now "$2" --keep-days 1; echo "exit $?"
		sqlite3 "$0/c.db" "PRAGMA auto_vacuum; SELECT count(*) FROM user_sample WHERE ts < $4"' \
		"$BIN" "$NOW" "$OUT" "$D1"
	assert_line --index 0 --regexp "^node-report: $TMP/fs/c.db: not converted to incremental auto_vacuum: VACUUM needs [0-9]+ KiB free in $TMP/fs, [0-9]+ KiB are; retried at the next retention$"
	assert_line --index 1 "exit 0"
	assert_line --index 2 0
	assert_line --index 3 0
}

@test "a new database is incremental, and retention shrinks it" {
	rm "$DB"
	collect_at "$((D0 + 3600))" >/dev/null
	assert_equal "$(q 'PRAGMA auto_vacuum')" 2
	rows 60000 "$D0"
	q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	before=$(stat -c %s "$DB")
	run -0 report --now "$NOW" --keep-days 1
	assert_output ""
	q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	[ "$(stat -c %s "$DB")" -lt $((before / 2)) ]
}
