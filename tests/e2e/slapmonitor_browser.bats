#!/usr/bin/env bats
# The plot page in Debian's headless Chromium, served by slapmonitor on
# loopback from files that node-report wrote, with no way out to the
# internet.

load helpers
load temp

# A day of samples: the fixture trees collected minute after minute, then
# node-report's plot files. Built once for the file.
setup_file() {
	TMP="$BATS_FILE_TMPDIR"
	DB="$TMP/collector.db"
	day=$(($(date +%s) / DAY * DAY))
	i=0
	for tree in basic-t0 basic-t1 basic-t0 basic-t1 basic-t1 basic-t0 basic-t1; do
		i=$((i + 1))
		collect_fixture "$tree" $((day + 60 * i)) >/dev/null
	done
	# Two VMs over the same runs: "web" busy, "db" idle with less memory.
	for k in $(seq 1 "$i"); do
		sqlite3 "$DB" "INSERT OR IGNORE INTO vm_domain VALUES (1, 'uuid-web'), (2, 'uuid-db');
		  INSERT INTO vm_sample (ts, vm, name, state, state_reason, vcpus, cpu_centipercent,
		    memory_kib, balloon_actual_kib, balloon_unused_kib)
		  VALUES ($((day + 60 * k)), 1, 'web', 1, 1, 4, 2000 + $k % 3 * 2500, 8388608,
		    8388608, 2097152 + $k % 4 * 524288),
		    ($((day + 60 * k)), 2, 'db', 1, 1, 2, 100 + $k * 10, 2097152, NULL, NULL);
		  INSERT INTO vm_net_sample (ts, vm, device, rx_bytes, tx_bytes)
		  VALUES ($((day + 60 * k)), 1, 'vnet0', $k * $k * 3000000, $k * 700000),
		    ($((day + 60 * k)), 2, 'vnet1', $k * 6000, $k * 3000);
		  INSERT INTO vm_disk_sample (ts, vm, target, rd_bytes, wr_bytes)
		  VALUES ($((day + 60 * k)), 1, 'vda', $k * 90000000, $k * $k * 20000000),
		    ($((day + 60 * k)), 2, 'vda', $k * 61440, $k * 122880)"
	done
	# slapuser0's folder measured twice (a walk of two runs, then one run).
	sqlite3 "$DB" "INSERT INTO folder_sample (ts, partition, disk_used, data_used, started, runs)
	  VALUES ($((day + 180)), 'slapuser0', 5242880, 1048576, $((day + 120)), 2),
	    ($((day + 360)), 'slapuser0', 6291456, 1048576, $((day + 360)), 1)"
	# A benchmark each of the last three days.
	for k in 0 1 2; do
		for part in cpu:Mop/s sqlite:rows/s disk_write:MiB/s disk_read:MiB/s; do
			sqlite3 "$DB" "INSERT INTO benchmark_sample (ts, part, score, unit, elapsed_ms)
			  VALUES ($((day - k * DAY + 180)), '${part%%:*}', $((1000 + k * 50)),
			    '${part#*:}', 300)"
		done
	done
	"$BIN/node-report" --db "$DB" --out "$TMP/server-log" --now $((day + 60 * i + 30))
	# The active alerts as node-report lists them (report/alerts.c).
	printf '%s\n' 'since,subject,metric,value,threshold' \
		"$(date -u -d @$((day + 120)) '+%F %T'),vm:web,cpu_percent,70,50" \
		>"$TMP/server-log/alerts.csv"
}

setup() {
	setup_tmp
	ROOT="$BATS_FILE_TMPDIR/server-log"
	SHOTS="${NM_TEST_OUT:-$TOP/build/test-output}"
	mkdir -p "$SHOTS"
	sm_start
	URL=$SM_URL
}

teardown() {
	sm_stop
	teardown_tmp
}

