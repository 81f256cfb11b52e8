#!/usr/bin/env bats
# The plot page in Debian's headless Chromium, served by slapmonitor on
# loopback from files that node-report wrote, with no way out to the
# internet.

load helpers

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
	"$BIN/node-report" --db "$DB" --out "$TMP/server-log" --now $((day + 60 * i + 30))
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
	files=$(ls "$ROOT" | grep -c '\.csv$')
	[ "$files" -ge 20 ]
	browser --dump-dom "$URL" >"$TMP/dom" 2>"$TMP/chrome.log"
	body=$(grep -o '<body[^>]*>' "$TMP/dom")
	echo "$body"
	# Files without a row today draw nothing and are not counted.
	empty=0
	for f in "$ROOT"/*.csv; do
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
	[ "$(grep -o 'data-drawn="1"' "$TMP/dom" | wc -l)" = "$want" ]
	# No console message at all: no error, no CSP violation, no warning.
	run ! grep -i 'CONSOLE' "$TMP/chrome.log"
	# Every request the page made was answered (nothing refused or missing).
	run ! grep -q 'GET' "$SM_LOG"
}

@test "the page and its scripts come from slapmonitor only" {
	curl -s --max-time 5 "$URL" >"$TMP/page"
	run ! grep -Eo '(src|href)="(https?:)?//[^"]*"' "$TMP/page"
	for asset in dygraph.min.js dygraph.min.css plots.js plots.css; do
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
	size=1280,9000
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
		[ $((y + h)) -le 9000 ]
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
