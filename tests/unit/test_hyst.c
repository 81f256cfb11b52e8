/* Unit tests: alert hysteresis (fire after N bad samples, clear after M good). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hyst.h"

/* Feeds the samples of s ('1' bad, '0' good) and writes each event into
 * out as '.', 'A' (fire) or 'C' (clear). */
static void feed(struct hyst *h, const char *s, char *out)
{
	for (; *s; s++) {
		static const char marks[] = {'.', 'A', 'C'};

		*out++ = marks[hyst_step(h, *s == '1')];
	}
	*out = '\0';
}

static void test_fires_after_consecutive(void **state)
{
	struct hyst h = {.fire_n = 3, .clear_n = 2};
	char out[32];

	(void)state;
	/* Two bad samples, a good one resets the run; three in a row fire. */
	feed(&h, "1101110", out);
	assert_string_equal(out, ".....A.");
	assert_int_equal(h.active, 1);
}

static void test_holds_and_clears(void **state)
{
	struct hyst h = {.active = 1, .fire_n = 3, .clear_n = 2};
	char out[32];

	(void)state;
	/* Active: one good sample does not clear, two in a row do; then it
	 * takes three bad ones again to fire. */
	feed(&h, "10100111", out);
	assert_string_equal(out, "....C..A");
}

static void test_one_sample(void **state)
{
	struct hyst h = {.fire_n = 1, .clear_n = 1};
	char out[32];

	(void)state;
	feed(&h, "1100", out);
	assert_string_equal(out, "A.C.");
}

static void test_zero_counts_as_one(void **state)
{
	struct hyst h = {0};
	char out[32];

	(void)state;
	feed(&h, "10", out);
	assert_string_equal(out, "AC");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fires_after_consecutive),
	    cmocka_unit_test(test_holds_and_clears),
	    cmocka_unit_test(test_one_sample),
	    cmocka_unit_test(test_zero_counts_as_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
