# Shared set-up for the end-to-end tests: paths, and running the real
# binaries against fixture /proc trees in a private mount namespace.

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# `run !` and `run -N` check the status themselves.
bats_require_minimum_version 1.5.0

TOP="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
BIN="${NM_BIN:-$TOP/build/bin}"
FIXTURES="$TOP/tests/fixtures"
T0=1795136400 # 2026-11-20 01:00:00 UTC, the instant of basic-t0
DAY=86400     # seconds in a UTC day

setup_tmp() {
	TMP="$(mktemp -d)"
	DB="$TMP/collector.db"
}

# Fails the test if a sanitizer wrote a report under a fixture /proc (see
# tests/support/sanitizer_options.c), then removes the test's files.
teardown_tmp() {
	local reports
	reports=$(grep -l 'ERROR: \|runtime error' /tmp/node-monitor-sanitizer.* 2>/dev/null)
	rm -rf "$TMP" /tmp/node-monitor-sanitizer.*
	if [ -n "$reports" ]; then
		echo "sanitizer report under a fixture /proc: $reports" >&2
		return 1
	fi
}

# The /sys tree that fixture runs see instead of the host's.
SYS_TREE="$FIXTURES/sys/basic"

# The script that mounts a fixture (/proc tree, /sys tree, passwd: $1 to $3)
# in a private mount namespace, then runs the rest of its arguments.
FIXTURE_SH='mount --bind "$1" /proc && mount --bind "$2" /sys &&
	mount --bind "$3" /etc/passwd && shift 3 && exec "$@"'

# in_fixture TREE COMMAND...: runs COMMAND with TREE bind-mounted over
# /proc, $SYS_TREE over /sys and the fixture passwd over /etc/passwd, in a
# private mount namespace.
in_fixture() {
	local tree="$1"
	shift
	unshare -Urm sh -c "$FIXTURE_SH" sh "$tree" "$SYS_TREE" "$FIXTURES/passwd" "$@"
}

# interval_runs: node-collect --interval 1 on basic-t0 from --now $T0 into
# $DB, its output in $TMP/out, stopped with SIGTERM once it stored twice
# (at most 10 s); fails unless it then exits 0.
interval_runs() {
	local pid
	# exec: $! is then node-collect itself (unshare and sh exec in place).
	(exec unshare -Urm sh -c "$FIXTURE_SH" sh "$FIXTURES/proc/basic-t0" "$SYS_TREE" \
		"$FIXTURES/passwd" "$BIN/node-collect" --db "$DB" --now "$T0" --interval 1 \
		>"$TMP/out" 2>&1) &
	pid=$!
	for _ in $(seq 100); do
		[ "$(grep -c stored "$TMP/out")" -ge 2 ] && break
		sleep 0.1
	done
	kill -TERM "$pid"
	wait "$pid"
}

# collect_in TREE [node-collect flags...]: node-collect in the fixture TREE.
collect_in() {
	local tree="$1"
	shift
	in_fixture "$tree" "$BIN/node-collect" "$@"
}

# collect_fixture CASE NOW [flags...]: the same with a committed fixture.
# Unless the test drives NODE_COLLECT_BOOTTIME itself, the fixture machine's
# monotonic clock runs in step with NOW: NOW minus the tree's btime.
collect_fixture() {
	local case="$1" btime
	shift
	btime=$(awk '$1 == "btime" { print $2 }' "$FIXTURES/proc/$case/stat")
	NODE_COLLECT_BOOTTIME="${NODE_COLLECT_BOOTTIME:-$(($1 - btime))}" \
		collect_in "$FIXTURES/proc/$case" --db "$DB" --now "$@"
}

q() {
	sqlite3 "$DB" "$@"
}

# v1_db: makes $DB an empty node-monitor database of schema 1, which the
# programs migrate when they open it for writing.
v1_db() {
	sqlite3 "$DB" <"$FIXTURES/schema-v1.sql"
	q "PRAGMA application_id = $((0x4e4d4f4e)); PRAGMA user_version = 1;"
}

