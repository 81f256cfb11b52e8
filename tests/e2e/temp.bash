# Shared by the temperature test files: node-collect with the fixture hwmon
# devices (tests/fixtures/sys/hwmon/class) mounted over /sys/class, as
# libsensors only reads a real sysfs at /sys.

# collect_hwmon NOW [flags...]: node-collect on basic-t0 with the fixture
# hwmon devices, the rest of /sys left as the host's.
collect_hwmon() {
	unshare -Urm sh -c 'mount --bind "$1" /proc && mount --bind "$2" /sys/class &&
		mount --bind "$3" /etc/passwd && shift 3 && exec "$@"' sh \
		"$FIXTURES/proc/basic-t0" "$FIXTURES/sys/hwmon/class" "$FIXTURES/passwd" \
		"$BIN/node-collect" --db "$DB" --now "$@"
}

# The fixture's sensors as their dump rows, without date, time, reported.
TEMP_ROWS='acpitz-virtual-0 temp1:,45.0,0,80.0,95.0
nmtest-virtual-0 Core 0:,85.0,1,80.0,95.0
nmtest-virtual-0 temp2:,96.0,2,80.0,95.0
nmtest-virtual-0 temp3:,50.0,0,,
nmtest-virtual-0 temp4:,80.0,1,80.0,95.0
nmtest-virtual-0 temp5:,99.5,1,,99.0'
