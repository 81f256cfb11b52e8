/* plots: today's Dygraph files, appended to run by run. Sizes in KiB;
 * network bytes as per-sample deltas, where a counter that went back (a
 * reboot) starts a new baseline. */
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
#include "plotfile.h"
#include "plotpart.h"
#include "plotfolder.h"
#include "plottemp.h"
#include "plotvm.h"
#include "query.h"
#include "xalloc.h"

#define KIB 1024.0

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

/* The columns of system_sample the files are made of, in this order. */
enum {
	C_BOOT,
	C_CPU,
	C_LOAD,
	C_USED,
	C_FREE,
	C_IN,
	C_IN_ERR,
	C_IN_DROP,
	C_OUT,
	C_OUT_ERR,
	C_OUT_DROP
};

static const char *const sys_columns[] = {
    "boot_time",     "cpu_percent",    "loadavg",	  "memory_used",
    "memory_free",   "net_in_bytes",   "net_in_errors",	  "net_in_dropped",
    "net_out_bytes", "net_out_errors", "net_out_dropped",
};

#define SYS_NCOLUMNS (sizeof(sys_columns) / sizeof(sys_columns[0]))

static int plots_is_system(const char *name)
{
	for (size_t i = 0; i < SYS_N; i++) {
		if (strcmp(name, sys_files[i]) == 0)
			return 1;
	}
	return 0;
}

static int plots_is_csv(const char *name, const char *prefix)
{
	size_t len = strlen(name);

	return strncmp(name, prefix, strlen(prefix)) == 0 && len > 4 &&
	       strcmp(name + len - 4, ".csv") == 0;
}

static int plots_is_disk(const char *name)
{
	return plots_is_csv(name, "system_disk_memory_");
}

/* The system files being written, and the sample before the row. */
struct plot_system {
	struct plots *p;
	struct plot_file f[SYS_N];
	int has_prev;
	int64_t prev_boot, prev_in, prev_out, last_ts;
};

/* A byte counter's delta in KiB since the previous sample, or no row when
 * there is no previous sample, the machine rebooted or the counter went
 * back: that sample is the new baseline. */
static void plot_delta(struct afile *f, int64_t ts, int has_prev, int64_t prev, int64_t cur)
{
	if (has_prev && cur >= prev)
		plot_real(f, ts, (double)(cur - prev) / KIB);
}

static int plot_system_row(void *arg, int64_t ts, const struct query_value *v, size_t n)
{
	struct plot_system *s = arg;
	struct afile *f[SYS_N];
	int same_boot = s->has_prev && v[C_BOOT].i == s->prev_boot;

	(void)n;
	for (size_t i = 0; i < SYS_N; i++)
		f[i] = plot_file_row(s->p, &s->f[i], ts);
	if (v[C_CPU].type != QUERY_NULL)
		plot_real(f[SYS_CPU], ts, v[C_CPU].r);
	plot_real(f[SYS_LOAD], ts, v[C_LOAD].r);
	plot_real(f[SYS_MEM_USED], ts, (double)v[C_USED].i / KIB);
	plot_real(f[SYS_MEM_FREE], ts, (double)v[C_FREE].i / KIB);
	plot_delta(f[SYS_IN_BYTES], ts, same_boot, s->prev_in, v[C_IN].i);
	plot_int(f[SYS_IN_ERRORS], ts, v[C_IN_ERR].i);
	plot_int(f[SYS_IN_DROPPED], ts, v[C_IN_DROP].i);
	plot_delta(f[SYS_OUT_BYTES], ts, same_boot, s->prev_out, v[C_OUT].i);
	plot_int(f[SYS_OUT_ERRORS], ts, v[C_OUT_ERR].i);
	plot_int(f[SYS_OUT_DROPPED], ts, v[C_OUT_DROP].i);
	s->has_prev = 1;
	s->prev_boot = v[C_BOOT].i;
	s->prev_in = v[C_IN].i;
	s->prev_out = v[C_OUT].i;
	s->last_ts = ts;
	return 0;
}

/* Where a kind's rows are read from: the day's start, or for an update
 * the last run of table the files hold (the baseline of the deltas). */
static int plots_base(sqlite3 *db, const char *table, int64_t kind_from, int64_t day_start,
		      int64_t *base)
{
	int64_t ts;
	int rc;

	*base = day_start;
	if (kind_from == INT64_MIN)
		return 0;
	rc = query_last_ts(db, table, kind_from + 1, &ts);
	if (rc > 0 && ts > day_start)
		*base = ts;
	return rc < 0 ? -1 : 0;
}

static int plots_system(sqlite3 *db, struct plots *p, int64_t day_start)
{
	int64_t from = plot_kind_from(p, plots_is_system), base;
	struct plot_system s = {.p = p, .last_ts = from == INT64_MIN ? day_start - 1 : from};
	int rc;

	if (plots_base(db, "system_sample", from, day_start, &base) < 0)
		return -1;
	for (size_t i = 0; i < SYS_N; i++)
		plot_file_begin(p, &s.f[i], sys_files[i]);
	rc = query_table_rows(db, "system_sample", NULL, sys_columns, SYS_NCOLUMNS, base,
			      day_start + DAYTIME_DAY_SECONDS, plot_system_row, &s);
	for (size_t i = 0; i < SYS_N; i++) {
		if (rc < 0)
			plot_file_abort(&s.f[i]);
		else
			plot_file_end(p, &s.f[i], "", s.last_ts);
	}
	return rc;
}

