/* rate: CPU and memory percentages from cumulative counters; pure. */
#ifndef NM_RATE_H
#define NM_RATE_H

#include <stddef.h>
#include <stdint.h>

#include "sample.h"

/* A process as the previous run stored it. */
struct rate_prev_proc {
	int pid;
	int64_t start_time; /* UTC epoch seconds */
	int64_t cpu_time_cs;
};

/* What the previous run left, sorted by pid. has_run 0 means none. */
struct rate_prev {
	int has_run;
	int64_t ts;
	int has_system;
	struct cpu_counters cpu;
	struct rate_prev_proc *v; /* sorted by pid */
	size_t n, cap;
};

/* delta_cs of CPU time over interval_cs of wall time, in hundredths of a
 * percent of one core (one full core = 10000), rounded to nearest. Returns
 * 0, or -1 when there is no meaningful rate (interval <= 0, delta < 0). */
int rate_centipct(int64_t delta_cs, int64_t interval_cs, int64_t *out);

/* Sets p->has_cpu and p->cpu_centipct for a process seen at now: against
 * its previous sample if prev holds it, else from its start if it was born
 * after the previous run; no rate on a first run or for a process that
 * should have been in the previous run but is not. */
void rate_proc(const struct rate_prev *prev, int64_t now, struct proc_sample *p);

/* The system's busy share of all cores (0-100) since the previous counters,
 * or since boot when the machine rebooted in between. Returns 0, or -1 when
 * there is no previous sample or no elapsed time. */
int rate_system_cpu(const struct rate_prev *prev, const struct cpu_counters *now, double *percent);

/* RSS over total memory in parts per million, rounded. */
int64_t rate_mem_ppm(int64_t rss_kib, int64_t total_bytes);

/* Frees what prev holds. */
void rate_prev_release(struct rate_prev *prev);

#endif
