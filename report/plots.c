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
#include "db.h"
#include "list.h"
#include "log.h"
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

static sqlite3_stmt *plot_query(sqlite3 *db, const char *sql, int64_t day_start)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, day_start);
	sqlite3_bind_int64(st, 2, day_start + DAYTIME_DAY_SECONDS);
	return st;
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

static int plots_system(sqlite3 *db, struct plots *p, int64_t day_start)
{
	struct afile f[SYS_N] = {{0}};
	int64_t prev_boot = 0, prev_in = 0, prev_out = 0;
	int has_prev = 0, rc, i;
	sqlite3_stmt *st;

	st = plot_query(db,
			"SELECT ts, boot_time, cpu_percent, loadavg, memory_used, memory_free,"
			" net_in_bytes, net_in_errors, net_in_dropped, net_out_bytes,"
			" net_out_errors, net_out_dropped FROM system_sample"
			" WHERE ts >= ?1 AND ts < ?2 ORDER BY ts",
			day_start);
	if (!st)
		return -1;
	for (i = 0; i < SYS_N; i++) {
		if (plot_open(p, &f[i], sys_files[i]) < 0)
			goto fail;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t ts = sqlite3_column_int64(st, 0);
		int64_t boot = sqlite3_column_int64(st, 1);
		int64_t in = sqlite3_column_int64(st, 6);
		int64_t out = sqlite3_column_int64(st, 9);
		int same_boot = has_prev && boot == prev_boot;

		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			plot_real(&f[SYS_CPU], ts, sqlite3_column_double(st, 2));
		plot_real(&f[SYS_LOAD], ts, sqlite3_column_double(st, 3));
		plot_real(&f[SYS_MEM_USED], ts, (double)sqlite3_column_int64(st, 4) / KIB);
		plot_real(&f[SYS_MEM_FREE], ts, (double)sqlite3_column_int64(st, 5) / KIB);
		plot_delta(&f[SYS_IN_BYTES], ts, same_boot, prev_in, in);
		plot_int(&f[SYS_IN_ERRORS], ts, sqlite3_column_int64(st, 7));
		plot_int(&f[SYS_IN_DROPPED], ts, sqlite3_column_int64(st, 8));
		plot_delta(&f[SYS_OUT_BYTES], ts, same_boot, prev_out, out);
		plot_int(&f[SYS_OUT_ERRORS], ts, sqlite3_column_int64(st, 10));
		plot_int(&f[SYS_OUT_DROPPED], ts, sqlite3_column_int64(st, 11));
		has_prev = 1;
		prev_boot = boot;
		prev_in = in;
		prev_out = out;
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "system");
		goto fail;
	}
	sqlite3_finalize(st);
	for (i = 0; i < SYS_N; i++)
		plot_commit(p, &f[i]);
	return 0;
fail:
	sqlite3_finalize(st);
	for (i = 0; i < SYS_N; i++)
		afile_abort(&f[i]);
	return -1;
}

static int plots_disk(sqlite3 *db, struct plots *p, int64_t day_start)
{
	struct afile used = {0}, freef = {0};
	char *dev = NULL;
	sqlite3_stmt *st;
	int rc;

	st = plot_query(db,
			"SELECT ts, partition, used, free FROM disk_sample"
			" WHERE ts >= ?1 AND ts < ?2 ORDER BY partition, ts",
			day_start);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 1);
		int64_t ts = sqlite3_column_int64(st, 0);

		if (!dev || strcmp(dev, d) != 0) {
			char part[256], name[320];

			plot_commit(p, &used);
			plot_commit(p, &freef);
			free(dev);
			dev = xstrdup(d);
			csv_name_part(part, sizeof(part), d);
			snprintf(name, sizeof(name), "system_disk_memory_used_%s.csv", part);
			if (plot_open(p, &used, name) < 0)
				break;
			snprintf(name, sizeof(name), "system_disk_memory_free_%s.csv", part);
			if (plot_open(p, &freef, name) < 0)
				break;
		}
		plot_real(&used, ts, (double)sqlite3_column_int64(st, 2) / KIB);
		plot_real(&freef, ts, (double)sqlite3_column_int64(st, 3) / KIB);
	}
	free(dev);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			db_fail(db, "disk");
		sqlite3_finalize(st);
		afile_abort(&used);
		afile_abort(&freef);
		return -1;
	}
	sqlite3_finalize(st);
	plot_commit(p, &used);
	plot_commit(p, &freef);
	return 0;
}

/* One point of a partition's series. */
struct part_point {
	int64_t ts;
	int64_t cpu_cp;	 /* sum of the processes' CPU, hundredths of a percent */
	int64_t rss_kib; /* sum of RSS */
	int64_t io;	 /* bytes read and written since the previous sample */
	int64_t dt;	 /* seconds since the previous sample, 0 for none */
	int count;
	int has_cpu;
};

struct part {
	char *name;
	struct part_point acc; /* the sample being read */
	struct {
		struct part_point *v;
		// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
		size_t n, cap;
	} pts;
};

struct parts {
	struct part *v;
	size_t n, cap;
	size_t last; /* the last partition found, tried first */
};

