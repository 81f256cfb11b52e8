/* Unit tests: HTTP dates, entity tags, byte ranges and content types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "hdr.h"

static void test_dates(void **state)
{
	char buf[HDR_DATE_LEN];
	time_t t;

	(void)state;
	hdr_date(784111777, buf);
	assert_string_equal(buf, "Sun, 06 Nov 1994 08:49:37 GMT");
	assert_int_equal(hdr_date_parse(buf, &t), 0);
	assert_int_equal(t, 784111777);
	hdr_date(1795219200, buf);
	assert_string_equal(buf, "Sat, 21 Nov 2026 00:00:00 GMT");
	assert_int_equal(hdr_date_parse("Sun, 06 Nov 1994 08:49:37 GMT trailing", &t), -1);
	assert_int_equal(hdr_date_parse("Sunday, 06-Nov-94 08:49:37 GMT", &t), -1);
	assert_int_equal(hdr_date_parse("Sun, 06 Foo 1994 08:49:37 GMT", &t), -1);
	assert_int_equal(hdr_date_parse("", &t), -1);
}

static void test_etags(void **state)
{
	char tag[HDR_ETAG_LEN], other[HDR_ETAG_LEN];

	(void)state;
	hdr_etag(0x1234, 36, 1000000001, tag);
	assert_string_equal(tag, "\"1234-24-3b9aca01\"");
	hdr_etag(0x1234, 36, 1000000002, other);
	assert_string_not_equal(tag, other);
	assert_true(hdr_etag_match(tag, tag));
	assert_true(hdr_etag_match("\"a\", \"1234-24-3b9aca01\"", tag));
	assert_true(hdr_etag_match("W/\"1234-24-3b9aca01\"", tag));
	assert_true(hdr_etag_match("*", tag));
	assert_false(hdr_etag_match(other, tag));
	assert_false(hdr_etag_match("\"1234-24-3b9aca0\"", tag));
	assert_false(hdr_etag_match("", tag));
}

static void test_ranges(void **state)
{
	int64_t first = -1, len = -1;

	(void)state;
	assert_int_equal(hdr_range("bytes=0-99", 1000, &first, &len), HDR_RANGE_OK);
	assert_int_equal(first, 0);
	assert_int_equal(len, 100);
	assert_int_equal(hdr_range("bytes=500-", 1000, &first, &len), HDR_RANGE_OK);
	assert_int_equal(first, 500);
	assert_int_equal(len, 500);
	assert_int_equal(hdr_range("bytes=-100", 1000, &first, &len), HDR_RANGE_OK);
	assert_int_equal(first, 900);
	assert_int_equal(len, 100);
	assert_int_equal(hdr_range("bytes=-5000", 1000, &first, &len), HDR_RANGE_OK);
	assert_int_equal(first, 0);
	assert_int_equal(len, 1000);
	assert_int_equal(hdr_range("bytes=990-2000", 1000, &first, &len), HDR_RANGE_OK);
	assert_int_equal(first, 990);
	assert_int_equal(len, 10);
	assert_int_equal(hdr_range("bytes=1000-", 1000, &first, &len), HDR_RANGE_UNSATISFIABLE);
	assert_int_equal(hdr_range("bytes=-0", 1000, &first, &len), HDR_RANGE_UNSATISFIABLE);
	assert_int_equal(hdr_range("bytes=0-", 0, &first, &len), HDR_RANGE_UNSATISFIABLE);
	/* Whole file: no header, lists, other units, nonsense. */
	assert_int_equal(hdr_range(NULL, 1000, &first, &len), HDR_RANGE_NONE);
	assert_int_equal(hdr_range("bytes=0-1,5-6", 1000, &first, &len), HDR_RANGE_NONE);
	assert_int_equal(hdr_range("items=0-1", 1000, &first, &len), HDR_RANGE_NONE);
	assert_int_equal(hdr_range("bytes=5-2", 1000, &first, &len), HDR_RANGE_NONE);
	assert_int_equal(hdr_range("bytes=a-", 1000, &first, &len), HDR_RANGE_NONE);
	assert_int_equal(hdr_range("bytes=1-2x", 1000, &first, &len), HDR_RANGE_NONE);
	assert_int_equal(hdr_range("bytes=99999999999999999999-", 1000, &first, &len),
			 HDR_RANGE_NONE);
}

static void test_types(void **state)
{
	(void)state;
	assert_string_equal(hdr_type("system_cpu_percent.csv"), "text/csv; charset=utf-8");
	assert_string_equal(hdr_type("2026-11-20.tar.gz"), "application/gzip");
	assert_string_equal(hdr_type("dygraph.min.js"), "application/javascript");
	assert_string_equal(hdr_type("plots.css"), "text/css");
	assert_string_equal(hdr_type("index.HTML"), "text/html; charset=utf-8");
	assert_string_equal(hdr_type("README"), "application/octet-stream");
	assert_string_equal(hdr_type("a.d/b"), "application/octet-stream");
}

/* Field names are tokens: never empty, no whitespace, no separators. */
static void test_field_names(void **state)
{
	(void)state;
	assert_true(hdr_field_name_ok("Host"));
	assert_true(hdr_field_name_ok("X-A_b.c~1!#$%&'*+^`|"));
	assert_false(hdr_field_name_ok(""));
	assert_false(hdr_field_name_ok("Host "));
	assert_false(hdr_field_name_ok("Host\t"));
	assert_false(hdr_field_name_ok(" Host"));
	assert_false(hdr_field_name_ok("X A"));
	assert_false(hdr_field_name_ok("X(A)"));
	assert_false(hdr_field_name_ok("X\x7f"));
	assert_false(hdr_field_name_ok("\xc3\xa9"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dates),	cmocka_unit_test(test_etags),
	    cmocka_unit_test(test_ranges),	cmocka_unit_test(test_types),
	    cmocka_unit_test(test_field_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
