/* promfile: node-collect's --prom-textfile. */
#ifndef NM_PROMFILE_H
#define NM_PROMFILE_H

#include <sqlite3.h>

/* Writes the metrics of db (fleet/METRICS.md) to path atomically: a
 * temporary file in the same folder, fsync, rename. Returns 0, or -1 with
 * one line logged naming the file. */
int promfile_write(sqlite3 *db, const char *path);

#endif
