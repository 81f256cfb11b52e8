/* dump: every complete unreported UTC day into CSV files and a tar.gz,
 * then marked reported; and the deletion of old reported days. */
#ifndef NM_DUMP_H
#define NM_DUMP_H

#include <sqlite3.h>
#include <stdint.h>

struct dump_opts {
	const char *out;
	int64_t now;
	int level;    /* gzip level */
	int progress; /* say each day on stderr */
};

/* Dumps, archives and marks every day before now's UTC day that has rows
 * and is not reported. Returns 0, or -1 (logged) at the first day that
 * failed; the days before it stay done. */
int dump_days(sqlite3 *db, const struct dump_opts *o);

/* Deletes the rows of reported days older than keep_days full days before
 * now's day, and hands the freed pages back to the file system. Returns
 * the days deleted, or -1 (logged). */
int dump_expire(sqlite3 *db, int64_t now, unsigned long keep_days);

/* Removes what a killed run left in out: temporary files, and the folders
 * of days whose archive is complete and marked. Returns 0 or -1. */
int dump_sweep(sqlite3 *db, const char *out);

#endif
