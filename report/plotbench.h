/* plotbench: the machine benchmarks' plot files, one per part. */
#ifndef NM_PLOTBENCH_H
#define NM_PLOTBENCH_H

#include <sqlite3.h>

/* Writes out/benchmark_<part>.csv ("time,entry", one row per benchmark of
 * the part still in the database, the score in the part's unit) for every
 * part with a row, atomically, and only when its content changed. Returns
 * 0, or -1 (logged). */
int plotbench_write(sqlite3 *db, const char *out);

#endif