# browser FLAGS... URL: headless Chromium, every host but loopback
# unresolvable, at most 60 s.
browser() {
	timeout 60 chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--no-first-run --no-default-browser-check --disable-background-networking \
		--disable-component-update --disable-sync --user-data-dir="$TMP/chrome" \
		--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1' \
		--enable-logging=stderr --v=0 --virtual-time-budget=20000 "$@"
}

@test "the plot page draws a chart and a histogram per plot file, with no console message" {
	files=$(ls "$ROOT" | grep -v '^alerts\.csv$' | grep -c '\.csv$')
	[ "$files" -ge 20 ]
	browser --dump-dom "$URL" >"$TMP/dom" 2>"$TMP/chrome.log"
	body=$(grep -o '<body[^>]*>' "$TMP/dom")
	echo "$body"
	# Files without a row today draw nothing and are not counted.
	empty=0
	for f in "$ROOT"/*.csv; do
		[ "$f" != "$ROOT/alerts.csv" ] || continue
		[ "$(wc -l <"$f")" -gt 1 ] || empty=$((empty + 1))
	done
	want=$((2 * (files - empty)))
	[[ "$body" == *"data-charts-total=\"$want\""* ]]
	[[ "$body" == *"data-charts-drawn=\"$want\""* ]]
	[[ "$body" == *'data-charts-failed="0"'* ]]
	# Each group has its heading; every chart holds a drawn canvas.
	grep -q '<h2>System</h2>' "$TMP/dom"
	grep -q '<h2>Disk /dev/sda1</h2>' "$TMP/dom"
	grep -q '<h2>Partition slapuser0</h2>' "$TMP/dom"
	grep -q '<h2>VM web</h2>' "$TMP/dom"
	grep -q '<h2>VM db</h2>' "$TMP/dom"
	grep -q '<h2>Benchmarks</h2>' "$TMP/dom"
	[ "$(grep -o 'data-drawn="1"' "$TMP/dom" | wc -l)" = "$want" ]
	# No console message at all: no error, no CSP violation, no warning.
	run ! grep -i 'CONSOLE' "$TMP/chrome.log"
	# Every request the page made was answered (nothing refused or missing).
	run ! grep -q 'GET' "$SM_LOG"
}

# labels: the text of every tick label in the page's DOM ($TMP/dom), one
# per line as "chart-kind axis unit-title: text" (chart-kind series or
# histogram, axis x or y).
labels() {
	python3 - "$TMP/dom" <<'PY'
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.title, self.kind, self.axis, self.text = [], "", None, None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        self.stack.append((tag, cls))
        if tag == "h3":
            self.title = ""
            self.in_h3 = True
        if "chart series" in cls: self.kind = "series"
        if "chart histogram" in cls: self.kind = "histogram"
        if "dygraph-axis-label-x" in cls: self.axis, self.text = "x", ""
        if "dygraph-axis-label-y" in cls: self.axis, self.text = "y", ""
    def handle_endtag(self, tag):
        if tag == "h3": self.in_h3 = False
        if self.stack: self.stack.pop()
        if tag == "div" and self.text is not None:
            print(f"{self.kind} {self.axis} {self.title.split(' ')[0] if False else self.unit()}: {self.text}")
            self.text = None
    def unit(self):
        t = self.title
        return t[t.rfind("(") + 1:t.rfind(")")] if "(" in t else "-"
    def handle_data(self, data):
        if getattr(self, "in_h3", False) and self.stack and self.stack[-1][0] == "h3":
            self.title += data
        if self.text is not None:
            self.text += data
P().feed(open(sys.argv[1]).read())
PY
}

@test "the axes label sizes in bytes with binary prefixes, rates per second, counts as integers" {
	browser --window-size=1280,14000 --dump-dom "$URL" >"$TMP/dom" 2>"$TMP/chrome.log"
	labels >"$TMP/labels"
	cat "$TMP/labels"
	[ "$(wc -l <"$TMP/labels")" -ge 200 ]
	# No scientific or SI prefix artefacts ("768p-10", "24Mi" of KiB).
	run ! grep -E ': .*[0-9](p|n|u|m|k|K|M|G|T|Ki|Mi|Gi|Ti)(-?[0-9]+)?$' "$TMP/labels"
	run ! grep -E ': .*(p-|e-|e\+)' "$TMP/labels"
	# Sizes in bytes with binary prefixes: the memory charts, in GiB and
	# MiB; their axes are titled bytes, not KiB.
	run ! grep -E '^[a-z]+ . KiB:' "$TMP/labels"
	grep -E '^series y bytes: [0-9.]+ GiB$' "$TMP/labels"
	grep -E '^series y bytes: [0-9.]+ MiB$' "$TMP/labels"
	grep -E '^histogram x bytes: [0-9.]+ GiB$' "$TMP/labels"
	# Every size label is a number and a unit of bytes.
	run ! grep -Ev ': (0|-?[0-9.]+ [KMGTPE]?i?B)$' <(grep -E '^(series y|histogram x) bytes: ' "$TMP/labels")
	# Rates per second: the VMs' network and disk, the partitions' I/O.
	grep -E '^series y bytes/s: [0-9.]+ MiB/s$' "$TMP/labels"
	grep -E '^series y bytes/s: [0-9.]+ KiB/s$' "$TMP/labels"
	run ! grep -Ev ': (0|-?[0-9.]+ [KMGTPE]?i?B)/s$' <(grep -E '^(series y|histogram x) bytes/s: ' "$TMP/labels")
	# Counts as integers (ticks between two integers go unlabelled): the
	# histograms' sample counts, process counts.
	grep -E '^histogram y [^:]*: [1-9][0-9]*$' "$TMP/labels"
	run ! grep -Ev ': ([0-9]+)?$' <(grep -E '^(histogram y|series y count)' "$TMP/labels")
	grep -E '^series y count: [1-9][0-9]*$' "$TMP/labels"
	# A histogram of one value all day says it in its title (db's memory).
	grep -q 'class="dygraph-label dygraph-title"[^>]*>all day at 2 GiB<' "$TMP/dom"
	# Percentages with their sign.
	grep -E '^series y %: [0-9.]+ %$' "$TMP/labels"
}

@test "a partition's folder size is charted with its other plots, in bytes" {
	run cat "$ROOT/partition_slapuser0_folder_used.csv"
	assert_line --index 0 "time,entry"
	assert_line --index 2 --partial ",6291456"
	browser --dump-dom "$URL" >"$TMP/dom" 2>"$TMP/chrome.log"
	# Titled in bytes, and linked to its file.
	grep -q '<h3>Folder size (bytes) <a href="server-log/partition_slapuser0_folder_used.csv">' "$TMP/dom"
	labels >"$TMP/labels"
	grep -E '^series y bytes: [0-9.]+ GiB$' "$TMP/labels"
	run ! grep -i 'CONSOLE' "$TMP/chrome.log"
}

@test "the active alerts are listed at the top of the page" {
	browser --dump-dom "$URL" >"$TMP/dom" 2>"$TMP/chrome.log"
	grep -q 'data-alerts="1"' "$TMP/dom"
	# Above the charts, in the order of the page.
	alerts=$(grep -bo '<section id="alerts">' "$TMP/dom" | cut -d: -f1)
	charts=$(grep -bo '<main id="plots">' "$TMP/dom" | cut -d: -f1)
	[ -n "$alerts" ]
	[ "$alerts" -lt "$charts" ]
	grep -q '<td>vm:web</td><td>cpu_percent</td><td>70</td><td>50</td>' "$TMP/dom"
	# Not a chart: alerts.csv has no group of its own.
	run ! grep -q '<h2>Other files</h2>' "$TMP/dom"
	run ! grep -i 'CONSOLE' "$TMP/chrome.log"
}

@test "the page and its scripts come from slapmonitor only" {
	curl -s --max-time 5 "$URL" >"$TMP/page"
	run ! grep -Eo '(src|href)="(https?:)?//[^"]*"' "$TMP/page"
	for asset in dygraph.min.js dygraph.min.css alerts.js plots.js plots.css; do
		code=$(curl -s --max-time 5 -o "$TMP/asset" -w '%{http_code}' "${URL}static/$asset")
		[ "$code" = 200 ]
		[ -s "$TMP/asset" ]
	done
	cmp "$TMP/asset" "$TOP/monitor-http/assets/plots.css"
	# The built-in assets revalidate by their tag.
	etag=$(curl -s --max-time 5 -D - -o /dev/null "${URL}static/plots.js" |
		sed -n 's/^ETag: *//Ip' | tr -d '\r')
	[ -n "$etag" ]
	[ "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" \
		"${URL}static/plots.js")" = 304 ]
	[ "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H 'If-None-Match: "x"' \
		"${URL}static/plots.js")" = 200 ]
	curl -s --max-time 5 -o "$TMP/asset" "${URL}static/dygraph.min.js"
	cmp "$TMP/asset" /usr/share/javascript/dygraphs/dygraph.min.js
}

