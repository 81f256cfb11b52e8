/* query_vm: the SQL of node-report's VM reports and alerts, a part of the
 * query layer beside query.c. */
#include "query_vm.h"

#include "db.h"
#include "log.h"

#define QUERY_VM_MAX_COLUMNS 16

/* Steps st, giving each row to fn as query_table_rows does, and finalizes
 * it: 0, or -1 (an SQLite failure is logged as what). */
static int query_vm_rows(sqlite3 *db, sqlite3_stmt *st, const char *what, query_row_fn *fn,
			 void *arg)
{
	struct query_value v[QUERY_VM_MAX_COLUMNS];
	size_t n;
	int rc;

	n = (size_t)sqlite3_column_count(st) - 1;
	if (n > QUERY_VM_MAX_COLUMNS)
		n = QUERY_VM_MAX_COLUMNS;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (size_t c = 0; c < n; c++) {
			int col = (int)c + 1;

			v[c].type = (enum query_type)sqlite3_column_type(st, col);
			v[c].i = sqlite3_column_int64(st, col);
			v[c].r = sqlite3_column_double(st, col);
			v[c].text = (const char *)sqlite3_column_text(st, col);
		}
		if (fn(arg, sqlite3_column_int64(st, 0), v, n) < 0)
			break;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		db_fail(db, what);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Prepares sql with a and b bound to ?1 and ?2; NULL if it failed (logged). */
static sqlite3_stmt *query_vm_prepare(sqlite3 *db, const char *sql, int64_t a, int64_t b)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	return st;
}

int query_vm_latest_ts(sqlite3 *db, int64_t now, int64_t *ts)
{
	sqlite3_stmt *st =
	    query_vm_prepare(db, "SELECT MAX(ts) FROM vm_sample WHERE ts <= ?1", now, 0);
	int rc, found = 0;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*ts = sqlite3_column_int64(st, 0);
		found = 1;
	}
	if (rc != SQLITE_ROW)
		db_fail(db, "vm_sample");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? found : -1;
}

int query_vm_list(sqlite3 *db, int64_t ts, int by_mem, query_row_fn *fn, void *arg)
{
	sqlite3_stmt *st = query_vm_prepare(
	    db,
	    "SELECT ts, name, domain_id, state, vcpus, memory_kib, memory_max_kib, cpu_time_ns,"
	    " cpu_centipercent, balloon_available_kib, balloon_usable_kib, qemu_pid"
	    " FROM vm_sample WHERE ts = ?1 ORDER BY CASE WHEN ?2 THEN memory_kib"
	    " ELSE cpu_centipercent END DESC NULLS LAST, name",
	    ts, by_mem);

	return st ? query_vm_rows(db, st, "vm_sample", fn, arg) : -1;
}

int query_vm_reclaim(sqlite3 *db, int64_t from, int64_t to, query_row_fn *fn, void *arg)
{
	sqlite3_stmt *st = query_vm_prepare(
	    db,
	    "WITH w AS (SELECT vm, ts, name, memory_kib, cpu_centipercent AS c FROM vm_sample"
	    "  WHERE ts > ?1 AND ts <= ?2),"
	    " r AS (SELECT vm, c, ROW_NUMBER() OVER (PARTITION BY vm ORDER BY c) AS rn,"
	    "  COUNT(*) OVER (PARTITION BY vm) AS cnt FROM w WHERE c IS NOT NULL),"
	    " p AS (SELECT vm, c AS p95 FROM r WHERE rn = (95 * cnt + 99) / 100),"
	    " s AS (SELECT vm, MIN(ts) AS first_ts, MAX(ts) AS last_ts, COUNT(c) AS n,"
	    "  AVG(c) AS mean FROM w GROUP BY vm),"
	    " l AS (SELECT vm, name, memory_kib, MAX(ts) FROM w GROUP BY vm),"
	    " nd AS (SELECT vm, rx_bytes + tx_bytes - LAG(rx_bytes + tx_bytes)"
	    "  OVER (PARTITION BY vm, device ORDER BY ts) AS d FROM vm_net_sample"
	    "  WHERE ts > ?1 AND ts <= ?2),"
	    " n AS (SELECT vm, SUM(MAX(d, 0)) AS bytes FROM nd GROUP BY vm),"
	    " dd AS (SELECT vm, rd_bytes + wr_bytes - LAG(rd_bytes + wr_bytes)"
	    "  OVER (PARTITION BY vm, target ORDER BY ts) AS d FROM vm_disk_sample"
	    "  WHERE ts > ?1 AND ts <= ?2),"
	    " k AS (SELECT vm, SUM(MAX(d, 0)) AS bytes FROM dd GROUP BY vm)"
	    " SELECT s.first_ts, l.name, s.n, s.mean / 100.0, p.p95 / 100.0, l.memory_kib,"
	    "  COALESCE(n.bytes, 0) * 1.0 / MAX(s.last_ts - s.first_ts, 1),"
	    "  COALESCE(k.bytes, 0) * 1.0 / MAX(s.last_ts - s.first_ts, 1)"
	    " FROM s JOIN l USING (vm) LEFT JOIN p USING (vm) LEFT JOIN n USING (vm)"
	    " LEFT JOIN k USING (vm) ORDER BY p.p95, s.mean, l.name",
	    from, to);

	return st ? query_vm_rows(db, st, "vm_sample", fn, arg) : -1;
}

