/* Unit tests: the pages of a listing and the ?page= argument. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "page.h"

static void test_page_parse(void **state)
{
	size_t p = 0;

	(void)state;
	assert_int_equal(page_parse(NULL, &p), 0);
	assert_int_equal(p, 1);
	assert_int_equal(page_parse("3", &p), 0);
	assert_int_equal(p, 3);
	assert_int_equal(page_parse("1000000000", &p), 0);
	assert_int_equal(p, 1000000000);
	assert_int_equal(page_parse("1000000001", &p), -1);
	assert_int_equal(page_parse("99999999999999999999999", &p), -1);
	assert_int_equal(page_parse("", &p), -1);
	assert_int_equal(page_parse("0", &p), -1);
	assert_int_equal(page_parse("01", &p), -1);
	assert_int_equal(page_parse("-1", &p), -1);
	assert_int_equal(page_parse("+1", &p), -1);
	assert_int_equal(page_parse(" 1", &p), -1);
	assert_int_equal(page_parse("1 ", &p), -1);
	assert_int_equal(page_parse("1x", &p), -1);
	assert_int_equal(page_parse("%31", &p), -1);
}

static void test_page_range(void **state)
{
	size_t first = 99, count = 99;

	(void)state;
	assert_int_equal(page_count(0), 1);
	assert_int_equal(page_count(1), 1);
	assert_int_equal(page_count(PAGE_ENTRIES), 1);
	assert_int_equal(page_count(PAGE_ENTRIES + 1), 2);
	assert_int_equal(page_count(2500), 3);
	assert_int_equal(page_range(0, 1, &first, &count), 0);
	assert_int_equal(first, 0);
	assert_int_equal(count, 0);
	assert_int_equal(page_range(0, 2, &first, &count), -1);
	assert_int_equal(page_range(2500, 0, &first, &count), -1);
	assert_int_equal(page_range(2500, 1, &first, &count), 0);
	assert_int_equal(first, 0);
	assert_int_equal(count, PAGE_ENTRIES);
	assert_int_equal(page_range(2500, 3, &first, &count), 0);
	assert_int_equal(first, 2000);
	assert_int_equal(count, 500);
	assert_int_equal(page_range(2500, 4, &first, &count), -1);
	assert_int_equal(page_range(3000, 3, &first, &count), 0);
	assert_int_equal(count, PAGE_ENTRIES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_page_parse),
	    cmocka_unit_test(test_page_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
