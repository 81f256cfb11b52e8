/* query: the SQL statements and transactions of node-report (those of the
 * VM reports and alerts are in query_vm.h, those of the VM plot files and
 * of the VM keys retention drops in query_vmplot.h). */
#ifndef NM_QUERY_H
#define NM_QUERY_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* Every function here logs a failure once, with the statement's context,
 * and returns -1; callers pass -1 up without logging again. Rows go to a
 * callback, whose text pointers are only valid during the call; it returns
 * 0 to go on, or -1 to stop (it said why), and the query then returns -1
 * without logging. Times are UTC epoch seconds, days UTC day numbers
 * (seconds / DAYTIME_DAY_SECONDS); row queries cover [from, to). */

/* A list of day numbers; free(v) releases it. */
struct query_days {
	int64_t *v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
};

/* A row of user_sample (one process), in (ts, pid) order, with its run's
 * clock (has_boottime 0 and boot_id NULL where the run table has none). */
struct query_proc_row {
	int64_t ts;
	int pid;
	int64_t start_time;
	int has_start_ticks; /* start_ticks is not NULL */
	int64_t start_ticks;
	const char *partition;
	int64_t cpu_time_cs;
	int64_t memory_rss_kib;
	int has_io; /* io_rw_counter is not NULL */
	int64_t io_rw_counter;
	int has_boottime;
	int64_t boottime_ns;
	const char *boot_id;
};

typedef int query_proc_fn(void *arg, const struct query_proc_row *r);
int query_proc_rows(sqlite3 *db, int64_t from, int64_t to, query_proc_fn *fn, void *arg);

/* One value of a generic row, with SQLite's own storage class. */
enum query_type {
	QUERY_INTEGER = SQLITE_INTEGER,
	QUERY_REAL = SQLITE_FLOAT,
	QUERY_TEXT = SQLITE_TEXT,
	QUERY_BLOB = SQLITE_BLOB,
	QUERY_NULL = SQLITE_NULL,
};

struct query_value {
	enum query_type type;
	int64_t i;	  /* the value as an integer (0 for NULL), whatever its type */
	double r;	  /* the value as a real (0 for NULL), whatever its type */
	const char *text; /* REAL as SQLite prints it, or TEXT; NULL otherwise */
};

typedef int query_row_fn(void *arg, int64_t ts, const struct query_value *v, size_t n);

/* Reads the stored columns (names, n of them) of the rows of table (a
 * sample table, or run) in [from, to), ordered by ts and then by key (a
 * column name, or NULL for ts alone). fn gets each row's ts and its n
 * values. */
int query_table_rows(sqlite3 *db, const char *table, const char *key, const char *const *columns,
		     size_t n, int64_t from, int64_t to, query_row_fn *fn, void *arg);

/* The last ts of table (a sample table) before before: 1 with *ts set, 0
 * if there is none, or -1. */
int query_last_ts(sqlite3 *db, const char *table, int64_t before, int64_t *ts);

/* Appends to out the days before today that hold rows in some sample table
 * and are not reported, oldest first, each once. Each table's days are
 * found by seeking its key, not by scanning it. */
int query_pending_days(sqlite3 *db, int64_t today, struct query_days *out);

/* Returns 1 if day is marked reported, 0 if not, or -1. */
int query_day_reported(sqlite3 *db, int64_t day);

/* Begins the read transaction in which a day is dumped. */
int query_begin_read(sqlite3 *db);

/* The number of rows of day, summed over the sample tables and run. The
 * collector only inserts, and only node-report deletes: a day whose count
 * did not change holds the same rows. */
int query_day_rows(sqlite3 *db, int64_t day, int64_t *rows);

/* Marks day reported at now and commits the read transaction that dumped
 * it, in which the day held rows rows (query_day_rows). If something was
 * committed since that transaction began (SQLITE_BUSY_SNAPSHOT), or a
 * writer holds the lock (SQLITE_BUSY), the day is counted again in a write
 * transaction, which waits for the lock: it is marked if its count is
 * unchanged (the commit was another day's, most often today's), else rows
 * arrived late and the day must be dumped again. Returns 0, 1 when the day
 * must be dumped again (not logged), or -1. On anything but 0 a
 * transaction may still be open: query_rollback ends it. */
int query_mark_day(sqlite3 *db, int64_t day, int64_t now, int64_t rows);

/* Ends an open transaction without its changes; nothing if none is open. */
void query_rollback(sqlite3 *db);

/* Begins the write transaction of retention; query_commit ends it. */
int query_begin_write(sqlite3 *db);
int query_commit(sqlite3 *db);

/* Appends to out the reported days before day cutoff. */
int query_reported_before(sqlite3 *db, int64_t cutoff, struct query_days *out);

/* Deletes the rows of days from every sample table and run, day by day, so that
 * each delete is a range of the key. */
int query_delete_days(sqlite3 *db, const struct query_days *days);

/* Forgets the marks of the days before day cutoff. */
int query_forget_before(sqlite3 *db, int64_t cutoff);

/* Hands the database's free pages back to the file system. */
int query_vacuum(sqlite3 *db);

#endif
