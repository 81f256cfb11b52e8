/* plots: today's Dygraph files ("time,entry"), brought up to date on every
 * run by appending the rows of the runs since the last one. */
#ifndef NM_PLOTS_H
#define NM_PLOTS_H

#include <sqlite3.h>
#include <stdint.h>

/* Brings the system, disk, partition, VM and temperature plot files of
 * the UTC day starting at day_start in out up to date, and removes disk,
 * partition, VM and temperature plot files that are not today's
 * (yesterday's devices, partitions, VMs and sensors).
 *
 * A file that matches its record in out/.plots.state (today's, with the
 * size recorded) gets only the rows after the last ts it holds, reading the
 * new runs and the one before them; any other file is rebuilt whole under
 * a temporary name and renamed into place. The record is written last,
 * atomically, so that a run killed at any point leaves files that the next
 * run either appends to or rebuilds: the result is always byte-identical
 * to a rebuild from scratch. Returns 0, or -1 (logged); a file that failed
 * is rebuilt by the next run. When out has no room, that is said once, no
 * more files are tried, and errno is ENOSPC on return. */
int plots_write(sqlite3 *db, const char *out, int64_t day_start);

#endif
