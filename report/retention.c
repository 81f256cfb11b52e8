/* retention: the deletion of the rows of old reported days. */
#include "retention.h"

#include <stdlib.h>

#include "daytime.h"
#include "query.h"
#include "query_vmplot.h"

/* The deletes, inside the write transaction. */
static int retention_delete(sqlite3 *db, int64_t cutoff, struct query_days *old)
{
	if (query_reported_before(db, cutoff, old) < 0 || query_delete_days(db, old) < 0)
		return -1;
	/* The keys of the VMs whose last samples went with those days. */
	if (old->n && query_vmplot_forget(db) < 0)
		return -1;
	/* No rows are left that those days' marks would describe. */
	return query_forget_before(db, cutoff);
}

int retention_expire(sqlite3 *db, int64_t now, unsigned long keep_days)
{
	int64_t cutoff = daytime_day_start(now) / DAYTIME_DAY_SECONDS - (int64_t)keep_days;
	struct query_days old = {0};
	size_t n;

	if (query_begin_write(db) < 0)
		return -1;
	if (retention_delete(db, cutoff, &old) < 0 || query_commit(db) < 0) {
		query_rollback(db);
		free(old.v);
		return -1;
	}
	n = old.n;
	free(old.v);
	if (n && query_vacuum(db) < 0)
		return -1;
	return (int)n;
}
