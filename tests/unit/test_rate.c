/* Unit tests: CPU and memory rate maths, and telling boots apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "clock.h"
#include "rate.h"

#define S  CLOCK_NS_PER_S
#define HZ 100

static void test_centipct(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(rate_centipct(3000, 60 * S, &v), 0);
	assert_int_equal(v, 5000); /* 30 s of CPU in 60 s: 50.00 % */
	assert_int_equal(rate_centipct(12000, 60 * S, &v), 0);
	assert_int_equal(v, 20000); /* two cores busy: 200 % */
	assert_int_equal(rate_centipct(3000, 50 * S, &v), 0);
	assert_int_equal(v, 6000); /* the same 30 s over 50 s: 60 % */
	assert_int_equal(rate_centipct(1, 3 * S / 100, &v), 0);
	assert_int_equal(v, 3333); /* rounded to nearest */
	assert_int_equal(rate_centipct(2, 3 * S / 100, &v), 0);
	assert_int_equal(v, 6667);
	assert_int_equal(rate_centipct(6000, 60 * S + S / 2, &v), 0);
	assert_int_equal(v, 9917); /* 60 s over 60.5 s: 99.17 % */
	/* Years of CPU time in one interval do not overflow. */
	assert_int_equal(rate_centipct(64LL * 100 * 86400 * 365, 365LL * 86400 * S, &v), 0);
	assert_int_equal(v, 640000);
	assert_int_equal(rate_centipct(5, 0, &v), -1);
	assert_int_equal(rate_centipct(5, 999, &v), -1);
	assert_int_equal(rate_centipct(-5, S, &v), -1);
}

/* The previous run: 10000 s after boot; 100 started at tick 100000 (1000 s
 * after boot), 200 at tick 150000. */
static struct rate_prev_proc prev_procs[] = {
    {.pid = 100, .start_ticks = 100000, .cpu_time_cs = 5000},
    {.pid = 200, .start_ticks = 150000, .cpu_time_cs = 10},
};

static struct rate_prev make_prev(void)
{
	struct rate_prev p = {.has_run = 1, .ts = 2000, .v = prev_procs, .n = 2};

	p.clock.has_boottime = 1;
	p.clock.boottime_ns = 10000 * S;
	return p;
}

static void test_proc_known(void **state)
{
	struct rate_prev prev = make_prev();
	struct proc_sample p = {.pid = 100, .start_ticks = 100000, .cpu_time_cs = 8000};

	(void)state;
	rate_proc(&prev, 10060 * S, HZ, &p);
	assert_true(p.has_cpu);
	assert_int_equal(p.cpu_centipct, 5000);
	/* The interval is the monotonic one, to the nanosecond. */
	rate_proc(&prev, 10050 * S, HZ, &p);
	assert_int_equal(p.cpu_centipct, 6000);
}

static void test_proc_identity_is_exact(void **state)
{
	struct rate_prev prev = make_prev();
	/* One tick later is another process, though the same second. */
	struct proc_sample p = {.pid = 100, .start_ticks = 100001, .cpu_time_cs = 8000};

	(void)state;
	rate_proc(&prev, 10060 * S, HZ, &p);
	assert_false(p.has_cpu); /* started before the previous run, not in it */
}

static void test_proc_reused_pid(void **state)
{
	struct rate_prev prev = make_prev();
	/* Same pid, born 10030 s after boot: measured from its start. */
	struct proc_sample p = {.pid = 200, .start_ticks = 1003000, .cpu_time_cs = 1500};

	(void)state;
	rate_proc(&prev, 10060 * S, HZ, &p);
	assert_true(p.has_cpu);
	assert_int_equal(p.cpu_centipct, 5000); /* 15 s over its 30 s of life */
	rate_proc(&prev, 10050 * S, HZ, &p);
	assert_int_equal(p.cpu_centipct, 7500); /* 15 s over 20 s */
}

static void test_proc_missed(void **state)
{
	struct rate_prev prev = make_prev();
	/* Started before the previous run but not in it: no honest rate. */
	struct proc_sample p = {.pid = 300, .start_ticks = 999999, .cpu_time_cs = 100};

	(void)state;
	rate_proc(&prev, 10060 * S, HZ, &p);
	assert_false(p.has_cpu);
}

