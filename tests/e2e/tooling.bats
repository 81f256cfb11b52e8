#!/usr/bin/env bats
# The project's own test tooling: the dead-assertion lint and the closing
# line of tests/run.

load helpers

setup() {
	setup_tmp
}

teardown() {
	teardown_tmp
}

@test "the dead-assertion lint names the file and line of each form bats never checks" {
	run "$TOP/tests/lint/bats-dead" "$FIXTURES/lint/dead.sample"
	assert_failure 1
	assert_line "$FIXTURES/lint/dead.sample:2: \`! cmd\` is never checked by bats; use \`run ! cmd\` or refute"
	assert_line "$FIXTURES/lint/dead.sample:3: the left side of \`A && B\` is never checked by bats; one check per line"
	assert_line "$FIXTURES/lint/dead.sample:4: the left side of a pipeline is never checked by bats"
	assert_line "$FIXTURES/lint/dead.sample:5: \`local x=\$(cmd)\` hides the status of cmd; declare, then assign"
	assert_line "$FIXTURES/lint/dead.sample:6: \`run\` without a check of its status or output"
	[ "${#lines[@]}" = 5 ]
}

@test "the dead-assertion lint leaves conditions, loop control, strings and here-documents alone" {
	run "$TOP/tests/lint/bats-dead" "$FIXTURES/lint/clean.sample"
	assert_success
	assert_output ""
}

@test "make lint fails on a dead assertion planted in an end-to-end test" {
	printf '@test "planted" {\n\t! true\n\ttrue\n}\n' >"$TMP/zz_planted.bats"
	run make -s -C "$TOP" lint-bats BATS_LINT_FILES="tests/e2e/helpers.bash $TMP/zz_planted.bats"
	assert_failure
	assert_line "$TMP/zz_planted.bats:2: \`! cmd\` is never checked by bats; use \`run ! cmd\` or refute"
	# Every end-to-end test file of the project passes it.
	run make -s -C "$TOP" lint-bats
	assert_success
}

@test "tests/run counts skipped tests apart from passed and failed ones" {
	mkdir -p "$TMP/build/tests"
	printf '#!/bin/sh\necho 1..4\necho "ok 1 - a"\necho "not ok 2 # SKIP b"\necho "not ok 3 - c"\necho "ok 4 - d"\nexit 1\n' \
		>"$TMP/build/tests/test_fake"
	chmod +x "$TMP/build/tests/test_fake"
	run "$TOP/tests/run" --unit-only "$TMP/build"
	assert_failure
	assert_equal "${lines[${#lines[@]} - 1]}" "2 passed, 1 failed, 1 skipped"
}

@test "the size lint names each file over its limit, and the Makefile runs it on every source" {
	seq 401 >"$TMP/long.c"
	seq 400 >"$TMP/short.c"
	run "$TOP/tests/lint/file-size" "$TMP/short.c" "$TMP/long.c"
	assert_failure 1
	assert_output "$TMP/long.c: 401 lines (limit 400)"
	run make -s -C "$TOP" lint-size SIZE_LINT_FILES="$TMP/short.c"
	assert_success
	run make -s -C "$TOP" lint-size SIZE_LINT_FILES="$TMP/long.c"
	assert_failure
	assert_line "$TMP/long.c: 401 lines (limit 400)"
}
