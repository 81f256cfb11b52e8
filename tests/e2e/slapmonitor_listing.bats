#!/usr/bin/env bats
# slapmonitor's folder listings: pages of 1000 entries (?page=N), built by
# worker threads while the probe at / answers, on loopback.

load helpers

setup() {
	setup_tmp
	sm_root
}

teardown() {
	sm_stop
	teardown_tmp
}

# mkfiles DIR N: N empty files file-0000.log... in DIR, at once.
mkfiles() {
	python3 -c 'import os, sys
for i in range(int(sys.argv[2])):
    os.close(os.open("%s/file-%06d.log" % (sys.argv[1], i), os.O_CREAT | os.O_WRONLY, 0o644))' "$1" "$2"
}

# names FILE: the names a listing page links to, in its order.
names() {
	grep -o '<tr><td><a href="[^"]*">[^<]*</a>' "$1" | sed 's/.*">//; s/<.*//'
}

# sm_stop_clean: stops slapmonitor, which must exit 0 with no sanitizer
# report in its log.
sm_stop_clean() {
	local pid=$SM_PID status=0
	SM_PID=
	kill "$pid"
	wait "$pid" || status=$?
	[ "$status" = 0 ]
	run ! grep -E 'ERROR: |runtime error|LeakSanitizer' "$SM_LOG"
}

@test "a folder of 2,501 entries: three pages by name, each entry once, with page links" {
	mkdir -p "$ROOT/many/sub" "$ROOT/small"
	mkfiles "$ROOT/many" 2500
	touch "$ROOT/many/.dot" "$ROOT/many/a&b<c>.log" "$ROOT/small/one"
	rm "$ROOT/many/file-000000.log"
	sm_start
	: >"$TMP/all"
	for p in 1 2 3; do
		[ "$(get "${SM_URL}server-log/many/?page=$p")" = 200 ]
		cp "$TMP/body" "$TMP/page$p"
		names "$TMP/page$p" >>"$TMP/all"
		grep -q "<p class=\"pages\">Page $p of 3" "$TMP/page$p"
	done
	[ "$(names "$TMP/page1" | wc -l)" = 1000 ]
	[ "$(names "$TMP/page2" | wc -l)" = 1000 ]
	[ "$(names "$TMP/page3" | wc -l)" = 501 ]
	# Without ?page= comes the first page.
	[ "$(get "${SM_URL}server-log/many/")" = 200 ]
	cmp "$TMP/body" "$TMP/page1"
	# Every entry once, dotfiles left out, in name order over the pages.
	ls -A "$ROOT/many" | grep -v '^\.' | sed 's|^sub$|sub/|' | LC_ALL=C sort >"$TMP/want"
	[ "$(wc -l <"$TMP/want")" = 2501 ]
	diff "$TMP/want" <(sed 's/&amp;/\&/; s/&lt;/</; s/&gt;/>/' "$TMP/all")
	grep -q '<a href="a%26b%3Cc%3E.log">a&amp;b&lt;c&gt;.log</a>' "$TMP/page1"
	# The links: no previous on the first page, no next on the last.
	grep -q '<a href="?page=2" rel="next">' "$TMP/page1"
	run ! grep -q 'rel="prev"' "$TMP/page1"
	grep -q '<a href="?page=1" rel="prev">' "$TMP/page2"
	grep -q '<a href="?page=3" rel="next">' "$TMP/page2"
	grep -q '<a href="?page=2" rel="prev">' "$TMP/page3"
	run ! grep -q 'rel="next"' "$TMP/page3"
	# A folder of one page keeps the listing as it was, without links.
	[ "$(get "${SM_URL}server-log/small/")" = 200 ]
	run ! grep -q 'class="pages"' "$TMP/body"
	[ "$(get "${SM_URL}server-log/small/?page=1")" = 200 ]
	[ "$(get "${SM_URL}server-log/small/?page=2")" = 404 ]
}