int query_vm_host_recent(sqlite3 *db, int64_t now, int64_t n, query_row_fn *fn, void *arg)
{
	sqlite3_stmt *st = query_vm_prepare(
	    db,
	    "SELECT ts, cpu_percent, 100.0 * memory_used / MAX(memory_used + memory_free, 1),"
	    " CASE WHEN d >= 0 AND dt > 0 THEN d * 1.0 / dt END FROM"
	    " (SELECT ts, cpu_percent, memory_used, memory_free,"
	    "  net_in_bytes + net_out_bytes - LAG(net_in_bytes + net_out_bytes) OVER w AS d,"
	    "  ts - LAG(ts) OVER w AS dt FROM"
	    "  (SELECT * FROM system_sample WHERE ts <= ?1 ORDER BY ts DESC LIMIT ?2 + 1)"
	    "  WINDOW w AS (ORDER BY ts)) ORDER BY ts",
	    now, n);

	return st ? query_vm_rows(db, st, "system_sample", fn, arg) : -1;
}

int query_vm_hot(sqlite3 *db, int64_t from, int64_t to, query_row_fn *fn, void *arg)
{
	sqlite3_stmt *st = query_vm_prepare(
	    db,
	    "WITH last AS (SELECT vm, name FROM vm_sample WHERE state = 1 AND ts ="
	    "  (SELECT MAX(ts) FROM vm_sample WHERE ts <= ?2)),"
	    " w AS (SELECT vm, AVG(host_cpu_centipercent) AS cpu, AVG(memory_kib) AS mem"
	    "  FROM vm_sample WHERE ts >= ?1 AND ts <= ?2 GROUP BY vm),"
	    " nd AS (SELECT vm, ts, rx_bytes + tx_bytes - LAG(rx_bytes + tx_bytes)"
	    "  OVER (PARTITION BY vm, device ORDER BY ts) AS d FROM vm_net_sample"
	    "  WHERE ts >= ?1 AND ts <= ?2),"
	    " n AS (SELECT vm, SUM(MAX(d, 0)) * 1.0 / MAX(MAX(ts) - MIN(ts), 1) AS bps"
	    "  FROM nd GROUP BY vm),"
	    " h AS (SELECT (memory_used + memory_free) / 1024 AS kib FROM system_sample"
	    "  WHERE ts <= ?2 ORDER BY ts DESC LIMIT 1)"
	    " SELECT 0, last.name, COALESCE(w.cpu, 0), COALESCE(w.mem, 0), COALESCE(n.bps, 0),"
	    "  (SELECT kib FROM h) FROM last LEFT JOIN w USING (vm) LEFT JOIN n USING (vm)"
	    " ORDER BY last.name",
	    from, to);

	return st ? query_vm_rows(db, st, "vm_sample", fn, arg) : -1;
}

