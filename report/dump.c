/* dump: every complete unreported UTC day into CSV files and a tar.gz. */
#include "dump.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "afile.h"
#include "csv.h"
#include "daytime.h"
#include "dumpcols.h"
#include "log.h"
#include "query.h"
#include "tarball.h"

#define NTABLES		 DUMPCOLS_NTABLES
#define DUMP_MAX_SOURCES 32

/* A dump file being written. */
struct dump_file {
	struct afile *f;
	const struct dump_table *t;
	int64_t stamp_ts; /* the ts of date and time, -1 for none yet */
	char date[11];	  /* "YYYY-MM-DD" */
	char time[9];	  /* "HH:MM:SS" */
};

/* Writes one value in its column's format. */
static void dump_value(struct dump_file *d, enum dump_format format, const struct query_value *v)
{
	if (v->type == QUERY_INTEGER && (format == DUMP_CENTI || format == DUMP_MYRIAD)) {
		csv_fixed(d->f, v->i, format == DUMP_CENTI ? 2 : 4);
		return;
	}
	switch (v->type) {
	case QUERY_INTEGER:
		csv_int(d->f, v->i);
		break;
	case QUERY_REAL:
		afile_puts(d->f, v->text);
		break;
	case QUERY_TEXT:
		csv_text(d->f, v->text);
		break;
	default:
		break;
	}
}

/* Writes a column that is not read from the table: 0 if col is not one. */
static int dump_stamp(struct dump_file *d, const struct dump_column *col)
{
	if (col->format == DUMP_DATE)
		afile_write(d->f, d->date, 10);
	else if (col->format == DUMP_TIME)
		afile_write(d->f, d->time, 8);
	else if (col->format == DUMP_REPORTED)
		afile_write(d->f, "1", 1);
	else
		return 0;
	return 1;
}

/* Writes one row: each column from its value(s), or from the row's ts. */
static int dump_row(void *arg, int64_t ts, const struct query_value *v, size_t n)
{
	struct dump_file *d = arg;
	size_t k = 0;

	/* Rows of one run share their ts: format it once. */
	if (ts != d->stamp_ts) {
		daytime_date(ts, d->date);
		daytime_time(ts, d->time);
		d->stamp_ts = ts;
	}
	for (size_t c = 0; c < d->t->ncolumns; c++) {
		const struct dump_column *col = &d->t->columns[c];

		if (c > 0)
			afile_write(d->f, ",", 1);
		if (dump_stamp(d, col) || k >= n)
			continue;
		if (col->format == DUMP_PROCESS && k + 1 < n) {
			csv_int(d->f, v[k].i);
			afile_write(d->f, "-", 1);
			csv_int(d->f, v[k + 1].i);
			k += 2;
			continue;
		}
		dump_value(d, col->format, &v[k++]);
	}
	afile_write(d->f, "\r\n", 2);
	return 0;
}

/* The stored columns a table's dump reads, in order. Returns how many. */
static size_t dump_sources(const struct dump_table *t, const char **src)
{
	size_t n = 0;

	for (size_t c = 0; c < t->ncolumns && n + 2 <= DUMP_MAX_SOURCES; c++) {
		if (t->columns[c].source[0])
			src[n++] = t->columns[c].source[0];
		if (t->columns[c].format == DUMP_PROCESS)
			src[n++] = t->columns[c].source[1];
	}
	return n;
}

/* Writes one table's rows of [from, to) as CSV into f, header first. */
static int dump_table(sqlite3 *db, const struct dump_table *t, int64_t from, struct afile *f)
{
	struct dump_file d = {.f = f, .t = t, .stamp_ts = -1};
	const char *src[DUMP_MAX_SOURCES];
	size_t n = dump_sources(t, src);

	for (size_t c = 0; c < t->ncolumns; c++) {
		if (c > 0)
			afile_write(f, ",", 1);
		afile_puts(f, t->columns[c].name);
	}
	afile_write(f, "\r\n", 2);
	return query_table_rows(db, t->source, t->key, src, n, from, from + DAYTIME_DAY_SECONDS,
				dump_row, &d);
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

/* Logs path with errno's cause, and leaves errno as it was. Returns -1. */
static int dump_fail(const char *path)
{
	int err = errno;

	log_warn("%s", path);
	errno = err;
	return -1;
}

/* Writes the day's dump files into dir, inside the read transaction. */
static int dump_files(sqlite3 *db, const char *dir, int64_t from, struct tarball_member *m,
		      char (*name)[32])
{
	char path[4096 + 256];

	for (size_t i = 0; i < NTABLES; i++) {
		struct afile f;

		snprintf(name[i], sizeof(name[i]), "dump_%s.csv", dumpcols_tables[i].name);
		m[i].name = name[i];
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name[i]) >= sizeof(path)) {
			errno = ENAMETOOLONG;
			return dump_fail(dir);
		}
		if (afile_open(&f, path) < 0)
			return dump_fail(path);
		if (dump_table(db, &dumpcols_tables[i], from, &f) < 0) {
			afile_abort(&f);
			errno = 0; /* the database's failure, logged */
			return -1;
		}
		if (afile_commit(&f) < 0)
			return dump_fail(path);
	}
	return 0;
}

/* The bytes of each of the day's dump files, formatted as dump_files
 * does, into nothing. Returns 0 or -1 (logged). */