@test "a page past the last gets 404, a malformed one 400, each logged with the client" {
	mkdir -p "$ROOT/many"
	mkfiles "$ROOT/many" 1500
	# Every refusal line is counted.
	printf '[slapmonitor]\nlog_burst = 1000\n' >"$TMP/sm.conf"
	sm_start --config "$TMP/sm.conf"
	[ "$(get "${SM_URL}server-log/many/?page=3")" = 404 ]
	grep -q '127.0.0.1: GET /<secret>/server-log/many/: 404, no such page of the listing' "$SM_LOG"
	for p in 0 -1 01 x 2x '' '%32' 99999999999999999999; do
		[ "$(get "${SM_URL}server-log/many/?page=$p")" = 400 ]
	done
	[ "$(get "${SM_URL}server-log/many/?page")" = 400 ]
	[ "$(grep -c '127.0.0.1: GET /<secret>/server-log/many/: 400, a malformed page number' "$SM_LOG")" = 9 ]
	# Other arguments and files are left alone.
	[ "$(get "${SM_URL}server-log/many/?page=2&sort=x")" = 200 ]
	[ "$(get "${SM_URL}server-log/a.css?page=x")" = 200 ]
}

@test "64 clients list 100,000 files while the probe at / answers from another address" {
	mkdir -p "$ROOT/big"
	mkfiles "$ROOT/big" 100000
	printf '[slapmonitor]\nmax_per_client = 256\nlog_burst = 1000\n' >"$TMP/sm.conf"
	sm_start --config "$TMP/sm.conf"
	rss0=$(awk '/^VmRSS/ { print $2 }' "/proc/$SM_PID/status")
	mkdir "$TMP/codes"
	pids=()
	for i in $(seq 64); do
		curl -s -o /dev/null --max-time 60 -w '%{http_code}\n' \
			"${SM_URL}server-log/big/?page=$((i % 100 + 1))" >"$TMP/codes/$i" &
		pids+=($!)
	done
	peak=0
	: >"$TMP/probes"
	for _ in $(seq 30); do
		curl -s -o /dev/null --max-time 2 --interface 127.0.0.2 -w '%{http_code}\n' \
			"$SM_BASE/" >>"$TMP/probes" || echo failed >>"$TMP/probes"
		rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$SM_PID/status")
		[ "$rss" -le "$peak" ] || peak=$rss
		sleep 0.1
	done
	wait "${pids[@]}"
	# Every probe answered within 2 s; every listing got 200 or 503.
	[ "$(grep -vc '^200$' "$TMP/probes")" = 0 ]
	[ "$(cat "$TMP/codes"/* | grep -Evc '^(200|503)$')" = 0 ]
	[ "$(cat "$TMP/codes"/* | grep -c '^200$')" -gt 0 ]
	# Each 503 said in one line naming the client.
	busy=$(cat "$TMP/codes"/* | grep -c '^503$' || true)
	[ "$(grep -c '127.0.0.1: GET .*: 503, ' "$SM_LOG" || true)" = "$busy" ]
	# Memory: at most the 64 MiB budget above what it started with, and
	# 32 MiB of libmicrohttpd's own; under AddressSanitizer, its 256 MiB
	# quarantine of freed memory too.
	bound=$((96 * 1024))
	if grep -q __asan_init "$BIN/slapmonitor"; then bound=$((bound + 256 * 1024)); fi
	[ $((peak - rss0)) -lt "$bound" ]
	sm_stop_clean
}

@test "clients that leave while their listing waits, and a stop with listings waiting" {
	mkdir -p "$ROOT/big"
	mkfiles "$ROOT/big" 50000
	printf '[slapmonitor]\nmax_per_client = 256\n' >"$TMP/sm.conf"
	sm_start --config "$TMP/sm.conf"
	pids=()
	# The first leave before their listing is built; the server goes on.
	for i in $(seq 40); do
		curl -s -o /dev/null --max-time 0.05 "${SM_URL}server-log/big/?page=$i" &
		pids+=($!)
	done
	wait "${pids[@]}" || true
	sleep 1
	[ "$(get "${SM_URL}server-log/big/?page=50")" = 200 ]
	[ "$(names "$TMP/body" | wc -l)" = 1000 ]
	# Then a stop while listings wait for a worker: each connection is
	# resumed and answered or closed, and the server exits cleanly. The
	# folder just changed, so each listing reads its names again.
	touch "$ROOT/big"
	pids=()
	for i in $(seq 40); do
		curl -s -o /dev/null --max-time 20 "${SM_URL}server-log/big/?page=$i" &
		pids+=($!)
	done
	sleep 0.2
	sm_stop_clean
	wait "${pids[@]}" || true
}
