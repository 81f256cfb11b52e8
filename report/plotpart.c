/* plotpart: today's per-partition plot files. A partition's CPU over an
 * interval is the CPU time its processes used in it over its length; the
 * I/O rate likewise, in KiB/s. */
#include "plotpart.h"

#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "daytime.h"
#include "partition.h"
#include "plotfolder.h"
#include "query.h"

#define KIB	      1024.0
#define NS_PER_SECOND 1e9

enum { PART_CPU, PART_RSS, PART_IO, PART_COUNT, PART_N };

static const char *const part_series[PART_N] = {"cpu_percent", "memory_rss", "io_rw_rate",
						"process_count"};

static int plotpart_is_kind(const char *name)
{
	size_t len = strlen(name);

	return strncmp(name, "partition_", 10) == 0 && len > 4 &&
	       strcmp(name + len - 4, ".csv") == 0 && !plotfolder_is_kind(name);
}

/* Writes one point into the file of series s. */
static void plotpart_point(struct afile *f, size_t s, const struct partition_point *pt)
{
	double seconds = (double)pt->interval_ns / NS_PER_SECOND;

	if (s == PART_CPU && pt->interval_ns > 0)
		plot_real(f, pt->ts, (double)pt->cpu_time_cs / seconds);
	else if (s == PART_RSS)
		plot_int(f, pt->ts, pt->memory_rss_kib);
	else if (s == PART_IO && pt->interval_ns > 0)
		plot_real(f, pt->ts, (double)pt->io_bytes / KIB / seconds);
	else if (s == PART_COUNT)
		plot_int(f, pt->ts, pt->process_count);
}

/* Writes a partition's points into its files, after what they hold. */
static void plotpart_files(struct plots *p, const struct partition_series *pa, int64_t last_ts)
{
	char part[256], name[PLOT_NAME_MAX];

	csv_name_part(part, sizeof(part), pa->name);
	for (size_t s = 0; s < PART_N; s++) {
		struct plot_file pf;

		snprintf(name, sizeof(name), "partition_%s_%s.csv", part, part_series[s]);
		plot_file_begin(p, &pf, name);
		for (size_t i = 0; i < pa->n; i++)
			plotpart_point(plot_file_row(p, &pf, pa->v[i].ts), s, &pa->v[i]);
		plot_file_end(p, &pf, pa->name, last_ts);
	}
}

static int plotpart_row(void *arg, const struct query_proc_row *r)
{
	const struct partition_proc proc = {
	    .ts = r->ts,
	    .partition = r->partition,
	    .pid = r->pid,
	    .start_time = r->start_time,
	    .has_start_ticks = r->has_start_ticks,
	    .start_ticks = r->start_ticks,
	    .cpu_time_cs = r->cpu_time_cs,
	    .memory_rss_kib = r->memory_rss_kib,
	    .has_io = r->has_io,
	    .io_rw_counter = r->io_rw_counter,
	    .has_boottime = r->has_boottime,
	    .boottime_ns = r->boottime_ns,
	    .boot_id = r->boot_id,
	};

	partition_add(arg, &proc);
	return 0;
}

/* An update seeds the partitions that have files today, so that they get
 * their zeros when their processes are gone, as a rebuild gives them. */
static void plotpart_seed(struct plots *p, struct partition_day *day)
{
	for (size_t i = 0; i < p->old.n; i++) {
		if (plotpart_is_kind(p->old.v[i].name) && p->old.v[i].day == p->day)
			partition_seed(day, p->old.v[i].key);
	}
}

/* One pass over the process rows from the run before the first one to
 * write (the baseline of the increments; yesterday's last for a rebuild)
 * to the end of today, in key order (ts, pid). */
int plotpart_write(sqlite3 *db, struct plots *p, int64_t day_start)
{
	int64_t from = plot_kind_from(p, plotpart_is_kind), base = day_start, last_ts;
	struct partition_day day = {0};
	int rc;

	day.from = from == INT64_MIN ? day_start : from + 1;
	last_ts = day.from - 1;
	rc = query_last_ts(db, "user_sample", day.from, &base);
	if (rc < 0)
		return -1;
	if (rc == 0)
		base = day.from;
	if (from != INT64_MIN)
		plotpart_seed(p, &day);
	rc = query_proc_rows(db, base, day_start + DAYTIME_DAY_SECONDS, plotpart_row, &day);
	if (rc == 0) {
		partition_end(&day);
		if (day.has_prev && day.prev.ts > last_ts)
			last_ts = day.prev.ts;
		for (size_t i = 0; i < day.n; i++) {
			if (day.v[i].n > 0)
				plotpart_files(p, &day.v[i], last_ts);
		}
		plot_kind_carry(p, plotpart_is_kind, last_ts);
	}
	partition_day_free(&day);
	return rc;
}
