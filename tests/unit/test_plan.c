/* Unit tests: node-fleet's plans (moves off a hot host, placement of a new
 * VM) on hand-computed fleets, and the units of its command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "plan.h"
#include "units.h"

static const struct plan_limits lim = {0.9, 0.9, 100e6, 125e6};

/* A fleet of 100 GB hosts: src is hot; y is hot too (never a target);
 * z has no data. */
static void fleet(struct plan_host *h)
{
	h[0] = (struct plan_host){"src", 10, 0.99, 50e9, 100e9, 0, 1, 0};
	h[1] = (struct plan_host){"a", 10, 0.60, 20e9, 100e9, 0, 0, 0};
	h[2] = (struct plan_host){"b", 20, 0.70, 10e9, 100e9, 0, 0, 0};
	h[3] = (struct plan_host){"c", 10, 0.10, 86e9, 100e9, 0, 0, 0};
	h[4] = (struct plan_host){"y", 10, 0.00, 0, 100e9, 0, 1, 0};
	h[5] = (struct plan_host){"z", 10, 0.00, 0, 100e9, 0, 0, 1};
}

static void test_hotspot_plan(void **state)
{
	struct plan_host h[6];
	/* Sandpiper's order: v2 (volume 1/(0.95 * 0.98) = 1.0741 over
	 * 1.8626 GiB: 0.5767), v3 (1.1574 / 3.7253 = 0.3107), v1 (0.1704). */
	const struct plan_vm vms[] = {
	    {"v1", 0.30, 10e9, 0},
	    {"v2", 0.05, 2e9, 0},
	    {"v3", 0.10, 4e9, 0},
	};
	struct plan_move m[3];
	int relieved = 0;
	size_t n;

	(void)state;
	fleet(h);
	n = plan_hotspot(h, 6, 0, vms, 3, &lim, m, &relieved);
	/* v2 (0.5 core, 2 GB): a ends at cpu 0.65, mem 0.22: volume
	 * 1/(0.35 * 0.78) = 3.663; b at 0.725, 0.12: 4.132; c at 0.15, 0.88
	 * fits, at volume 1/(0.85 * 0.12) = 9.8: a.
	 * v3 (1 core, 4 GB), after the first move: a at 0.75, 0.26: 5.405;
	 * b at 0.75, 0.14: 4.651: b (a before the move would have been
	 * 1/(0.3 * 0.76) = 4.386, and won). src is then at 0.84: relieved,
	 * and v1 stays. */
	assert_int_equal(n, 2);
	assert_int_equal(m[0].vm, 1);
	assert_int_equal(m[0].target, 1);
	assert_float_equal(m[0].vsr, 1 / (0.95 * 0.98) / (2e9 / 1073741824.0), 1e-9);
	assert_int_equal(m[1].vm, 2);
	assert_int_equal(m[1].target, 2);
	assert_true(relieved);
	assert_float_equal(h[0].cpu, 0.84, 1e-9);
	assert_float_equal(h[0].mem_used, 44e9, 1);
	assert_float_equal(h[1].cpu, 0.65, 1e-9);
	assert_float_equal(h[2].cpu, 0.75, 1e-9);
	assert_float_equal(h[2].mem_used, 14e9, 1);
}

static void test_nothing_fits(void **state)
{
	struct plan_host h[] = {
	    {"src", 10, 0.99, 10e9, 100e9, 0, 1, 0},
	    {"x", 10, 0.85, 10e9, 100e9, 0, 0, 0},
	    {"y", 10, 0.00, 0, 100e9, 0, 1, 0}, /* hot: never a target */
	};
	/* big (2 cores) would put x at 1.05; small (0.1 core) fits x at
	 * 0.86; src stays at 0.98: not relieved. */
	const struct plan_vm vms[] = {{"small", 0.01, 4e9, 0}, {"big", 0.20, 1e9, 0}};
	struct plan_move m[2];
	int relieved = 1;

	(void)state;
	assert_int_equal(plan_hotspot(h, 3, 0, vms, 2, &lim, m, &relieved), 2);
	assert_int_equal(m[0].vm, 1);
	assert_int_equal(m[0].target, -1);
	assert_int_equal(m[1].vm, 0);
	assert_int_equal(m[1].target, 1);
	assert_false(relieved);
	assert_float_equal(h[0].cpu, 0.98, 1e-9);
	assert_float_equal(h[1].cpu, 0.86, 1e-9);
}

