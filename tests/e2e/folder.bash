# Helpers of the folder size tests: partition trees under $TMP/inst, a
# slapos.cfg pointing at them, and node-collect on the fixture machine
# (whose partition users are slapuser0 and slapuser1).

# folder_setup: $TMP/inst/slappart0 and slappart1, empty, and
# $TMP/slapos.cfg giving them to slapuser0 and slapuser1.
folder_setup() {
	INST="$TMP/inst"
	mkdir -p "$INST/slappart0" "$INST/slappart1"
	printf '[slapos]\ninstance_root = %s\n[slapformat]\npartition_amount = 2\n' \
		"$INST" >"$TMP/slapos.cfg"
	printf '[collect]\nfolder_lock_dir = %s\n' "$TMP/locks" >"$TMP/nm.conf"
}

# folder_lockfile DIR: the lock file of DIR's walks.
folder_lockfile() {
	echo "$TMP/locks/folder-$(stat -c '%d-%i' "$1").lock"
}

# folder_tree DIR: a tree with what du counts in its own way: a sparse
# file, hard links, symlinks (to a file, a directory, nowhere), empty dirs.
folder_tree() {
	local d="$1"
	mkdir -p "$d/a/b/c" "$d/empty" "$d/e/f/g"
	head -c 70000 /dev/urandom >"$d/a/data"
	truncate -s 50M "$d/sparse"
	printf 'end' >>"$d/sparse"
	ln "$d/a/data" "$d/a/b/twin"
	ln "$d/a/data" "$d/e/triplet"
	ln -s ../a "$d/e/to-a"
	ln -s data "$d/a/to-data"
	ln -s /nowhere "$d/dangling"
	for i in $(seq 40); do
		printf '%s' "$i" >"$d/a/b/c/n$i"
	done
}

# folder_conf KEY VALUE: adds a [collect] key to $TMP/nm.conf.
folder_conf() {
	printf '%s = %s\n' "$1" "$2" >>"$TMP/nm.conf"
}

# folder_collect NOW [flags...]: node-collect at NOW with the slapos.cfg
# and $TMP/nm.conf.
folder_collect() {
	local now="$1"
	shift
	collect_fixture basic-t0 "$now" --config "$TMP/nm.conf" \
		--slapos-config "$TMP/slapos.cfg" "$@"
}

# du_k PATH...: the total of du -s -k -x over the paths (once per walk).
du_k() {
	du -s -k -x -c "$@" | awk 'END { print $1 }'
}

# used PARTITION: the folder's last disk_used, "none" without a row.
used() {
	[ -e "$DB" ] || {
		echo none
		return
	}
	sqlite3 "$DB" "SELECT coalesce((SELECT disk_used FROM folder
		WHERE partition = '$1' ORDER BY ts DESC LIMIT 1), 'none')"
}
