#!/usr/bin/env bats
# The daily consumption reports: consumption-report/YYYY-MM-DD.xml in
# SlapOS' journal layout and its JSON twin, from chosen rows.

load helpers
load report_consum

XSD="$TOP/report/consumption.xsd"

# xq XPATH: the text xmllint finds in yesterday's XML.
xq() {
	xmllint --xpath "$1" "$CR/2026-11-21.xml"
}

# mv_q RESOURCE REFERENCE: the quantity of that movement in the XML.
mv_q() {
	xq "string(//movement[resource='service_module/$1' and reference='$2']/quantity)"
}

@test "the XML holds the computer's and each partition's hand-computed averages" {
	run creport
	assert_success
	assert_equal "$(xq 'string(/journal/transaction/@type)')" "Sale Packing List"
	assert_equal "$(xq 'string(//transaction/title)')" "Eco Information for COMP-42 "
	assert_equal "$(xq 'string(//transaction/start_date)')" "2026-11-21 00:00:00"
	assert_equal "$(xq 'string(//transaction/stop_date)')" "2026-11-21 23:59:59"
	assert_equal "$(xq 'string(//transaction/reference)')" "2026-11-21-global"
	assert_equal "$(xq 'string(//arrow/@type)')" "Destination"
	# The computer: (20 + 40) / 2 (the first run has no rate); (100 + 200
	# + 300) / 3 MiB; 4 GiB over the 2 runs with disk rows.
	assert_equal "$(mv_q cpu_load_percent COMP-42)" "30.0"
	assert_equal "$(mv_q memory_used COMP-42)" "200.0"
	assert_equal "$(mv_q disk_used COMP-42)" "2048.0"
	# slappart0: (10 + 5 + 15) % over 2 runs; (1 + 2 + 3) MiB over 2 runs;
	# its folder (2 + 4) MiB over 2 walks.
	assert_equal "$(mv_q cpu_load_percent slappart0)" "15.0"
	assert_equal "$(mv_q memory_used slappart0)" "3.0"
	assert_equal "$(mv_q disk_used slappart0)" "3.0"
	# slappart1 had no CPU rate: no CPU movement, as SlapOS.
	assert_equal "$(xq 'count(//movement[reference="slappart1"])')" "1"
	assert_equal "$(mv_q memory_used slappart1)" "0.5"
	assert_equal "$(mv_q disk_used slappart2)" "1.5"
	assert_equal "$(xq 'string(//movement[reference="slappart0"][1]/title)')" \
		"CPU Load Percent Average for slappart0"
	assert_equal "$(xq 'string(//movement[reference="slappart2"]/title)')" \
		"Partition Disk Used Average for slappart2"
	# SlapOS' order: the computer's, then all CPU, all memory, all disk.
	run xq '//movement/reference/text()'
	assert_output "$(printf '%s\n' COMP-42 COMP-42 COMP-42 slappart0 slappart0 slappart1 \
		slappart0 slappart2)"
	# Today is not complete: no report for it.
	assert [ ! -e "$CR/2026-11-22.xml" ]
}

@test "the JSON beside it parses and holds the same figures" {
	run creport
	assert_success
	run jq -e . "$CR/2026-11-21.json"
	assert_success
	run jq -r '.movement[] | "\(.resource) \(.reference) \(.quantity) \(.unit)"' \
		"$CR/2026-11-21.json"
	assert_output "service_module/cpu_load_percent COMP-42 30 percent
service_module/memory_used COMP-42 200 MiB
service_module/disk_used COMP-42 2048 MiB
service_module/cpu_load_percent slappart0 15 percent
service_module/memory_used slappart0 3 MiB
service_module/memory_used slappart1 0.5 MiB
service_module/disk_used slappart0 3 MiB
service_module/disk_used slappart2 1.5 MiB"
	assert_equal "$(jq -r '.computer_id, .date, .reference' "$CR/2026-11-21.json" | paste -sd' ')" \
		"COMP-42 2026-11-21 2026-11-21-global"
	# Every XML quantity equals the JSON one.
	for i in 1 2 3 4 5 6 7 8; do
		assert_equal "$(xq "string(//movement[$i]/quantity)")" \
			"$(jq -r ".movement[$((i - 1))].quantity | tostring | if test(\"[.e]\") then . else . + \".0\" end" \
				"$CR/2026-11-21.json")"
	done
}

@test "the XML validates against the shipped schema; a broken one does not" {
	run creport
	assert_success
	run xmllint --noout --schema "$XSD" "$CR/2026-11-21.xml"
	assert_success
	sed 's|<price>0.0</price>||' "$CR/2026-11-21.xml" >"$TMP/broken.xml"
	run xmllint --noout --schema "$XSD" "$TMP/broken.xml"
	assert_failure
	sed 's|<quantity>30.0</quantity>|<quantity>thirty</quantity>|' "$CR/2026-11-21.xml" >"$TMP/nan.xml"
	run xmllint --noout --schema "$XSD" "$TMP/nan.xml"
	assert_failure
}

@test "a written report is never rewritten when its day's rows change" {
	run creport
	assert_success
	sum=$(cat "$CR/2026-11-21.xml" "$CR/2026-11-21.json" | sha256sum)
	q "UPDATE system_sample SET cpu_percent = 99; DELETE FROM folder_sample"
	run creport
	assert_success
	assert_equal "$(cat "$CR/2026-11-21.xml" "$CR/2026-11-21.json" | sha256sum)" "$sum"
	# A missing JSON is written again beside the XML kept.
	rm "$CR/2026-11-21.json"
	run creport
	assert_success
	assert_equal "$(jq -r '.movement[0].quantity' "$CR/2026-11-21.json")" "99"
	assert_equal "$(mv_q cpu_load_percent COMP-42)" "30.0"
	# SlapOS' uploader's mark stands for the XML too.
	rm "$CR/2026-11-21.xml"
	touch "$CR/2026-11-21.xml.uploaded"
	run creport
	assert_success
	assert [ ! -e "$CR/2026-11-21.xml" ]
	run find "$CR" -name '.nm-tmp*'
	assert_output ""
}

@test "reports older than consumption_keep_days go, and such days are not written" {
	mkdir -p "$CR"
	for f in 2026-11-01.xml 2026-11-01.json 2026-11-01.xml.uploaded 2026-11-20.xml notes.txt; do
		echo x >"$CR/$f"
	done
	printf 'consumption_keep_days = 2\n' >>"$TMP/nm.conf"
	run creport
	assert_success
	run ls "$CR"
	assert_output "$(printf '%s\n' 2026-11-20.xml 2026-11-21.json 2026-11-21.xml notes.txt)"
	printf 'consumption_keep_days = 1\n' >>"$TMP/nm.conf"
	rm "$CR/2026-11-21.xml" "$CR/2026-11-21.json"
	# Tomorrow, with 1 day kept: the 21st is out of the window, the 22nd
	# is complete.
	run creport --now $((NOW + DAY))
	assert_success
	run ls "$CR"
	assert_output "$(printf '%s\n' 2026-11-22.json 2026-11-22.xml notes.txt)"
}

@test "a day without rows gets no report; an unwritable folder is one line" {
	q "DELETE FROM user_sample WHERE ts < $D2; DELETE FROM system_sample WHERE ts < $D2;
	   DELETE FROM disk_sample; DELETE FROM folder_sample"
	run creport
	assert_success
	run ls "$CR"
	assert_output ""
	rm -r "$CR"
	echo x >"$CR"
	run creport
	assert_failure 1
	assert_output "node-report: $CR: Not a directory"
}
