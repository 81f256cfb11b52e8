/* store_run: the collector's SQL about runs: which may be stored, the run
 * row itself, and what the previous run left for rates. */
#include "store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "daytime.h"
#include "db.h"
#include "list.h"
#include "log.h"

/* "YYYY-MM-DD HH:MM:SS" of ts, for messages. */
static void store_when(int64_t ts, char out[20])
{
	char date[11], time[9];

	daytime_date(ts, date);
	daytime_time(ts, time);
	memcpy(out, date, 10);
	out[10] = ' ';
	memcpy(out + 11, time, 9);
}

/* One integer from a one-row query with at most one parameter: 1 and *out
 * set, 0 when the row or value is missing, -1 on failure (logged). */
static int store_query_int(sqlite3 *db, const char *sql, int64_t param, int64_t *out)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return -1;
	if (sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int64(st, 1, param);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*out = sqlite3_column_int64(st, 0);
		rc = 1;
	} else {
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, sql);
	}
	sqlite3_finalize(st);
	return rc;
}

int store_run_allowed(sqlite3 *db, int64_t ts)
{
	int64_t last = 0, dummy = 0;
	int rc = store_query_int(db, "SELECT max(ts) FROM run", 0, &last);

	if (rc < 0 || (rc == 1 && ts <= last))
		return 0;
	rc = store_query_int(db, "SELECT day FROM reported_day WHERE day = ?",
			     ts / DAYTIME_DAY_SECONDS, &dummy);
	return rc == 0;
}

int store_check_run(sqlite3 *db, int64_t ts)
{
	char now[20];
	int64_t last = 0, day = ts / DAYTIME_DAY_SECONDS, dummy = 0;
	int rc;

	store_when(ts, now);
	rc = store_query_int(db, "SELECT max(ts) FROM run", 0, &last);
	if (rc < 0)
		return -1;
	if (rc == 1 && ts <= last) {
		char last_at[20];

		store_when(last, last_at);
		log_warnx("the run at %s UTC (%" PRId64 ") is not after the last stored run at "
			  "%s UTC (%" PRId64 "): the clock went back, or two runs in one second; "
			  "nothing stored",
			  now, ts, last_at, last);
		return 1;
	}
	rc = store_query_int(db, "SELECT day FROM reported_day WHERE day = ?", day, &dummy);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		log_warnx("the run at %s UTC (%" PRId64 ") falls in day %.10s, already reported: "
			  "a reported day stays closed; nothing stored",
			  now, ts, now);
		return 1;
	}
	return 0;
}

int store_insert_run(sqlite3 *db, int64_t ts, const struct run_clock *clock)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO run (ts, boottime_ns, boot_id) VALUES (?, ?, ?)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, ts);
	store_bind_opt(st, 2, clock->has_boottime, clock->boottime_ns);
	if (clock->has_boot_id)
		sqlite3_bind_text(st, 3, clock->boot_id, -1, SQLITE_STATIC);
	rc = store_step_done(db, st);
	sqlite3_finalize(st);
	return rc;
}

/* The latest stored run: its ts, clock reading and boot id. */
static int store_load_run(sqlite3 *db, struct rate_prev *prev)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT ts, boottime_ns, boot_id FROM run ORDER BY ts DESC LIMIT 1");
	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *id = sqlite3_column_text(st, 2);

		prev->has_run = 1;
		prev->ts = sqlite3_column_int64(st, 0);
		prev->clock.has_boottime = sqlite3_column_type(st, 1) != SQLITE_NULL;
		prev->clock.boottime_ns = sqlite3_column_int64(st, 1);
		if (id && snprintf(prev->clock.boot_id, sizeof(prev->clock.boot_id), "%s",
				   (const char *)id) < (int)sizeof(prev->clock.boot_id))
			prev->clock.has_boot_id = 1;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, "previous run");
	sqlite3_finalize(st);
	return rc;
}

static int store_load_system(sqlite3 *db, struct rate_prev *prev)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT cpu_busy_ticks, cpu_total_ticks, boot_time"
			    " FROM system_sample WHERE ts = ?");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, prev->ts);
	if (sqlite3_step(st) == SQLITE_ROW) {
		prev->has_system = 1;
		prev->cpu.busy_ticks = sqlite3_column_int64(st, 0);
		prev->cpu.total_ticks = sqlite3_column_int64(st, 1);
		prev->cpu.boot_time = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return 0;
}

int store_load_prev(sqlite3 *db, struct rate_prev *prev)
{
	sqlite3_stmt *st;
	int rc;

	if (store_load_run(db, prev) < 0)
		return -1;
	if (!prev->has_run)
		return 0;
	if (store_load_system(db, prev) < 0)
		return -1;
	/* The primary key (ts, pid) returns them sorted by pid. Rows stored
	 * before schema 3 have no start in ticks, hence no identity. */
	st = db_prepare(db, "SELECT pid, start_ticks, cpu_time_cs FROM user_sample"
			    " WHERE ts = ? AND start_ticks IS NOT NULL");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, prev->ts);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rate_prev_proc *p = LIST_PUSH(prev);

		p->pid = sqlite3_column_int(st, 0);
		p->start_ticks = sqlite3_column_int64(st, 1);
		p->cpu_time_cs = sqlite3_column_int64(st, 2);
	}
	rc = rc == SQLITE_DONE ? 0 : db_fail(db, "previous processes");
	sqlite3_finalize(st);
	return rc;
}