/* A process of one sample, for matching it in the next one. */
struct part_proc {
	int64_t start;
	int64_t io;
	int pid;
	int has_io;
	size_t part;
};

struct proc_set {
	struct part_proc *v;
	size_t n, cap;
};

static size_t part_find(struct parts *ps, const char *name)
{
	if (ps->last < ps->n && strcmp(ps->v[ps->last].name, name) == 0)
		return ps->last;
	for (size_t i = 0; i < ps->n; i++) {
		if (strcmp(ps->v[i].name, name) == 0)
			return ps->last = i;
	}
	LIST_PUSH(ps)->name = xstrdup(name);
	return ps->last = ps->n - 1;
}

/* Closes the sample at ts: one point for every partition known so far; a
 * partition without processes in it gets zeros. */
static void part_close_sample(struct parts *ps, int64_t ts, int64_t dt)
{
	for (size_t i = 0; i < ps->n; i++) {
		struct part *pa = &ps->v[i];
		struct part_point *pt = LIST_PUSH(&pa->pts);

		*pt = pa->acc;
		pt->ts = ts;
		pt->dt = dt;
		memset(&pa->acc, 0, sizeof(pa->acc));
	}
}

static void part_write(struct plots *p, const struct part *pa)
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
		for (size_t i = 0; i < pa->pts.n; i++) {
			const struct part_point *pt = &pa->pts.v[i];

			if (s == 0 && pt->has_cpu)
				plot_real(&f, pt->ts, (double)pt->cpu_cp / 100.0);
			else if (s == 1)
				plot_int(&f, pt->ts, pt->rss_kib);
			else if (s == 2 && pt->dt > 0)
				plot_real(&f, pt->ts, (double)pt->io / KIB / (double)pt->dt);
			else if (s == 3)
				plot_int(&f, pt->ts, pt->count);
		}
		plot_commit(p, &f);
	}
}

/* Adds one process row to its partition's sample. Its I/O counts from the
 * same process (pid and start time) in the previous sample, or from zero
 * if it was born since; prev is sorted by pid and *j walks along it. */
static void part_add(struct parts *ps, struct part_proc *c, sqlite3_stmt *st,
		     const struct proc_set *prev, size_t *j, int64_t prev_ts)
{
	const struct part_proc *old = NULL;
	struct part_point *acc;

	while (*j < prev->n && prev->v[*j].pid < c->pid)
		(*j)++;
	if (*j < prev->n && prev->v[*j].pid == c->pid && prev->v[*j].start == c->start)
		old = &prev->v[*j];
	c->part = old ? old->part : part_find(ps, (const char *)sqlite3_column_text(st, 3));
	acc = &ps->v[c->part].acc;
	acc->count++;
	if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
		acc->has_cpu = 1;
		acc->cpu_cp += sqlite3_column_int64(st, 4);
	}
	acc->rss_kib += sqlite3_column_int64(st, 5);
	if (!c->has_io || prev_ts == 0)
		return;
	if (old && old->has_io && c->io >= old->io)
		acc->io += c->io - old->io;
	else if (!old && c->start >= prev_ts)
		acc->io += c->io;
}

/* One pass over today's process rows in key order (ts, pid). */
static int plots_partitions(sqlite3 *db, struct plots *p, int64_t day_start)
{
	struct proc_set sets[2] = {{0}}, *prev = &sets[0], *cur = &sets[1], *tmp;
	struct parts ps = {0};
	int64_t ts = 0, prev_ts = 0;
	size_t j = 0;
	sqlite3_stmt *st;
	int rc;

	st = plot_query(db,
			"SELECT ts, pid, start_time, partition, cpu_centipercent, memory_rss_kib,"
			" io_rw_counter FROM user_sample WHERE ts >= ?1 AND ts < ?2"
			" ORDER BY ts, pid",
			day_start);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t t = sqlite3_column_int64(st, 0);
		struct part_proc *c;

		if (t != ts) {
			if (ts) {
				part_close_sample(&ps, ts, prev_ts ? ts - prev_ts : 0);
				prev_ts = ts;
				tmp = prev;
				prev = cur;
				cur = tmp;
			}
			cur->n = 0;
			j = 0;
			ts = t;
		}
		c = LIST_PUSH(cur);
		c->pid = sqlite3_column_int(st, 1);
		c->start = sqlite3_column_int64(st, 2);
		c->has_io = sqlite3_column_type(st, 6) != SQLITE_NULL;
		c->io = sqlite3_column_int64(st, 6);
		part_add(&ps, c, st, prev, &j, prev_ts);
	}
	if (rc == SQLITE_DONE) {
		if (ts)
			part_close_sample(&ps, ts, prev_ts ? ts - prev_ts : 0);
		for (size_t i = 0; i < ps.n; i++)
			part_write(p, &ps.v[i]);
		rc = 0;
	} else {
		rc = db_fail(db, "user");
	}
	sqlite3_finalize(st);
	free(sets[0].v);
	free(sets[1].v);
	for (size_t i = 0; i < ps.n; i++) {
		free(ps.v[i].name);
		free(ps.v[i].pts.v);
	}
	free(ps.v);
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
