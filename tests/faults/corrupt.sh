#!/bin/bash
# Corrupt inputs: kinds of broken database, each given to node-collect and
# to node-report. A broken database must be refused (exit 1) with one line
# naming it, and left byte-identical; "either" kinds may also be used
# (exit 0, silent); "use" kinds must be (a WAL left by a crash).
. "$(dirname "$0")/lib.sh"
P=corrupt
chmod 0755 "$WORK"
report_db "$WORK/template.db" 1 2000 >/dev/null || exit 1
NOW=$((T0 / DAY * DAY + 3 * 3600))
AS_ROOT=()
AS_USER=(setpriv --reuid=nobody --regid=nogroup --clear-groups)

# The breakages: each makes $K/db/c.db (and its folder) broken one way.
b_truncated() { truncate -s $(($(stat -c %s "$1") / 2)) "$1"; }
b_random_page() {
	local pages
	pages=$(($(stat -c %s "$1") / 4096))
	dd if=/dev/urandom of="$1" bs=4096 seek=$((1 + RANDOM % (pages - 1))) count=1 conv=notrunc 2>/dev/null
}
b_zero_length() { : >"$1"; }
b_directory() { rm "$1" && mkdir "$1"; }
b_newer_schema() { q "$1" "PRAGMA user_version = 99" >/dev/null; }
b_foreign() { rm "$1" && q "$1" "CREATE TABLE t (x); INSERT INTO t VALUES (1)"; }
b_text() { printf 'hello\nthis is not a database\n' >"$1"; }
b_random_bytes() { head -c 65536 /dev/urandom >"$1"; }
b_zeroed_header() { dd if=/dev/zero of="$1" bs=100 count=1 conv=notrunc 2>/dev/null; }
b_bad_page_size() { printf '\x00\x07' | dd of="$1" bs=1 seek=16 conv=notrunc 2>/dev/null; }
b_read_only_root() { chmod 0444 "$1"; }
b_read_only_user() { chown nobody "$1" && chmod 0444 "$1"; }
b_unreadable_user() { chown root "$1" && chmod 0600 "$1"; }
b_read_only_dir_user() { chmod 0666 "$1" && chmod 0555 "$(dirname "$1")"; }
b_immutable() { chattr +i "$1" 2>/dev/null; }
b_read_only_mount() { :; }
b_garbage_wal() { head -c 8192 /dev/urandom >"$1-wal"; }
b_crash_wal() {
	python3 - "$1" <<'PY'
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA wal_autocheckpoint = 0")
con.execute("INSERT INTO run (ts) VALUES (1)")
os._exit(0)
PY
}

# state DIR: the database's files (not the lock files), with their bytes.
state() {
	(cd "$1" && find . ! -name '*.lock' \( -type f -o -type d \) -exec ls -ld --time-style=+ {} + |
		awk '{ print $1, $5, $NF }' && find . ! -name '*.lock' -type f -exec sha256sum {} + | sort)
}

# refused RC LINES SAME OUT DB: refused with one line naming the file (or
# its folder, when that is the cause),
# exit 1 (2 for node-collect's unusable database path), the files unchanged.
refused() {
	[ "$1" = 1 ] || [ "$1" = 2 ] || return 1
	[ "$2" = 1 ] && [ "$3" = same ] && [[ "$4" == *"${5%/*}"* ]]
}

# One kind, one program: KIND EXPECT PROG [AS user|root|rom].
# Prints "exit/lines/same ok", or "... short" when it falls short.
try() {
	local kind="$1" expect="$2" prog="$3" as="$4" k="$WORK/$1.$3" db rc out lines same=same \
		before after cmd ok
	mkdir -p "$k/db"
	chmod 0777 "$k" "$k/db"
	db="$k/db/c.db"
	cp "$WORK/template.db" "$db"
	chmod 0666 "$db"
	"b_${kind//-/_}" "$db" || {
		echo "n/a"
		return
	}
	before=$(state "$k/db")
	if [ "$prog" = collect ]; then
		cmd=("$BIN/node-collect" --db "$db" --config "$NOFOLDER" --users root --now $((NOW + 60)))
	else
		cmd=("$BIN/node-report" --db "$db" --out "$k/out" --now $((NOW + 120)))
	fi
	case "$as" in
	user) out=$("${AS_USER[@]}" "${cmd[@]}" 2>&1) ;;
	rom) out=$(unshare -Urm sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" &&
		shift && exec "$@"' sh "$k/db" "${cmd[@]}" 2>&1) ;;
	*) out=$("${cmd[@]}" 2>&1) ;;
	esac
	rc=$?
	chattr -i "$db" 2>/dev/null
	after=$(state "$k/db")
	[ "$before" = "$after" ] || same=changed
	lines=$(printf '%s' "$out" | grep -c .)
	[ -z "${FAULTS_DEBUG:-}" ] || echo "$kind $prog: exit $rc: $out" >&2
	ok=ok
	case "$expect" in
	refuse) refused "$rc" "$lines" "$same" "$out" "$db" || ok=short ;;
	either) { [ "$rc" = 0 ] && [ "$lines" = 0 ]; } || refused "$rc" "$lines" "$same" "$out" "$db" ||
		ok=short ;;
	use) [ "$rc" = 0 ] && [ "$lines" = 0 ] &&
		[ "$(q "$db" 'SELECT count(*) FROM run WHERE ts = 1')" = 1 ] || ok=short ;;
	esac
	echo "$rc/$lines/$same $ok"
}
kinds=0
while read -r kind expect as; do
	c=$(try "$kind" "$expect" collect "$as")
	r=$(try "$kind" "$expect" report "$as")
	kinds=$((kinds + 1))
	if [ "$c" = n/a ]; then
		printf 'FIG\t%s\t%s\t%s\t%s\t%s\n' $P "$kind" "not possible here" "$expect" -
		continue
	fi
	ok=ok
	[ "${c#* }${r#* }" = okok ] || {
		ok=FAIL
		PART_FAILED=1
	}
	printf 'FIG\t%s\t%s\t%s\t%s\t%s\n' $P "$kind" "collect ${c% *}, report ${r% *}" "$expect" "$ok"
done <<'KINDS'
truncated refuse root
random-page refuse root
zero-length either root
directory refuse root
newer-schema refuse root
foreign refuse root
text refuse root
random-bytes refuse root
zeroed-header refuse root
bad-page-size refuse root
read-only-root either root
read-only-user refuse user
unreadable-user refuse user
read-only-dir-user refuse user
immutable refuse root
read-only-mount refuse rom
garbage-wal either root
crash-wal use root
KINDS
fig $P "kinds" "$kinds" ">=15"
# A random page again, FAULTS_PAGES (10) times: how often node-collect
# writes into the corrupt file with exit 0.
used=0
for i in $(seq "${FAULTS_PAGES:-10}"); do
	c=$(try random-page refuse collect root)
	[ "${c%%/*}" != 0 ] || used=$((used + 1))
	rm -rf "$WORK/random-page.collect"
done
fig $P "random page: collect exits 0 (of ${FAULTS_PAGES:-10})" "$used" =0
part_end $P
