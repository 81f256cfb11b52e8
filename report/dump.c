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
#include "csv.h"
#include "daytime.h"
#include "log.h"
#include "query.h"
#include "tarball.h"

/* How a column's stored value is written. */
enum dump_format {
	DUMP_VALUE,   /* as SQLite prints it; text quoted as RFC 4180 says */
	DUMP_CENTI,   /* an integer in hundredths, as the REAL it stands for */
	DUMP_MYRIAD,  /* an integer in ten-thousandths, the same way */
	DUMP_PROCESS, /* two integers joined by '-': pid and start time */
};

/* One column of a dump file: its header, its format, and the stored
 * column(s) it is read from (two for DUMP_PROCESS, else one). The process
 * table is large, so its generated columns are formatted here from the
 * stored integers, as SQLite would print them. */
struct dump_column {
	const char *name;
	enum dump_format format;
	const char *source[2];
};

/* One table's dump file: rows in (ts, key) order, written as date,time and
 * then the columns, SlapOS' first and in SlapOS' order. */
struct dump_table {
	const char *table;
	const char *key; /* the order within one ts; NULL for none */
	const struct dump_column *columns;
	size_t ncolumns;
};

#define DUMP_COLUMNS(c) (c), sizeof(c) / sizeof((c)[0])

static const struct dump_column dump_user[] = {
    {"partition", DUMP_VALUE, {"partition"}},
    {"pid", DUMP_VALUE, {"pid"}},
    {"process", DUMP_PROCESS, {"pid", "start_time"}},
    {"cpu_percent", DUMP_CENTI, {"cpu_centipercent"}},
    {"cpu_time", DUMP_CENTI, {"cpu_time_cs"}},
    {"cpu_num_threads", DUMP_VALUE, {"cpu_num_threads"}},
    {"memory_percent", DUMP_MYRIAD, {"memory_ppm"}},
    {"memory_rss", DUMP_VALUE, {"memory_rss"}},
    {"io_rw_counter", DUMP_VALUE, {"io_rw_counter"}},
    {"io_cycles_counter", DUMP_VALUE, {"io_cycles_counter"}},
    {"command", DUMP_VALUE, {"command"}},
};

static const struct dump_column dump_system[] = {
    {"loadavg", DUMP_VALUE, {"loadavg"}},
    {"cpu_percent", DUMP_VALUE, {"cpu_percent"}},
    {"memory_used", DUMP_VALUE, {"memory_used"}},
    {"memory_free", DUMP_VALUE, {"memory_free"}},
    {"swap_used", DUMP_VALUE, {"swap_used"}},
    {"net_in_bytes", DUMP_VALUE, {"net_in_bytes"}},
    {"net_in_errors", DUMP_VALUE, {"net_in_errors"}},
    {"net_in_dropped", DUMP_VALUE, {"net_in_dropped"}},
    {"net_out_bytes", DUMP_VALUE, {"net_out_bytes"}},
    {"net_out_errors", DUMP_VALUE, {"net_out_errors"}},
    {"net_out_dropped", DUMP_VALUE, {"net_out_dropped"}},
    {"boot_time", DUMP_VALUE, {"boot_time"}},
};

static const struct dump_column dump_net[] = {
    {"interface", DUMP_VALUE, {"interface"}},	  {"in_bytes", DUMP_VALUE, {"in_bytes"}},
    {"in_errors", DUMP_VALUE, {"in_errors"}},	  {"in_dropped", DUMP_VALUE, {"in_dropped"}},
    {"out_bytes", DUMP_VALUE, {"out_bytes"}},	  {"out_errors", DUMP_VALUE, {"out_errors"}},
    {"out_dropped", DUMP_VALUE, {"out_dropped"}},
};

static const struct dump_column dump_computer[] = {
    {"cpu_num_core", DUMP_VALUE, {"cpu_num_core"}},
    {"cpu_frequency", DUMP_VALUE, {"cpu_frequency"}},
    {"cpu_type", DUMP_VALUE, {"cpu_type"}},
    {"memory_size", DUMP_VALUE, {"memory_size"}},
    {"memory_type", DUMP_VALUE, {"memory_type"}},
    {"partition_list", DUMP_VALUE, {"partition_list"}},
};

static const struct dump_column dump_disk[] = {
    {"partition", DUMP_VALUE, {"partition"}},
    {"mountpoint", DUMP_VALUE, {"mountpoint"}},
    {"used", DUMP_VALUE, {"used"}},
    {"free", DUMP_VALUE, {"free"}},
    {"read_bytes", DUMP_VALUE, {"read_bytes"}},
    {"write_bytes", DUMP_VALUE, {"write_bytes"}},
    {"io_time_ms", DUMP_VALUE, {"io_time_ms"}},
};

/* In archive order; the same tables as query.c's sample tables. */
static const struct dump_table dump_tables[] = {
    {"user", "pid", DUMP_COLUMNS(dump_user)},	    {"system", NULL, DUMP_COLUMNS(dump_system)},
    {"net", "interface", DUMP_COLUMNS(dump_net)},   {"computer", NULL, DUMP_COLUMNS(dump_computer)},
    {"disk", "partition", DUMP_COLUMNS(dump_disk)},
};

#define NTABLES		 (sizeof(dump_tables) / sizeof(dump_tables[0]))
#define DUMP_MAX_SOURCES 32

