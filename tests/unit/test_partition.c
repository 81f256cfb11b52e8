/* Unit tests: per-partition totals of each sample, from process rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "partition.h"

#define T0 1795136400 /* 2026-11-20 01:00:00 UTC */

/* A process row with CPU and I/O known. */
static struct partition_proc proc(int64_t ts, const char *part, int pid, int64_t start, int64_t cpu,
				  int64_t rss, int64_t io)
{
	struct partition_proc p = {.ts = ts,
				   .partition = part,
				   .pid = pid,
				   .start_time = start,
				   .has_cpu = 1,
				   .cpu_centipercent = cpu,
				   .memory_rss_kib = rss,
				   .has_io = 1,
				   .io_rw_counter = io};

	return p;
}

static void add_all(struct partition_day *d, const struct partition_proc *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		partition_add(d, &p[i]);
	partition_end(d);
}

/* The series of a partition; fails the test when there is none. */
static const struct partition_series *series(const struct partition_day *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++) {
		if (strcmp(d->v[i].name, name) == 0)
			return &d->v[i];
	}
	fail_msg("no series %s", name);
	return NULL;
}

static void test_sums_of_two_partitions(void **state)
{
	const struct partition_proc rows[] = {
	    proc(T0, "slapuser0", 10, T0 - 600, 150, 1000, 4096),
	    proc(T0, "slapuser1", 11, T0 - 600, 25, 300, 100),
	    proc(T0, "slapuser0", 12, T0 - 600, 50, 24, 0),
	    proc(T0 + 60, "slapuser0", 10, T0 - 600, 200, 1100, 4096 + 2048),
	    proc(T0 + 60, "slapuser1", 11, T0 - 600, 75, 300, 100 + 10),
	    proc(T0 + 60, "slapuser0", 12, T0 - 600, 100, 26, 1024),
	};
	struct partition_day d = {0};
	const struct partition_series *s0, *s1;

	(void)state;
	add_all(&d, rows, sizeof(rows) / sizeof(rows[0]));
	assert_int_equal(d.n, 2);
	s0 = series(&d, "slapuser0");
	s1 = series(&d, "slapuser1");
	assert_int_equal(s0->n, 2);
	assert_int_equal(s1->n, 2);
	/* The first sample of the day has no I/O and no interval. */
	assert_int_equal(s0->v[0].ts, T0);
	assert_int_equal(s0->v[0].dt, 0);
	assert_int_equal(s0->v[0].process_count, 2);
	assert_true(s0->v[0].has_cpu);
	assert_int_equal(s0->v[0].cpu_centipercent, 200);
	assert_int_equal(s0->v[0].memory_rss_kib, 1024);
	assert_int_equal(s0->v[0].io_bytes, 0);
	assert_int_equal(s0->v[1].ts, T0 + 60);
	assert_int_equal(s0->v[1].dt, 60);
	assert_int_equal(s0->v[1].process_count, 2);
	assert_int_equal(s0->v[1].cpu_centipercent, 300);
	assert_int_equal(s0->v[1].memory_rss_kib, 1126);
	assert_int_equal(s0->v[1].io_bytes, 2048 + 1024);
	assert_int_equal(s1->v[1].process_count, 1);
	assert_int_equal(s1->v[1].cpu_centipercent, 75);
	assert_int_equal(s1->v[1].memory_rss_kib, 300);
	assert_int_equal(s1->v[1].io_bytes, 10);
	partition_day_free(&d);
}

static void test_partition_without_processes_gets_zeros(void **state)
{
	const struct partition_proc rows[] = {
	    proc(T0, "slapuser0", 10, T0 - 600, 150, 1000, 4096),
	    proc(T0, "slapuser1", 11, T0 - 600, 25, 300, 100),
	    proc(T0 + 60, "slapuser0", 10, T0 - 600, 200, 1100, 8192),
	};
	struct partition_day d = {0};
	const struct partition_series *s1;

	(void)state;
	add_all(&d, rows, sizeof(rows) / sizeof(rows[0]));
	s1 = series(&d, "slapuser1");
	assert_int_equal(s1->n, 2);
	assert_int_equal(s1->v[1].ts, T0 + 60);
	assert_int_equal(s1->v[1].dt, 60);
	assert_int_equal(s1->v[1].process_count, 0);
	assert_false(s1->v[1].has_cpu);
	assert_int_equal(s1->v[1].cpu_centipercent, 0);
	assert_int_equal(s1->v[1].memory_rss_kib, 0);
	assert_int_equal(s1->v[1].io_bytes, 0);
	partition_day_free(&d);
}

