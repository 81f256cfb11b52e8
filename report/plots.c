/* plots: today's Dygraph files. Sizes in KiB; network bytes as per-sample
 * deltas, where a counter that went back (a reboot) starts a new baseline. */
#include "plots.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "daytime.h"
#include "list.h"
#include "log.h"
#include "partition.h"
#include "query.h"
#include "xalloc.h"

#define KIB 1024.0

/* Names of the files written this run, for the removal of stale ones. */
struct names {
	char **v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
};

struct plots {
	const char *out;
	struct names written;
	int failed;
};

static int plot_open(struct plots *p, struct afile *f, const char *name)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", p->out, name) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return log_warn("%s/%s", p->out, name);
	}
	if (afile_open(f, path) < 0)
		return log_warn("%s", path);
	afile_puts(f, "time,entry\n");
	*LIST_PUSH(&p->written) = xstrdup(name);
	return 0;
}

static void plot_commit(struct plots *p, struct afile *f)
{
	char *path;

	if (!f->tmp)
		return;
	path = xstrdup(f->path);
	if (afile_commit(f) < 0) {
		log_warn("%s", path);
		p->failed = 1;
	}
	free(path);
}

static void plot_stamp(struct afile *f, int64_t ts)
{
	csv_stamp(f, ts);
	afile_write(f, ",", 1);
}

static void plot_int(struct afile *f, int64_t ts, int64_t v)
{
	plot_stamp(f, ts);
	csv_int(f, v);
	afile_write(f, "\n", 1);
}

static void plot_real(struct afile *f, int64_t ts, double v)
{
	plot_stamp(f, ts);
	csv_real(f, v);
	afile_write(f, "\n", 1);
}

enum {
	SYS_CPU,
	SYS_LOAD,
	SYS_MEM_USED,
	SYS_MEM_FREE,
	SYS_IN_BYTES,
	SYS_IN_ERRORS,
	SYS_IN_DROPPED,
	SYS_OUT_BYTES,
	SYS_OUT_ERRORS,
	SYS_OUT_DROPPED,
	SYS_N
};

static const char *const sys_files[SYS_N] = {
    "system_cpu_percent.csv",	  "system_loadavg.csv",	      "system_memory_used.csv",
    "system_memory_free.csv",	  "system_net_in_bytes.csv",  "system_net_in_errors.csv",
    "system_net_in_dropped.csv",  "system_net_out_bytes.csv", "system_net_out_errors.csv",
    "system_net_out_dropped.csv",
};

/* A byte counter's delta in KiB since the previous sample, or no row when
 * there is no previous sample, the machine rebooted or the counter went
 * back: that sample is the new baseline. */
static void plot_delta(struct afile *f, int64_t ts, int has_prev, int64_t prev, int64_t cur)
{
	if (has_prev && cur >= prev)
		plot_real(f, ts, (double)(cur - prev) / KIB);
}

/* The system files being written, and the sample before the row. */
struct plot_system {
	struct afile f[SYS_N];
	int has_prev;
	int64_t prev_boot, prev_in, prev_out;
};

static int plot_system_row(void *arg, const struct query_system_row *r)
{
	struct plot_system *s = arg;
	struct afile *f = s->f;
	int same_boot = s->has_prev && r->boot_time == s->prev_boot;

	if (r->has_cpu)
		plot_real(&f[SYS_CPU], r->ts, r->cpu_percent);
	plot_real(&f[SYS_LOAD], r->ts, r->loadavg);
	plot_real(&f[SYS_MEM_USED], r->ts, (double)r->memory_used / KIB);
	plot_real(&f[SYS_MEM_FREE], r->ts, (double)r->memory_free / KIB);
	plot_delta(&f[SYS_IN_BYTES], r->ts, same_boot, s->prev_in, r->net_in_bytes);
	plot_int(&f[SYS_IN_ERRORS], r->ts, r->net_in_errors);
	plot_int(&f[SYS_IN_DROPPED], r->ts, r->net_in_dropped);
	plot_delta(&f[SYS_OUT_BYTES], r->ts, same_boot, s->prev_out, r->net_out_bytes);
	plot_int(&f[SYS_OUT_ERRORS], r->ts, r->net_out_errors);
	plot_int(&f[SYS_OUT_DROPPED], r->ts, r->net_out_dropped);
	s->has_prev = 1;
	s->prev_boot = r->boot_time;
	s->prev_in = r->net_in_bytes;
	s->prev_out = r->net_out_bytes;
	return 0;
}

static int plots_system(sqlite3 *db, struct plots *p, int64_t day_start)
{
	struct plot_system s = {.has_prev = 0};
	int i;

	for (i = 0; i < SYS_N; i++) {
		if (plot_open(p, &s.f[i], sys_files[i]) < 0)
			goto fail;
	}
	if (query_system_rows(db, day_start, day_start + DAYTIME_DAY_SECONDS, plot_system_row, &s) <
	    0)
		goto fail;
	for (i = 0; i < SYS_N; i++)
		plot_commit(p, &s.f[i]);
	return 0;
fail:
	for (i = 0; i < SYS_N; i++)
		afile_abort(&s.f[i]);
	return -1;
}

/* The files of the device being written. */
struct plot_disk {
	struct plots *p;
	struct afile used, free;
	char *dev;
};

