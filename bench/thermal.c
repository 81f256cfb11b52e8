/* thermal: the temperature scope alone, as node-collect runs it once per
 * run (libsensors started, every sensor read, libsensors stopped), N times.
 * Prints the sensors found, then the median and 90th percentile in
 * microseconds of one scope read. usage: thermal N */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "thermal.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	size_t sensors = 0;
	double *us;

	if (n <= 0 || n > 10000000) {
		fprintf(stderr, "usage: thermal N\n");
		return 2;
	}
	us = calloc((size_t)n, sizeof(*us));
	if (!us)
		return 1;
	for (long i = 0; i < n; i++) {
		struct temp_list l = {0};
		double t0 = now_us();

		if (thermal_read(&l) < 0) {
			free(us);
			return 1;
		}
		us[i] = now_us() - t0;
		sensors = l.n;
		free(l.v);
	}
	qsort(us, (size_t)n, sizeof(*us), cmp_double);
	printf("%zu %.1f %.1f\n", sensors, us[n / 2], us[(n * 9) / 10]);
	free(us);
	return 0;
}
