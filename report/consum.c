/* consum: the daily consumption reports and their retention. */
#include "consum.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "daytime.h"
#include "log.h"
#include "xalloc.h"

#define MIB	   1048576.0
#define CONSUM_DIR "consumption-report"

/* The computer's averages: CPU as SlapOS (the mean of the runs' figures),
 * memory and disk used in MiB (disk: the sum over devices, per run). */
static const char SQL_COMPUTER[] =
    "SELECT (SELECT AVG(cpu_percent) FROM system_sample WHERE ts >= ?1 AND ts < ?2),"
    " (SELECT AVG(memory_used) FROM system_sample WHERE ts >= ?1 AND ts < ?2),"
    " (SELECT SUM(used) * 1.0 / COUNT(DISTINCT ts) FROM disk_sample WHERE ts >= ?1 AND ts < ?2),"
    " (SELECT COUNT(*) FROM system_sample WHERE ts >= ?1 AND ts < ?2)";

/* Each partition's: its processes' sums over the runs where it had any
 * (SlapOS divides by COUNT(DISTINCT time)); CPU only if some run had a
 * rate. */
static const char SQL_USERS[] =
    "SELECT partition, SUM(cpu_centipercent) / 100.0 / COUNT(DISTINCT ts),"
    " SUM(memory_rss_kib) / 1024.0 / COUNT(DISTINCT ts), COUNT(*) FROM user_sample"
    " WHERE ts >= ?1 AND ts < ?2 GROUP BY partition ORDER BY partition";

/* The folder walks finished that day, KiB to MiB. */
static const char SQL_FOLDERS[] =
    "SELECT partition, NULL, SUM(disk_used) / 1024.0 / COUNT(DISTINCT ts), COUNT(*)"
    " FROM folder_sample WHERE ts >= ?1 AND ts < ?2 GROUP BY partition";

static int sql_fail(sqlite3 *db, const char *what)
{
	return log_warnx("consumption report: %s: %s", what, sqlite3_errmsg(db));
}

static sqlite3_stmt *prepare_day(sqlite3 *db, const char *sql, int64_t day)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sql_fail(db, "prepare");
		sqlite3_finalize(st);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, day * DAYTIME_DAY_SECONDS);
	sqlite3_bind_int64(st, 2, (day + 1) * DAYTIME_DAY_SECONDS);
	return st;
}

static void fig(sqlite3_stmt *st, int col, double scale, struct consum_fig *f)
{
	f->has = sqlite3_column_type(st, col) != SQLITE_NULL;
	f->v = f->has ? sqlite3_column_double(st, col) / scale : 0;
}

static int part_cmp(const void *a, const void *b)
{
	return strcmp(((const struct consum_part *)a)->name, ((const struct consum_part *)b)->name);
}

/* The partition called name: looked up among the first `sorted` entries
 * (those of SQL_USERS, in name order), else added. */
static struct consum_part *part_get(struct consum_day *d, size_t sorted, const char *name)
{
	struct consum_part key = {.name = (char *)name}, *p = NULL;

	if (sorted)
		p = bsearch(&key, d->parts, sorted, sizeof(*d->parts), part_cmp);
	if (p)
		return p;
	d->parts = xrealloc(d->parts, d->nparts + 1, sizeof(*d->parts));
	d->parts[d->nparts] = (struct consum_part){.name = xstrdup(name)};
	return &d->parts[d->nparts++];
}

/* Reads SQL_USERS (folders 0) or SQL_FOLDERS (1) into d's partitions. */
static int load_parts(sqlite3 *db, int64_t day, int folders, struct consum_day *d, int64_t *rows)
{
	sqlite3_stmt *st = prepare_day(db, folders ? SQL_FOLDERS : SQL_USERS, day);
	size_t sorted = folders ? d->nparts : 0;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct consum_part *p =
		    part_get(d, sorted, (const char *)sqlite3_column_text(st, 0));

		if (folders) {
			fig(st, 2, 1, &p->disk);
		} else {
			fig(st, 1, 1, &p->cpu);
			fig(st, 2, 1, &p->mem);
		}
		*rows += sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(db, "partitions");
}

int consum_day_load(sqlite3 *db, int64_t day, struct consum_day *d)
{
	sqlite3_stmt *st = prepare_day(db, SQL_COMPUTER, day);
	int64_t rows = 0;

	daytime_date(day * DAYTIME_DAY_SECONDS, d->date);
	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return sql_fail(db, "computer");
	}
	fig(st, 0, 1, &d->cpu);
	fig(st, 1, MIB, &d->mem);
	fig(st, 2, MIB, &d->disk);
	rows = sqlite3_column_int64(st, 3);
	sqlite3_finalize(st);
	if (load_parts(db, day, 0, d, &rows) < 0 || load_parts(db, day, 1, d, &rows) < 0)
		return -1;
	if (d->nparts)
		qsort(d->parts, d->nparts, sizeof(*d->parts), part_cmp);
	return rows > 0;
}

