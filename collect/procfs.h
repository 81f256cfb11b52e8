/* procfs: everything node-collect reads through libproc2 (procps 4). */
#ifndef NM_PROCFS_H
#define NM_PROCFS_H

#include "sample.h"
#include "users.h"

/* Appends one sample per process (not thread, not kernel thread) whose real
 * uid is in users. Fills pid, uid, partition, start_cs, start_ticks,
 * cpu_time_cs, threads, rss_kib and, when want_command, command. boot_time
 * is the UTC epoch of boot, used to place start times. A process that
 * vanishes during the scan is skipped. *boottime_ns gets CLOCK_BOOTTIME at
 * the middle of the read, or -1 if the clock could not be read. Returns the
 * count appended, or -1. */
int procfs_read_procs(const struct users *users, int64_t boot_time, int want_command,
		      struct proc_list *out, int64_t *boottime_ns);

/* Clock ticks per second of /proc's start times and CPU times. */
long procfs_hz(void);

/* Cumulative CPU ticks and boot time from /proc/stat. Returns 0 or -1. */
int procfs_read_cpu(struct cpu_counters *out);

/* Memory and swap from /proc/meminfo. Returns 0 or -1. */
int procfs_read_mem(struct mem_info *out);

/* The 1-minute load average. Returns 0 or -1. */
int procfs_read_loadavg(double *out);

/* Every line of /proc/diskstats. Returns the count, or -1. */
int procfs_read_diskstats(struct diskstat_list *out);

#endif
