/* query: the SQL statements and transactions of node-report. */
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daytime.h"
#include "db.h"
#include "list.h"
#include "log.h"
#include "sbuf.h"

/* Every table a day's rows live in: the sample tables, then run (which
 * alone makes no day pending). */
static const char *const query_tables[] = {
    "user_sample", "system_sample", "net_sample",	"computer_sample",
    "disk_sample", "vm_sample",	    "vm_net_sample",	"vm_disk_sample",
    "alert",	   "folder_sample", "benchmark_sample", "temperature_sample",
    "run"};

#define QUERY_NTABLES (sizeof(query_tables) / sizeof(query_tables[0]))
#define QUERY_NSAMPLE (QUERY_NTABLES - 1)

/* Prepares sql with [from, to) bound to ?1 and ?2; NULL if it failed (logged). */
static sqlite3_stmt *query_range(sqlite3 *db, const char *sql, int64_t from, int64_t to)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	return st;
}

/* Finalizes a statement whose rows were read: 0 if they all were, -1 if
 * the callback stopped (rc SQLITE_ROW) or SQLite failed (logged as what). */
static int query_done(sqlite3 *db, sqlite3_stmt *st, int rc, const char *what)
{
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		db_fail(db, what);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void query_proc_read(sqlite3_stmt *st, struct query_proc_row *r)
{
	r->ts = sqlite3_column_int64(st, 0);
	r->pid = sqlite3_column_int(st, 1);
	r->start_time = sqlite3_column_int64(st, 2);
	r->partition = (const char *)sqlite3_column_text(st, 3);
	r->cpu_time_cs = sqlite3_column_int64(st, 4);
	r->memory_rss_kib = sqlite3_column_int64(st, 5);
	r->has_io = sqlite3_column_type(st, 6) != SQLITE_NULL;
	r->io_rw_counter = sqlite3_column_int64(st, 6);
	r->has_start_ticks = sqlite3_column_type(st, 7) != SQLITE_NULL;
	r->start_ticks = sqlite3_column_int64(st, 7);
	r->has_boottime = sqlite3_column_type(st, 8) != SQLITE_NULL;
	r->boottime_ns = sqlite3_column_int64(st, 8);
	r->boot_id = (const char *)sqlite3_column_text(st, 9);
}

int query_proc_rows(sqlite3 *db, int64_t from, int64_t to, query_proc_fn *fn, void *arg)
{
	struct query_proc_row r;
	sqlite3_stmt *st;
	int rc;

	st = query_range(db,
			 "SELECT u.ts, pid, start_time, partition, cpu_time_cs, memory_rss_kib,"
			 " io_rw_counter, start_ticks, r.boottime_ns, r.boot_id FROM user_sample u"
			 " LEFT JOIN run r ON r.ts = u.ts WHERE u.ts >= ?1 AND u.ts < ?2"
			 " ORDER BY u.ts, pid",
			 from, to);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		query_proc_read(st, &r);
		if (fn(arg, &r) < 0)
			break;
	}
	return query_done(db, st, rc, "user");
}

/* "SELECT ts, <columns> FROM <table> WHERE ... ORDER BY ts[, key]";
 * the caller frees it. */
static char *query_table_sql(const char *table, const char *key, const char *const *columns,
			     size_t n)
{
	struct sbuf sql = SBUF_INIT;

	sbuf_puts(&sql, "SELECT ts");
	for (size_t c = 0; c < n; c++)
		sbuf_printf(&sql, ", %s", columns[c]);
	sbuf_printf(&sql, " FROM %s WHERE ts >= ?1 AND ts < ?2 ORDER BY ts", table);
	if (key)
		sbuf_printf(&sql, ", %s", key);
	return sbuf_detach(&sql, NULL);
}

