#!/bin/bash
# Disk full, run by diskfull.sh inside `unshare -Urm`: a small tmpfs for the
# database, then one for the out dir, filled and then freed, FAULTS_CYCLES
# (5) times each.
. "$(dirname "$0")/lib.sh"
CYCLES="${FAULTS_CYCLES:-5}"

# The database: a 2 MiB tmpfs; each cycle fills it with a file but for
# (cycle * 16) KiB, collects until a run fails, frees it, then checks the
# database and collects again.
P=diskfull-db
FS="$WORK/dbfs"
mkdir "$FS"
mount -t tmpfs -o size=2m tmpfs "$FS" || exit 1
DB="$FS/c.db"
now=$T0
collect() {
	"$BIN/node-collect" --db "$DB" --config "$NOFOLDER" --users root --now "$1"
}
collect "$now" >/dev/null || exit 1
committed=1 failures=0 corrupt=0 lost=0 lines_min=999 lines_max=0 recovered=0 noisy=0
for c in $(seq "$CYCLES"); do
	dd if=/dev/zero of="$FS/fill" bs=4k 2>/dev/null
	truncate -s -$((c * 16))k "$FS/fill"
	for _ in $(seq 300); do
		now=$((now + 60))
		out=$(collect "$now" 2>&1)
		rc=$?
		if [ "$rc" = 0 ]; then
			committed=$((committed + 1))
			continue
		fi
		failures=$((failures + 1))
		n=$(printf '%s\n' "$out" | grep -c .)
		[ "$n" -ge "$lines_min" ] || lines_min=$n
		[ "$n" -le "$lines_max" ] || lines_max=$n
		[ -z "${FAULTS_DEBUG:-}" ] || echo "db full, exit $rc: $out" >&2
		break
	done
	rm -f "$FS/fill"
	now=$((now + 60))
	out=$(collect "$now" 2>&1)
	if [ $? = 0 ]; then
		committed=$((committed + 1))
		recovered=$((recovered + 1))
	fi
	[ -z "$out" ] || noisy=$((noisy + 1))
	[ "$(q "$DB" 'PRAGMA integrity_check' 2>&1)" = ok ] || corrupt=$((corrupt + 1))
	[ "$(q "$DB" 'SELECT count(*) FROM run')" = "$committed" ] || lost=$((lost + 1))
done
umount "$FS"
fig $P "cycles" "$CYCLES" -
fig $P "runs failed for space" "$failures" "=$CYCLES"
fig $P "corruption" "$corrupt" =0
fig $P "lost committed runs (cycles)" "$lost" =0
fig $P "lines printed per failure (min)" "$lines_min" =1
fig $P "lines printed per failure (max)" "$lines_max" =1
fig $P "recovered once freed" "$recovered" "=$CYCLES"
fig $P "recoveries not silent" "$noisy" =0
part_end $P

# The out dir: the smallest tmpfs a fresh catch-up fits in, then each cycle
# fails at a fraction of it, and grows it back step by step (remount) to the
# size at which the rerun succeeds: at most the fresh size.
P=diskfull-out
PART_FAILED=0
NOW=$((T0 / DAY * DAY + 3 * 3600))
report_db "$WORK/template.db" "${FAULTS_DAYS:-4}" "${FAULTS_ROWS:-20000}" >/dev/null || exit 1
REF="$WORK/ref"
cp "$WORK/template.db" "$WORK/ref.db"
"$BIN/node-report" --db "$WORK/ref.db" --out "$REF" --now "$NOW" --keep-days 1 || exit 1
OUT="$WORK/out"
DB="$WORK/t.db"
mkdir "$OUT"
report() {
	"$BIN/node-report" --db "$DB" --out "$OUT" --now "$NOW" --keep-days 1
}
fresh() {
	rm -f "$DB" "$DB"-* "$DB".*
	cp "$WORK/template.db" "$DB"
}
# fits KIB: a fresh catch-up succeeds in a tmpfs of KIB KiB.
fits() {
	local rc
	fresh
	mount -t tmpfs -o size="$1"k tmpfs "$OUT" || return 2
	report >/dev/null 2>&1
	rc=$?
	umount "$OUT"
	return $rc
}
STEP=32
lo=$STEP hi=$(($(du -sk "$REF" | cut -f1) * 4))
while [ $((hi - lo)) -gt $STEP ]; do
	mid=$(((lo + hi) / 2 / STEP * STEP))
	if fits "$mid"; then hi=$mid; else lo=$mid; fi
done
FRESH=$hi
corrupt=0 lost=0 partial=0 lines_min=999 lines_max=0 ratio_max=0 failures=0
for c in $(seq "$CYCLES"); do
	fresh
	size=$((FRESH * (40 + 10 * c) / 100))
	mount -t tmpfs -o size="${size}k" tmpfs "$OUT" || exit 1
	out=$(report 2>&1)
	rc=$?
	if [ "$rc" != 0 ]; then
		failures=$((failures + 1))
		n=$(printf '%s\n' "$out" | grep -c .)
		[ "$n" -ge "$lines_min" ] || lines_min=$n
		[ "$n" -le "$lines_max" ] || lines_max=$n
		[ -z "${FAULTS_DEBUG:-}" ] || echo "out full at ${size}k, exit $rc: $out" >&2
	fi
	[ "$(q "$DB" 'PRAGMA integrity_check' 2>&1)" = ok ] || corrupt=$((corrupt + 1))
	# Every day marked reported has its archive, as the reference made it.
	for d in $(q "$DB" 'SELECT day FROM reported_day'); do
		a="$(date -u -d "@$((d * DAY))" +%F).tar.gz"
		cmp -s "$OUT/$a" "$REF/$a" || lost=$((lost + 1))
	done
	for a in "$OUT"/*.tar.gz; do
		[ -e "$a" ] || continue
		cmp -s "$a" "$REF/${a##*/}" || partial=$((partial + 1))
	done
	size=$FRESH
	while :; do
		mount -o remount,size="${size}k" "$OUT"
		report >/dev/null 2>&1 && break
		size=$((size + STEP))
		[ "$size" -le $((FRESH * 3)) ] || break
	done
	ratio=$(awk -v a="$size" -v b="$FRESH" 'BEGIN { printf "%.2f", a / b }')
	ratio_max=$(awk -v a="$ratio" -v b="$ratio_max" 'BEGIN { print (a > b ? a : b) }')
	[ -z "${FAULTS_DEBUG:-}" ] || echo "recovered at ${size}k of fresh ${FRESH}k" >&2
	diff -r -q -x .plots.state "$OUT" "$REF" >/dev/null || lost=$((lost + 1))
	umount "$OUT"
done
fig $P "cycles" "$CYCLES" -
fig $P "fresh run needs (KiB, tmpfs)" "$FRESH" -
fig $P "runs failed for space" "$failures" "=$CYCLES"
fig $P "corruption" "$corrupt" =0
fig $P "lost committed days" "$lost" =0
fig $P "partial archives" "$partial" =0
fig $P "lines printed per failure (min)" "$lines_min" =1
fig $P "lines printed per failure (max)" "$lines_max" =1
fig $P "space to recover / fresh (max)" "$ratio_max" "<=1"
part_end $P
