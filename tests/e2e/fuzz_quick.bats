#!/usr/bin/env bats
# The quick subset of the fuzzing and valgrind campaign (make fuzz and
# make valgrind run the full one): each libFuzzer target about 2 s on its
# seed corpus, and node-report's two-day catch-up under memcheck.

load helpers

FUZZ_TARGETS="config users procio netdev cpuinfo proctask vmhost route hdr page csv promjson
	units metrics daytime"

# The fuzz targets are one build (build/fuzz, which make test builds), and
# valgrind cannot run sanitized binaries: both passes of the suite run the
# same fuzz targets, and memcheck always runs the plain build's programs.

@test "every fuzz target runs on its corpus without a crash" {
	local t
	for t in $FUZZ_TARGETS; do
		[ -x "$TOP/build/fuzz/$t" ]
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
	command -v valgrind
	run "$TOP/tests/faults/valgrind" "$TOP/build/bin" catchup
	assert_success
	assert_line --regexp "^catchup +0 +0 +0"
	assert_line "1 passed, 0 failed"
}
