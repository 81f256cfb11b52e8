#!/usr/bin/env bats
# node-fleet over a generated fleet of 100 hosts x 10 VMs (bench/fleet-gen
# --scale, 5 % of the hosts at CPU 0.95): the plans complete and are sane.
# The figures at 1000 x 40 are bench/fleet's.

load helpers
load backfill

END=1795312800

setup_file() {
	export FLEET_DIR
	FLEET_DIR=$(mktemp -d)
	fleet_backfill "$FLEET_DIR" --end "$END" --minutes 30 --scale 100 10 --seed 7
	prom_start "$FLEET_DIR"
}

teardown_file() {
	prom_stop
	rm -rf "$FLEET_DIR"
}

# The instances whose latest CPU ratio in the generated data is 0.95.
hot_instances() {
	grep "^node_monitor_cpu_ratio{.*} 0.94999999999999996 $END\$" "$FLEET_DIR/metrics.om" |
		sed 's/.*instance="\([^"]*\)".*/\1/' | sort
}

@test "hotspots at 100 x 10: every hot host found and relieved, no move onto a hot host" {
	local hot hosts moves
	hot=$(hot_instances)
	[ -n "$hot" ]
	run -0 --separate-stderr "$BIN/node-fleet" --prometheus "$PROM_URL" --now "$END" \
		hotspots --format csv
	# The hot hosts' rows (up to the blank line), then the moves.
	hosts=$(sed -n '2,/^$/p' <<<"$output" | grep ,)
	moves=$(sed '1,/^host,rank/d' <<<"$output")
	assert_equal "$(cut -d, -f2 <<<"$hosts" | sort)" "$hot"
	refute_output --regexp ',no$'
	refute_output --partial 'no host fits'
	[ -n "$moves" ]
	while IFS=, read -r host _ vm _ _ _ _ _ target cmd; do
		# The VM is the source host's; the target is not hot.
		[[ $vm == vm${host#hv}-* ]]
		run -1 grep -q "^$target," <<<"$hosts"
		assert_equal "$cmd" "virsh migrate --live $vm qemu+ssh://$target/system"
	done <<<"$moves"
}

@test "place at 100 x 10: the best host is not hot, and ten candidates ranked by volume" {
	run -0 --separate-stderr "$BIN/node-fleet" --prometheus "$PROM_URL" --now "$END" \
		place --vcpus 4 --memory 16Gi --format csv
	local best
	assert_equal "${#lines[@]}" 11
	sort -t, -k7,7 -g -c <<<"$(sed 1d <<<"$output")"
	best=$(sed -n '2s/^1,[^,]*,\([^,]*\),.*/\1/p' <<<"$output")
	[ -n "$best" ]
	run -1 grep -qx "$best" <<<"$(hot_instances)"
}