# v2_db: the same with schema 2 (tests/fixtures/schema-v2.sql).
v2_db() {
	sqlite3 "$DB" <"$FIXTURES/schema-v2.sql"
	q "PRAGMA application_id = $((0x4e4d4f4e)); PRAGMA user_version = 2;"
}

# hold_lock FILE: holds an exclusive flock on FILE in the background for at
# most 30 s (HOLDER is its pid); returns once it is held.
hold_lock() {
	flock --no-fork --exclusive "$1" sleep 30 &
	HOLDER=$!
	for _ in $(seq 50); do
		flock --nonblock "$1" true || return 0
		sleep 0.1
	done
	return 1
}

# report [node-report flags...]: runs node-report on $DB into $OUT.
report() {
	"$BIN/node-report" --db "$DB" --out "$OUT" "$@"
}

# sha256 of every file under a directory, with relative names; the plot
# record is shown without its inodes, which differ from folder to folder.
tree_sums() {
	(
		cd "$1" || exit
		find . -type f ! -name .plots.state | LC_ALL=C sort | xargs -r sha256sum
		[ ! -e .plots.state ] || cut -f 1-4,6 .plots.state
	)
}

# plots DIR: the sums of the plot files in DIR, and their record without
# the inodes (which differ from one folder to another).
plots() {
	sha256sum "$1"/*.csv | sed "s|  $1/|  |"
	cut -f 1-4,6 "$1/.plots.state"
}

# rebuild NOW: node-report on $DB into a fresh $TMP/full, from scratch.
rebuild() {
	rm -rf "$TMP/full"
	"$BIN/node-report" --db "$DB" --out "$TMP/full" --now "$1"
}

# sm_start [flags...]: starts slapmonitor on ROOT on loopback, its secret
# and log in TMP, and waits (at most 10 s) for its URL; sets SM_PID, SM_URL
# (the private URL), SM_BASE, SM_PORT and SM_LOG.
sm_start() {
	SM_LOG="$TMP/slapmonitor.log"
	"$BIN/slapmonitor" --root "$ROOT" --secret-file "$TMP/secret" --print-url \
		--listen 127.0.0.1:0 "$@" >"$TMP/url" 2>"$SM_LOG" &
	SM_PID=$!
	# At most 10 s: a loaded machine may be slow to start it.
	for _ in $(seq 100); do
		[ -s "$TMP/url" ] && break
		kill -0 "$SM_PID" 2>/dev/null || break
		sleep 0.1
	done
	SM_URL=$(head -1 "$TMP/url")
	[ -n "$SM_URL" ] || { cat "$SM_LOG" >&2; return 1; }
	SM_BASE=${SM_URL%/*/}
	SM_PORT=${SM_BASE##*:}
}

# sm_stop: stops the slapmonitor sm_start started, if any.
sm_stop() {
	if [ -n "$SM_PID" ]; then
		kill "$SM_PID" 2>/dev/null || true
		wait "$SM_PID" 2>/dev/null || true
		SM_PID=
	fi
}

# sm_root: a root for slapmonitor in $TMP/server-log (ROOT) with a plot
# file, an archive, a page, a script, a stylesheet, a day folder and a
# dotfile, and a file beside it that must never be reachable.
sm_root() {
	ROOT="$TMP/server-log"
	mkdir -p "$ROOT/2026-11-20"
	printf 'time,entry\n2026-11-21 10:00:00,12.5\n2026-11-21 10:01:00,13\n' \
		>"$ROOT/system_cpu_percent.csv"
	head -c 300000 /dev/urandom >"$ROOT/2026-11-19.tar.gz"
	echo '<p>hi</p>' >"$ROOT/page.html"
	echo 'var a = 1;' >"$ROOT/a.js"
	echo 'p { }' >"$ROOT/a.css"
	echo 'dumped' >"$ROOT/2026-11-20/dump_user.csv"
	echo 'hidden' >"$ROOT/.hidden"
	echo 'outside' >"$TMP/outside.txt"
	SM_PID=
}

# get URL [curl flags...]: the status code, with the body in $TMP/body,
# bounded in time.
get() {
	local url="$1"
	shift
	rm -f "$TMP/body"
	curl -s --max-time 5 -o "$TMP/body" -w '%{http_code}' "$@" "$url"
}