/* The values of the current row's columns 1 to n. */
static void query_values(sqlite3_stmt *st, struct query_value *v, size_t n)
{
	for (size_t c = 0; c < n; c++) {
		int col = (int)c + 1;

		v[c].type = (enum query_type)sqlite3_column_type(st, col);
		v[c].i = sqlite3_column_int64(st, col);
		v[c].r = sqlite3_column_double(st, col);
		v[c].text = NULL;
		if (v[c].type == QUERY_REAL || v[c].type == QUERY_TEXT)
			v[c].text = (const char *)sqlite3_column_text(st, col);
	}
}

#define QUERY_MAX_COLUMNS 32

int query_table_rows(sqlite3 *db, const char *table, const char *key, const char *const *columns,
		     size_t n, int64_t from, int64_t to, query_row_fn *fn, void *arg)
{
	struct query_value v[QUERY_MAX_COLUMNS];
	sqlite3_stmt *st;
	char *sql;
	int rc;

	if (n > QUERY_MAX_COLUMNS)
		return log_warnx("database: %s: %zu columns, at most %d", table, n,
				 QUERY_MAX_COLUMNS);
	sql = query_table_sql(table, key, columns, n);
	st = query_range(db, sql, from, to);
	free(sql);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		query_values(st, v, n);
		if (fn(arg, sqlite3_column_int64(st, 0), v, n) < 0)
			break;
	}
	return query_done(db, st, rc, table);
}

int query_last_ts(sqlite3 *db, const char *table, int64_t before, int64_t *ts)
{
	char sql[128];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT max(ts) FROM %s WHERE ts < ?", table);
	st = db_prepare(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, table);
	}
	rc = sqlite3_column_type(st, 0) != SQLITE_NULL;
	*ts = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* Appends the unreported days before today of one table; rep is
 * "is this day reported". */
static int query_table_days(sqlite3 *db, sqlite3_stmt *rep, const char *table, int64_t today,
			    struct query_days *out)
{
	char sql[256];
	int64_t from = INT64_MIN;
	sqlite3_stmt *st;

	snprintf(sql, sizeof(sql), "SELECT min(ts) FROM %s WHERE ts >= ?", table);
	st = db_prepare(db, sql);
	if (!st)
		return -1;
	for (;;) {
		int64_t day;

		sqlite3_bind_int64(st, 1, from);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_finalize(st);
			return db_fail(db, table);
		}
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			break;
		day = daytime_day_start(sqlite3_column_int64(st, 0)) / DAYTIME_DAY_SECONDS;
		sqlite3_reset(st);
		if (day >= today)
			break;
		sqlite3_bind_int64(rep, 1, day);
		if (sqlite3_step(rep) != SQLITE_ROW)
			*LIST_PUSH(out) = day;
		sqlite3_reset(rep);
		from = (day + 1) * DAYTIME_DAY_SECONDS;
	}
	sqlite3_finalize(st);
	return 0;
}

static int query_cmp_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Sorts days and drops the repeats. */
static void query_sort_days(struct query_days *days)
{
	size_t k = 0;

	if (days->n > 1)
		qsort(days->v, days->n, sizeof(*days->v), query_cmp_day);
	for (size_t i = 0; i < days->n; i++) {
		if (k == 0 || days->v[k - 1] != days->v[i])
			days->v[k++] = days->v[i];
	}
	days->n = k;
}

int query_pending_days(sqlite3 *db, int64_t today, struct query_days *out)
{
	sqlite3_stmt *rep = db_prepare(db, "SELECT 1 FROM reported_day WHERE day = ?");
	int rc = 0;

	if (!rep)
		return -1;
	for (size_t t = 0; t < QUERY_NSAMPLE && rc == 0; t++)
		rc = query_table_days(db, rep, query_tables[t], today, out);
	sqlite3_finalize(rep);
	if (rc == 0)
		query_sort_days(out);
	return rc;
}

int query_day_reported(sqlite3 *db, int64_t day)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM reported_day WHERE day = ?");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, day);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(db, "reported_day");
}

