/* alerts: threshold alerts on the host, its file systems and its VMs,
 * raised and cleared with hysteresis. */
#ifndef NM_ALERTS_H
#define NM_ALERTS_H

#include <sqlite3.h>
#include <stdint.h>

#include "vmreport.h"

/* The alert table is the state between runs. For each (subject, metric),
 * the samples of the hour before now (and a minute more per sample that
 * alert_samples or clear_samples ask for) that are later than its last
 * transition are replayed through the hysteresis, starting from that
 * transition's state; each new transition is stored in the alert table
 * and appended to out/alerts.log, in one transaction. A run that was
 * missed or repeated thus gives the same transitions. out/alerts.csv is
 * then rewritten with the active alerts. Returns 0, or -1 (logged). */
int alerts_run(sqlite3 *db, const char *out, int64_t now, const struct vmreport_opts *o);

#endif
