/* plots: today's Dygraph files ("time,entry"), rewritten on every run. */
#ifndef NM_PLOTS_H
#define NM_PLOTS_H

#include <sqlite3.h>
#include <stdint.h>

/* Writes the system, disk and partition plot files of the UTC day starting
 * at day_start into out, and removes disk and partition plot files that
 * this run did not write (yesterday's devices and partitions). Returns 0,
 * or -1 (logged); a file that failed keeps its previous content. */
int plots_write(sqlite3 *db, const char *out, int64_t day_start);

#endif
