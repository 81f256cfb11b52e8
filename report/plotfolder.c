/* plotfolder: today's folder size plot of each partition: one point per
 * finished folder walk, the partition's disk_used in KiB. */
#include "plotfolder.h"

#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "daytime.h"
#include "db.h"

#define FOLDER_SUFFIX "_folder_used.csv"

int plotfolder_is_kind(const char *name)
{
	size_t len = strlen(name), n = strlen(FOLDER_SUFFIX);

	return strncmp(name, "partition_", 10) == 0 && len > 10 + n &&
	       strcmp(name + len - n, FOLDER_SUFFIX) == 0;
}

/* The last run of [from, to), or from - 1 when there is none. */
static int plotfolder_last_run(sqlite3 *db, int64_t from, int64_t to, int64_t *last)
{
	const char *sql = "SELECT max(ts) FROM run WHERE ts >= ? AND ts < ?";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	rc = sqlite3_step(st);
	*last = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL
		    ? sqlite3_column_int64(st, 0)
		    : from - 1;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, sql);
}

/* Ends the open file of partition (if any) and begins the next one's. */
static void plotfolder_switch(struct plots *p, struct plot_file *pf, int *open, char *key,
			      size_t keylen, const char *partition, int64_t last_ts)
{
	char part[256], name[PLOT_NAME_MAX];

	if (*open)
		plot_file_end(p, pf, key, last_ts);
	*open = partition != NULL;
	if (!partition)
		return;
	snprintf(key, keylen, "%s", partition);
	csv_name_part(part, sizeof(part), partition);
	snprintf(name, sizeof(name), "partition_%s" FOLDER_SUFFIX, part);
	plot_file_begin(p, pf, name);
}

int plotfolder_write(sqlite3 *db, struct plots *p, int64_t day_start)
{
	const char *sql = "SELECT partition, ts, disk_used FROM folder_sample"
			  " WHERE ts >= ? AND ts < ? ORDER BY partition, ts";
	int64_t from = plot_kind_from(p, plotfolder_is_kind), end = day_start + DAYTIME_DAY_SECONDS;
	int64_t start = from == INT64_MIN ? day_start : from + 1, last_ts;
	struct plot_file pf;
	char key[256] = "";
	sqlite3_stmt *st;
	int rc, open = 0;

	if (plotfolder_last_run(db, start, end, &last_ts) < 0)
		return -1;
	st = db_prepare(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, start);
	sqlite3_bind_int64(st, 2, end);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *partition = (const char *)sqlite3_column_text(st, 0);

		if (!open || strcmp(key, partition) != 0)
			plotfolder_switch(p, &pf, &open, key, sizeof(key), partition, last_ts);
		plot_int(plot_file_row(p, &pf, sqlite3_column_int64(st, 1)),
			 sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2));
	}
	if (rc != SQLITE_DONE) {
		if (open)
			plot_file_abort(&pf);
		sqlite3_finalize(st);
		return db_fail(db, sql);
	}
	sqlite3_finalize(st);
	plotfolder_switch(p, &pf, &open, key, sizeof(key), NULL, last_ts);
	plot_kind_carry(p, plotfolder_is_kind, last_ts);
	return 0;
}