/* The files of one device. */
struct plot_device {
	char *dev;
	struct plot_file used, free;
};

struct plot_disks {
	struct plots *p;
	struct plot_device *v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
	int64_t last_ts;
};

static struct plot_device *plot_device(struct plot_disks *d, const char *dev)
{
	char part[256], name[320];
	struct plot_device *x;

	for (size_t i = 0; i < d->n; i++) {
		if (strcmp(d->v[i].dev, dev) == 0)
			return &d->v[i];
	}
	x = LIST_PUSH(d);
	x->dev = xstrdup(dev);
	csv_name_part(part, sizeof(part), dev);
	snprintf(name, sizeof(name), "system_disk_memory_used_%s.csv", part);
	plot_file_begin(d->p, &x->used, name);
	snprintf(name, sizeof(name), "system_disk_memory_free_%s.csv", part);
	plot_file_begin(d->p, &x->free, name);
	return x;
}

static int plot_disk_row(void *arg, int64_t ts, const struct query_value *v, size_t n)
{
	struct plot_disks *d = arg;
	struct plot_device *x = plot_device(d, v[0].text ? v[0].text : "");

	(void)n;
	plot_real(plot_file_row(d->p, &x->used, ts), ts, (double)v[1].i / KIB);
	plot_real(plot_file_row(d->p, &x->free, ts), ts, (double)v[2].i / KIB);
	if (ts > d->last_ts)
		d->last_ts = ts;
	return 0;
}

static int plots_disk(sqlite3 *db, struct plots *p, int64_t day_start)
{
	static const char *const columns[] = {"partition", "used", "free"};
	int64_t from = plot_kind_from(p, plots_is_disk);
	struct plot_disks d = {.p = p, .last_ts = from == INT64_MIN ? day_start - 1 : from};
	int rc;

	rc = query_table_rows(db, "disk_sample", "partition", columns, 3,
			      from == INT64_MIN ? day_start : from + 1,
			      day_start + DAYTIME_DAY_SECONDS, plot_disk_row, &d);
	for (size_t i = 0; i < d.n; i++) {
		if (rc < 0) {
			plot_file_abort(&d.v[i].used);
			plot_file_abort(&d.v[i].free);
		} else {
			plot_file_end(p, &d.v[i].used, d.v[i].dev, d.last_ts);
			plot_file_end(p, &d.v[i].free, d.v[i].dev, d.last_ts);
		}
		free(d.v[i].dev);
	}
	free(d.v);
	if (rc == 0)
		plot_kind_carry(p, plots_is_disk, d.last_ts);
	return rc;
}

/* Removes the disk, partition, VM and temperature plot files that are not today's. */
static void plots_remove_stale(struct plots *p)
{
	struct dirent *e;
	DIR *d = opendir(p->out);

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!plots_is_disk(e->d_name) && !plots_is_csv(e->d_name, "partition_") &&
		    !plotvm_is_kind(e->d_name) && !plottemp_is_kind(e->d_name))
			continue;
		if (!plotstate_find(&p->next, e->d_name) && unlinkat(dirfd(d), e->d_name, 0) < 0)
			log_warn("%s/%s", p->out, e->d_name);
	}
	closedir(d);
}

/* The record changed: some file was written, or a day began. */
static int plots_changed(const struct plots *p)
{
	if (p->old.n != p->next.n)
		return 1;
	for (size_t i = 0; i < p->next.n; i++) {
		const struct plotstate_rec *a = &p->next.v[i];
		const struct plotstate_rec *b = plotstate_find(&p->old, a->name);

		if (!b || a->day != b->day || a->last_ts != b->last_ts || a->size != b->size ||
		    strcmp(a->key, b->key) != 0)
			return 1;
	}
	return 0;
}

int plots_write(sqlite3 *db, const char *out, int64_t day_start)
{
	struct plots p = {.out = out, .day = day_start / DAYTIME_DAY_SECONDS};

	plotstate_load(out, &p.old);
	if (plots_system(db, &p, day_start) < 0 || plots_disk(db, &p, day_start) < 0 ||
	    plotpart_write(db, &p, day_start) < 0 || plotvm_write(db, &p, day_start) < 0 ||
	    plottemp_write(db, &p, day_start) < 0 || plotfolder_write(db, &p, day_start) < 0)
		p.failed = 1;
	if (!p.failed)
		plots_remove_stale(&p);
	/* With no room, the record stays as it was: the files written since
	 * no longer match it, and are rebuilt by the next run. */
	if (!p.full && plots_changed(&p) && plotstate_save(out, &p.next) < 0)
		p.failed = 1;
	plotstate_free(&p.old);
	plotstate_free(&p.next);
	if (p.full)
		errno = ENOSPC;
	return p.failed ? -1 : 0;
}
