/* query_vmplot: the SQL of node-report over the virtual machine tables: the
 * rows of the VM plot files, and the keys of VMs no sample is left of.
 * Errors and callbacks as in query.h. */
#ifndef NM_QUERY_VMPLOT_H
#define NM_QUERY_VMPLOT_H

#include <sqlite3.h>
#include <stdint.h>

/* The figures of a VM's plot files, in this order. */
enum query_vmplot_figure {
	QUERY_VMPLOT_CPU,	 /* % of its vCPUs */
	QUERY_VMPLOT_MEMORY,	 /* KiB used: balloon actual - unused when reported, else memory */
	QUERY_VMPLOT_NET_IN,	 /* bytes/s received, summed over its interfaces */
	QUERY_VMPLOT_NET_OUT,	 /* bytes/s sent */
	QUERY_VMPLOT_DISK_READ,	 /* bytes/s read, summed over its disks */
	QUERY_VMPLOT_DISK_WRITE, /* bytes/s written */
	QUERY_VMPLOT_N
};

/* One VM in one run, in (ts, name) order. A rate is over the interval
 * from the previous run that stored rows of the same table, from the
 * interfaces (disks) that were in both runs and whose counter did not go
 * back (such a counter starts a new baseline); has[f] is 0 when the
 * figure has no value. */
struct query_vmplot_row {
	int64_t ts;
	const char *name;
	int has[QUERY_VMPLOT_N];
	double v[QUERY_VMPLOT_N];
};

typedef int query_vmplot_fn(void *arg, const struct query_vmplot_row *r);

/* The VM rows of [from, to); the rates of the first run read are unknown
 * (it is their baseline). */
int query_vmplot_rows(sqlite3 *db, int64_t from, int64_t to, query_vmplot_fn *fn, void *arg);

/* The first ts from which query_vmplot_rows gives every row after last with
 * its rates: the last run of the VM tables up to last (a run is a ts of
 * vm_sample, vm_net_sample or vm_disk_sample; the earliest of their last
 * ones). 1 with *ts set, 0 when there is none, or -1. */
int query_vmplot_base(sqlite3 *db, int64_t last, int64_t *ts);

/* Deletes the VM keys (vm_domain) that no sample refers to any more; in
 * the write transaction of retention. */
int query_vmplot_forget(sqlite3 *db);

#endif
