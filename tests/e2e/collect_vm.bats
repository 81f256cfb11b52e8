#!/usr/bin/env bats
# node-collect's VM scope: libvirt's test driver (in process) for names,
# states, vCPUs and memory at scale, and sockets that refuse or never
# answer for the failures.

load helpers

NODE="$FIXTURES/libvirt/node.xml"

setup() {
	setup_tmp
	# No fixture run reads the host's libvirt pid files.
	export NODE_COLLECT_QEMU_RUN_DIR="$TMP/run"
	mkdir "$TMP/run"
}

teardown() {
	[ -z "${LISTENER:-}" ] || kill "$LISTENER" 2>/dev/null || true
	[ -z "${SLEEPER:-}" ] || kill "$SLEEPER" 2>/dev/null || true
	teardown_tmp
}

vm() {
	"$BIN/node-collect" --db "$DB" --libvirt "$@"
}

# now_ms: the monotonic-enough wall clock in milliseconds, for durations.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# listen_silent PATH: a unix socket at PATH that accepts and never answers,
# for at most 60 s (LISTENER is its pid); returns once it listens.
listen_silent() {
	python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(16)
held = []
s.settimeout(60)
end = time.time() + 60
while time.time() < end:
    try:
        held.append(s.accept()[0])
    except OSError:
        break
' "$1" &
	LISTENER=$!
	for _ in $(seq 100); do
		if [ -S "$1" ]; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

@test "every domain is stored by uuid with its name, id, state, vCPUs and memory" {
	run vm "test://$NODE" --now "$T0"
	assert_success
	run q "SELECT uuid, name, ifnull(domain_id, '-'), state, state_reason, vcpus, vcpus_max,
		memory_kib, memory_max_kib FROM vm ORDER BY name"
	assert_line --index 0 "22222222-2222-4222-8222-222222222222|db1|2|3|0|1|1|4194304|4194304"
	assert_line --index 1 "33333333-3333-4333-8333-333333333333|idle1|-|5|0|2|2|524288|524288"
	assert_line --index 2 "11111111-1111-4111-8111-111111111111|web1|1|1|0|2|4|1048576|2097152"
	assert_equal "${#lines[@]}" 3
}

@test "domains without balloon stats or a QEMU process leave those columns NULL" {
	run vm "test://$NODE" --now "$T0"
	assert_success
	run q "SELECT count(*) FROM vm_sample WHERE coalesce(balloon_actual_kib,
		balloon_available_kib, balloon_usable_kib, balloon_unused_kib, balloon_rss_kib,
		balloon_disk_caches_kib, balloon_minor_faults, balloon_major_faults, qemu_pid,
		qemu_cpu_time_cs, qemu_rss_kib, qemu_io_rw_bytes) IS NOT NULL"
	assert_output "0"
	run q "SELECT count(*) FROM vm_sample WHERE memory_kib IS NULL"
	assert_output "0"
}

@test "a running domain's QEMU pid file leads to that process' CPU, RSS and I/O" {
	sleep 30 &
	SLEEPER=$!
	for _ in $(seq 100); do
		[ "$(cat "/proc/$SLEEPER/comm")" = sleep ] && break
		sleep 0.05
	done
	printf '%s' "$SLEEPER" >"$TMP/run/web1.pid"
	printf '%s' "$SLEEPER" >"$TMP/run/idle1.pid" # shut off: no process to read
	run vm "test://$NODE" --now "$T0"
	assert_success
	run q "SELECT name, qemu_pid FROM vm WHERE qemu_pid IS NOT NULL"
	assert_output "web1|$SLEEPER"
	rss=$(($(cut -d' ' -f2 "/proc/$SLEEPER/statm") * $(getconf PAGESIZE) / 1024))
	run q "SELECT qemu_rss_kib FROM vm WHERE name = 'web1'"
	assert_output "$rss"
	run q "SELECT qemu_cpu_time_cs >= 0, qemu_io_rw_bytes >= 0 FROM vm WHERE name = 'web1'"
	assert_output "1|1"
}

@test "a domain keeps its vm id across runs; CPU shares need a previous sample" {
	NODE_COLLECT_BOOTTIME=1000 run vm "test://$NODE" --now "$T0"
	assert_success
	run q "SELECT count(*) FROM vm WHERE cpu_centipercent IS NOT NULL"
	assert_output "0"
	NODE_COLLECT_BOOTTIME=1060 run vm "test://$NODE" --now "$((T0 + 60))"
	assert_success
	run q "SELECT count(*) FROM vm_domain"
	assert_output "3"
	run q "SELECT count(DISTINCT vm) FROM vm_sample"
	assert_output "3"
	run q "SELECT name FROM vm WHERE ts = $((T0 + 60)) AND cpu_centipercent IS NOT NULL
		AND host_cpu_centipercent IS NOT NULL ORDER BY name"
	assert_line --index 0 "db1"
	assert_line --index 1 "web1"
	assert_equal "${#lines[@]}" 2
}

