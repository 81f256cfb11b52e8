/* dump: every complete unreported UTC day into CSV files and a tar.gz,
 * then marked reported. */
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
 * and is not reported. Returns 0, or -1 (logged, one line) at the first
 * day that failed; the days before it stay done, and nothing of that day
 * is left in out. A day whose dumps and archive would not fit in the space
 * out has free is refused before anything of it is written. *full is set
 * to 1 when a day failed for want of room in out, else 0. */
int dump_days(sqlite3 *db, const struct dump_opts *o, int *full);

/* Removes what a killed run left in out: temporary files, and the folders
 * of days whose archive is complete and marked. Returns 0 or -1. */
int dump_sweep(sqlite3 *db, const char *out);

#endif
