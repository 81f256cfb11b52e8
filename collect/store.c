/* store: the collector's SQL, one transaction per run. */
#include "store.h"

#include "db.h"
#include "list.h"
#include "log.h"

static int store_exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, sql);
	return 0;
}

int store_begin(sqlite3 *db)
{
	return store_exec(db, "BEGIN IMMEDIATE");
}

int store_commit(sqlite3 *db)
{
	return store_exec(db, "COMMIT");
}

void store_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int store_step_done(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "insert");
}

void store_bind_opt(sqlite3_stmt *st, int col, int has, int64_t v)
{
	if (has)
		sqlite3_bind_int64(st, col, v);
	else
		sqlite3_bind_null(st, col);
}

int store_insert_procs(sqlite3 *db, int64_t ts, const struct proc_list *procs)
{
	sqlite3_stmt *st;
	int rc = 0;

	st = db_prepare(db, "INSERT INTO user_sample (ts, pid, partition, start_time,"
			    " cpu_centipercent, cpu_time_cs, cpu_num_threads, memory_ppm,"
			    " memory_rss_kib, io_rw_counter, io_cycles_counter, command,"
			    " start_ticks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	for (size_t i = 0; i < procs->n && rc == 0; i++) {
		const struct proc_sample *p = &procs->v[i];

		sqlite3_bind_int64(st, 1, ts);
		sqlite3_bind_int(st, 2, p->pid);
		sqlite3_bind_text(st, 3, p->partition, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, p->start_cs / 100);
		store_bind_opt(st, 5, p->has_cpu, p->cpu_centipct);
		sqlite3_bind_int64(st, 6, p->cpu_time_cs);
		sqlite3_bind_int(st, 7, p->threads);
		sqlite3_bind_int64(st, 8, p->mem_ppm);
		sqlite3_bind_int64(st, 9, p->rss_kib);
		store_bind_opt(st, 10, p->has_io, p->io_rw_bytes);
		store_bind_opt(st, 11, p->has_io, p->io_cycles);
		if (p->command)
			sqlite3_bind_text(st, 12, p->command, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 13, p->start_ticks);
		rc = store_step_done(db, st);
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : (int)procs->n;
}

static int store_insert_net(sqlite3 *db, int64_t ts, const struct net_list *net)
{
	sqlite3_stmt *st;
	int rc = 0;

	st = db_prepare(db, "INSERT INTO net_sample (ts, interface, in_bytes, in_errors,"
			    " in_dropped, out_bytes, out_errors, out_dropped)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	for (size_t i = 0; i < net->n && rc == 0; i++) {
		const struct net_sample *n = &net->v[i];

		sqlite3_bind_int64(st, 1, ts);
		sqlite3_bind_text(st, 2, n->iface, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, n->in_bytes);
		sqlite3_bind_int64(st, 4, n->in_errors);
		sqlite3_bind_int64(st, 5, n->in_dropped);
		sqlite3_bind_int64(st, 6, n->out_bytes);
		sqlite3_bind_int64(st, 7, n->out_errors);
		sqlite3_bind_int64(st, 8, n->out_dropped);
		rc = store_step_done(db, st);
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : (int)net->n;
}

int store_insert_system(sqlite3 *db, int64_t ts, const struct system_sample *s)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO system_sample (ts, boot_time, loadavg,"
			    " cpu_percent, cpu_busy_ticks, cpu_total_ticks, memory_used,"
			    " memory_free, swap_used, net_in_bytes, net_in_errors,"
			    " net_in_dropped, net_out_bytes, net_out_errors, net_out_dropped)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, ts);
	sqlite3_bind_int64(st, 2, s->boot_time);
	sqlite3_bind_double(st, 3, s->loadavg1);
	if (s->has_cpu_percent)
		sqlite3_bind_double(st, 4, s->cpu_percent);
	sqlite3_bind_int64(st, 5, s->cpu.busy_ticks);
	sqlite3_bind_int64(st, 6, s->cpu.total_ticks);
	sqlite3_bind_int64(st, 7, s->mem.total_bytes - s->mem.available_bytes);
	sqlite3_bind_int64(st, 8, s->mem.available_bytes);
	sqlite3_bind_int64(st, 9, s->mem.swap_used_bytes);
	sqlite3_bind_int64(st, 10, s->net_total.in_bytes);
	sqlite3_bind_int64(st, 11, s->net_total.in_errors);
	sqlite3_bind_int64(st, 12, s->net_total.in_dropped);
	sqlite3_bind_int64(st, 13, s->net_total.out_bytes);
	sqlite3_bind_int64(st, 14, s->net_total.out_errors);
	sqlite3_bind_int64(st, 15, s->net_total.out_dropped);
	rc = store_step_done(db, st);
	sqlite3_finalize(st);
	if (rc < 0)
		return -1;
	rc = store_insert_net(db, ts, &s->net);
	return rc < 0 ? -1 : 1 + rc;
}

int store_insert_computer(sqlite3 *db, int64_t ts, const struct computer_sample *c)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO computer_sample (ts, cpu_num_core, cpu_frequency,"
			    " cpu_type, memory_size, memory_type, partition_list, partition_users)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, ts);
	sqlite3_bind_int(st, 2, c->cpu_num_core);
	if (c->has_cpu_frequency)
		sqlite3_bind_double(st, 3, c->cpu_frequency_mhz);
	sqlite3_bind_text(st, 4, c->cpu_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, c->memory_size_bytes);
	sqlite3_bind_text(st, 6, c->memory_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, c->partition_list ? c->partition_list : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c->partition_users ? c->partition_users : "", -1, SQLITE_STATIC);
	rc = store_step_done(db, st);
	sqlite3_finalize(st);
	return rc < 0 ? -1 : 1;
}

int store_insert_disks(sqlite3 *db, int64_t ts, const struct disk_list *disks)
{
	sqlite3_stmt *st;
	int rc = 0;

	st = db_prepare(db, "INSERT INTO disk_sample (ts, partition, mountpoint, used, free,"
			    " read_bytes, write_bytes, io_time_ms)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	for (size_t i = 0; i < disks->n && rc == 0; i++) {
		const struct disk_sample *d = &disks->v[i];

		sqlite3_bind_int64(st, 1, ts);
		sqlite3_bind_text(st, 2, d->device, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, d->mountpoint, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, d->used_bytes);
		sqlite3_bind_int64(st, 5, d->free_bytes);
		store_bind_opt(st, 6, d->has_io, d->read_bytes);
		store_bind_opt(st, 7, d->has_io, d->write_bytes);
		store_bind_opt(st, 8, d->has_io, d->io_time_ms);
		rc = store_step_done(db, st);
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : (int)disks->n;
}

int store_insert_temps(sqlite3 *db, int64_t ts, const struct temp_list *temps)
{
	sqlite3_stmt *st;
	int rc = 0, n = 0;

	/* Two sensors with one name (a label configured twice): the first is kept. */
	st = db_prepare(db, "INSERT OR IGNORE INTO temperature_sample (ts, sensor_id, temperature,"
			    " alarm, high, critical) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	for (size_t i = 0; i < temps->n && rc == 0; i++) {
		const struct temp_sample *t = &temps->v[i];

		sqlite3_bind_int64(st, 1, ts);
		sqlite3_bind_text(st, 2, t->sensor_id, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, t->temperature);
		sqlite3_bind_int(st, 4, t->alarm);
		if (t->has_high)
			sqlite3_bind_double(st, 5, t->high);
		if (t->has_crit)
			sqlite3_bind_double(st, 6, t->crit);
		rc = store_step_done(db, st);
		n += rc == 0 && sqlite3_changes(db) > 0;
	}
	sqlite3_finalize(st);
	return rc < 0 ? -1 : n;
}