@test "a screenshot of the plot page shows a drawn series in every chart's box" {
	rm -f "$SHOTS/plots.png"
	# The page writes each drawn chart's box (x,y,width,height in CSS
	# pixels) into the DOM; the same window lays it out the same way for
	# the screenshot, at one image pixel per CSS pixel.
	size=1280,14000
	browser --window-size=$size --dump-dom "$URL" >"$TMP/dom" 2>"$TMP/chrome.log"
	grep -o 'data-box="[0-9,]*"' "$TMP/dom" | sed 's/data-box="//; s/"$//' >"$TMP/boxes"
	drawn=$(grep -o 'data-charts-drawn="[0-9]*"' "$TMP/dom" | tr -dc 0-9)
	[ "$drawn" -ge 20 ]
	[ "$(wc -l <"$TMP/boxes")" = "$drawn" ]
	browser --hide-scrollbars --force-device-scale-factor=1 --window-size=$size \
		--screenshot="$SHOTS/plots.png" "$URL" 2>"$TMP/chrome.log"
	[ "$(head -c 8 "$SHOTS/plots.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]
	[ "$(/usr/bin/identify -format '%w,%h' "$SHOTS/plots.png")" = "$size" ]
	# Inside each box, the pixels of a series or a histogram's bars: the
	# saturated ones (the background, the grid and the labels are grey).
	# A line across the chart gives about 800; an empty chart gives 0.
	# Debian's ImageMagick is called by its path: another `convert` may
	# come first in PATH.
	while IFS=, read -r x y w h; do
		[ $((y + h)) -le 14000 ]
		colored=$(/usr/bin/convert "$SHOTS/plots.png" -crop "${w}x${h}+${x}+${y}" +repage \
			-alpha off -colorspace HSL -channel G -separate +channel -threshold 30% \
			-format '%[fx:round(mean*w*h)]' info:)
		echo "box $x,$y,$w,$h: $colored colored pixels"
		[ "$colored" -ge 200 ]
	done <"$TMP/boxes"
}

