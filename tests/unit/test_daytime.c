/* Unit tests: UTC day and time helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "daytime.h"

static void test_epoch(void **state)
{
	char d[11], t[9];

	(void)state;
	daytime_date(0, d);
	daytime_time(0, t);
	assert_string_equal(d, "1970-01-01");
	assert_string_equal(t, "00:00:00");
}

static void test_day_boundaries(void **state)
{
	char d[11], t[9];

	(void)state;
	/* 2026-11-20 00:00:00 UTC and the second before it. */
	daytime_date(1795132800, d);
	assert_string_equal(d, "2026-11-20");
	daytime_date(1795132799, d);
	daytime_time(1795132799, t);
	assert_string_equal(d, "2026-11-19");
	assert_string_equal(t, "23:59:59");
	assert_int_equal(daytime_day_start(1795136460), 1795132800);
	assert_int_equal(daytime_day_start(1795132800), 1795132800);
}

static void test_leap_days(void **state)
{
	char d[11];

	(void)state;
	daytime_date(951782400, d); /* 2000 is a leap year */
	assert_string_equal(d, "2000-02-29");
	daytime_date(4107542400LL, d); /* 2100 is not */
	assert_string_equal(d, "2100-03-01");
	daytime_date(1709164800, d);
	assert_string_equal(d, "2024-02-29");
}

static void test_before_epoch(void **state)
{
	char d[11], t[9];

	(void)state;
	daytime_date(-1, d);
	daytime_time(-1, t);
	assert_string_equal(d, "1969-12-31");
	assert_string_equal(t, "23:59:59");
	assert_int_equal(daytime_day_start(-1), -DAYTIME_DAY_SECONDS);
}

static void test_parse_date(void **state)
{
	int64_t day = -7;
	char back[11];

	(void)state;
	assert_int_equal(daytime_parse_date("1970-01-01", &day), 0);
	assert_int_equal(day, 0);
	assert_int_equal(daytime_parse_date("2026-11-20", &day), 0);
	assert_int_equal(day, 1795132800 / DAYTIME_DAY_SECONDS);
	assert_int_equal(daytime_parse_date("2024-02-29", &day), 0);
	daytime_date(day * DAYTIME_DAY_SECONDS, back);
	assert_string_equal(back, "2024-02-29");
	assert_int_equal(daytime_parse_date("1969-12-31", &day), 0);
	assert_int_equal(day, -1);
}

static void test_parse_date_refuses(void **state)
{
	static const char *const bad[] = {
	    "2026-02-29",  "2026-02-31", "2026-13-01", "2026-00-10", "2026-11-00", "2026-11-2",
	    "2026-11-200", "2026/11/20", "2026-11-2x", "x026-11-20", "",	   "--",
	};
	int64_t day;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(daytime_parse_date(bad[i], &day), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_epoch),      cmocka_unit_test(test_day_boundaries),
	    cmocka_unit_test(test_leap_days),  cmocka_unit_test(test_before_epoch),
	    cmocka_unit_test(test_parse_date), cmocka_unit_test(test_parse_date_refuses),
	};

	return cmocka_run_group_tests_name("daytime", tests, NULL, NULL);
}
