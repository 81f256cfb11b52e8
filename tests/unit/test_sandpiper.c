/* Unit tests: Sandpiper's volume, volume-to-size ranking and k-of-n hotspots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "sandpiper.h"

static void test_volume(void **state)
{
	(void)state;
	/* 1 / (0.5 * 0.75 * 0.8) = 1 / 0.3 = 3.3333... */
	assert_float_equal(sandpiper_volume(0.5, 0.25, 0.2), 1 / 0.3, 1e-9);
	assert_float_equal(sandpiper_volume(0, 0, 0), 1, 1e-12);
	/* Clamped: a saturated resource counts as 0.99, a negative or NaN one as 0. */
	assert_float_equal(sandpiper_volume(1.5, -1, NAN), 100, 1e-9);
}

static void test_rank(void **state)
{
	/* big:   cpu 0.5, mem 0.5 -> volume 4,    8 GiB -> vsr 0.5
	 * small: cpu 0.2          -> volume 1.25, 1 GiB -> vsr 1.25
	 * busy:  cpu 0.8          -> volume 5,    4 GiB -> vsr 1.25 (ties small,
	 *                            and wins on its larger volume)
	 * none:  size 0           -> vsr 0, volume 1: last. */
	struct sandpiper_vm v[] = {
	    {.name = "big", .cpu = 0.5, .mem = 0.5, .size_kib = 8 * 1048576.0},
	    {.name = "none", .size_kib = 0},
	    {.name = "small", .cpu = 0.2, .size_kib = 1048576.0},
	    {.name = "busy", .cpu = 0.8, .size_kib = 4 * 1048576.0},
	};

	(void)state;
	sandpiper_rank(v, 4);
	assert_string_equal(v[0].name, "busy");
	assert_string_equal(v[1].name, "small");
	assert_string_equal(v[2].name, "big");
	assert_string_equal(v[3].name, "none");
	assert_float_equal(v[0].volume, 5, 1e-9);
	assert_float_equal(v[0].vsr, 1.25, 1e-9);
	assert_float_equal(v[2].vsr, 0.5, 1e-9);
	assert_float_equal(v[3].vsr, 0, 1e-12);
}

static void test_hot(void **state)
{
	const double cpu[] = {95, 80, NAN, 91, 99};

	(void)state;
	/* Above 90: 95, 91, 99; 80 and the unknown sample are not. */
	assert_int_equal(sandpiper_count_above(cpu, 5, 90), 3);
	assert_true(sandpiper_hot(cpu, 5, 90, 3));
	assert_false(sandpiper_hot(cpu, 5, 90, 4));
	assert_false(sandpiper_hot(cpu, 5, 99, 1));
	assert_false(sandpiper_hot(cpu, 5, 0, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_volume),
	    cmocka_unit_test(test_rank),
	    cmocka_unit_test(test_hot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
