/* partition: per-partition totals of each sample of a day, from process rows; pure. */
#ifndef NM_PARTITION_H
#define NM_PARTITION_H

#include <stddef.h>
#include <stdint.h>

/* Clock ticks per second of /proc/<pid>/stat's start time (USER_HZ). */
#define PARTITION_TICKS_PER_SECOND 100

/* One process of one sample, as stored, with its run's clock. */
struct partition_proc {
	int64_t ts;	       /* the sample's time, UTC epoch seconds */
	const char *partition; /* owner; only read during partition_add */
	int pid;
	int64_t start_time;  /* UTC epoch seconds */
	int has_start_ticks; /* start_ticks is known */
	int64_t start_ticks; /* clock ticks after boot: with pid, its identity */
	int64_t cpu_time_cs; /* user+system CPU since it started */
	int64_t memory_rss_kib;
	int has_io; /* io_rw_counter is known */
	int64_t io_rw_counter;
	int has_boottime;    /* the run's boottime_ns is known */
	int64_t boottime_ns; /* CLOCK_BOOTTIME of the run */
	const char *boot_id; /* the run's boot id, NULL if unknown; read during partition_add */
};

/* One partition's totals over one sample. */
struct partition_point {
	int64_t ts;
	int64_t interval_ns;	/* since the previous sample, 0 for none: no CPU, no I/O rate */
	int64_t cpu_time_cs;	/* CPU its processes used over the interval */
	int64_t memory_rss_kib; /* sum over its processes */
	int64_t io_bytes;	/* read and written over the interval */
	int process_count;
};

/* A partition's points, one for every sample since it was first seen. */
struct partition_series {
	char *name;
	struct partition_point *v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
	int active; /* gets a point at every sample (zeros without processes) */
};

/* A process of the previous or current sample, for matching. */
struct partition_seen {
	int64_t start_time;
	int64_t start_ticks;
	int64_t cpu_time_cs;
	int64_t io_rw_counter;
	int pid;
	int has_start_ticks;
	int has_io;
	size_t series; /* the index of its partition in the day's series */
};

struct partition_seen_list {
	struct partition_seen *v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
};

/* A sample's clock: its ts, and its run's CLOCK_BOOTTIME and boot id. */
struct partition_clock {
	int64_t ts;
	int has_boottime;
	int64_t boottime_ns;
	char boot_id[40]; /* "" if unknown */
};

/* The totals of a day. Zero it (then set from, and seed partitions) to
 * start; callers read v and n (every partition with points, in the order
 * first seen) after partition_end; the rest is the state between rows. */
struct partition_day {
	struct partition_series *v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
	int64_t from;			    /* samples before this ts are baselines: no points */
	size_t last;			    /* the series found last, tried first */
	struct partition_seen_list seen[2]; /* the previous and the current sample */
	int cur;			    /* which of seen[] is the current sample */
	int has_cur, has_prev;		    /* a sample is open; one was closed */
	struct partition_clock now, prev;   /* their clocks */
	size_t walk;			    /* where the current pid stands in prev */
};

/* Makes the partition called name get a point at every sample from now on,
 * as if it had been seen: an incremental run seeds the partitions that
 * already have points today. */
void partition_seed(struct partition_day *d, const char *name);

/* Adds one process row. Rows come in (ts, pid) order; a new ts closes the
 * sample before it, giving every partition with points a point (zeros for
 * one without processes in it).
 *
 * The interval of a sample is the CLOCK_BOOTTIME difference when both runs
 * have it with the same boot id, else the ts difference. A process matched
 * in the previous sample (same pid, and the same start_ticks when both rows
 * have it, else the same start_time; never across a change of boot id)
 * stays in its partition and counts the CPU time and I/O it used since
 * (nothing if a counter went back); one born since that sample counts all
 * of them; one older but not seen before counts nothing. A partition's CPU
 * over the interval is the sum of those increments, not of per-process
 * rates. */
void partition_add(struct partition_day *d, const struct partition_proc *p);

/* Closes the last sample. Call once after the last row. */
void partition_end(struct partition_day *d);

/* Frees what d holds, names included. */
void partition_day_free(struct partition_day *d);

#endif