/* Every alert metric as (subject, metric, ts, value). The host's network
 * rate is in + out bytes per second between consecutive samples; a counter
 * that goes back gives no rate. A VM's memory is what its guest uses of
 * what it has: (available - usable) / available. A VM that is not running
 * uses 0 % of either, so that its alerts clear. */
#define QUERY_VM_METRICS                                                                           \
	"WITH m(subject, metric, ts, value) AS ("                                                  \
	" SELECT 'host', 'cpu_percent', ts, cpu_percent FROM system_sample"                        \
	"  WHERE ts > ?1 AND ts <= ?2 AND cpu_percent IS NOT NULL"                                 \
	" UNION ALL SELECT 'host', 'memory_percent', ts,"                                          \
	"  100.0 * memory_used / (memory_used + memory_free) FROM system_sample"                   \
	"  WHERE ts > ?1 AND ts <= ?2 AND memory_used + memory_free > 0"                           \
	" UNION ALL SELECT 'host', 'net_bytes_per_second', ts, d * 1.0 / dt FROM"                  \
	"  (SELECT ts, net_in_bytes + net_out_bytes - LAG(net_in_bytes + net_out_bytes)"           \
	"   OVER (ORDER BY ts) AS d, ts - LAG(ts) OVER (ORDER BY ts) AS dt FROM system_sample"     \
	"   WHERE ts > ?1 AND ts <= ?2) WHERE d >= 0 AND dt > 0"                                   \
	" UNION ALL SELECT 'disk:' || partition, 'free_percent', ts,"                              \
	"  100.0 * free / (used + free) FROM disk_sample"                                          \
	"  WHERE ts > ?1 AND ts <= ?2 AND used + free > 0"                                         \
	" UNION ALL SELECT 'vm:' || name, 'cpu_percent', ts,"                                      \
	"  CASE WHEN state = 1 THEN cpu_centipercent / 100.0 ELSE 0 END FROM vm_sample"            \
	"  WHERE ts > ?1 AND ts <= ?2 AND (state <> 1 OR cpu_centipercent IS NOT NULL)"            \
	" UNION ALL SELECT 'vm:' || name, 'memory_percent', ts, CASE WHEN state = 1 THEN"          \
	"  100.0 * (balloon_available_kib - balloon_usable_kib) / balloon_available_kib"           \
	"  ELSE 0 END FROM vm_sample WHERE ts > ?1 AND ts <= ?2 AND (state <> 1"                   \
	"  OR (balloon_available_kib > 0 AND balloon_usable_kib IS NOT NULL)))"

int query_vm_alert_samples(sqlite3 *db, int64_t from, int64_t to, query_row_fn *fn, void *arg)
{
	sqlite3_stmt *st = query_vm_prepare(
	    db,
	    QUERY_VM_METRICS
	    ", t AS (SELECT subject, metric, state, MAX(ts) AS ts FROM alert"
	    "  GROUP BY subject, metric)"
	    " SELECT m.ts, m.subject, m.metric, m.value, t.state FROM m"
	    " LEFT JOIN t USING (subject, metric)"
	    " WHERE t.ts IS NULL OR m.ts > t.ts ORDER BY m.subject, m.metric, m.ts",
	    from, to);

	return st ? query_vm_rows(db, st, "alert", fn, arg) : -1;
}

int query_vm_alert_insert(sqlite3 *db, int64_t ts, const char *subject, const char *metric,
			  const char *state, double value, double threshold)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO alert (ts, subject, metric, state, value,"
					  " threshold) VALUES (?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, ts);
	sqlite3_bind_text(st, 2, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, state, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 5, value);
	sqlite3_bind_double(st, 6, threshold);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		db_fail(db, "insert into alert");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int query_vm_alerts_active(sqlite3 *db, query_row_fn *fn, void *arg)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT ts, subject, metric, value, threshold FROM"
					  " (SELECT *, MAX(ts) FROM alert GROUP BY subject, metric)"
					  " WHERE state = 'ALERT' ORDER BY subject, metric");

	return st ? query_vm_rows(db, st, "alert", fn, arg) : -1;
}