void consum_day_free(struct consum_day *d)
{
	for (size_t i = 0; i < d->nparts; i++)
		free(d->parts[i].name);
	free(d->parts);
	d->parts = NULL;
	d->nparts = 0;
}

static int exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* Gives the text the name path unless a file has it already. */
static int write_new(const char *path, const char *text, size_t len)
{
	struct afile f;
	int rc;

	if (afile_open(&f, path) < 0)
		return log_warn("%s", path);
	afile_write(&f, text, len);
	rc = afile_link(&f, path);
	if (rc < 0 && errno != EEXIST)
		log_warn("%s", path);
	afile_abort(&f);
	return rc < 0 && errno != EEXIST ? -1 : 0;
}

/* The reports of one day, those missing. */
static int write_day(sqlite3 *db, const char *dir, int64_t day, const char *computer_id)
{
	struct consum_day d = {.computer_id = computer_id};
	char date[11], xml[4200], json[4200], up[4300];
	struct sbuf b = SBUF_INIT;
	int rc, failed = 0;

	daytime_date(day * DAYTIME_DAY_SECONDS, date);
	snprintf(xml, sizeof(xml), "%s/%s.xml", dir, date);
	snprintf(json, sizeof(json), "%s/%s.json", dir, date);
	snprintf(up, sizeof(up), "%s.uploaded", xml);
	/* SlapOS' uploader renames nothing but leaves X.xml.uploaded: done. */
	int want_xml = !exists(xml) && !exists(up), want_json = !exists(json);
	if (!want_xml && !want_json)
		return 0;
	rc = consum_day_load(db, day, &d);
	if (rc <= 0) {
		consum_day_free(&d);
		return rc;
	}
	/* The JSON first: the XML is what SlapOS' tools look for. */
	if (want_json) {
		consum_json(&b, &d);
		failed |= write_new(json, b.s, b.len) < 0;
		sbuf_release(&b);
	}
	if (want_xml) {
		consum_xml(&b, &d);
		failed |= write_new(xml, b.s, b.len) < 0;
		sbuf_release(&b);
	}
	consum_day_free(&d);
	return failed ? -1 : 0;
}

/* Removes the reports of days before `first`. */
static int expire(const char *dir, int64_t first)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int failed = 0;

	if (!dp)
		return log_warn("%s", dir);
	while ((e = readdir(dp)) != NULL) {
		char date[11], path[4400];
		int64_t day;
		const char *ext = e->d_name + 10;

		if (strlen(e->d_name) < 11)
			continue;
		memcpy(date, e->d_name, 10);
		date[10] = '\0';
		if (daytime_parse_date(date, &day) < 0 || day >= first)
			continue;
		if (strcmp(ext, ".xml") != 0 && strcmp(ext, ".json") != 0 &&
		    strcmp(ext, ".xml.uploaded") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path) < 0 && errno != ENOENT)
			failed = log_warn("%s", path);
	}
	closedir(dp);
	return failed ? -1 : 0;
}

/* The UTC day of the oldest stored run into *day (left alone without
 * runs). Returns 0, or -1 (logged). */
static int first_run_day(sqlite3 *db, int64_t *day)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT min(ts) FROM run", -1, &st, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*day = sqlite3_column_int64(st, 0) / DAYTIME_DAY_SECONDS;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(db, "oldest run");
}

int consum_run(sqlite3 *db, const char *out, int64_t now, unsigned long keep_days,
	       const char *computer_id)
{
	int64_t today = daytime_day_start(now) / DAYTIME_DAY_SECONDS;
	int64_t first = today - (int64_t)(keep_days > 36500 ? 36500 : keep_days);
	int64_t oldest = today, first_day = first;
	char dir[4096];
	int failed = 0;

	snprintf(dir, sizeof(dir), "%s/%s", out, CONSUM_DIR);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return log_warn("%s", dir);
	afile_sweep(dir);
	/* No day before the oldest stored run has rows: start there, instead
	 * of querying every day of the retention window each run. */
	if (first_run_day(db, &oldest) < 0)
		return -1;
	if (oldest > first)
		first_day = oldest;
	for (int64_t day = first_day; day < today && !failed; day++)
		failed |= write_day(db, dir, day, computer_id) < 0;
	failed |= expire(dir, first) < 0;
	return failed ? -1 : 0;
}
