/* dump: every complete unreported UTC day into CSV files and a tar.gz. */
#include "dump.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "tarball.h"
#include "csv.h"
#include "daytime.h"
#include "db.h"
#include "list.h"
#include "log.h"
#include "xalloc.h"

#define DAY DAYTIME_DAY_SECONDS

/* One table's dump: the query gives ts first (written as date,time) and
 * then the columns, whose names make the header. Rows come in key order.
 * The process table is large, so its generated columns are formatted here
 * from the stored integers, as SQLite would print them: `hints` has one
 * letter per column after ts, 'v' as the value is, '2' or '4' an integer
 * in hundredths or ten-thousandths, 'p' this column and the next joined by
 * '-' (the next has no header of its own). */
static const struct dump_table {
	const char *table;
	const char *sql;
	const char *hints;
} dump_tables[] = {
    {"user",
     "SELECT ts, partition, pid, pid AS process, start_time, cpu_centipercent AS cpu_percent,"
     " cpu_time_cs AS cpu_time, cpu_num_threads, memory_ppm AS memory_percent,"
     " memory_rss_kib * 1024 AS memory_rss, io_rw_counter, io_cycles_counter, command"
     " FROM user_sample WHERE ts >= ?1 AND ts < ?2 ORDER BY ts, pid",
     "vvpv22v4vvvv"},
    {"system",
     "SELECT ts, loadavg, cpu_percent, memory_used, memory_free, swap_used,"
     " net_in_bytes, net_in_errors, net_in_dropped, net_out_bytes, net_out_errors,"
     " net_out_dropped, boot_time FROM system_sample"
     " WHERE ts >= ?1 AND ts < ?2 ORDER BY ts",
     NULL},
    {"net",
     "SELECT ts, interface, in_bytes, in_errors, in_dropped, out_bytes, out_errors,"
     " out_dropped FROM net_sample WHERE ts >= ?1 AND ts < ?2 ORDER BY ts, interface",
     NULL},
    {"computer",
     "SELECT ts, cpu_num_core, cpu_frequency, cpu_type, memory_size, memory_type,"
     " partition_list FROM computer_sample WHERE ts >= ?1 AND ts < ?2 ORDER BY ts",
     NULL},
    {"disk",
     "SELECT ts, partition, mountpoint, used, free, read_bytes, write_bytes,"
     " io_time_ms FROM disk_sample WHERE ts >= ?1 AND ts < ?2 ORDER BY ts, partition",
     NULL},
};

#define NTABLES (sizeof(dump_tables) / sizeof(dump_tables[0]))

/* Newlines in a file, counted the same way as in an archive member. */
static void count_text_lines(const char *s, uint64_t *lines)
{
	for (; (s = strchr(s, '\n')) != NULL; s++)
		(*lines)++;
}

/* Writes one column's value of the current row. */
static void dump_value(struct afile *f, sqlite3_stmt *st, int c, char hint, uint64_t *lines)
{
	int type = sqlite3_column_type(st, c);

	if (type == SQLITE_INTEGER && (hint == '2' || hint == '4')) {
		csv_fixed(f, sqlite3_column_int64(st, c), hint - '0');
		return;
	}
	switch (type) {
	case SQLITE_INTEGER:
		csv_int(f, sqlite3_column_int64(st, c));
		break;
	case SQLITE_FLOAT:
		afile_puts(f, (const char *)sqlite3_column_text(st, c));
		break;
	case SQLITE_TEXT: {
		const char *text = (const char *)sqlite3_column_text(st, c);

		csv_text(f, text);
		count_text_lines(text, lines);
		break;
	}
	default:
		break;
	}
}

/* Writes one table's rows of [from, to) as CSV into f; counts lines. */
static int dump_table(sqlite3 *db, const struct dump_table *t, int64_t from, struct afile *f,
		      uint64_t *lines)
{
	char stamp[21];
	int64_t stamp_ts = -1;
	sqlite3_stmt *st = db_prepare(db, t->sql);
	int ncol, rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, from + DAY);
	ncol = sqlite3_column_count(st);
	if (t->hints && strlen(t->hints) != (size_t)ncol - 1) {
		sqlite3_finalize(st);
		return log_warnx("dump of %s: %d columns for %zu hints", t->table, ncol - 1,
				 strlen(t->hints));
	}
	afile_puts(f, "date,time");
	for (int c = 1; c < ncol; c++) {
		afile_write(f, ",", 1);
		afile_puts(f, sqlite3_column_name(st, c));
		if (t->hints && t->hints[c - 1] == 'p')
			c++;
	}
	afile_write(f, "\r\n", 2);
	*lines = 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t ts = sqlite3_column_int64(st, 0);

		/* Rows of one run share their ts: format it once. */
		if (ts != stamp_ts) {
			daytime_date(ts, stamp);
			stamp[10] = ',';
			daytime_time(ts, stamp + 11);
			stamp_ts = ts;
		}
		afile_write(f, stamp, 19);
		for (int c = 1; c < ncol; c++) {
			char hint = 'v';

			if (t->hints)
				hint = t->hints[c - 1];

			afile_write(f, ",", 1);
			if (hint == 'p' && c + 1 < ncol) {
				csv_int(f, sqlite3_column_int64(st, c));
				afile_write(f, "-", 1);
				csv_int(f, sqlite3_column_int64(st, ++c));
				continue;
			}
			dump_value(f, st, c, hint, lines);
		}
		afile_write(f, "\r\n", 2);
		(*lines)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, t->table);
}