static int dump_measure(sqlite3 *db, int64_t from, off_t *size)
{
	for (size_t i = 0; i < NTABLES; i++) {
		struct afile f;
		int rc;

		if (afile_open_append(&f, "/dev/null") < 0)
			return log_warn("/dev/null");
		rc = dump_table(db, &dumpcols_tables[i], from, &f);
		size[i] = f.written;
		afile_abort(&f);
		if (rc < 0) {
			errno = 0; /* the database's failure, logged */
			return -1;
		}
	}
	return 0;
}

/* Refuses the day, with one line and errno ENOSPC, when its dump files
 * (each rounded up to whole blocks) and its archive do not fit in the
 * space out has free. The archive is not written yet: it is taken as a
 * quarter of the dumps (gzip leaves about a fifth of these CSV files even
 * at level 1), or as all of them at level 0. */
static int dump_guard(const struct dump_opts *o, const char *date, const off_t *size)
{
	struct statvfs vfs;
	uint64_t blk, dumps = 0, need = 0, avail;

	if (statvfs(o->out, &vfs) < 0)
		return dump_fail(o->out);
	blk = vfs.f_frsize ? (uint64_t)vfs.f_frsize : 4096;
	for (size_t i = 0; i < NTABLES; i++) {
		dumps += (uint64_t)size[i];
		need += ((uint64_t)size[i] + blk - 1) / blk * blk;
	}
	need += (o->level > 0 ? dumps / 4 : dumps) + blk;
	avail = (uint64_t)vfs.f_bavail * blk;
	if (need <= avail)
		return 0;
	log_warnx("%s: no room for %s: its dumps and archive need about %" PRIu64 " KiB, %" PRIu64
		  " KiB are free; left for the next run",
		  o->out, date, (need + 1023) / 1024, avail / 1024);
	errno = ENOSPC;
	return -1;
}

/* Writes the day's dump files into dir and archives them, inside the read
 * transaction, after the space they need is found free. */
static int dump_write(sqlite3 *db, const struct dump_opts *o, int64_t day, const char *dir)
{
	struct tarball_member m[NTABLES];
	char date[11], name[NTABLES][32];
	off_t size[NTABLES] = {0};
	int64_t from = day * DAYTIME_DAY_SECONDS;

	daytime_date(from, date);
	if (dump_measure(db, from, size) < 0 || dump_guard(o, date, size) < 0)
		return -1;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return dump_fail(dir);
	if (dump_files(db, dir, from, m, name) < 0)
		return -1;
	return tarball_day(o->out, date, from + DAYTIME_DAY_SECONDS, m, NTABLES, o->level);
}

/* One day: CSV files, archive, mark, folder removed. Returns 0, 1 when the
 * day must be done again (its rows changed meanwhile), or -1 (logged; *full
 * set when the out directory had no room). The day is marked inside the
 * read transaction that dumped it, so that rows stored since cannot be
 * marked unwritten. The dumps of a day that is not marked are no one's:
 * whatever a failed or killed run left of them is removed before the day
 * is written and after it failed, so that a retry needs no more room than
 * a first try. */
static int dump_one(sqlite3 *db, const struct dump_opts *o, int64_t day, int *full)
{
	char date[11], dir[4096];
	int64_t rows;
	int rc = -1, err;

	daytime_date(day * DAYTIME_DAY_SECONDS, date);
	snprintf(dir, sizeof(dir), "%s/%s", o->out, date);
	dump_remove_folder(dir);
	if (query_begin_read(db) < 0 || query_day_rows(db, day, &rows) < 0)
		goto out;
	if (dump_write(db, o, day, dir) < 0) {
		err = errno;
		*full = err == ENOSPC || err == EDQUOT;
		dump_remove_folder(dir);
		goto out;
	}
	rc = query_mark_day(db, day, o->now, rows);
	if (rc == 0 && (dump_remove_folder(dir) < 0 || afile_sync_dir(o->out) < 0))
		log_warn("%s: left in place", dir);
out:
	query_rollback(db);
	return rc;
}

int dump_days(sqlite3 *db, const struct dump_opts *o, int *full)
{
	struct query_days days = {0};
	int rc = 0;

	*full = 0;
	if (query_pending_days(db, daytime_day_start(o->now) / DAYTIME_DAY_SECONDS, &days) < 0) {
		free(days.v);
		return -1;
	}
	for (size_t i = 0; i < days.n && rc == 0; i++) {
		char date[11];
		int tries = 0;

		daytime_date(days.v[i] * DAYTIME_DAY_SECONDS, date);
		do
			rc = dump_one(db, o, days.v[i], full);
		while (rc == 1 && ++tries < 3);
		if (rc == 1)
			rc = log_warnx("rows kept arriving for %s; left for the next run", date);
		if (rc == 0 && o->progress)
			log_info("archived %s (%zu/%zu)", date, i + 1, days.n);
	}
	free(days.v);
	return rc;
}

int dump_sweep(sqlite3 *db, const char *out)
{
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (afile_sweep(out) < 0)
		return log_warn("cleaning %s", out);
	d = opendir(out);
	if (!d)
		return log_warn("cleaning %s", out);
	/* Only folders this program makes, of days it has marked. */
	while ((e = readdir(d)) != NULL) {
		char dir[4096];
		int64_t day;
		int reported;

		if (daytime_parse_date(e->d_name, &day) < 0)
			continue;
		reported = query_day_reported(db, day);
		if (reported < 0) {
			rc = -1;
			break;
		}
		if (!reported)
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", out, e->d_name);
		if (dump_remove_folder(dir) < 0)
			log_warn("%s: left in place", dir);
	}
	closedir(d);
	return rc;
}
