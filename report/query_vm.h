/* query_vm: the SQL of node-report's VM reports and alerts. It is part of
 * the query layer (query.c holds the rest) and follows its conventions:
 * failures are logged once and give -1; rows go to a query_row_fn, whose
 * ts is the row's first column and whose values are the columns after it,
 * in the order each function's comment lists. */
#ifndef NM_QUERY_VM_H
#define NM_QUERY_VM_H

#include <sqlite3.h>
#include <stdint.h>

#include "query.h"

/* The ts of the latest vm_sample at or before now: 1 with *ts set, 0 when
 * there is none (no VM data yet), or -1. */
int query_vm_latest_ts(sqlite3 *db, int64_t now, int64_t *ts);

/* The VMs of the sample at ts, by CPU % (by_mem 0) or current memory
 * (by_mem 1), highest first, then by name: name, domain_id, state, vcpus,
 * memory_kib, memory_max_kib, cpu_time_ns, cpu_centipercent,
 * balloon_available_kib, balloon_usable_kib, qemu_pid. */
int query_vm_list(sqlite3 *db, int64_t ts, int by_mem, query_row_fn *fn, void *arg);

/* Per VM seen in (from, to], ordered by 95th-percentile then mean CPU and
 * name (ts is its first sample in the window): name, samples with a CPU
 * figure, mean CPU %, 95th-percentile CPU % (nearest rank), memory_kib of
 * its latest sample, network and disk bytes per second over the window. */
int query_vm_reclaim(sqlite3 *db, int64_t from, int64_t to, query_row_fn *fn, void *arg);

/* The last n + 1 host samples at or before now, oldest first (the oldest
 * only gives the next one its rate): cpu_percent (NULL unknown), memory
 * percent, network bytes per second in + out (NULL unknown). */
int query_vm_host_recent(sqlite3 *db, int64_t now, int64_t n, query_row_fn *fn, void *arg);

/* The running VMs of the latest VM sample at or before to, with their
 * figures over [from, to] (ts 0): name, mean share of the host's CPU in
 * centipercent, mean memory_kib, network bytes per second, the host's
 * memory in KiB. */
int query_vm_hot(sqlite3 *db, int64_t from, int64_t to, query_row_fn *fn, void *arg);

/* The samples of every alert metric in (from, to] that are later than the
 * last transition of their (subject, metric), ordered by subject, metric
 * and ts: subject, metric, value, last transition's state ("ALERT",
 * "CLEAR", or NULL when there is none). */
int query_vm_alert_samples(sqlite3 *db, int64_t from, int64_t to, query_row_fn *fn, void *arg);

/* Stores one transition. Returns 0 or -1. */
int query_vm_alert_insert(sqlite3 *db, int64_t ts, const char *subject, const char *metric,
			  const char *state, double value, double threshold);

/* The active alerts, whose last transition is ALERT, ordered by subject and
 * metric (ts is the transition's): subject, metric, value, threshold. */
int query_vm_alerts_active(sqlite3 *db, query_row_fn *fn, void *arg);

#endif
