/* plotpart: today's per-partition plot files (CPU, memory, I/O rate,
 * process count), from the increments of each partition's processes. */
#ifndef NM_PLOTPART_H
#define NM_PLOTPART_H

#include <sqlite3.h>
#include <stdint.h>

#include "plotfile.h"

/* Appends to (or rebuilds) every partition_<user>_*.csv of today in p.
 * Returns 0, or -1 (logged). */
int plotpart_write(sqlite3 *db, struct plots *p, int64_t day_start);

#endif
