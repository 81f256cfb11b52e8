#!/usr/bin/env bats
# node-collect's rates and memory on the real machine, against what /proc
# itself shows around each run.

load helpers

PUSER=slapusertest0

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	id "$PUSER" >/dev/null 2>&1 ||
		useradd --system --no-create-home --shell /usr/sbin/nologin "$PUSER"
}

setup() {
	[ "$(id -u)" = 0 ] || skip "needs root to create partition users"
	setup_tmp
	PIDS=()
}

teardown() {
	[ ${#PIDS[@]} -eq 0 ] || kill "${PIDS[@]}" 2>/dev/null || true
	teardown_tmp
}

# busy: starts a busy loop owned by the partition user (BUSY is its pid)
# and waits until it runs as that user; it ends at the latest in 60 s.
busy() {
	# One process that spins on its own (awk's clock needs no child), so
	# that its pid is the loop.
	setpriv --reuid="$PUSER" --regid="$PUSER" --clear-groups \
		awk 'BEGIN { end = systime() + 60; while (systime() < end); }' &
	BUSY=$!
	PIDS+=("$BUSY")
	for _ in $(seq 50); do
		[ "$(stat -c %U "/proc/$BUSY"):$(cat "/proc/$BUSY/comm")" = "$PUSER:awk" ] && break
		sleep 0.1
	done
	[ "$(cat "/proc/$BUSY/comm")" = awk ]
}

# at_tenth N: sleeps until the wall clock is N tenths past a second.
at_tenth() {
	while [ $(($(date +%s%N) / 100000000 % 10)) -ne "$1" ]; do
		sleep 0.02
	done
}

# ticks PID: its user+system CPU time in clock ticks.
ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# collect_measured PID: one node-collect run with the process stopped
# around it, so that its CPU time cannot move while the collector runs
# beside it on a busy machine; sets TICKS to that CPU time (clock ticks),
# U0 and U1 to /proc/uptime just before and just after the run (seconds),
# and BOOT to the CLOCK_BOOTTIME the run stored (seconds).
collect_measured() {
	kill -STOP "$1"
	TICKS=$(ticks "$1")
	U0=$(awk '{ print $1 }' /proc/uptime)
	"$BIN/node-collect" --db "$DB" --users "$PUSER"
	U1=$(awk '{ print $1 }' /proc/uptime)
	kill -CONT "$1"
	BOOT=$(q "SELECT printf('%.9f', boottime_ns / 1e9) FROM run ORDER BY ts DESC LIMIT 1")
	# The run read the clock /proc/uptime shows, between the two reads
	# (uptime has hundredths of a second).
	awk -v b="$BOOT" -v u0="$U0" -v u1="$U1" 'BEGIN { exit !(b >= u0 - 0.01 && b <= u1 + 0.01) }' ||
		fail "the run's clock $BOOT is not within /proc/uptime's $U0 .. $U1"
}

# within_half_percent GOT WANT: GOT is within 0.5 % of WANT.
within_half_percent() {
	awk -v g="$1" -v w="$2" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= w * 0.005) }' ||
		fail "got $1, /proc shows $2: more than 0.5 % apart"
}

@test "two runs at different points of their seconds give the rate /proc shows, within 0.5 %" {
	hz=$(getconf CLK_TCK)
	busy
	sleep 0.5
	at_tenth 1
	collect_measured "$BUSY"
	ticks0=$TICKS boot0=$BOOT
	sleep 7
	at_tenth 9
	collect_measured "$BUSY"
	# Wall-clock seconds say 7 or 8 s; the interval was about 7.8 s, which
	# the clock readings checked against /proc/uptime give.
	want=$(awk -v t=$((TICKS - ticks0)) -v b0="$boot0" -v b1="$BOOT" -v hz="$hz" \
		'BEGIN { printf "%.4f", t / hz / (b1 - b0) * 100 }')
	got=$(q "SELECT cpu_percent FROM user WHERE pid = $BUSY ORDER BY ts DESC LIMIT 1")
	[ -n "$got" ] || fail "no rate stored"
	within_half_percent "$got" "$want"
	# Over the whole seconds of ts, the rate would be off by more than 2 %.
	secs=$(q "SELECT max(ts) - min(ts) FROM run")
	run awk -v t=$((TICKS - ticks0)) -v s="$secs" -v hz="$hz" -v w="$want" \
		'BEGIN { g = t / hz / s * 100; d = g - w; if (d < 0) d = -d; exit !(d > w * 0.02) }'
	assert_success
}

@test "a process born between two runs is measured from its start" {
	hz=$(getconf CLK_TCK)
	"$BIN/node-collect" --db "$DB" --users "$PUSER"
	sleep 1
	busy
	start=$(awk '{ print $22 }' "/proc/$BUSY/stat")
	sleep 4
	at_tenth 9
	collect_measured "$BUSY"
	want=$(awk -v t="$TICKS" -v b="$BOOT" -v s="$start" -v hz="$hz" \
		'BEGIN { printf "%.4f", t / (b * hz - s) * 100 }')
	got=$(q "SELECT cpu_percent FROM user WHERE pid = $BUSY")
	[ -n "$got" ] || fail "no rate stored"
	within_half_percent "$got" "$want"
	assert_equal "$(q "SELECT start_ticks FROM user WHERE pid = $BUSY")" "$start"
}

@test "a process whose main thread exited keeps its RSS" {
	setpriv --reuid="$PUSER" --regid="$PUSER" --clear-groups \
		"$BIN/../tests/mainexit" 64 >"$TMP/ready" &
	child=$!
	PIDS+=("$child")
	for _ in $(seq 50); do
		[ -s "$TMP/ready" ] && break
		sleep 0.1
	done
	run awk '{ print $3 }' "/proc/$child/stat"
	assert_output Z
	run "$BIN/node-collect" --db "$DB" --users "$PUSER"
	assert_success
	rss=$(q "SELECT memory_rss_kib FROM user_sample WHERE pid = $child")
	live=$(cat /proc/"$child"/task/*/status | awk '/^VmRSS:/ { print $2 }')
	[ "$rss" -ge 65536 ] || fail "stored RSS $rss KiB, under the 64 MiB touched"
	[ $((rss - live)) -le 4096 ]
	[ $((live - rss)) -le 4096 ]
	run q "SELECT cpu_num_threads, io_rw_counter IS NOT NULL FROM user WHERE pid = $child"
	assert_output "2|1"
}
