#!/usr/bin/env bats
# The quick subset of the fuzzing and valgrind campaign (make fuzz and
# make valgrind run the full one): each libFuzzer target about 2 s on its
# seed corpus, and node-report's two-day catch-up under memcheck.

load helpers

FUZZ_TARGETS="config users procio netdev cpuinfo proctask vmhost route hdr page csv promjson
	units metrics daytime"

# The fuzz targets are one build (build/fuzz) and valgrind cannot run the
# sanitized binaries: both run in the plain build's pass only.
plain_build_only() {
	case "$BIN" in
	*/asan/*) skip "runs with the plain build only" ;;
	esac
}

@test "every fuzz target runs on its corpus without a crash" {
	plain_build_only
	local t
	for t in $FUZZ_TARGETS; do
		[ -x "$TOP/build/fuzz/$t" ] || skip "build/fuzz not built (make fuzz-build)"
	done
	# shellcheck disable=SC2086
	FUZZ_CRASH_DIR="$BATS_TEST_TMPDIR/crashes" run "$TOP/tests/fuzz/run" "$TOP/build/fuzz" 2 \
		$FUZZ_TARGETS
	assert_success
	assert_line "15 passed, 0 failed"
	for t in $FUZZ_TARGETS; do
		assert_line --regexp "^$t +[1-9][0-9]* +0$"
	done
}

@test "a two-day catch-up of node-report: no memcheck error, nothing leaked" {
	plain_build_only
	command -v valgrind || skip "valgrind not installed"
	run "$TOP/tests/faults/valgrind" "$BIN" catchup
	assert_success
	assert_line --regexp "^catchup +0 +0 +0"
	assert_line "1 passed, 0 failed"
}
