/* rate: CPU and memory percentages from cumulative counters; pure. */
#ifndef NM_RATE_H
#define NM_RATE_H

#include <stddef.h>
#include <stdint.h>

#include "sample.h"
#include "vm.h"

/* A process as the previous run stored it. */
struct rate_prev_proc {
	int pid;
	int64_t start_ticks; /* clock ticks after boot: with pid, the identity */
	int64_t cpu_time_cs;
};

/* What the previous run left, sorted by pid. has_run 0 means none. */
struct rate_prev {
	int has_run;
	int64_t ts;
	struct run_clock clock;
	int has_system;
	struct cpu_counters cpu;
	struct rate_prev_proc *v; /* sorted by pid */
	size_t n, cap;
};

/* delta_cs of CPU time over interval_ns of CLOCK_BOOTTIME, in hundredths
 * of a percent of one core (one full core = 10000), rounded to nearest.
 * Returns 0, or -1 when there is no meaningful rate (an interval under a
 * microsecond, delta < 0). */
int rate_centipct(int64_t delta_cs, int64_t interval_ns, int64_t *out);

/* Whether rates may be computed from prev to a run at now (cpu: its system
 * counters, or NULL if unread): both runs have a clock reading, and they
 * belong to one boot. With both boot ids known, equal ids are one boot;
 * with either unknown, a clock or CPU counter that went down is a reboot.
 * Equal btime is no test: btime moves when the wall clock is stepped. */
int rate_same_boot(const struct rate_prev *prev, const struct run_clock *now,
		   const struct cpu_counters *cpu);

/* Sets p->has_cpu and p->cpu_centipct for a process read at now_ns of
 * CLOCK_BOOTTIME, prev being a run of the same boot: against its previous
 * sample if prev holds the same process (pid and start_ticks), else from
 * its start (start_ticks / hz seconds after boot) if it was born after the
 * previous run; no rate for a process that should have been in the
 * previous run but is not. */
void rate_proc(const struct rate_prev *prev, int64_t now_ns, long hz, struct proc_sample *p);

/* The system's busy share of all cores (0-100) since prev's counters, prev
 * being a run of the same boot; counters that went back (which one boot
 * cannot show) count since boot. Returns 0, or -1 when there is no previous
 * sample or no elapsed time. */
int rate_system_cpu(const struct rate_prev *prev, const struct cpu_counters *now, double *percent);

/* RSS over total memory in parts per million, rounded. */
int64_t rate_mem_ppm(int64_t rss_kib, int64_t total_bytes);

/* A domain as the previous run stored it; arrays of them are sorted by
 * uuid (strcmp). */
struct rate_prev_vm {
	char uuid[37];
	int64_t cpu_time_ns;
};

/* delta_ns of CPU time over interval_ns of CLOCK_BOOTTIME as a share of
 * cpus processors, in hundredths of a percent (10000 = all of them busy),
 * rounded to nearest. Returns 0, or -1 when there is no meaningful rate
 * (an interval under a microsecond, cpus < 1, delta < 0). */
int rate_share_centipct(int64_t delta_ns, int64_t interval_ns, int64_t cpus, int64_t *out);

/* Sets vm's cpu_centipct (share of its current vCPUs) and
 * host_cpu_centipct (share of host_cores) against its sample in prev (n
 * entries, sorted by uuid), taken interval_ns earlier in the same boot. A
 * domain absent from prev, or without CPU time in either, has no rate. */
void rate_vm(const struct rate_prev_vm *prev, size_t n, int64_t interval_ns, int64_t host_cores,
	     struct vm_sample *vm);

/* Frees what prev holds. */
void rate_prev_release(struct rate_prev *prev);

#endif