/* Removes the dump folder of a day: its dump files and temporaries only. */
static int dump_remove_folder(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int rc = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((strncmp(e->d_name, "dump_", 5) == 0 ||
		     strncmp(e->d_name, AFILE_TMP_PREFIX, strlen(AFILE_TMP_PREFIX)) == 0) &&
		    unlinkat(dirfd(d), e->d_name, 0) == 0)
			continue;
		rc = -1; /* something that is not ours: keep the folder */
	}
	closedir(d);
	if (rc == 0 && rmdir(dir) < 0)
		rc = -1;
	return rc;
}

/* Picks the archive name: the day's own, unless an archive is already
 * there with more lines in some member than this dump has; then the first
 * free "<day>.<n>.tar.gz", so that nothing archived is lost. */
static void dump_archive_name(const char *out, const char *day, const struct tarball_member *m,
			      char *path, size_t len)
{
	uint64_t old[NTABLES];
	struct stat sb;

	snprintf(path, len, "%s/%s.tar.gz", out, day);
	if (stat(path, &sb) < 0)
		return;
	if (tarball_count_lines(path, day, m, NTABLES, old) == 0) {
		size_t i;

		for (i = 0; i < NTABLES && old[i] <= m[i].lines; i++)
			;
		if (i == NTABLES)
			return;
	}
	for (int n = 1;; n++) {
		snprintf(path, len, "%s/%s.%d.tar.gz", out, day, n);
		if (stat(path, &sb) < 0)
			break;
	}
	log_warnx("%s/%s.tar.gz holds rows this database no longer has; keeping it and "
		  "writing %s",
		  out, day, path);
}

/* Marks the day reported inside the read transaction that dumped it, so
 * that rows stored since (a late run into that day) cannot be marked
 * unwritten: the upgrade to a write fails and the day is done again. */
static int dump_mark(sqlite3 *db, int64_t day, int64_t now)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT OR REPLACE INTO reported_day VALUES (?, ?)");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, day);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	if (sqlite3_extended_errcode(db) == SQLITE_BUSY_SNAPSHOT)
		return 1;
	return db_fail(db, "marking the day reported");
}

/* One day: CSV files, archive, mark, folder removed. Returns 0, 1 when the
 * day must be done again (rows were added meanwhile), or -1 (logged). */
