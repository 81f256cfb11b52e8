#!/usr/bin/env bats
# A quick subset of make faults (tests/faults/): each part with small
# counts, every figure meeting its goal.

load helpers

FAULTS="$TOP/tests/faults"

# meets PART FIGURE: the figure is there and meets its goal.
meets() {
	assert_line --regexp "^FIG	$1	$2	.*	ok\$"
}

@test "SIGKILL: 10 kills of each program lose nothing and leave nothing partial" {
	run env FAULTS_KILLS=10 NM_BIN="$BIN" bash "$FAULTS/kill.sh"
	assert_success
	for f in "processes of the user" kills "integrity failures" "lost rows \(runs\)" "mixed runs" \
		"temporary files left" "reruns not silent or failed"; do
		meets kill-collect "$f"
	done
	for f in kills "integrity failures" "lost rows \(runs\)" "partial files under a final name" \
		"temporary files left after the rerun" "out dirs unlike the reference" \
		"reruns not silent or failed"; do
		meets kill-report "$f"
	done
	assert_line "PART	kill-collect	pass"
	assert_line "PART	kill-report	pass"
}

@test "disk full: one cycle of each corrupts nothing and loses nothing committed" {
	run env FAULTS_CYCLES=1 NM_BIN="$BIN" bash "$FAULTS/diskfull.sh"
	assert_success
	for f in "runs failed for space" corruption "lost committed runs \(cycles\)" \
		"recovered once freed" "recoveries not silent" "lines printed per failure \(min\)" \
		"lines printed per failure \(max\)"; do
		meets diskfull-db "$f"
	done
	for f in "runs failed for space" corruption "lost committed days" "partial archives" \
		"lines printed per failure \(min\)" "lines printed per failure \(max\)" \
		"space to recover / fresh \(max\)"; do
		meets diskfull-out "$f"
	done
	assert_line "PART	diskfull-db	pass"
	assert_line "PART	diskfull-out	pass"
}

@test "overlap: collectors and a reporter at one instant, and during a dump" {
	run env FAULTS_ROUNDS=5 FAULTS_DUMPS=1 NM_BIN="$BIN" bash "$FAULTS/overlap.sh"
	assert_success
	for f in "collectors stored" "\"database is locked\": collectors" "other collector failures" \
		"incomplete runs" "\"database is locked\": reporter" "reporter failures" \
		"archives unlike the reference"; do
		meets overlap "$f"
	done
	assert_line "PART	overlap	pass"
}

@test "clock: steps back and forward, repeats and midnight" {
	run env NM_BIN="$BIN" bash "$FAULTS/clock.sh"
	assert_success
	assert_line "PART	clock	pass"
}

@test "corrupt inputs: every kind is refused or used as it should" {
	run env NM_BIN="$BIN" bash "$FAULTS/corrupt.sh"
	assert_success
	for k in truncated random-page zero-length directory newer-schema foreign text random-bytes zeroed-header \
		bad-page-size read-only-root read-only-user unreadable-user read-only-dir-user immutable \
		read-only-mount garbage-wal crash-wal kinds; do
		meets corrupt "$k"
	done
	assert_line "PART	corrupt	pass"
}

@test "VMs: refused, hanging and vanishing libvirt leave the other scopes stored in time" {
	run env FAULTS_DOMAINS=50 NM_BIN="$BIN" bash "$FAULTS/vm.sh"
	assert_success
	assert_line "PART	vm	pass"
}
