# Shared by the node-report test files: three UTC days of samples that
# node-collect stored from the fixture /proc trees, built once per file and
# copied for each test.

D0=$((T0 / DAY * DAY)) # 2026-11-20 00:00:00 UTC
D1=$((D0 + DAY))       # 2026-11-21
D2=$((D0 + 2 * DAY))   # 2026-11-22, "today" in most tests
NOW=$((D2 + 3600 + 120))

# Day 0: t0, t1, t0 again (counters go back), t1; day 1: t0, t1;
# day 2 (today): t0, t1.
setup_file() {
	TMP="$BATS_FILE_TMPDIR"
	DB="$TMP/template.db"
	for at in "basic-t0 $((D0 + 3600))" "basic-t1 $((D0 + 3660))" \
		"basic-t0 $((D0 + 3720))" "basic-t1 $((D0 + 3780))" \
		"basic-t0 $((D1 + 3600))" "basic-t1 $((D1 + 3660))" \
		"basic-t0 $((D2 + 3600))" "basic-t1 $((D2 + 3660))"; do
		set -- $at
		collect_fixture "$1" "$2" >/dev/null
	done
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
}

setup() {
	setup_tmp
	cp "$BATS_FILE_TMPDIR/template.db" "$DB"
	OUT="$TMP/out"
}

teardown() {
	[ -z "${HOLDER:-}" ] || kill "$HOLDER" 2>/dev/null || true
	teardown_tmp
}