@test "200 domains are all stored" {
	{
		echo "<node>"
		for i in $(seq 1 200); do
			printf "<domain type='test'><name>vm%03d</name>" "$i"
			printf "<uuid>00000000-0000-4000-8000-%012d</uuid>" "$i"
			printf "<memory unit='KiB'>%d</memory><vcpu>%d</vcpu>" $((i * 1024)) $((i % 4 + 1))
			echo "<os><type>hvm</type></os></domain>"
		done
		echo "</node>"
	} >"$TMP/node200.xml"
	run vm "test://$TMP/node200.xml" --now "$T0"
	assert_success
	run q "SELECT count(*), count(DISTINCT uuid), sum(memory_max_kib), sum(vcpus) FROM vm"
	assert_output "200|200|$((200 * 201 / 2 * 1024))|500"
}

@test "a socket that accepts and never answers costs the timeout; the rest is stored, exit 3" {
	listen_silent "$TMP/hung.sock"
	start=$(now_ms)
	run vm "qemu+unix:///system?socket=$TMP/hung.sock" --libvirt-timeout 2 --now "$T0"
	elapsed=$(($(now_ms) - start))
	assert_failure 3
	assert_line "node-collect: libvirt qemu+unix:///system?socket=$TMP/hung.sock: no answer within 2 s"
	assert_line "node-collect: scope vm failed; the others were stored"
	[ "$elapsed" -ge 1900 ]
	[ "$elapsed" -lt 4000 ]
	run q "SELECT count(*) FROM system"
	assert_output "1"
	run q "SELECT count(*) FROM vm_sample"
	assert_output "0"
}

@test "a missing or refusing socket fails the VM scope alone, quickly" {
	start=$(now_ms)
	run vm "qemu+unix:///system?socket=$TMP/missing.sock" --now "$T0"
	assert_failure 3
	assert_line --partial "missing.sock': No such file or directory"
	assert_line "node-collect: scope vm failed; the others were stored"
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
		"$TMP/dead.sock"
	run vm "qemu+unix:///system?socket=$TMP/dead.sock" --now "$((T0 + 60))"
	assert_failure 3
	assert_line --partial "dead.sock': Connection refused"
	[ "$(($(now_ms) - start))" -lt 3000 ]
	run q "SELECT count(*) FROM system"
	assert_output "2"
}

@test "libvirt_uri and libvirt_timeout come from the configuration; --libvirt overrides" {
	listen_silent "$TMP/hung.sock"
	printf '[collect]\nlibvirt_uri = %s\nlibvirt_timeout = 1\n' \
		"qemu+unix:///system?socket=$TMP/hung.sock" >"$TMP/nm.conf"
	run "$BIN/node-collect" --config "$TMP/nm.conf" --db "$DB" --now "$T0"
	assert_failure 3
	assert_line --partial "no answer within 1 s"
	run "$BIN/node-collect" --config "$TMP/nm.conf" --db "$DB" --libvirt "test://$NODE" \
		--now "$((T0 + 60))"
	assert_success
	run q "SELECT count(*) FROM vm"
	assert_output "3"
}

@test "an empty URI or a zero timeout is a usage error" {
	run vm "" --now "$T0"
	assert_failure 2
	assert_output "node-collect: --libvirt wants a URI"
	run vm "test://$NODE" --libvirt-timeout 0 --now "$T0"
	assert_failure 2
	assert_output "node-collect: libvirt_timeout wants 1 to 3600 seconds, not 0"
	[ ! -e "$DB" ]
}

@test "each domain's stored figures match virsh dominfo on the same URI" {
	run vm "test://$NODE" --now "$T0"
	assert_success
	for name in web1 db1 idle1; do
		info=$(virsh -c "test://$NODE" dominfo "$name")
		uuid=$(awk '$1 == "UUID:" { print $2 }' <<<"$info")
		cpus=$(awk '$1 == "CPU(s):" { print $2 }' <<<"$info")
		max=$(awk '$1 == "Max" && $2 == "memory:" { print $3 }' <<<"$info")
		used=$(awk '$1 == "Used" && $2 == "memory:" { print $3 }' <<<"$info")
		run q "SELECT uuid, vcpus, memory_max_kib, memory_kib FROM vm WHERE name = '$name'"
		assert_output "$uuid|$cpus|$max|$used"
	done
}

@test "node-collect itself does not load libvirt: its VM reader is a program of its own" {
	run ldd "$BIN/node-collect"
	assert_success
	refute_output --partial libvirt
	run ldd "$BIN/node-collect-vm"
	assert_success
	assert_output --partial libvirt.so
}
