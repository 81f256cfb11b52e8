/* query_vmplot: node-report's SQL over the virtual machine tables. */
#include "query_vmplot.h"

#include "db.h"

/* The seconds between the runs d.pts and d.ts: their CLOCK_BOOTTIME
 * interval when both runs of one boot have it, else their ts difference. */
#define QUERY_VM_SECONDS                                                                           \
	"coalesce((SELECT (a.boottime_ns - b.boottime_ns) / 1e9 FROM run a, run b"                 \
	" WHERE a.ts = d.ts AND b.ts = d.pts AND a.boot_id = b.boot_id"                            \
	" AND a.boottime_ns > b.boottime_ns), d.ts - d.pts)"

/* The per-second rate of two counters of one table (its interfaces or
 * disks), summed per (ts, vm): a row counts when its previous sample is
 * of the table's previous run in the range and its counter did not go
 * back. */
#define QUERY_VM_RATES(name, table, key, a, b)                                                     \
	name "_runs AS (SELECT ts, lag(ts) OVER (ORDER BY ts) AS pts FROM"                         \
	     " (SELECT DISTINCT ts FROM " table " WHERE ts >= ?1 AND ts < ?2)), " name             \
	     "_d AS (SELECT ts, vm, " a " - lag(" a ") OVER w AS da, " b " - lag(" b               \
	     ") OVER w AS db, lag(ts) OVER w AS pts FROM " table                                   \
	     " WHERE ts >= ?1 AND ts < ?2 WINDOW w AS (PARTITION BY vm, " key                      \
	     " ORDER BY ts)), " name "_r AS (SELECT d.ts, d.vm,"                                   \
	     " sum(CASE WHEN d.da >= 0 THEN d.da END) * 1.0 / " QUERY_VM_SECONDS " AS ra,"         \
	     " sum(CASE WHEN d.db >= 0 THEN d.db END) * 1.0 / " QUERY_VM_SECONDS " AS rb"          \
	     " FROM " name "_d d JOIN " name "_runs r ON r.ts = d.ts AND r.pts = d.pts"            \
	     " GROUP BY d.ts, d.vm)"

#define QUERY_VM_NET  QUERY_VM_RATES("n", "vm_net_sample", "device", "rx_bytes", "tx_bytes")
#define QUERY_VM_DISK QUERY_VM_RATES("k", "vm_disk_sample", "target", "rd_bytes", "wr_bytes")

/* Memory used: the balloon's actual less what the guest leaves unused when
 * it reports both, else the memory given to it. */
#define QUERY_VM_USED                                                                              \
	"CASE WHEN s.balloon_actual_kib IS NOT NULL AND s.balloon_unused_kib IS NOT NULL"          \
	" THEN s.balloon_actual_kib - s.balloon_unused_kib ELSE s.memory_kib END"

static const char query_vmplot_sql[] =
    "WITH " QUERY_VM_NET ", " QUERY_VM_DISK " SELECT s.ts, s.name, s.cpu_percent, " QUERY_VM_USED
    ", n.ra, n.rb, k.ra, k.rb FROM vm_sample s"
    " LEFT JOIN n_r n ON n.ts = s.ts AND n.vm = s.vm"
    " LEFT JOIN k_r k ON k.ts = s.ts AND k.vm = s.vm"
    " WHERE s.ts >= ?1 AND s.ts < ?2 ORDER BY s.ts, s.name, s.vm";

static void query_vmplot_read(sqlite3_stmt *st, struct query_vmplot_row *r)
{
	r->ts = sqlite3_column_int64(st, 0);
	r->name = (const char *)sqlite3_column_text(st, 1);
	if (!r->name)
		r->name = "";
	for (int f = 0; f < QUERY_VMPLOT_N; f++) {
		r->has[f] = sqlite3_column_type(st, f + 2) != SQLITE_NULL;
		r->v[f] = sqlite3_column_double(st, f + 2);
	}
}

int query_vmplot_rows(sqlite3 *db, int64_t from, int64_t to, query_vmplot_fn *fn, void *arg)
{
	struct query_vmplot_row r;
	sqlite3_stmt *st = db_prepare(db, query_vmplot_sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		query_vmplot_read(st, &r);
		if (fn(arg, &r) < 0)
			break;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		db_fail(db, "vm");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int query_vmplot_base(sqlite3 *db, int64_t last, int64_t *ts)
{
	sqlite3_stmt *st = db_prepare(
	    db, "SELECT min(t) FROM (SELECT (SELECT max(ts) FROM vm_sample WHERE ts <= ?1) AS t"
		" UNION ALL SELECT (SELECT max(ts) FROM vm_net_sample WHERE ts <= ?1)"
		" UNION ALL SELECT (SELECT max(ts) FROM vm_disk_sample WHERE ts <= ?1))");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, last);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, "vm");
	}
	rc = sqlite3_column_type(st, 0) != SQLITE_NULL;
	*ts = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

int query_vmplot_forget(sqlite3 *db)
{
	if (sqlite3_exec(db,
			 "DELETE FROM vm_domain WHERE vm NOT IN (SELECT vm FROM vm_sample"
			 " UNION SELECT vm FROM vm_net_sample UNION SELECT vm FROM vm_disk_sample)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "vm_domain");
	return 0;
}
