/* runstat: runs one or more commands N times each, interleaved (A B A B ...)
 * so that both see the same machine, and prints for each, on its own line,
 * the median and 90th percentile wall time in ms, the median CPU time
 * (user + system) in ms and the largest peak RSS in KiB. An argument
 * "@NOW" is replaced by BASE + 60 * i for run i, so that each run is a new
 * minute. usage: runstat N BASE command [args...] [-- command [args...]]... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNSTAT_MAX_CMDS 4

struct runstat_cmd {
	char **argv;
	double *wall_ms, *cpu_ms;
	long maxrss_kib;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double tv_ms(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

/* Runs cmd once with @NOW set to now; returns 0 or -1. */
static int runstat_once(struct runstat_cmd *c, int i, long now)
{
	char nowbuf[32];
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;

	snprintf(nowbuf, sizeof(nowbuf), "%ld", now);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		for (int a = 0; c->argv[a]; a++)
			if (strcmp(c->argv[a], "@NOW") == 0)
				c->argv[a] = nowbuf;
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execvp(c->argv[0], c->argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
		perror("runstat");
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "runstat: %s failed (status %d)\n", c->argv[0], status);
		return -1;
	}
	c->wall_ms[i] =
	    (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	c->cpu_ms[i] = tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
	if (ru.ru_maxrss > c->maxrss_kib)
		c->maxrss_kib = ru.ru_maxrss;
	return 0;
}

int main(int argc, char **argv)
{
	struct runstat_cmd cmds[RUNSTAT_MAX_CMDS];
	int n, ncmds = 0, rc = 0;
	long base;

	if (argc < 4) {
		fprintf(stderr, "usage: runstat N BASE command [args...] [-- command...]\n");
		return 2;
	}
	n = (int)strtol(argv[1], NULL, 10);
	base = strtol(argv[2], NULL, 10);
	if (n <= 0)
		return 2;
	memset(cmds, 0, sizeof(cmds));
	for (int a = 3; a < argc && ncmds < RUNSTAT_MAX_CMDS;) {
		struct runstat_cmd *c = &cmds[ncmds++];

		c->argv = &argv[a];
		while (a < argc && strcmp(argv[a], "--") != 0)
			a++;
		if (a < argc)
			argv[a++] = NULL; /* ends this command's argv */
		c->wall_ms = calloc((size_t)n, sizeof(double));
		c->cpu_ms = calloc((size_t)n, sizeof(double));
		if (!c->wall_ms || !c->cpu_ms || !c->argv[0]) {
			fprintf(stderr, "runstat: out of memory or empty command\n");
			rc = 1;
			break;
		}
	}
	for (int i = 0; i < n && rc == 0; i++)
		for (int k = 0; k < ncmds && rc == 0; k++)
			rc = runstat_once(&cmds[k], i, base + 60L * i);
	for (int k = 0; k < ncmds; k++) {
		struct runstat_cmd *c = &cmds[k];

		if (rc == 0) {
			qsort(c->wall_ms, (size_t)n, sizeof(double), cmp_double);
			qsort(c->cpu_ms, (size_t)n, sizeof(double), cmp_double);
			printf("%.2f %.2f %.2f %ld\n", c->wall_ms[n / 2], c->wall_ms[(n * 9) / 10],
			       c->cpu_ms[n / 2], c->maxrss_kib);
		}
		free(c->wall_ms);
		free(c->cpu_ms);
	}
	return rc == 0 ? 0 : 1;
}
