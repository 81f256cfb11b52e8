#!/bin/bash
# VMs: libvirt refused (missing socket, refusing socket, unknown driver),
# hanging (a socket that accepts and never answers), and domains vanishing
# in the middle of a scan (a private session libvirtd run as nobody, whose
# shut-off domains are undefined while node-collect reads them). Figures:
# the other scopes stored, and the time bounded by the timeout.
. "$(dirname "$0")/lib.sh"
P=vm
TIMEOUT=2
DOMAINS="${FAULTS_DOMAINS:-300}"
chmod 0777 "$WORK"
DB="$WORK/v.db"
now=$T0
export NODE_COLLECT_QEMU_RUN_DIR="$WORK/qemu-run"
mkdir "$NODE_COLLECT_QEMU_RUN_DIR"
# scan URI [AS...]: one run; sets RC, OUT, ELAPSED (ms) and STORED (the
# system row is there).
scan() {
	local uri="$1" s
	shift
	now=$((now + 60))
	s=$(ms)
	OUT=$("$@" "$BIN/node-collect" --db "$DB" --config "$NOFOLDER" --users root --now "$now" --libvirt "$uri" \
		--libvirt-timeout "$TIMEOUT" 2>&1)
	RC=$?
	ELAPSED=$(($(ms) - s))
	STORED=$(q "$DB" "SELECT count(*) FROM system_sample WHERE ts = $now")
	[ -z "${FAULTS_DEBUG:-}" ] || echo "$uri: exit $RC in $ELAPSED ms: $OUT" >&2
}
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$WORK/dead.sock"
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
' "$WORK/hung.sock" &
LISTENER=$!
for _ in $(seq 100); do
	[ -S "$WORK/hung.sock" ] && break
	sleep 0.05
done
lost=0 slow=0 worst=0 exits=""
for uri in "qemu+unix:///system?socket=$WORK/missing.sock" "qemu+unix:///system?socket=$WORK/dead.sock" \
	"bogus:///nothing" "qemu+unix:///system?socket=$WORK/hung.sock"; do
	scan "$uri"
	[ "$STORED" = 1 ] || lost=$((lost + 1))
	[ "$ELAPSED" -le $((TIMEOUT * 1000 + 1000)) ] || slow=$((slow + 1))
	[ "$ELAPSED" -le "$worst" ] || worst=$ELAPSED
	exits="$exits${exits:+ }$RC"
done
kill "$LISTENER"
wait "$LISTENER" 2>/dev/null
fig $P "refused/missing/unknown/hanging: exits" "$exits" "=3 3 3 3"
fig $P "other scopes lost" "$lost" =0
fig $P "slowest (ms), timeout $TIMEOUT s" "$worst" "<=$((TIMEOUT * 1000 + 1000))"

# Domains vanishing mid-scan: a session libvirtd of nobody's in $WORK.
mkdir -m 0777 "$WORK/home" "$WORK/run"
AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$WORK/home"
	XDG_RUNTIME_DIR="$WORK/run")
URI=qemu:///session
chown nobody "$DB" "$DB"-* "$DB".* 2>/dev/null
cmds=""
for i in $(seq "$DOMAINS"); do
	cat >"$WORK/d$i.xml" <<XML
<domain type='qemu'><name>nmfault-$i</name><memory unit='KiB'>65536</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type></os>
<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>
XML
	cmds="$cmds define $WORK/d$i.xml;"
done
chmod 0644 "$WORK"/d*.xml
vanish_lost=0 vanish_slow=0 vanish_worst=0 vanish_exits="" seen=""
if "${AS[@]}" virsh -q -c "$URI" "$cmds" >/dev/null 2>&1; then
	scan "$URI" "${AS[@]}"
	seen="$(q "$DB" "SELECT count(*) FROM vm_sample WHERE ts = $now")"
	for round in 1 2 3; do
		# Undefine every domain while the scan runs.
		("${AS[@]}" virsh -q -c "$URI" "$(seq "$DOMAINS" | sed 's/.*/undefine nmfault-&;/' | tr -d '\n')" \
			>/dev/null 2>&1) &
		undef=$!
		# Scan once the first domain is gone: the others go during it.
		for _ in $(seq 200); do
			[ -e "$WORK/home/.config/libvirt/qemu/nmfault-1.xml" ] || break
			sleep 0.01
		done
		scan "$URI" "${AS[@]}"
		wait "$undef"
		[ "$STORED" = 1 ] || vanish_lost=$((vanish_lost + 1))
		[ "$ELAPSED" -le $((TIMEOUT * 1000 + 1000)) ] || vanish_slow=$((vanish_slow + 1))
		[ "$ELAPSED" -le "$vanish_worst" ] || vanish_worst=$ELAPSED
		vanish_exits="$vanish_exits${vanish_exits:+ }$RC"
		seen="$seen $(q "$DB" "SELECT count(*) FROM vm_sample WHERE ts = $now")"
		[ "$round" = 3 ] || "${AS[@]}" virsh -q -c "$URI" "$cmds" >/dev/null 2>&1
	done
	pid=$(cat "$WORK/run/libvirt/libvirtd.pid" 2>/dev/null)
	[ -z "$pid" ] || kill "$pid"
	fig $P "vanishing: domains stored (before, 3 scans)" "$DOMAINS: $seen" -
	fig $P "vanishing: exits" "$vanish_exits" -
	fig $P "vanishing: other scopes lost" "$vanish_lost" =0
	fig $P "vanishing: slowest (ms)" "$vanish_worst" "<=$((TIMEOUT * 1000 + 1000))"
else
	fig $P "vanishing: session libvirtd" "not available" -
fi
part_end $P
