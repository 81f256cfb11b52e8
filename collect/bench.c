/* bench: the machine benchmark's parts in order, its daily hour, and its rows. */
#include "bench.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "store.h"

static const char *const bench_names[BENCH_PARTS] = {
    "cpu", "sqlite", "disk_write", "disk_read", "net_up", "net_down",
};
static const char *const bench_units[BENCH_PARTS] = {
    "Mop/s", "rows/s", "MiB/s", "MiB/s", "MiB/s", "MiB/s",
};

static int64_t bench_part_ms = BENCH_PART_MS;

void bench_set_part_ms(unsigned long ms)
{
	bench_part_ms = (int64_t)ms;
}

const char *bench_part_name(enum bench_part p)
{
	return bench_names[p];
}

const char *bench_part_unit(enum bench_part p)
{
	return bench_units[p];
}

int64_t bench_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int64_t bench_deadline(void)
{
	return bench_now_ns() + bench_part_ms * 1000000;
}

void bench_set(struct bench_score *s, double units, double scale, int64_t start_ns)
{
	int64_t ns = bench_now_ns() - start_ns;

	/* A part faster than the clock's step still gets a finite score. */
	if (ns < 1)
		ns = 1;
	s->done = 1;
	s->score = units * scale / ((double)ns / 1e9);
	s->elapsed_ms = (ns + 500000) / 1000000;
}

int bench_run(const char *dbpath, const char *peer, struct bench_result *out)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(dbpath, '/');

	memset(out, 0, sizeof(*out));
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if ((size_t)snprintf(dir, sizeof(dir), "%.*s", (int)(slash - dbpath), dbpath) >=
		 sizeof(dir))
		return log_warnx("benchmark: database path too long");
	if (slash == dbpath)
		snprintf(dir, sizeof(dir), "/");
	out->failed += bench_cpu(&out->part[BENCH_CPU]) < 0;
	out->failed += bench_sqlite(dbpath, &out->part[BENCH_SQLITE]) < 0;
	out->failed +=
	    bench_disk(dir, &out->part[BENCH_DISK_WRITE], &out->part[BENCH_DISK_READ]) < 0;
	if (peer && *peer)
		out->failed +=
		    bench_net(peer, &out->part[BENCH_NET_UP], &out->part[BENCH_NET_DOWN]) < 0;
	return out->failed ? -1 : 0;
}

int bench_parse_hour(const char *s, int *hour)
{
	unsigned long h;

	if (!s || strcmp(s, "off") == 0) {
		*hour = -1;
		return 0;
	}
	if (parse_ulong(s, 23, &h) < 0)
		return -1;
	*hour = (int)h;
	return 0;
}

int bench_due(sqlite3 *db, int64_t ts, int hour)
{
	int64_t day = ts - ts % 86400;
	sqlite3_stmt *st;
	int rc;

	if (hour < 0 || (ts % 86400) / 3600 < hour)
		return 0;
	st = db_prepare(db, "SELECT 1 FROM benchmark_sample WHERE ts >= ? AND ts < ? LIMIT 1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_int64(st, 2, day + 86400);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_fail(db, "benchmark_sample");
	return 1;
}

int bench_store(sqlite3 *db, int64_t ts, const struct bench_result *r)
{
	sqlite3_stmt *st;
	int rc = 0, n = 0;

	if (store_begin(db) < 0)
		return -1;
	st = db_prepare(db, "INSERT OR IGNORE INTO benchmark_sample (ts, part, score, unit,"
			    " elapsed_ms) VALUES (?, ?, ?, ?, ?)");
	if (!st) {
		store_rollback(db);
		return -1;
	}
	for (int p = 0; p < BENCH_PARTS && rc == 0; p++) {
		if (!r->part[p].done)
			continue;
		sqlite3_bind_int64(st, 1, ts);
		sqlite3_bind_text(st, 2, bench_names[p], -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, r->part[p].score);
		sqlite3_bind_text(st, 4, bench_units[p], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, r->part[p].elapsed_ms);
		rc = store_step_done(db, st);
		n += rc == 0 && sqlite3_changes(db) > 0;
	}
	sqlite3_finalize(st);
	if (rc < 0 || store_commit(db) < 0) {
		store_rollback(db);
		return -1;
	}
	return n;
}

int bench_collect(sqlite3 *db, int64_t ts, const char *dbpath, const char *peer, int print)
{
	struct bench_result r;
	int failed = bench_run(dbpath, peer, &r) < 0;
	int rows = bench_store(db, ts, &r);

	if (rows < 0)
		return -1;
	for (int p = 0; print && p < BENCH_PARTS; p++)
		if (r.part[p].done)
			printf("benchmark %s %.1f %s in %lld ms\n", bench_names[p], r.part[p].score,
			       bench_units[p], (long long)r.part[p].elapsed_ms);
	if (print)
		fflush(stdout);
	if (rows == 0 && !failed) {
		log_warnx("a benchmark at %lld is stored already; this one is not", (long long)ts);
		return 0;
	}
	return failed ? -1 : rows;
}
