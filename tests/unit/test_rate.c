/* Unit tests: CPU and memory rate maths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rate.h"

static void test_centipct(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(rate_centipct(3000, 6000, &v), 0);
	assert_int_equal(v, 5000); /* 30 s of CPU in 60 s: 50.00 % */
	assert_int_equal(rate_centipct(12000, 6000, &v), 0);
	assert_int_equal(v, 20000); /* two cores busy: 200 % */
	assert_int_equal(rate_centipct(1, 3, &v), 0);
	assert_int_equal(v, 3333); /* rounded to nearest */
	assert_int_equal(rate_centipct(2, 3, &v), 0);
	assert_int_equal(v, 6667);
	assert_int_equal(rate_centipct(5, 0, &v), -1);
	assert_int_equal(rate_centipct(-5, 100, &v), -1);
}

static struct rate_prev_proc prev_procs[] = {
    {.pid = 100, .start_time = 1000, .cpu_time_cs = 5000},
    {.pid = 200, .start_time = 1500, .cpu_time_cs = 10},
};

static struct rate_prev make_prev(void)
{
	struct rate_prev p = {.has_run = 1, .ts = 2000, .v = prev_procs, .n = 2};

	return p;
}

static void test_proc_known(void **state)
{
	struct rate_prev prev = make_prev();
	struct proc_sample p = {.pid = 100, .start_cs = 100000, .cpu_time_cs = 8000};

	(void)state;
	rate_proc(&prev, 2060, &p);
	assert_true(p.has_cpu);
	assert_int_equal(p.cpu_centipct, 5000);
}

static void test_proc_reused_pid(void **state)
{
	struct rate_prev prev = make_prev();
	/* Same pid, other start: a new process born since the previous run. */
	struct proc_sample p = {.pid = 200, .start_cs = 203000, .cpu_time_cs = 1500};

	(void)state;
	rate_proc(&prev, 2060, &p);
	assert_true(p.has_cpu);
	assert_int_equal(p.cpu_centipct, 5000); /* 15 s over its 30 s of life */
}

static void test_proc_missed(void **state)
{
	struct rate_prev prev = make_prev();
	/* Started before the previous run but not in it: no honest rate. */
	struct proc_sample p = {.pid = 300, .start_cs = 150000, .cpu_time_cs = 100};

	(void)state;
	rate_proc(&prev, 2060, &p);
	assert_false(p.has_cpu);
}

static void test_proc_first_run(void **state)
{
	struct rate_prev prev = {0};
	struct proc_sample p = {.pid = 100, .start_cs = 100000, .cpu_time_cs = 8000};

	(void)state;
	rate_proc(&prev, 2060, &p);
	assert_false(p.has_cpu);
}

static void test_proc_counter_back(void **state)
{
	struct rate_prev prev = make_prev();
	struct proc_sample p = {.pid = 100, .start_cs = 100000, .cpu_time_cs = 4000};

	(void)state;
	rate_proc(&prev, 2060, &p);
	assert_false(p.has_cpu);
}

static void test_system(void **state)
{
	struct rate_prev prev = {
	    .has_run = 1,
	    .has_system = 1,
	    .cpu = {.busy_ticks = 15000, .total_ticks = 96000, .boot_time = 7}};
	struct cpu_counters now = {.busy_ticks = 21000, .total_ticks = 108000, .boot_time = 7};
	double pct;

	(void)state;
	assert_int_equal(rate_system_cpu(&prev, &now, &pct), 0);
	assert_float_equal(pct, 50.0, 1e-9);
	/* After a reboot the counters count since boot. */
	now.boot_time = 99;
	now.busy_ticks = 100;
	now.total_ticks = 400;
	assert_int_equal(rate_system_cpu(&prev, &now, &pct), 0);
	assert_float_equal(pct, 25.0, 1e-9);
	prev.has_system = 0;
	assert_int_equal(rate_system_cpu(&prev, &now, &pct), -1);
}

static void test_mem_ppm(void **state)
{
	(void)state;
	/* 10 MiB of 8 GiB = 0.1220703125 % = 1220.7 ppm. */
	assert_int_equal(rate_mem_ppm(10240, 8589934592LL), 1221);
	assert_int_equal(rate_mem_ppm(8388608, 8589934592LL), 1000000);
	assert_int_equal(rate_mem_ppm(5, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_centipct),	    cmocka_unit_test(test_proc_known),
	    cmocka_unit_test(test_proc_reused_pid), cmocka_unit_test(test_proc_missed),
	    cmocka_unit_test(test_proc_first_run),  cmocka_unit_test(test_proc_counter_back),
	    cmocka_unit_test(test_system),	    cmocka_unit_test(test_mem_ppm),
	};

	return cmocka_run_group_tests_name("rate", tests, NULL, NULL);
}
