/* pstatusfmt: the text of a partition's status files, in SlapOS' layout
 * (PartitionReport.buildJSONMonitorReport). Pure: no file, no database. */
#ifndef NM_PSTATUSFMT_H
#define NM_PSTATUSFMT_H

#include <stddef.h>
#include <stdint.h>

#include "sbuf.h"

/* A partition's figures for one run: sums over its processes. */
struct pstatus_sums {
	char date[20]; /* "YYYY-MM-DD HH:MM:00", the run's minute */
	int64_t total_process;
	int has_cpu;
	int64_t cpu_centipercent, cpu_time_cs, cpu_num_threads, memory_ppm, memory_rss_kib;
	int64_t io_rw_counter, io_cycles_counter;
	int has_disk;
	int64_t disk_used_kib; /* its latest folder walk */
};

/* One process of the run. */
struct pstatus_proc {
	int64_t pid;
	int has_cpu;
	int64_t cpu_centipercent, cpu_time_cs, cpu_num_threads, memory_ppm, memory_rss_kib;
	int64_t io_rw_counter, io_cycles_counter, start_time;
	const char *name; /* NULL unless commands are stored */
	const char *user;
};

/* The three series SlapOS appends to. */
enum pstatus_series { PSTATUS_PROCESS, PSTATUS_MEMORY, PSTATUS_IO, PSTATUS_NSERIES };

/* The file name and column header of a series. */
const char *pstatus_series_file(enum pstatus_series s);

/* The entry the run adds to series s ("date, 3, 12.5, 0.33, 7"), or 0
 * when SlapOS adds none (no process; no memory; no I/O). */
int pstatus_entry(const struct pstatus_sums *p, enum pstatus_series s, struct sbuf *b);

/* A series file with entry added (NULL: none): old (NULL or not in this
 * layout: a new file dated now) keeps its date and its latest entries, at
 * most max_entries in all; an old last entry of the same date is replaced,
 * not repeated. Returns 0 when old is valid and nothing changes. */
int pstatus_data(const char *old, size_t oldlen, enum pstatus_series s, const char *entry,
		 size_t max_entries, double now, struct sbuf *out);

/* monitor_resource.status.json: the series' latest figures in one object. */
void pstatus_status(const struct pstatus_sums *p, struct sbuf *b);

/* One element of monitor_process_resource.status.json. */
void pstatus_proc(const struct pstatus_proc *p, struct sbuf *b);

#endif