/* Runs a statement without results or parameters. */
static int query_exec(sqlite3 *db, const char *sql, const char *what)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, what);
	return 0;
}

int query_begin_read(sqlite3 *db)
{
	return query_exec(db, "BEGIN DEFERRED", "begin");
}

int query_day_rows(sqlite3 *db, int64_t day, int64_t *rows)
{
	struct sbuf sql = SBUF_INIT;
	sqlite3_stmt *st;
	int rc;

	sbuf_puts(&sql, "SELECT 0");
	for (size_t t = 0; t < QUERY_NTABLES; t++)
		sbuf_printf(&sql, " + (SELECT count(*) FROM %s WHERE ts >= ?1 AND ts < ?2)",
			    query_tables[t]);
	st = query_range(db, sql.s, day * DAYTIME_DAY_SECONDS, (day + 1) * DAYTIME_DAY_SECONDS);
	sbuf_release(&sql);
	if (!st)
		return -1;
	rc = sqlite3_step(st);
	*rows = sqlite3_column_int64(st, 0);
	return query_done(db, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, "counting a day's rows");
}

/* Inserts day's mark and commits. Returns 0, or the SQLite error code. */
static int query_insert_mark(sqlite3 *db, int64_t day, int64_t now)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT OR REPLACE INTO reported_day VALUES (?, ?)");
	int rc;

	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	return sqlite3_extended_errcode(db);
}

int query_mark_day(sqlite3 *db, int64_t day, int64_t now, int64_t rows)
{
	int64_t rows_now;
	int rc = query_insert_mark(db, day, now);

	if (rc == 0 || (rc & 0xff) != SQLITE_BUSY)
		return rc == 0 ? 0 : db_fail(db, "marking the day reported");
	/* A commit since the dump began, or a writer holding the lock (see
	 * query.h): the day is dumped again only if its own rows changed. */
	query_rollback(db);
	if (query_begin_write(db) < 0 || query_day_rows(db, day, &rows_now) < 0)
		return -1;
	if (rows_now != rows)
		return 1;
	return query_insert_mark(db, day, now) == 0 ? 0 : db_fail(db, "marking the day reported");
}

void query_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int query_begin_write(sqlite3 *db)
{
	return query_exec(db, "BEGIN IMMEDIATE", "begin");
}

int query_commit(sqlite3 *db)
{
	return query_exec(db, "COMMIT", "commit");
}

int query_reported_before(sqlite3 *db, int64_t cutoff, struct query_days *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT day FROM reported_day WHERE day < ?");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, cutoff);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*LIST_PUSH(out) = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "reported_day");
}

/* Deletes the rows of days from one table. */
static int query_delete_table_days(sqlite3 *db, const char *table, const struct query_days *days)
{
	char sql[128];
	sqlite3_stmt *st;

	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE ts >= ?1 AND ts < ?2", table);
	st = db_prepare(db, sql);
	if (!st)
		return -1;
	for (size_t i = 0; i < days->n; i++) {
		sqlite3_bind_int64(st, 1, days->v[i] * DAYTIME_DAY_SECONDS);
		sqlite3_bind_int64(st, 2, (days->v[i] + 1) * DAYTIME_DAY_SECONDS);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_fail(db, table);
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

int query_delete_days(sqlite3 *db, const struct query_days *days)
{
	for (size_t t = 0; t < QUERY_NTABLES && days->n; t++) {
		if (query_delete_table_days(db, query_tables[t], days) < 0)
			return -1;
	}
	return 0;
}

int query_forget_before(sqlite3 *db, int64_t cutoff)
{
	sqlite3_stmt *st = db_prepare(db, "DELETE FROM reported_day WHERE day < ?");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, cutoff);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		db_fail(db, "reported_day");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int query_vacuum(sqlite3 *db)
{
	return query_exec(db, "PRAGMA incremental_vacuum", "incremental_vacuum");
}