/* A dump file being written. */
struct dump_file {
	struct afile *f;
	const struct dump_table *t;
	uint64_t lines;
	int64_t stamp_ts; /* the ts of stamp, -1 for none yet */
	char stamp[21];	  /* "YYYY-MM-DD,HH:MM:SS" */
};

/* Newlines in a file, counted the same way as in an archive member. */
static void count_text_lines(const char *s, uint64_t *lines)
{
	for (; (s = strchr(s, '\n')) != NULL; s++)
		(*lines)++;
}

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
		count_text_lines(v->text, &d->lines);
		break;
	default:
		break;
	}
}

/* Writes one row: its time, then each column from its value(s). */
static int dump_row(void *arg, int64_t ts, const struct query_value *v, size_t n)
{
	struct dump_file *d = arg;
	size_t k = 0;

	/* Rows of one run share their ts: format it once. */
	if (ts != d->stamp_ts) {
		daytime_date(ts, d->stamp);
		d->stamp[10] = ',';
		daytime_time(ts, d->stamp + 11);
		d->stamp_ts = ts;
	}
	afile_write(d->f, d->stamp, 19);
	for (size_t c = 0; c < d->t->ncolumns && k < n; c++) {
		const struct dump_column *col = &d->t->columns[c];

		afile_write(d->f, ",", 1);
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
	d->lines++;
	return 0;
}

/* The stored columns a table's dump reads, in order. Returns how many. */
static size_t dump_sources(const struct dump_table *t, const char **src)
{
	size_t n = 0;

	for (size_t c = 0; c < t->ncolumns; c++) {
		src[n++] = t->columns[c].source[0];
		if (t->columns[c].format == DUMP_PROCESS)
			src[n++] = t->columns[c].source[1];
	}
	return n;
}

/* Writes one table's rows of [from, to) as CSV into f; counts lines. */
static int dump_table(sqlite3 *db, const struct dump_table *t, int64_t from, struct afile *f,
		      uint64_t *lines)
{
	struct dump_file d = {.f = f, .t = t, .lines = 1, .stamp_ts = -1};
	const char *src[DUMP_MAX_SOURCES];
	size_t n = dump_sources(t, src);
	int rc;

	afile_puts(f, "date,time");
	for (size_t c = 0; c < t->ncolumns; c++) {
		afile_write(f, ",", 1);
		afile_puts(f, t->columns[c].name);
	}
	afile_write(f, "\r\n", 2);
	rc = query_table_rows(db, t->table, t->key, src, n, from, from + DAYTIME_DAY_SECONDS,
			      dump_row, &d);
	*lines = d.lines;
	return rc;
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

/* Writes the day's dump files into dir, inside the read transaction. */
static int dump_files(sqlite3 *db, const char *dir, int64_t from, struct tarball_member *m,
		      char (*name)[32])
{
	char path[4096 + 256];

	for (size_t i = 0; i < NTABLES; i++) {
		struct afile f;

		snprintf(name[i], sizeof(name[i]), "dump_%s.csv", dump_tables[i].table);
		m[i].name = name[i];
		snprintf(path, sizeof(path), "%s/%s", dir, name[i]);
		if (afile_open(&f, path) < 0) {
			log_warn("%s", path);
			return -1;
		}
		if (dump_table(db, &dump_tables[i], from, &f, &m[i].lines) < 0) {
			afile_abort(&f);
			return -1;
		}
		if (afile_commit(&f) < 0) {
			log_warn("%s", path);
			return -1;
		}
	}
	return 0;
}

/* One day: CSV files, archive, mark, folder removed. Returns 0, 1 when the
 * day must be done again (rows were added meanwhile), or -1 (logged). The
 * day is marked inside the read transaction that dumped it, so that rows
 * stored since cannot be marked unwritten. */
static int dump_one(sqlite3 *db, const struct dump_opts *o, int64_t day)
{
	struct tarball_member m[NTABLES];
	char date[11], dir[4096], path[4096 + 256], name[NTABLES][32];
	int64_t from = day * DAYTIME_DAY_SECONDS;
	int rc = -1;

	daytime_date(from, date);
	snprintf(dir, sizeof(dir), "%s/%s", o->out, date);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return log_warn("%s", dir);
	afile_sweep(dir);
	if (query_begin_read(db) < 0)
		return -1;
	if (dump_files(db, dir, from, m, name) < 0)
		goto out;
	dump_archive_name(o->out, date, m, path, sizeof(path));
	if (tarball_day(path, o->out, date, from + DAYTIME_DAY_SECONDS, m, NTABLES, o->level) < 0)
		goto out;
	rc = query_mark_day(db, day, o->now);
	if (rc == 0 && (dump_remove_folder(dir) < 0 || afile_sync_dir(o->out) < 0))
		log_warn("%s: left in place", dir);
out:
	query_rollback(db);
	return rc;
}

int dump_days(sqlite3 *db, const struct dump_opts *o)
{
	struct query_days days = {0};
	int rc = 0;

	if (query_pending_days(db, daytime_day_start(o->now) / DAYTIME_DAY_SECONDS, &days) < 0) {
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

			daytime_date(days.v[i] * DAYTIME_DAY_SECONDS, date);
			log_info("archived %s (%zu/%zu)", date, i + 1, days.n);
		}
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
