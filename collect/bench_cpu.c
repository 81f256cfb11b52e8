/* bench_cpu: fixed integer and floating-point work, in millions of
 * operations per second. */
#include "bench.h"

/* Iterations of each loop, and how many between two looks at the clock. */
#define BENCH_INT_ITERS	  (96u << 20)
#define BENCH_FLOAT_ITERS (48u << 20)
#define BENCH_STEP	  (1u << 16)
#define BENCH_INT_OPS	  8 /* per iteration: 3 shifts, 3 xors, 1 add, 1 multiply */
#define BENCH_FLOAT_OPS	  8 /* per iteration: 4 multiplies, 4 adds */

static volatile uint64_t bench_sink_u;
static volatile double bench_sink_d;

/* xorshift64 from a fixed seed: the same sequence each run. */
static uint64_t bench_int_work(int64_t deadline, uint64_t *iters)
{
	uint64_t x = 0x9e3779b97f4a7c15u, acc = 0;
	uint64_t i = 0;

	while (i < BENCH_INT_ITERS) {
		for (unsigned j = 0; j < BENCH_STEP; j++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			acc += x * 0x2545f4914f6cdd1du;
		}
		i += BENCH_STEP;
		if (bench_now_ns() > deadline)
			break;
	}
	*iters = i;
	return acc;
}

/* Four independent chains, so that the work measures throughput rather
 * than one chain's latency; each stays bounded (a contraction to 1). */
static double bench_float_work(int64_t deadline, uint64_t *iters)
{
	double a = 0.1, b = 0.2, c = 0.3, d = 0.4;
	uint64_t i = 0;

	while (i < BENCH_FLOAT_ITERS) {
		for (unsigned j = 0; j < BENCH_STEP; j++) {
			a = a * 0.999999 + 0.000001;
			b = b * 0.999998 + 0.000002;
			c = c * 0.999997 + 0.000003;
			d = d * 0.999996 + 0.000004;
		}
		i += BENCH_STEP;
		if (bench_now_ns() > deadline)
			break;
	}
	*iters = i;
	return a + b + c + d;
}

int bench_cpu(struct bench_score *cpu)
{
	int64_t start = bench_now_ns();
	int64_t deadline = bench_deadline();
	uint64_t int_iters, float_iters;

	/* The integer work gets half the time at most, so that a part cut
	 * short still measures both kinds. */
	bench_sink_u = bench_int_work(start + (deadline - start) / 2, &int_iters);
	bench_sink_d = bench_float_work(deadline, &float_iters);
	bench_set(cpu, (double)int_iters * BENCH_INT_OPS + (double)float_iters * BENCH_FLOAT_OPS,
		  1e-6, start);
	return 0;
}
