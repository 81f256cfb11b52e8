/* dbcheck: corruption checks, the true cause of a failed open, and the
 * one-time conversion of an old file to incremental auto_vacuum. */
#ifndef NM_DBCHECK_H
#define NM_DBCHECK_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* A file up to this size is checked whole at every run (about 0.1 s). */
#define DB_CHECK_SMALL_BYTES (8LL << 20)

/* Whether the whole file is due for PRAGMA quick_check at a run of time ts:
 * while it is small, and at the first run of each UTC day (no row of the
 * run table in ts' day yet). */
int db_check_due(sqlite3 *db, int64_t ts);

/* PRAGMA quick_check over the whole file. Returns 0, or -1 with
 * "PATH: corrupt database (...)" in err. */
int db_check_full(sqlite3 *db, const char *path, char *err, size_t errlen);

/* The cause of the last failure on db, about path, in one line without the
 * path: "read-only file system", "cannot create the -shm file beside it: no
 * space left on device", "corrupt database (...)". */
void db_cause(sqlite3 *db, const char *path, char *out, size_t outlen);

/* Converts a file still in auto_vacuum NONE to INCREMENTAL with VACUUM, when
 * the file system has room for the copy; logs one line either way. Returns
 * 0 (converted, not needed, or skipped for room) or -1 (VACUUM failed). */
int db_convert_incremental(sqlite3 *db, const char *path);

#endif