@test "before the first report the page says so and draws nothing" {
	sm_stop
	ROOT="$TMP/empty"
	mkdir "$ROOT"
	sm_start
	browser --dump-dom "$SM_URL" >"$TMP/dom" 2>"$TMP/chrome.log"
	grep -q 'No plot file yet' "$TMP/dom"
	grep -q 'data-charts-total="0"' "$TMP/dom"
	run ! grep -i 'CONSOLE' "$TMP/chrome.log"
}

@test "alerts.csv is read by its header: an epoch ts, separate date and time, other columns" {
	sm_stop
	ROOT="$TMP/alerts"
	mkdir "$ROOT"
	# 1795222800 is 2026-11-21 01:00:00 UTC.
	printf '%s\n' 'ts,subject,metric,state,value,threshold' \
		'1795222800,host,memory_percent,ALERT,91.5,90' \
		'1795222860,"disk:/dev/sda1",disk_free_percent,ALERT,4,5' >"$ROOT/alerts.csv"
	sm_start
	browser --dump-dom "$SM_URL" >"$TMP/dom" 2>"$TMP/chrome.log"
	grep -q 'data-alerts="2"' "$TMP/dom"
	grep -q '<td>2026-11-21 01:00:00</td><td>host</td><td>memory_percent</td><td>91.5</td><td>90</td>' "$TMP/dom"
	grep -q '<td>2026-11-21 01:01:00</td><td>disk:/dev/sda1</td><td>disk_free_percent</td><td>4</td><td>5</td>' "$TMP/dom"
	sm_stop
	printf '%s\n' 'date,time,subject,metric,value,threshold' \
		'2026-11-21,01:02:00,vm:db,memory_percent,95,90' >"$ROOT/alerts.csv"
	sm_start
	browser --dump-dom "$SM_URL" >"$TMP/dom" 2>"$TMP/chrome.log"
	grep -q '<td>2026-11-21 01:02:00</td><td>vm:db</td><td>memory_percent</td><td>95</td><td>90</td>' "$TMP/dom"
	run ! grep -i 'CONSOLE' "$TMP/chrome.log"
}