static void test_not_over(void **state)
{
	struct plan_host h[] = {{"src", 10, 0.5, 10e9, 100e9, 0, 1, 0},
				{"x", 10, 0.1, 10e9, 100e9, 0, 0, 0}};
	const struct plan_vm vms[] = {{"v", 0.1, 1e9, 0}};
	struct plan_move m[1];
	int relieved = 0;

	(void)state;
	/* Hot by its history, under every threshold by its latest figures. */
	assert_int_equal(plan_hotspot(h, 2, 0, vms, 1, &lim, m, &relieved), 0);
	assert_true(relieved);
}

static void test_place(void **state)
{
	struct plan_host h[6];
	struct plan_rank r[6];
	const struct plan_demand d = {2, 5e9, 0};

	(void)state;
	fleet(h);
	/* a: cpu 0.8, mem 0.25: volume 1/(0.2 * 0.75) = 6.667, headroom 0.1;
	 * b: 0.8, 0.15: 5.882, headroom 0.1; c over memory (0.91); src and y
	 * hot, z without data. */
	assert_int_equal(plan_place(h, 6, &d, &lim, r), 2);
	assert_int_equal(r[0].host, 2);
	assert_float_equal(r[0].volume, 1 / (0.2 * 0.85), 1e-9);
	assert_float_equal(r[0].headroom, 0.1, 1e-9);
	assert_int_equal(r[1].host, 1);
	assert_float_equal(r[1].volume, 1 / (0.2 * 0.75), 1e-9);
	assert_int_equal(plan_fit(&h[3], &d, &lim), PLAN_NO_MEM);
}

static void test_fit_reasons(void **state)
{
	const struct plan_host h = {"n", 4, 0.5, 50e9, 100e9, 50e6, 0, 0};
	const struct plan_demand all = {2, 41e9, 51e6};
	const struct plan_demand edge = {1.6, 40e9, 50e6};

	(void)state;
	assert_int_equal(plan_fit(&h, &all, &lim), PLAN_NO_CPU | PLAN_NO_MEM | PLAN_NO_NET);
	/* Exactly at every threshold: fits (0.9, 0.9, 100e6). */
	assert_int_equal(plan_fit(&h, &edge, &lim), 0);
	assert_true(plan_over(&h, &(struct plan_limits){0.4, 0.9, 100e6, 125e6}));
	assert_false(plan_over(&h, &lim));
}

static void test_place_none(void **state)
{
	const struct plan_host h[] = {{"n", 4, 0.5, 50e9, 100e9, 0, 0, 0}};
	const struct plan_demand d = {4, 1e9, 0};
	struct plan_rank r[1];

	(void)state;
	assert_int_equal(plan_place(h, 1, &d, &lim, r), 0);
}

static void test_units(void **state)
{
	double v = 0;

	(void)state;
	assert_int_equal(units_parse("4G", &v), 0);
	assert_float_equal(v, 4e9, 0);
	assert_int_equal(units_parse("512Mi", &v), 0);
	assert_float_equal(v, 536870912, 0);
	assert_int_equal(units_parse("1.5GiB", &v), 0);
	assert_float_equal(v, 1610612736, 0);
	assert_int_equal(units_parse("100M", &v), 0);
	assert_float_equal(v, 1e8, 0);
	assert_int_equal(units_parse("2048", &v), 0);
	assert_float_equal(v, 2048, 0);
	assert_int_equal(units_parse("", &v), -1);
	assert_int_equal(units_parse("-1G", &v), -1);
	/* Found by fuzzing: strtod skips any leading white space, so "\f-4"
	 * was taken as -4. */
	assert_int_equal(units_parse("\f-4", &v), -1);
	assert_int_equal(units_parse("\n5", &v), -1);
	assert_int_equal(units_number("\v-4", &v), -1);
	assert_int_equal(units_parse("4X", &v), -1);
	assert_int_equal(units_parse("0x10", &v), -1);
	assert_int_equal(units_parse("inf", &v), -1);
	assert_int_equal(units_parse("4Gb", &v), -1);
	assert_int_equal(units_number("0.25", &v), 0);
	assert_float_equal(v, 0.25, 0);
	assert_int_equal(units_number("1K", &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hotspot_plan), cmocka_unit_test(test_nothing_fits),
	    cmocka_unit_test(test_not_over),	 cmocka_unit_test(test_place),
	    cmocka_unit_test(test_fit_reasons),	 cmocka_unit_test(test_place_none),
	    cmocka_unit_test(test_units),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