static void test_proc_counter_back(void **state)
{
	struct rate_prev prev = make_prev();
	struct proc_sample p = {.pid = 100, .start_ticks = 100000, .cpu_time_cs = 4000};

	(void)state;
	rate_proc(&prev, 10060 * S, HZ, &p);
	assert_false(p.has_cpu);
}

static void test_ticks_ns(void **state)
{
	(void)state;
	assert_int_equal(clock_ticks_ns(1003000, 100), 10030 * S);
	assert_int_equal(clock_ticks_ns(1, 100), S / 100);
	assert_int_equal(clock_ticks_ns(250, 250), S);
	/* Ten years of ticks at 1000 Hz would overflow ticks * 1e9. */
	assert_int_equal(clock_ticks_ns(315360000000LL, 1000), 315360000LL * S);
}

static void test_parse_seconds(void **state)
{
	int64_t ns;

	(void)state;
	assert_int_equal(clock_parse_seconds("10000", &ns), 0);
	assert_int_equal(ns, 10000 * S);
	assert_int_equal(clock_parse_seconds("10060.25", &ns), 0);
	assert_int_equal(ns, 10060 * S + S / 4);
	assert_int_equal(clock_parse_seconds("0.000000001", &ns), 0);
	assert_int_equal(ns, 1);
	assert_int_equal(clock_parse_seconds("1.0000000001", &ns), -1);
	assert_int_equal(clock_parse_seconds("-5", &ns), -1);
	assert_int_equal(clock_parse_seconds("", &ns), -1);
	assert_int_equal(clock_parse_seconds("5.", &ns), -1);
	assert_int_equal(clock_parse_seconds(".5", &ns), -1);
	assert_int_equal(clock_parse_seconds("5s", &ns), -1);
	assert_int_equal(clock_parse_seconds("99999999999999999999", &ns), -1);
}

static void test_same_boot(void **state)
{
	struct rate_prev prev = make_prev();
	struct run_clock now = {.has_boottime = 1, .boottime_ns = 10060 * S};
	struct cpu_counters cpu = {.busy_ticks = 200, .total_ticks = 800};

	(void)state;
	prev.has_system = 1;
	prev.cpu.busy_ticks = 100;
	prev.cpu.total_ticks = 400;
	/* No boot id on either side: the counters decide. */
	assert_true(rate_same_boot(&prev, &now, &cpu));
	assert_true(rate_same_boot(&prev, &now, NULL));
	cpu.total_ticks = 300;
	assert_false(rate_same_boot(&prev, &now, &cpu));
	cpu.total_ticks = 800;
	now.boottime_ns = 9000 * S;
	assert_false(rate_same_boot(&prev, &now, &cpu));
	/* Both boot ids known: they alone decide. */
	prev.clock.has_boot_id = now.has_boot_id = 1;
	strcpy(prev.clock.boot_id, "a");
	strcpy(now.boot_id, "a");
	assert_true(rate_same_boot(&prev, &now, &cpu));
	now.boottime_ns = 10060 * S;
	strcpy(now.boot_id, "b");
	assert_false(rate_same_boot(&prev, &now, &cpu));
	/* No clock reading on either side, or no run: no rates. */
	strcpy(now.boot_id, "a");
	prev.clock.has_boottime = 0;
	assert_false(rate_same_boot(&prev, &now, &cpu));
	prev.clock.has_boottime = 1;
	now.has_boottime = 0;
	assert_false(rate_same_boot(&prev, &now, &cpu));
	now.has_boottime = 1;
	prev.has_run = 0;
	assert_false(rate_same_boot(&prev, &now, &cpu));
}

