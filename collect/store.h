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

/* Whether a run at ts may be stored: only after the last stored run (a
 * committed run is never overwritten, mixed with or measured across a step
 * of the clock back), and not into a day node-report already reported
 * (a closed day stays closed). Returns 0 if it may, 1 if it may not (the
 * one line saying why is logged), -1 on failure (logged). */
int store_check_run(sqlite3 *db, int64_t ts);

/* The same question without a word: 1 if a run at ts may be stored, else 0
 * (also when it cannot be told: store_check_run then says why). */
int store_run_allowed(sqlite3 *db, int64_t ts);

/* Inserts the run row of ts: its clock reading and boot id. Returns 0 or
 * -1 (logged). */
int store_insert_run(sqlite3 *db, int64_t ts, const struct run_clock *clock);

/* Loads the latest stored run: its ts, clock reading and boot id, its
 * system CPU counters and its processes (sorted by pid). Call it after
 * store_check_run, so that the latest run is before the new one. Returns 0
 * (prev->has_run 0 if there is none), or -1. */
int store_load_prev(sqlite3 *db, struct rate_prev *prev);

/* Inserts the rows of one scope at ts; a row already stored for the same
 * ts and key fails. Each returns the rows written, or -1 (logged). */
int store_insert_procs(sqlite3 *db, int64_t ts, const struct proc_list *procs);
int store_insert_system(sqlite3 *db, int64_t ts, const struct system_sample *s);
int store_insert_computer(sqlite3 *db, int64_t ts, const struct computer_sample *c);
int store_insert_disks(sqlite3 *db, int64_t ts, const struct disk_list *disks);
int store_insert_temps(sqlite3 *db, int64_t ts, const struct temp_list *temps);

/* Inserts every domain of vms at ts, with its interfaces and disks, each
 * domain's uuid mapped to its vm_domain id (created on first sight).
 * Returns the domains written, or -1 (logged). store_vm.c. */
int store_insert_vms(sqlite3 *db, int64_t ts, const struct vm_list *vms);

/* The CPU time of each domain stored at prev_ts, sorted by uuid (strcmp),
 * into *out (n entries; the caller frees *out). Returns 0, or -1 (logged). */
int store_load_prev_vms(sqlite3 *db, int64_t prev_ts, struct rate_prev_vm **out, size_t *n);

/* Helpers of the store's files. store_step_done steps a statement that
 * returns no row and resets it (0, or -1 logged); store_bind_opt binds v,
 * or NULL when has is 0. */
int store_step_done(sqlite3 *db, sqlite3_stmt *st);
void store_bind_opt(sqlite3_stmt *st, int col, int has, int64_t v);

#endif
