/* partition: per-partition totals of each sample of a day, from process rows; pure. */
#ifndef NM_PARTITION_H
#define NM_PARTITION_H

#include <stddef.h>
#include <stdint.h>

/* One process of one sample, as stored. */
struct partition_proc {
	int64_t ts;	       /* the sample's time, UTC epoch seconds */
	const char *partition; /* owner; only read during partition_add */
	int pid;
	int64_t start_time;	  /* UTC epoch seconds */
	int has_cpu;		  /* cpu_centipercent is known */
	int64_t cpu_centipercent; /* hundredths of a percent of one core */
	int64_t memory_rss_kib;
	int has_io; /* io_rw_counter is known */
	int64_t io_rw_counter;
};

/* One partition's totals over one sample. */
struct partition_point {
	int64_t ts;
	int64_t dt;		  /* seconds since the previous sample, 0 for the first */
	int has_cpu;		  /* some process had a CPU rate */
	int64_t cpu_centipercent; /* sum over its processes */
	int64_t memory_rss_kib;	  /* sum over its processes */
	int64_t io_bytes;	  /* read and written since the previous sample */
	int process_count;
};

/* A partition's points, one for every sample since it was first seen. */
struct partition_series {
	char *name;
	struct partition_point *v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
};

/* A process of the previous or current sample, for matching. */
struct partition_seen {
	int64_t start_time;
	int64_t io_rw_counter;
	int pid;
	int has_io;
	size_t series; /* the index of its partition in the day's series */
};

struct partition_seen_list {
	struct partition_seen *v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
};

/* The totals of a day. Zero it to start; callers read v and n (every
 * partition seen, in the order first seen) after partition_end; the rest
 * is the state between rows. */
struct partition_day {
	struct partition_series *v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
	size_t last;			    /* the series found last, tried first */
	struct partition_seen_list seen[2]; /* the previous and the current sample */
	int cur;			    /* which of seen[] is the current sample */
	int has_cur, has_prev;		    /* a sample is open; one was closed */
	int64_t ts, prev_ts;		    /* their times */
	size_t walk;			    /* where the current pid stands in prev */
};

/* Adds one process row. Rows come in (ts, pid) order; a new ts closes the
 * sample before it, giving every partition seen so far a point (zeros for
 * one without processes in it). A process matched in the previous sample
 * by pid and start time stays in its partition and counts its I/O from
 * there (nothing if the counter went back); one born since that sample
 * counts from zero; one older but not seen before counts no I/O. */
void partition_add(struct partition_day *d, const struct partition_proc *p);

/* Closes the last sample. Call once after the last row. */
void partition_end(struct partition_day *d);

/* Frees what d holds, names included. */
void partition_day_free(struct partition_day *d);

#endif
