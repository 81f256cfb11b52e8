/* bench_sqlite: inserts in one transaction, then indexed queries, on a
 * temporary database beside the collector's, in rows per second. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"
#include "log.h"

#define BENCH_ROWS  20000
#define BENCH_STEPS 256 /* rows between two looks at the clock */

/* The temporary database and its journal: removed before (a run killed
 * half-way left them) and after. The collector's lock is held, so no
 * other run uses the name. */
static void bench_sqlite_remove(const char *path, const char *journal)
{
	unlink(path);
	unlink(journal);
}

/* The next key of a fixed sequence (a 32-bit LCG): the same keys each run. */
static uint32_t bench_key(uint32_t *seed)
{
	*seed = *seed * 1664525u + 1013904223u;
	return *seed >> 8;
}

static int bench_sqlite_fail(sqlite3 *db, const char *path)
{
	log_warnx("benchmark sqlite: %s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
	return -1;
}

/* Inserts up to BENCH_ROWS rows in one transaction. Returns the rows, or -1. */
static long bench_inserts(sqlite3 *db, int64_t deadline)
{
	sqlite3_stmt *st = NULL;
	uint32_t seed = 42;
	long n = 0;

	if (sqlite3_exec(db,
			 "CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER, v TEXT);"
			 "CREATE INDEX t_k ON t (k); BEGIN",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t (k, v) VALUES (?, ?)", -1, &st, NULL) !=
		SQLITE_OK)
		goto fail;
	while (n < BENCH_ROWS &&
	       (n < BENCH_STEPS || n % BENCH_STEPS || bench_now_ns() <= deadline)) {
		sqlite3_bind_int64(st, 1, bench_key(&seed));
		sqlite3_bind_text(st, 2, "node-monitor benchmark row", -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(st);
		n++;
	}
	sqlite3_finalize(st);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	return n;
fail:
	sqlite3_finalize(st);
	return -1;
}

/* Up to rows indexed lookups of keys inserted. Returns the lookups, or -1. */
static long bench_queries(sqlite3 *db, long rows, int64_t deadline)
{
	sqlite3_stmt *st = NULL;
	uint32_t seed = 42;
	long n = 0;

	if (sqlite3_prepare_v2(db, "SELECT v FROM t WHERE k = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (n < rows && (n < BENCH_STEPS || n % BENCH_STEPS || bench_now_ns() <= deadline)) {
		sqlite3_bind_int64(st, 1, bench_key(&seed));
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_reset(st);
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

int bench_sqlite(const char *dbpath, struct bench_score *s)
{
	char path[4096], journal[4096];
	sqlite3 *db = NULL;
	int64_t start, deadline;
	long ins, sel = 0;
	int rc = -1;

	if ((size_t)snprintf(path, sizeof(path), "%s.bench", dbpath) >= sizeof(path) ||
	    (size_t)snprintf(journal, sizeof(journal), "%s.bench-journal", dbpath) >=
		sizeof(journal))
		return log_warnx("benchmark sqlite: path too long");
	bench_sqlite_remove(path, journal);
	start = bench_now_ns();
	deadline = bench_deadline();
	/* A part cut short still does its first BENCH_STEPS rows each way. */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		bench_sqlite_fail(db, path);
		goto out;
	}
	ins = bench_inserts(db, deadline);
	if (ins >= 0)
		sel = bench_queries(db, ins, deadline);
	if (ins < 0 || sel < 0) {
		bench_sqlite_fail(db, path);
		goto out;
	}
	bench_set(s, (double)(ins + sel), 1.0, start);
	rc = 0;
out:
	sqlite3_close(db);
	bench_sqlite_remove(path, journal);
	return rc;
}
