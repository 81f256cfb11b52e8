/* Unit tests: the text format's numbers, label values and HELP/TYPE lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

static const char *num(double v)
{
	static char buf[METRICS_NUM_LEN];

	metrics_double(v, buf);
	return buf;
}

static void test_numbers(void **state)
{
	(void)state;
	assert_string_equal(num(0), "0");
	assert_string_equal(num(8589934592.0), "8589934592");
	assert_string_equal(num(-3), "-3");
	assert_string_equal(num(0.5), "0.5");
	assert_string_equal(num(0.1), "0.1");
	assert_string_equal(num(45.5 / 100), "0.455");
	assert_string_equal(num(123456789012 / 1e9), "123.456789012");
	assert_string_equal(num(1.0 / 3), "0.3333333333333333");
	assert_true(strtod(num(0.1 + 0.2), NULL) == 0.1 + 0.2);
	assert_string_equal(num(0.1 + 0.2), "0.30000000000000004");
	assert_string_equal(num(1e300), "1e+300");
	assert_string_equal(num(5e-324), "4.94065645841247e-324");
	assert_string_equal(num(NAN), "NaN");
	assert_string_equal(num(INFINITY), "+Inf");
	assert_string_equal(num(-INFINITY), "-Inf");
}

static void test_escape(void **state)
{
	struct sbuf b = SBUF_INIT;

	(void)state;
	metrics_escape(&b, "plain");
	metrics_escape(&b, "|a\\b\"c\nd|");
	metrics_escape(&b, "");
	assert_string_equal(b.s, "plain|a\\\\b\\\"c\\nd|");
	sbuf_release(&b);
}

static void test_families(void **state)
{
	static const struct metrics_def a = {"m_a", "gauge", "the a\\ of\nthings"};
	static const struct metrics_def c = {"m_c_total", "counter", "c"};
	const char *names[] = {"vm", "uuid"};
	const char *v1[] = {"x\"y", "u1"}, *v2[] = {"z", "u2"};
	struct metrics_out m = {SBUF_INIT, NULL, 0};

	(void)state;
	metrics_sample(&m, &a, NULL, NULL, 0, "1");
	metrics_sample(&m, &c, names, v1, 2, "2");
	metrics_sample(&m, &c, names, v2, 2, "3");
	assert_string_equal(m.buf.s, "# HELP m_a the a\\\\ of\\nthings\n"
				     "# TYPE m_a gauge\n"
				     "m_a 1\n"
				     "# HELP m_c_total c\n"
				     "# TYPE m_c_total counter\n"
				     "m_c_total{vm=\"x\\\"y\",uuid=\"u1\"} 2\n"
				     "m_c_total{vm=\"z\",uuid=\"u2\"} 3\n");
	assert_int_equal(m.series, 3);
	metrics_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_families),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
