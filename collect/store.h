/* store: the collector's SQL, one transaction per run. */
#ifndef NM_STORE_H
#define NM_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "rate.h"
#include "sample.h"

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return 0 or -1 (logged). */
int store_begin(sqlite3 *db);
int store_commit(sqlite3 *db);
void store_rollback(sqlite3 *db);

/* Loads the latest run before now: its ts, its system CPU counters and its
 * processes (sorted by pid). Returns 0 (prev->has_run 0 if there is none),
 * or -1. */
int store_load_prev(sqlite3 *db, int64_t now, struct rate_prev *prev);

/* A run stored into a day that node-report already archived (the clock went
 * back, or --now) makes that day unreported again, so that the reporter
 * archives it anew with the late rows. Returns 0 or -1 (logged). */
int store_reopen_day(sqlite3 *db, int64_t ts);

/* Inserts the rows of one scope at ts; a row already stored for the same
 * ts and key is replaced. Each returns the rows written, or -1 (logged). */
int store_insert_procs(sqlite3 *db, int64_t ts, const struct proc_list *procs);
int store_insert_system(sqlite3 *db, int64_t ts, const struct system_sample *s);
int store_insert_computer(sqlite3 *db, int64_t ts, const struct computer_sample *c);
int store_insert_disks(sqlite3 *db, int64_t ts, const struct disk_list *disks);

#endif