static int plot_disk_row(void *arg, const struct query_disk_row *r)
{
	struct plot_disk *d = arg;

	if (!d->dev || strcmp(d->dev, r->partition) != 0) {
		char part[256], name[320];

		plot_commit(d->p, &d->used);
		plot_commit(d->p, &d->free);
		free(d->dev);
		d->dev = xstrdup(r->partition);
		csv_name_part(part, sizeof(part), r->partition);
		snprintf(name, sizeof(name), "system_disk_memory_used_%s.csv", part);
		if (plot_open(d->p, &d->used, name) < 0)
			return -1;
		snprintf(name, sizeof(name), "system_disk_memory_free_%s.csv", part);
		if (plot_open(d->p, &d->free, name) < 0)
			return -1;
	}
	plot_real(&d->used, r->ts, (double)r->used / KIB);
	plot_real(&d->free, r->ts, (double)r->free / KIB);
	return 0;
}

static int plots_disk(sqlite3 *db, struct plots *p, int64_t day_start)
{
	struct plot_disk d = {.p = p};
	int rc;

	rc = query_disk_rows(db, day_start, day_start + DAYTIME_DAY_SECONDS, plot_disk_row, &d);
	free(d.dev);
	if (rc < 0) {
		afile_abort(&d.used);
		afile_abort(&d.free);
		return -1;
	}
	plot_commit(p, &d.used);
	plot_commit(p, &d.free);
	return 0;
}

/* Writes one series of a partition's points. */
static void part_write_series(struct afile *f, const struct partition_series *pa, size_t s)
{
	for (size_t i = 0; i < pa->n; i++) {
		const struct partition_point *pt = &pa->v[i];

		if (s == 0 && pt->has_cpu)
			plot_real(f, pt->ts, (double)pt->cpu_centipercent / 100.0);
		else if (s == 1)
			plot_int(f, pt->ts, pt->memory_rss_kib);
		else if (s == 2 && pt->dt > 0)
			plot_real(f, pt->ts, (double)pt->io_bytes / KIB / (double)pt->dt);
		else if (s == 3)
			plot_int(f, pt->ts, pt->process_count);
	}
}

static void part_write(struct plots *p, const struct partition_series *pa)
{
	static const char *const series[] = {"cpu_percent", "memory_rss", "io_rw_rate",
					     "process_count"};
	char part[256], name[384];

	csv_name_part(part, sizeof(part), pa->name);
	for (size_t s = 0; s < sizeof(series) / sizeof(series[0]); s++) {
		struct afile f = {0};

		snprintf(name, sizeof(name), "partition_%s_%s.csv", part, series[s]);
		if (plot_open(p, &f, name) < 0) {
			p->failed = 1;
			return;
		}
		part_write_series(&f, pa, s);
		plot_commit(p, &f);
	}
}

static int plot_proc_row(void *arg, const struct query_proc_row *r)
{
	const struct partition_proc proc = {
	    .ts = r->ts,
	    .partition = r->partition,
	    .pid = r->pid,
	    .start_time = r->start_time,
	    .has_cpu = r->has_cpu,
	    .cpu_centipercent = r->cpu_centipercent,
	    .memory_rss_kib = r->memory_rss_kib,
	    .has_io = r->has_io,
	    .io_rw_counter = r->io_rw_counter,
	};

	partition_add(arg, &proc);
	return 0;
}

/* One pass over today's process rows in key order (ts, pid). */
static int plots_partitions(sqlite3 *db, struct plots *p, int64_t day_start)
{
	struct partition_day day = {0};
	int rc;

	rc = query_proc_rows(db, day_start, day_start + DAYTIME_DAY_SECONDS, plot_proc_row, &day);
	if (rc == 0) {
		partition_end(&day);
		for (size_t i = 0; i < day.n; i++)
			part_write(p, &day.v[i]);
	}
	partition_day_free(&day);
	return rc;
}

/* Removes the disk and partition plot files that this run did not write. */
static void plots_remove_stale(struct plots *p)
{
	struct dirent *e;
	DIR *d = opendir(p->out);

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name), i;

		if (len < 4 || strcmp(e->d_name + len - 4, ".csv") != 0 ||
		    (strncmp(e->d_name, "system_disk_memory_", 19) != 0 &&
		     strncmp(e->d_name, "partition_", 10) != 0))
			continue;
		for (i = 0; i < p->written.n; i++) {
			if (strcmp(p->written.v[i], e->d_name) == 0)
				break;
		}
		if (i == p->written.n && unlinkat(dirfd(d), e->d_name, 0) < 0)
			log_warn("%s/%s", p->out, e->d_name);
	}
	closedir(d);
}

int plots_write(sqlite3 *db, const char *out, int64_t day_start)
{
	struct plots p = {.out = out};

	if (plots_system(db, &p, day_start) < 0 || plots_disk(db, &p, day_start) < 0 ||
	    plots_partitions(db, &p, day_start) < 0)
		p.failed = 1;
	if (!p.failed)
		plots_remove_stale(&p);
	for (size_t i = 0; i < p.written.n; i++)
		free(p.written.v[i]);
	free(p.written.v);
	return p.failed ? -1 : 0;
}
