/* Unit tests: per-partition totals of each sample, from process rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "partition.h"

#define T0 1795136400 /* 2026-11-20 01:00:00 UTC */
#define NS 1000000000LL

/* A process row with CPU and I/O known. */
static struct partition_proc proc(int64_t ts, const char *part, int pid, int64_t start, int64_t cpu,
				  int64_t rss, int64_t io)
{
	struct partition_proc p = {.ts = ts,
				   .partition = part,
				   .pid = pid,
				   .start_time = start,
				   .cpu_time_cs = cpu,
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
	assert_int_equal(s0->v[0].interval_ns, 0);
	assert_int_equal(s0->v[0].process_count, 2);
	assert_int_equal(s0->v[0].cpu_time_cs, 0);
	assert_int_equal(s0->v[0].memory_rss_kib, 1024);
	assert_int_equal(s0->v[0].io_bytes, 0);
	assert_int_equal(s0->v[1].ts, T0 + 60);
	assert_int_equal(s0->v[1].interval_ns, 60 * NS);
	assert_int_equal(s0->v[1].process_count, 2);
	/* CPU time used over the interval: 50 cs by 10 and 50 by 12. */
	assert_int_equal(s0->v[1].cpu_time_cs, 100);
	assert_int_equal(s0->v[1].memory_rss_kib, 1126);
	assert_int_equal(s0->v[1].io_bytes, 2048 + 1024);
	assert_int_equal(s1->v[1].process_count, 1);
	assert_int_equal(s1->v[1].cpu_time_cs, 50);
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
	assert_int_equal(s1->v[1].interval_ns, 60 * NS);
	assert_int_equal(s1->v[1].process_count, 0);
	assert_int_equal(s1->v[1].cpu_time_cs, 0);
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
	assert_int_equal(s1->v[0].interval_ns, 60 * NS);
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

static void test_no_rows_no_series(void **state)
{
	struct partition_day d = {0};

	(void)state;
	partition_end(&d);
	assert_int_equal(d.n, 0);
	partition_day_free(&d);
}

/* A process born mid-interval counts all its CPU time: the partition's
 * CPU is the increments over the interval, not the sum of the processes'
 * rates (20's own rate over its 30 s of life would be 100 %). */
static void test_cpu_is_increments_over_the_interval(void **state)
{
	const struct partition_proc rows[] = {
	    proc(T0, "slapuser0", 10, T0 - 600, 1000, 100, 0),
	    proc(T0 + 60, "slapuser0", 10, T0 - 600, 1600, 100, 0),
	    proc(T0 + 60, "slapuser0", 20, T0 + 30, 3000, 100, 0),
	    proc(T0 + 60, "slapuser0", 21, T0 - 30, 9000, 100, 0),
	};
	struct partition_day d = {0};
	const struct partition_series *s0;

	(void)state;
	add_all(&d, rows, sizeof(rows) / sizeof(rows[0]));
	s0 = series(&d, "slapuser0");
	/* 600 by 10, 3000 by 20 (born since), nothing by 21 (older, unseen). */
	assert_int_equal(s0->v[1].cpu_time_cs, 3600);
	assert_int_equal(s0->v[1].interval_ns, 60 * NS);
	partition_day_free(&d);
}

/* The runs' clock: the interval in CLOCK_BOOTTIME within a boot, the
 * identity by start_ticks, and "born since" in that clock. */
static void test_boottime_interval_and_start_ticks(void **state)
{
	struct partition_proc rows[] = {
	    proc(T0, "slapuser0", 10, T0 - 600, 1000, 100, 0),
	    proc(T0 + 60, "slapuser0", 10, T0 - 600, 1500, 100, 0),
	    proc(T0 + 60, "slapuser0", 11, T0, 700, 100, 0),
	};
	struct partition_day d = {0};
	const struct partition_series *s0;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		rows[i].has_boottime = 1;
		rows[i].boottime_ns = i == 0 ? 500 * NS : 558 * NS + 250000000;
		rows[i].boot_id = "b1";
		rows[i].has_start_ticks = 1;
	}
	rows[0].start_ticks = rows[1].start_ticks = 100;
	/* 11 started 0.5 s after the previous run read /proc, within the
	 * same wall-clock second: born since, by the ticks. */
	rows[2].start_ticks = 50050;
	add_all(&d, rows, 3);
	s0 = series(&d, "slapuser0");
	assert_int_equal(s0->v[1].interval_ns, 58 * NS + 250000000);
	assert_int_equal(s0->v[1].cpu_time_cs, 500 + 700);
	partition_day_free(&d);

	/* The same pid and start second but other ticks: another process. */
	rows[1].start_ticks = 101;
	rows[2].start_ticks = 40000; /* before the previous run: not counted */
	memset(&d, 0, sizeof(d));
	add_all(&d, rows, 3);
	assert_int_equal(series(&d, "slapuser0")->v[1].cpu_time_cs, 0);
	partition_day_free(&d);
}

/* Another boot id: the ts difference, and every process is new. */
static void test_reboot_starts_a_new_baseline(void **state)
{
	struct partition_proc rows[] = {
	    proc(T0, "slapuser0", 10, T0 - 600, 1000, 100, 0),
	    proc(T0 + 60, "slapuser0", 10, T0 - 600, 1500, 100, 0),
	};
	struct partition_day d = {0};
	const struct partition_series *s0;

	(void)state;
	rows[0].has_boottime = rows[1].has_boottime = 1;
	rows[0].boottime_ns = 900 * NS;
	rows[1].boottime_ns = 20 * NS;
	rows[0].boot_id = "b1";
	rows[1].boot_id = "b2";
	add_all(&d, rows, 2);
	s0 = series(&d, "slapuser0");
	assert_int_equal(s0->v[1].interval_ns, 60 * NS);
	assert_int_equal(s0->v[1].cpu_time_cs, 1500);
	partition_day_free(&d);
}

/* Samples before from are baselines only; a seeded partition gets its
 * zeros from the first point on, as a rebuild of the day gives them. */
static void test_baseline_and_seed(void **state)
{
	const struct partition_proc rows[] = {
	    proc(T0, "slapuser0", 10, T0 - 600, 1000, 100, 0),
	    proc(T0, "slapuser2", 30, T0 - 600, 1000, 100, 0),
	    proc(T0 + 60, "slapuser0", 10, T0 - 600, 1300, 100, 0),
	};
	struct partition_day d = {.from = T0 + 1};

	(void)state;
	partition_seed(&d, "slapuser1");
	add_all(&d, rows, 3);
	assert_int_equal(series(&d, "slapuser0")->n, 1);
	assert_int_equal(series(&d, "slapuser0")->v[0].cpu_time_cs, 300);
	assert_int_equal(series(&d, "slapuser1")->n, 1);
	assert_int_equal(series(&d, "slapuser1")->v[0].process_count, 0);
	/* Seen only in the baseline: no points. */
	assert_int_equal(series(&d, "slapuser2")->n, 0);
	partition_day_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sums_of_two_partitions),
	    cmocka_unit_test(test_partition_without_processes_gets_zeros),
	    cmocka_unit_test(test_born_between_samples_counts_from_zero),
	    cmocka_unit_test(test_reused_pid_is_a_new_process),
	    cmocka_unit_test(test_io_counter_going_back_counts_nothing),
	    cmocka_unit_test(test_no_rows_no_series),
	    cmocka_unit_test(test_cpu_is_increments_over_the_interval),
	    cmocka_unit_test(test_boottime_interval_and_start_ticks),
	    cmocka_unit_test(test_reboot_starts_a_new_baseline),
	    cmocka_unit_test(test_baseline_and_seed),
	};

	return cmocka_run_group_tests_name("partition", tests, NULL, NULL);
}