static int dump_one(sqlite3 *db, const struct dump_opts *o, int64_t day)
{
	struct tarball_member m[NTABLES];
	char date[11], dir[4096], path[4096 + 256], name[NTABLES][32];
	int64_t from = day * DAY;
	int rc = -1;

	daytime_date(from, date);
	snprintf(dir, sizeof(dir), "%s/%s", o->out, date);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return log_warn("%s", dir);
	afile_sweep(dir);
	if (sqlite3_exec(db, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "begin");
	for (size_t i = 0; i < NTABLES; i++) {
		struct afile f;

		snprintf(name[i], sizeof(name[i]), "dump_%s.csv", dump_tables[i].table);
		m[i].name = name[i];
		snprintf(path, sizeof(path), "%s/%s", dir, name[i]);
		if (afile_open(&f, path) < 0) {
			log_warn("%s", path);
			goto out;
		}
		if (dump_table(db, &dump_tables[i], from, &f, &m[i].lines) < 0) {
			afile_abort(&f);
			goto out;
		}
		if (afile_commit(&f) < 0) {
			log_warn("%s", path);
			goto out;
		}
	}
	dump_archive_name(o->out, date, m, path, sizeof(path));
	if (tarball_day(path, o->out, date, from + DAY, m, NTABLES, o->level) < 0)
		goto out;
	rc = dump_mark(db, day, o->now);
	if (rc == 0 && (dump_remove_folder(dir) < 0 || afile_sync_dir(o->out) < 0))
		log_warn("%s: left in place", dir);
out:
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

struct days {
	int64_t *v;
	size_t n, cap;
};

static int cmp_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The days before today that hold rows and are not reported, oldest
 * first. Each table's days are found by seeking its key, not scanning. */
static int dump_pending(sqlite3 *db, int64_t today, struct days *out)
{
	char sql[256];
	sqlite3_stmt *rep = db_prepare(db, "SELECT 1 FROM reported_day WHERE day = ?");

	if (!rep)
		return -1;
	for (size_t t = 0; t < NTABLES; t++) {
		sqlite3_stmt *st;
		int64_t from = INT64_MIN;

		snprintf(sql, sizeof(sql), "SELECT min(ts) FROM %s_sample WHERE ts >= ?",
			 dump_tables[t].table);
		st = db_prepare(db, sql);
		if (!st)
			goto fail;
		for (;;) {
			int64_t day;

			sqlite3_bind_int64(st, 1, from);
			if (sqlite3_step(st) != SQLITE_ROW) {
				sqlite3_finalize(st);
				db_fail(db, dump_tables[t].table);
				goto fail;
			}
			if (sqlite3_column_type(st, 0) == SQLITE_NULL)
				break;
			day = daytime_day_start(sqlite3_column_int64(st, 0)) / DAY;
			sqlite3_reset(st);
			if (day >= today)
				break;
			sqlite3_bind_int64(rep, 1, day);
			if (sqlite3_step(rep) != SQLITE_ROW)
				*LIST_PUSH(out) = day;
			sqlite3_reset(rep);
			from = (day + 1) * DAY;
		}
		sqlite3_finalize(st);
	}
	sqlite3_finalize(rep);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_day);
	{
		size_t k = 0;

		for (size_t i = 0; i < out->n; i++)
			if (k == 0 || out->v[k - 1] != out->v[i])
				out->v[k++] = out->v[i];
		out->n = k;
	}
	return 0;
fail:
	sqlite3_finalize(rep);
	return -1;
}

int dump_days(sqlite3 *db, const struct dump_opts *o)
{
	struct days days = {0};
	int rc = 0;

	if (dump_pending(db, daytime_day_start(o->now) / DAY, &days) < 0) {
		free(days.v);
		return -1;
	}
	for (size_t i = 0; i < days.n && rc == 0; i++) {
		int tries = 0;

		do
			rc = dump_one(db, o, days.v[i]);
		while (rc == 1 && ++tries < 3);
		if (rc == 1)
			rc = log_warnx("rows kept arriving for day %" PRId64
				       "; left for the next run",
				       days.v[i]);
		if (rc == 0 && o->progress) {
			char date[11];

			daytime_date(days.v[i] * DAY, date);
			fprintf(stderr, "node-report: archived %s (%zu/%zu)\n", date, i + 1,
				days.n);
		}
	}
	free(days.v);
	return rc;
}

int dump_expire(sqlite3 *db, int64_t now, unsigned long keep_days)
{
	int64_t cutoff = daytime_day_start(now) / DAY - (int64_t)keep_days;
	sqlite3_stmt *st = NULL;
	struct days old = {0};
	char sql[128];
	int rc;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "begin");
	/* Day by day, so that each delete is a range of the key. */
	st = db_prepare(db, "SELECT day FROM reported_day WHERE day < ?");
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, cutoff);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*LIST_PUSH(&old) = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		db_fail(db, "reported_day");
		goto fail;
	}
	for (size_t t = 0; t < NTABLES && old.n; t++) {
		snprintf(sql, sizeof(sql), "DELETE FROM %s_sample WHERE ts >= ?1 AND ts < ?2",
			 dump_tables[t].table);
		st = db_prepare(db, sql);
		if (!st)
			goto fail;
		for (size_t i = 0; i < old.n; i++) {
			sqlite3_bind_int64(st, 1, old.v[i] * DAY);
			sqlite3_bind_int64(st, 2, (old.v[i] + 1) * DAY);
			if (sqlite3_step(st) != SQLITE_DONE) {
				db_fail(db, dump_tables[t].table);
				goto fail;
			}
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	/* No rows are left that those days' entries would describe. */
	st = db_prepare(db, "DELETE FROM reported_day WHERE day < ?");
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, cutoff);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, "reported_day");
		goto fail;
	}
	sqlite3_finalize(st);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, "commit");
		st = NULL;
		goto fail;
	}
	free(old.v);
	if (old.n && sqlite3_exec(db, "PRAGMA incremental_vacuum", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "incremental_vacuum");
	return (int)old.n;
fail:
	sqlite3_finalize(st);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	free(old.v);
	return -1;
}

int dump_sweep(sqlite3 *db, const char *out)
{
	sqlite3_stmt *rep;
	struct dirent *e;
	DIR *d;

	if (afile_sweep(out) < 0)
		return -1;
	rep = db_prepare(db, "SELECT 1 FROM reported_day WHERE day = ?");
	d = opendir(out);
	if (!rep || !d) {
		sqlite3_finalize(rep);
		if (d)
			closedir(d);
		return -1;
	}
	/* Only folders this program makes, of days it has marked. */
	while ((e = readdir(d)) != NULL) {
		int64_t day;

		if (daytime_parse_date(e->d_name, &day) < 0)
			continue;
		sqlite3_bind_int64(rep, 1, day);
		if (sqlite3_step(rep) == SQLITE_ROW) {
			char dir[4096];

			snprintf(dir, sizeof(dir), "%s/%s", out, e->d_name);
			if (dump_remove_folder(dir) < 0)
				log_warn("%s: left in place", dir);
		}
		sqlite3_reset(rep);
	}
	closedir(d);
	sqlite3_finalize(rep);
	return 0;
}
