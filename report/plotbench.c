/* plotbench: the machine benchmarks' plot files, one per part, holding every
 * benchmark the database keeps (one a day): a recent history, not a day. */
#include "plotbench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "daytime.h"
#include "db.h"
#include "file.h"
#include "log.h"
#include "sbuf.h"

static const char *const plotbench_parts[] = {
    "cpu", "sqlite", "disk_write", "disk_read", "net_up", "net_down",
};

/* Reads the part's rows into b. Returns the rows, or -1 (logged). */
static int plotbench_rows(sqlite3 *db, const char *part, struct sbuf *b)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT ts, score FROM benchmark_sample WHERE part = ?"
					  " ORDER BY ts");
	int rc, n = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, part, -1, SQLITE_STATIC);
	sbuf_puts(b, "time,entry\n");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char date[11], at[9];
		int64_t ts = sqlite3_column_int64(st, 0);

		daytime_date(ts, date);
		daytime_time(ts, at);
		sbuf_printf(b, "%s %s,%.1f\n", date, at, sqlite3_column_double(st, 1));
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "benchmark_sample");
	return n;
}

/* Writes path with b's bytes unless it holds them already. Returns 0 or -1. */
static int plotbench_file(const char *path, const struct sbuf *b)
{
	struct afile f;
	size_t len;
	char *old = file_read(path, &len);
	int same = old && len == b->len && memcmp(old, b->s, len) == 0;

	free(old);
	if (same)
		return 0;
	if (afile_open(&f, path) < 0)
		return log_warn("%s", path);
	afile_write(&f, b->s, b->len);
	if (afile_commit(&f) < 0)
		return log_warn("%s", path);
	return 0;
}

int plotbench_write(sqlite3 *db, const char *out)
{
	int rc = 0;

	for (size_t i = 0; i < sizeof(plotbench_parts) / sizeof(plotbench_parts[0]); i++) {
		struct sbuf b = SBUF_INIT;
		char path[4096];
		int n = plotbench_rows(db, plotbench_parts[i], &b);

		if (n > 0 && (size_t)snprintf(path, sizeof(path), "%s/benchmark_%s.csv", out,
					      plotbench_parts[i]) >= sizeof(path))
			n = log_warnx("%s: path too long", out);
		if (n > 0 && plotbench_file(path, &b) < 0)
			n = -1;
		sbuf_release(&b);
		if (n < 0)
			rc = -1;
		if (n < 0 && (db_stuck() || errno == ENOSPC))
			break;
	}
	return rc;
}