static void test_system(void **state)
{
	struct rate_prev prev = {
	    .has_run = 1,
	    .has_system = 1,
	    .cpu = {.busy_ticks = 15000, .total_ticks = 96000, .boot_time = 7}};
	struct cpu_counters now = {.busy_ticks = 21000, .total_ticks = 108000, .boot_time = 8};
	double pct;

	(void)state;
	/* btime moved by a second (the clock was stepped): still one boot. */
	assert_int_equal(rate_system_cpu(&prev, &now, &pct), 0);
	assert_float_equal(pct, 50.0, 1e-9);
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

/* A VM's CPU time over the interval, as a share of its vCPUs or of the
 * host's cores: delta / (interval * cpus) * 10000. */
static void test_share(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(rate_share_centipct(30 * S, 60 * S, 1, &v), 0);
	assert_int_equal(v, 5000); /* 30 s of one vCPU in 60 s: 50.00 % */
	assert_int_equal(rate_share_centipct(30 * S, 60 * S, 2, &v), 0);
	assert_int_equal(v, 2500); /* the same over two vCPUs: 25.00 % */
	assert_int_equal(rate_share_centipct(240 * S, 60 * S, 4, &v), 0);
	assert_int_equal(v, 10000); /* all four busy */
	assert_int_equal(rate_share_centipct(1, 3000, 1, &v), 0);
	assert_int_equal(v, 3); /* 3.33: rounded to nearest */
	assert_int_equal(rate_share_centipct(2, 3000, 1, &v), 0);
	assert_int_equal(v, 7);
	/* A year of 64 vCPUs does not overflow. */
	assert_int_equal(rate_share_centipct(64LL * 365 * 86400 * S, 365LL * 86400 * S, 64, &v), 0);
	assert_int_equal(v, 10000);
	assert_int_equal(rate_share_centipct(5, 999, 1, &v), -1);
	assert_int_equal(rate_share_centipct(5, S, 0, &v), -1);
	assert_int_equal(rate_share_centipct(-5, S, 1, &v), -1);
}

/* rate_vm finds the previous sample by uuid, among others sorted. */
static void test_vm(void **state)
{
	static const struct rate_prev_vm prev[] = {
	    {"11111111-1111-4111-8111-111111111111", 100 * S},
	    {"22222222-2222-4222-8222-222222222222", 500 * S},
	};
	struct vm_sample vm = {.has_cpu_time = 1, .has_vcpus = 1, .vcpus = 2};

	(void)state;
	memcpy(vm.uuid, prev[1].uuid, sizeof(vm.uuid));
	vm.cpu_time_ns = 530 * S; /* 30 s in 60 s on 2 vCPUs, a host of 4 cores */
	rate_vm(prev, 2, 60 * S, 4, &vm);
	assert_true(vm.has_cpu_centipct);
	assert_int_equal(vm.cpu_centipct, 2500);
	assert_true(vm.has_host_cpu_centipct);
	assert_int_equal(vm.host_cpu_centipct, 1250);
	/* Unknown to the previous run: no rate. */
	memcpy(vm.uuid, "33333333-3333-4333-8333-333333333333", sizeof(vm.uuid));
	rate_vm(prev, 2, 60 * S, 4, &vm);
	assert_false(vm.has_cpu_centipct);
	assert_false(vm.has_host_cpu_centipct);
	/* Without vCPUs, only the host's share. */
	memcpy(vm.uuid, prev[0].uuid, sizeof(vm.uuid));
	vm.has_vcpus = 0;
	vm.cpu_time_ns = 160 * S;
	rate_vm(prev, 2, 60 * S, 4, &vm);
	assert_false(vm.has_cpu_centipct);
	assert_true(vm.has_host_cpu_centipct);
	assert_int_equal(vm.host_cpu_centipct, 2500);
	/* A counter that went back (a restarted domain) has no rate. */
	vm.cpu_time_ns = 10 * S;
	rate_vm(prev, 2, 60 * S, 4, &vm);
	assert_false(vm.has_host_cpu_centipct);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_centipct),
	    cmocka_unit_test(test_proc_known),
	    cmocka_unit_test(test_proc_identity_is_exact),
	    cmocka_unit_test(test_proc_reused_pid),
	    cmocka_unit_test(test_proc_missed),
	    cmocka_unit_test(test_proc_counter_back),
	    cmocka_unit_test(test_ticks_ns),
	    cmocka_unit_test(test_parse_seconds),
	    cmocka_unit_test(test_same_boot),
	    cmocka_unit_test(test_system),
	    cmocka_unit_test(test_mem_ppm),
	    cmocka_unit_test(test_share),
	    cmocka_unit_test(test_vm),
	};

	return cmocka_run_group_tests_name("rate", tests, NULL, NULL);
}
