/* Unit tests: the consumption reports' and status files' text, as SlapOS'
 * Python prints it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "consumfmt.h"
#include "pstatusfmt.h"

static void expect_py(double v, const char *want)
{
	char out[40];

	consum_pyfloat(v, out, sizeof(out));
	assert_string_equal(out, want);
}

/* The values Python 3 prints with str(). */
static void test_pyfloat(void **state)
{
	char out[40];

	(void)state;
	expect_py(0.0, "0.0");
	expect_py(3.0, "3.0");
	expect_py(12.5, "12.5");
	expect_py(-2.25, "-2.25");
	expect_py(0.1, "0.1");
	expect_py(1.0 / 3, "0.3333333333333333");
	expect_py(2048.0, "2048.0");
	expect_py(0.0001, "0.0001");
	expect_py(0.00001, "1e-05");
	expect_py(1.5e-7, "1.5e-07");
	expect_py(1e16, "1e+16");
	expect_py(1234567890123456.0, "1234567890123456.0");
	expect_py(1795309200.0, "1795309200.0");
	expect_py(123.456, "123.456");
	consum_round2(1.7345, out, sizeof(out));
	assert_string_equal(out, "1.73");
	consum_round2(20.0, out, sizeof(out));
	assert_string_equal(out, "20.0");
	consum_round2(0.5 / 60, out, sizeof(out));
	assert_string_equal(out, "0.01");
}

static void test_escapes(void **state)
{
	struct sbuf b = SBUF_INIT;

	(void)state;
	sbuf_markup(&b, "a<b>&\"c'");
	assert_string_equal(b.s, "a&lt;b&gt;&amp;&quot;c&#39;");
	sbuf_release(&b);
	consum_json_str(&b, "q\"\\\n");
	assert_string_equal(b.s, "\"q\\\"\\\\\\u000a\"");
	sbuf_release(&b);
}

static void test_xml_day(void **state)
{
	struct consum_part parts[] = {
	    {.name = "p0", .cpu = {1, 15}, .mem = {1, 3}, .disk = {0, 0}},
	    {.name = "p1", .cpu = {0, 0}, .mem = {1, 0.5}, .disk = {1, 1.5}},
	};
	struct consum_day d = {.date = "2026-11-21",
			       .computer_id = "C&1",
			       .cpu = {1, 30},
			       .mem = {0, 0},
			       .disk = {1, 2048},
			       .parts = parts,
			       .nparts = 2};
	struct sbuf b = SBUF_INIT;

	(void)state;
	consum_xml(&b, &d);
	assert_non_null(strstr(b.s, "<title>Eco Information for C&amp;1 </title>"
				    "<start_date>2026-11-21 00:00:00</start_date>"));
	assert_non_null(strstr(b.s, "<movement><resource>service_module/cpu_load_percent</resource>"
				    "<title>CPU Load Percent Average</title><reference>C&amp;1"
				    "</reference><quantity>30.0</quantity><price>0.0</price><VAT>"
				    "</VAT><category></category></movement><movement><resource>"
				    "service_module/disk_used</resource>"));
	/* p0 CPU, p0 memory, p1 memory, p1 disk: all CPU first. */
	assert_non_null(strstr(b.s, "<title>CPU Load Percent Average for p0</title>"));
	assert_true(strstr(b.s, "Memory Used Average for p1") <
		    strstr(b.s, "Partition Disk Used Average for p1"));
	assert_null(strstr(b.s, "CPU Load Percent Average for p1"));
	sbuf_release(&b);
	consum_json(&b, &d);
	assert_non_null(strstr(b.s, "\"computer_id\": \"C&1\""));
	assert_non_null(strstr(b.s, "\"reference\": \"p1\", \"quantity\": 1.5, \"unit\": \"MiB\""));
	sbuf_release(&b);
}

static void test_entries(void **state)
{
	struct pstatus_sums p = {.date = "2026-11-22 01:00:00",
				 .total_process = 2,
				 .has_cpu = 1,
				 .cpu_centipercent = 2000,
				 .cpu_time_cs = 9000,
				 .cpu_num_threads = 5,
				 .memory_ppm = 17345,
				 .memory_rss_kib = 3072};
	struct sbuf b = SBUF_INIT;

	(void)state;
	assert_int_equal(pstatus_entry(&p, PSTATUS_PROCESS, &b), 1);
	assert_string_equal(b.s, "2026-11-22 01:00:00, 2, 20.0, 1.5, 5");
	sbuf_release(&b);
	assert_int_equal(pstatus_entry(&p, PSTATUS_MEMORY, &b), 1);
	assert_string_equal(b.s, "2026-11-22 01:00:00, 1.73, 3.0");
	sbuf_release(&b);
	/* No I/O: no entry, and none in the status object. */
	assert_int_equal(pstatus_entry(&p, PSTATUS_IO, &b), 0);
	pstatus_status(&p, &b);
	assert_null(strstr(b.s, "io_rw_counter"));
	sbuf_release(&b);
	/* Memory only: its date follows it, as Python's dict.update puts it. */
	p.total_process = 0;
	pstatus_status(&p, &b);
	assert_string_equal(b.s, "{\"memory_percent\": 0, \"memory_rss\": 3.0, "
				 "\"date\": \"2026-11-22 01:00:00\"}");
	sbuf_release(&b);
}

static const char OLD[] = "{\"date\": 17.5, \"data\": [\"date, memory used percent, memory used\","
			  "\"2026-11-22 01:00:00, 1, 2\",\"2026-11-22 01:01:00, 3, 4\"]}";

static void test_series(void **state)
{
	struct sbuf b = SBUF_INIT;

	(void)state;
	/* Appended, the file's date kept. */
	assert_int_equal(
	    pstatus_data(OLD, strlen(OLD), PSTATUS_MEMORY, "2026-11-22 01:02:00, 5, 6", 10, 99, &b),
	    1);
	assert_string_equal(b.s, "{\"date\": 17.5, \"data\": [\"date, memory used percent, memory "
				 "used\",\"2026-11-22 01:00:00, 1, 2\",\"2026-11-22 01:01:00, 3, "
				 "4\",\"2026-11-22 01:02:00, 5, 6\"]}");
	sbuf_release(&b);
	/* The same run again replaces its entry; the cap drops the oldest. */
	pstatus_data(OLD, strlen(OLD), PSTATUS_MEMORY, "2026-11-22 01:01:00, 7, 8", 1, 99, &b);
	assert_string_equal(b.s, "{\"date\": 17.5, \"data\": [\"date, memory used percent, memory "
				 "used\",\"2026-11-22 01:01:00, 7, 8\"]}");
	sbuf_release(&b);
	/* Nothing to add to a valid file: left alone. */
	assert_int_equal(pstatus_data(OLD, strlen(OLD), PSTATUS_MEMORY, NULL, 10, 99, &b), 0);
	/* Not this layout (cut short, an escape, no header): a new file. */
	for (size_t cut = 0; cut < sizeof(OLD) - 1; cut += 7) {
		pstatus_data(OLD, cut, PSTATUS_IO, NULL, 10, 99, &b);
		assert_string_equal(
		    b.s, "{\"date\": 99.0, \"data\": [\"date, io rw counter, io cycles counter, "
			 "disk used\"]}");
		sbuf_release(&b);
	}
	pstatus_data("{\"date\": 1, \"data\": [\"a\\\"\"]}", 27, PSTATUS_IO, NULL, 10, 99, &b);
	assert_non_null(strstr(b.s, "\"date\": 99.0"));
	sbuf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pyfloat), cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_xml_day), cmocka_unit_test(test_entries),
	    cmocka_unit_test(test_series),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
