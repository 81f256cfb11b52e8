#!/usr/bin/env bats
# node-collect on the real machine, compared with the standard tools.

load helpers

USERS="slapusertest0 slapusertest1 slapusertest2"

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	for u in $USERS; do
		id "$u" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$u"
	done
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

@test "every process of the partition users is stored under its user" {
	for u in $USERS; do
		for _ in 1 2 3; do
			setpriv --reuid="$u" --regid="$u" --clear-groups sleep 120 &
			PIDS+=($!)
		done
	done
	# setpriv execs in place: wait until each pid runs sleep as its user.
	for p in "${PIDS[@]}"; do
		for _ in $(seq 50); do
			[ "$(ps -o comm= -p "$p")" = sleep ] && break
			sleep 0.1
		done
	done
	run "$BIN/node-collect" --db "$DB" --users 'slapusertest*'
	assert_success
	run q "SELECT count(*) FROM user"
	assert_output "9"
	for p in "${PIDS[@]}"; do
		owner=$(ps -o user= -p "$p")
		run q "SELECT partition FROM user WHERE pid = $p"
		assert_output "$owner"
	done
	run q "SELECT partition_users FROM computer"
	assert_output "slapusertest0,slapusertest1,slapusertest2"
}

@test "computer values match nproc, /proc/cpuinfo and free -b" {
	run "$BIN/node-collect" --db "$DB"
	assert_success
	run q "SELECT cpu_num_core, cpu_type, memory_size FROM computer"
	model=$(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: //')
	total=$(free -b | awk '/^Mem:/ {print $2}')
	assert_output "$(nproc --all)|$model|$total"
}

@test "system values agree with free -b and /proc/loadavg at the same moment" {
	before=$(cut -d' ' -f1 /proc/loadavg)
	avail_before=$(free -b | awk '/^Mem:/ {print $7}')
	swap=$(free -b | awk '/^Swap:/ {print $3}')
	run "$BIN/node-collect" --db "$DB"
	assert_success
	after=$(cut -d' ' -f1 /proc/loadavg)
	avail_after=$(free -b | awk '/^Mem:/ {print $7}')
	total=$(free -b | awk '/^Mem:/ {print $2}')
	load=$(q "SELECT printf('%.2f', loadavg) FROM system")
	[ "$load" = "$before" ] || [ "$load" = "$after" ]
	free_db=$(q "SELECT memory_free FROM system")
	used_db=$(q "SELECT memory_used FROM system")
	[ $((used_db + free_db)) -eq "$total" ]
	# Available memory moves a little between two reads: allow 64 MiB.
	lo=$((avail_before < avail_after ? avail_before : avail_after))
	hi=$((avail_before > avail_after ? avail_before : avail_after))
	[ "$free_db" -ge $((lo - 67108864)) ]
	[ "$free_db" -le $((hi + 67108864)) ]
	swap_db=$(q "SELECT swap_used FROM system")
	[ $((swap_db - swap)) -le 67108864 ]
	[ $((swap - swap_db)) -le 67108864 ]
}

@test "disk rows agree with df -B1 for every block-device filesystem" {
	run "$BIN/node-collect" --db "$DB"
	assert_success
	n=0
	while read -r dev used avail mnt; do
		row=$(q "SELECT used, free FROM disk WHERE mountpoint = '$mnt'")
		[ -n "$row" ] || continue
		n=$((n + 1))
		used_db=${row%|*}
		free_db=${row#*|}
		# Other writers may move a few blocks between the two reads.
		[ $((used_db - used)) -le 16777216 ]
		[ $((used - used_db)) -le 16777216 ]
		[ $((free_db - avail)) -le 16777216 ]
		[ $((avail - free_db)) -le 16777216 ]
	done < <(df -B1 --output=source,used,avail,target | awk '$1 ~ /^\/dev\//')
	[ "$n" -ge 1 ]
	run q "SELECT count(*) FROM disk WHERE partition NOT LIKE '/dev/%'"
	assert_output "0"
}

@test "a second run measures CPU from the first one's counters" {
	run "$BIN/node-collect" --db "$DB" --now "$(($(date +%s) - 2))"
	assert_success
	run "$BIN/node-collect" --db "$DB"
	assert_success
	run q "SELECT count(*) FROM system WHERE cpu_percent BETWEEN 0 AND 100"
	assert_output "1"
}
