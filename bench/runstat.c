/* runstat: runs a command N times and prints the median and 90th percentile
 * wall time in ms and the largest peak RSS in KiB of all runs. An argument
 * "@NOW" is replaced by BASE + 60 * i for run i, so that each run is a new
 * minute. usage: runstat N BASE command [args...] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	double *ms;
	long maxrss = 0;
	int n;
	long base;

	if (argc < 4) {
		fprintf(stderr, "usage: runstat N BASE command [args...]\n");
		return 2;
	}
	n = (int)strtol(argv[1], NULL, 10);
	base = strtol(argv[2], NULL, 10);
	if (n <= 0 || !argv[3])
		return 2;
	ms = calloc((size_t)n, sizeof(*ms));
	if (!ms)
		return 1;
	for (int i = 0; i < n; i++) {
		char now[32];
		char **args = argv + 3;
		struct timespec t0, t1;
		struct rusage ru;
		int status;
		pid_t pid;

		snprintf(now, sizeof(now), "%ld", base + 60L * i);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		pid = fork();
		if (pid == 0) {
			for (int a = 0; args[a]; a++)
				if (strcmp(args[a], "@NOW") == 0)
					args[a] = now;
			if (!freopen("/dev/null", "w", stdout))
				_exit(127);
			execvp(args[0], args);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
			perror("runstat");
			free(ms);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "runstat: %s failed (status %d)\n", argv[3], status);
			free(ms);
			return 1;
		}
		ms[i] =
		    (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	qsort(ms, (size_t)n, sizeof(*ms), cmp_double);
	printf("%.2f %.2f %ld\n", ms[n / 2], ms[(n * 9) / 10], maxrss);
	free(ms);
	return 0;
}
