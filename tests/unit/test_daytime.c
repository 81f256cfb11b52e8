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
	assert_int_equal(daytime_day_start(-1), -86400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_epoch),
	    cmocka_unit_test(test_day_boundaries),
	    cmocka_unit_test(test_leap_days),
	    cmocka_unit_test(test_before_epoch),
	};

	return cmocka_run_group_tests_name("daytime", tests, NULL, NULL);
}
