# Shared by the fault campaign's parts (tests/faults/*.sh): the binaries,
# a scratch directory, and the figures each part prints.
#
# A part prints one line per figure on stdout, tab-separated:
#   FIG <part> <figure> <value> <goal> <ok|FAIL>
# and ends with: PART <part> <pass|fail>. run.sh turns them into the table.

set -u
TOP="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${NM_BIN:-$TOP/build/bin}"
FAULTS="$TOP/tests/faults"
T0=1795136400 # 2026-11-20 01:00:00 UTC
DAY=86400
PART_FAILED=0
FAULT_USER=slapfault0

# scratch: a fresh directory in $WORK, removed on exit.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/nm-faults.XXXXXX")"
# The scripts' partition user is root: walking its home for the folder
# sizes would add that walk's own (budgeted) time to the first run of every
# fresh database, which these figures do not measure. NOFOLDER turns the
# scope off; it lives outside $WORK,
# which some scripts expect to hold their own files only.
NOFOLDER="$(mktemp "${TMPDIR:-/tmp}/nm-faults-conf.XXXXXX")"
printf '[collect]\nfolder_sizes = false\n' >"$NOFOLDER"
chmod 0644 "$NOFOLDER"
trap 'chmod -R u+w "$WORK" 2>/dev/null; chattr -R -i "$WORK" 2>/dev/null; rm -rf "$WORK" "$NOFOLDER"' EXIT

# fig PART FIGURE VALUE GOAL: GOAL is "=N", "<=N", ">=N" or "-" (shown only).
fig() {
	local ok=ok
	case "$4" in
	-) ok=- ;;
	=*) awk -v v="$3" -v g="${4#=}" 'BEGIN { exit !(v == g) }' || ok=FAIL ;;
	'<='*) awk -v v="$3" -v g="${4#<=}" 'BEGIN { exit !(v <= g) }' || ok=FAIL ;;
	'>='*) awk -v v="$3" -v g="${4#>=}" 'BEGIN { exit !(v >= g) }' || ok=FAIL ;;
	esac
	[ "$ok" != FAIL ] || PART_FAILED=1
	printf 'FIG\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$ok"
}

part_end() {
	if [ "$PART_FAILED" = 0 ]; then
		printf 'PART\t%s\tpass\n' "$1"
	else
		printf 'PART\t%s\tfail\n' "$1"
	fi
}

# q DB SQL: one sqlite3 query.
q() {
	sqlite3 -cmd '.timeout 5000' "$1" "$2"
}

# ms: the wall clock in milliseconds.
ms() {
	echo $(($(date +%s%N) / 1000000))
}

# sleep_ms N: sleep N milliseconds.
sleep_ms() {
	sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"
}

# rand_ms N: a uniformly random whole number in [0, N].
rand_ms() {
	echo $(((RANDOM * 32768 + RANDOM) % ($1 + 1)))
}

# median of the numbers on stdin.
median() {
	sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

# fault_user: the partition user of the campaign's processes.
fault_user() {
	id "$FAULT_USER" >/dev/null 2>&1 ||
		useradd --system --no-create-home --shell /usr/sbin/nologin "$FAULT_USER"
}

# report_db DB DAYS ROWS: a database of DAYS complete UTC days before
# $T0's day (then today), ROWS process rows a day, from real node-collect runs
# (for the schema and the system rows) and inserted process rows.
report_db() {
	local db="$1" days="$2" rows="$3" d0 d
	d0=$((T0 / DAY * DAY - days * DAY))
	for d in $(seq 0 "$days"); do
		"$BIN/node-collect" --db "$db" --users nobody-at-all --now $((d0 + d * DAY + 3600)) || return 1
		"$BIN/node-collect" --db "$db" --users nobody-at-all --now $((d0 + d * DAY + 7200)) || return 1
	done
	q "$db" "INSERT INTO user_sample (ts, pid, partition, start_time, cpu_time_cs,
	     cpu_num_threads, memory_ppm, memory_rss_kib, io_rw_counter)
	   WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $((days * rows - 1)))
	   SELECT $d0 + (i / $rows) * $DAY + 3600 + (i % $rows) / 500 * 60,
	          i % 500 + 5000, 'slapuser' || (i % 7), i, i, 1, i, i, i * 3 FROM n" || return 1
	q "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
}