static void test_born_between_samples_counts_from_zero(void **state)
{
	/* pid 20 started after the first sample: all its I/O is new. pid 21
	 * is older but was not seen (a missed read): its counter is no rate. */
	const struct partition_proc rows[] = {
	    proc(T0, "slapuser0", 10, T0 - 600, 0, 100, 1000),
	    proc(T0 + 60, "slapuser0", 10, T0 - 600, 0, 100, 1000),
	    proc(T0 + 60, "slapuser0", 20, T0 + 30, 0, 100, 5000),
	    proc(T0 + 60, "slapuser0", 21, T0 - 30, 0, 100, 7000),
	};
	struct partition_day d = {0};
	const struct partition_series *s0;

	(void)state;
	add_all(&d, rows, sizeof(rows) / sizeof(rows[0]));
	s0 = series(&d, "slapuser0");
	assert_int_equal(s0->v[1].process_count, 3);
	assert_int_equal(s0->v[1].io_bytes, 5000);
	partition_day_free(&d);
}

static void test_reused_pid_is_a_new_process(void **state)
{
	/* pid 10 exited and a process of another partition got its pid: it
	 * is counted there, and from zero. */
	const struct partition_proc rows[] = {
	    proc(T0, "slapuser0", 10, T0 - 600, 100, 100, 90000),
	    proc(T0 + 60, "slapuser1", 10, T0 + 20, 50, 40, 300),
	};
	struct partition_day d = {0};
	const struct partition_series *s0, *s1;

	(void)state;
	add_all(&d, rows, sizeof(rows) / sizeof(rows[0]));
	s0 = series(&d, "slapuser0");
	s1 = series(&d, "slapuser1");
	assert_int_equal(s0->n, 2);
	assert_int_equal(s0->v[1].process_count, 0);
	assert_int_equal(s0->v[1].io_bytes, 0);
	/* slapuser1 is first seen at the second sample: one point only. */
	assert_int_equal(s1->n, 1);
	assert_int_equal(s1->v[0].ts, T0 + 60);
	assert_int_equal(s1->v[0].dt, 60);
	assert_int_equal(s1->v[0].process_count, 1);
	assert_int_equal(s1->v[0].memory_rss_kib, 40);
	assert_int_equal(s1->v[0].io_bytes, 300);
	partition_day_free(&d);
}

static void test_io_counter_going_back_counts_nothing(void **state)
{
	struct partition_proc rows[] = {
	    proc(T0, "slapuser0", 10, T0 - 600, 0, 100, 50000),
	    proc(T0 + 60, "slapuser0", 10, T0 - 600, 0, 100, 30000),
	    proc(T0 + 120, "slapuser0", 10, T0 - 600, 0, 100, 30500),
	    proc(T0 + 180, "slapuser0", 10, T0 - 600, 0, 100, 31000),
	};
	struct partition_day d = {0};
	const struct partition_series *s0;

	(void)state;
	/* An unreadable counter neither counts nor serves as a baseline. */
	rows[2].has_io = 0;
	add_all(&d, rows, sizeof(rows) / sizeof(rows[0]));
	s0 = series(&d, "slapuser0");
	assert_int_equal(s0->n, 4);
	assert_int_equal(s0->v[1].io_bytes, 0);
	assert_int_equal(s0->v[2].io_bytes, 0);
	assert_int_equal(s0->v[3].io_bytes, 0);
	assert_int_equal(s0->v[3].process_count, 1);
	partition_day_free(&d);
}

static void test_cpu_unknown(void **state)
{
	struct partition_proc rows[] = {
	    proc(T0, "slapuser0", 10, T0 - 600, 0, 100, 0),
	};
	struct partition_day d = {0};

	(void)state;
	rows[0].has_cpu = 0;
	add_all(&d, rows, 1);
	assert_int_equal(d.n, 1);
	assert_false(d.v[0].v[0].has_cpu);
	assert_int_equal(d.v[0].v[0].process_count, 1);
	partition_day_free(&d);
	/* No rows: no series. */
	partition_end(&d);
	assert_int_equal(d.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sums_of_two_partitions),
	    cmocka_unit_test(test_partition_without_processes_gets_zeros),
	    cmocka_unit_test(test_born_between_samples_counts_from_zero),
	    cmocka_unit_test(test_reused_pid_is_a_new_process),
	    cmocka_unit_test(test_io_counter_going_back_counts_nothing),
	    cmocka_unit_test(test_cpu_unknown),
	};

	return cmocka_run_group_tests_name("partition", tests, NULL, NULL);
}