@test "the fixture's sensors get a Temperatures section, one chart per sensor in degrees Celsius" {
	sm_stop
	DB="$TMP/temp.db"
	collect_hwmon "$T0"
	collect_hwmon $((T0 + 60))
	ROOT="$TMP/temps"
	"$BIN/node-report" --db "$DB" --out "$ROOT" --now $((T0 + 90))
	sm_start
	browser --window-size=1280,14000 --dump-dom "$SM_URL" >"$TMP/dom" 2>"$TMP/chrome.log"
	assert_equal "$(grep -o '<h2>Temperatures</h2>' "$TMP/dom" | wc -l)" 1
	# Every sensor's chart in that section, after the system's.
	section=$(grep -o '<section class="group temperature">.*' "$TMP/dom" | sed 's|</section>.*||')
	assert_equal "$(grep -o '<div class="chart-row">' <<<"$section" | wc -l)" 6
	assert_equal "$(grep -o 'href="server-log/temperature_[^"]*"' <<<"$section" | wc -l)" 6
	grep -qF '<h3>nmtest_virtual_0_Core_0 (°C) <a href="server-log/temperature_nmtest_virtual_0_Core_0.csv">' <<<"$section"
	system=$(grep -bo '<h2>System</h2>' "$TMP/dom" | cut -d: -f1)
	temps=$(grep -bo '<h2>Temperatures</h2>' "$TMP/dom" | cut -d: -f1)
	assert [ "$system" -lt "$temps" ]
	# Drawn, none failed; the axes in degrees Celsius.
	total=$(grep -o 'data-charts-total="[0-9]*"' "$TMP/dom" | tr -dc 0-9)
	assert_equal "$(grep -o 'data-drawn="1"' "$TMP/dom" | wc -l)" "$total"
	grep -q 'data-charts-failed="0"' "$TMP/dom"
	labels >"$TMP/labels"
	grep -E '^series y °C: [0-9.]+ °C$' "$TMP/labels"
	run ! grep -i 'CONSOLE' "$TMP/chrome.log"
}

@test "a machine without sensors gets no Temperatures section" {
	run ls "$ROOT"
	refute_line --partial temperature_
	browser --dump-dom "$URL" >"$TMP/dom" 2>"$TMP/chrome.log"
	grep -q 'data-charts-failed="0"' "$TMP/dom"
	grep -q '<h2>System</h2>' "$TMP/dom"
	run ! grep -q 'Temperatures' "$TMP/dom"
	run ! grep -q 'group temperature' "$TMP/dom"
}
