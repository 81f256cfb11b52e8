# Helpers of vm_real.bats: libvirt's own figures of the test guests read
# around a node-collect run, and range checks for counters that move
# between two reads.

. "$TOP/tests/vm/env"

# vm_stats FILE: `domstats --raw` of the guests as "name key value" lines.
vm_stats() {
	nm_virsh domstats --raw $NM_VM_NAMES |
		awk -F'=' '/^Domain:/ { gsub(/[\047]/, "", $0); split($0, a, " "); d = a[2]; next }
			NF == 2 { gsub(/^ +/, "", $1); print d, $1, $2 }' >"$1"
}

# vm_virsh_all FILE: dominfo, dommemstat, domifstat, domblkstat, domiflist,
# domblklist and domblkinfo of every guest as "name key value" lines, and
# its QEMU's /proc figures (qemu.cpu_cs, qemu.rss_kib, qemu.io) and pid file.
vm_virsh_all() {
	local n tap ticks pid
	ticks=$(getconf CLK_TCK)
	for n in $NM_VM_NAMES; do
		nm_virsh dominfo "$n" | awk -v d="$n" -F': +' '{ split($2, v, " "); gsub(/ /, "_", $1); print d, "info." $1, v[1] }'
		# A guest that is not running has no memory, interface or disk figures.
		nm_virsh dommemstat "$n" 2>/dev/null | awk -v d="$n" '{ print d, "mem." $1, $2 }'
		tap=$(nm_virsh domiflist "$n" | awk '$1 != "" { print $1; exit }')
		[ -d "/sys/class/net/$tap" ] || tap=
		[ -z "$tap" ] || {
			echo "$n if.name $tap"
			nm_virsh domifstat "$n" "$tap" | awk -v d="$n" '{ print d, "if." $2, $3 }'
			for f in /sys/class/net/"$tap"/statistics/*; do echo "$n sys.${f##*/} $(cat "$f")"; done
		}
		nm_virsh domblklist "$n" | awk -v d="$n" '$1 == "vda" { print d, "blk.source", $2; exit }'
		nm_virsh domblkstat "$n" vda 2>/dev/null | awk -v d="$n" '{ print d, "blk." $2, $3 }'
		nm_virsh domblkinfo "$n" vda | awk -v d="$n" -F': +' '{ print d, "blk." $1, $2 }'
		pid=$(cat "/run/libvirt/qemu/$n.pid" 2>/dev/null) || continue
		echo "$n pidfile $pid"
		awk -v d="$n" -v t="$ticks" '{ sub(/.*\) /, ""); print d, "qemu.cpu_cs", int(($12 + $13) * 100 / t) }' "/proc/$pid/stat"
		awk -v d="$n" '/^VmRSS:/ { print d, "qemu.rss_kib", $2 }' "/proc/$pid/status"
		awk -v d="$n" '/^(read|write)_bytes:/ { s += $2 } END { print d, "qemu.io", s }' "/proc/$pid/io"
	done >"$1"
}

# val FILE NAME KEY: the value of KEY for guest NAME in FILE.
val() {
	awk -v d="$2" -v k="$3" '$1 == d && $2 == k { print $3; exit }' "$1"
}

# snap_collect: virsh figures into $TMP/outer0 and domstats into $TMP/a,
# one node-collect run, then domstats into $TMP/b and $TMP/outer1, so that
# every counter the run stored lies between a and b (outer0 and outer1).
snap_collect() {
	vm_virsh_all "$TMP/outer0"
	vm_stats "$TMP/a"
	date +%s.%N >"$TMP/t0"
	"$BIN/node-collect" --db "$DB" --libvirt "$NM_VM_URI" "$@"
	COLLECT_STATUS=$?
	date +%s.%N >"$TMP/t1"
	vm_stats "$TMP/b"
	vm_virsh_all "$TMP/outer1"
}

# in_range WHAT X LO HI [TOL]: X lies between LO and HI (either order),
# widened by TOL on both sides; says what differed otherwise.
in_range() {
	local what=$1 x=$2 lo=$3 hi=$4 tol=${5:-0} t
	if [ -z "$lo" ] || [ -z "$hi" ]; then
		echo "$what: libvirt gave no figure" >&2
		return 1
	fi
	if [ "$lo" -gt "$hi" ]; then t=$lo lo=$hi hi=$t; fi
	if [ -z "$x" ] || [ "$x" -lt $((lo - tol)) ] || [ "$x" -gt $((hi + tol)) ]; then
		echo "$what: stored '$x', libvirt read $lo to $hi (tolerance $tol)" >&2
		return 1
	fi
}

# same WHAT X Y: X equals Y, or says what differed.
same() {
	if [ -z "$3" ] || [ "$2" != "$3" ]; then
		echo "$1: stored '$2', libvirt says '$3'" >&2
		return 1
	fi
}

# col NAME COLUMN [TABLE]: a column of the latest row of guest NAME.
col() {
	q "SELECT $2 FROM ${3:-vm} WHERE vm = (SELECT vm FROM vm_sample WHERE name = '$1'
		LIMIT 1) ORDER BY ts DESC LIMIT 1"
}

# wait_console NAME: waits (at most 300 s) for the guest's ready line: a
# TCG boot on a loaded 2-core machine has been seen to take over 120 s.
wait_console() {
	for _ in $(seq 3000); do
		if grep -q '^nmvm ready' "$NM_VM_STATE/$1.console" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	echo "$1 printed no ready line; state: $(nm_virsh domstate "$1" 2>&1)" >&2
	tail -c 600 "$NM_VM_STATE/$1.console" 2>/dev/null | tr -d '\0' >&2
	return 1
}
