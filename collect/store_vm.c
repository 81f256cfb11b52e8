/* store_vm: the collector's SQL about virtual machines: their small
 * integer ids, their samples, and what the previous run stored of them. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "store.h"
#include "xalloc.h"

/* vm_domain's id of uuid, created on first sight. Returns 0, or -1. */
static int store_vm_id(sqlite3 *db, sqlite3_stmt *st, const char *uuid, int64_t *vm)
{
	int rc;

	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*vm = sqlite3_column_int64(st, 0);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "vm_domain");
}

static void store_bind_i64(sqlite3_stmt *st, int col, int64_t v)
{
	store_bind_opt(st, col, v >= 0, v);
}

static int store_vm_sample(sqlite3 *db, sqlite3_stmt *st, int64_t ts, int64_t id,
			   const struct vm_sample *s)
{
	int col = 1;

	sqlite3_bind_int64(st, col++, ts);
	sqlite3_bind_int64(st, col++, id);
	sqlite3_bind_text(st, col++, s->name, -1, SQLITE_STATIC);
	store_bind_opt(st, col++, s->has_id, s->id);
	sqlite3_bind_int(st, col++, s->state);
	sqlite3_bind_int(st, col++, s->state_reason);
	store_bind_opt(st, col++, s->has_vcpus, s->vcpus);
	store_bind_opt(st, col++, s->has_vcpus_max, s->vcpus_max);
	store_bind_opt(st, col++, s->has_cpu_time, s->cpu_time_ns);
	store_bind_opt(st, col++, s->has_cpu_user, s->cpu_user_ns);
	store_bind_opt(st, col++, s->has_cpu_system, s->cpu_system_ns);
	store_bind_opt(st, col++, s->has_cpu_centipct, s->cpu_centipct);
	store_bind_opt(st, col++, s->has_host_cpu_centipct, s->host_cpu_centipct);
	store_bind_opt(st, col++, s->has_memory, s->memory_kib);
	store_bind_opt(st, col++, s->has_memory_max, s->memory_max_kib);
	for (unsigned i = 0; i < VM_BALLOON_N; i++)
		store_bind_opt(st, col++, (s->balloon_has & (1U << i)) != 0, s->balloon[i]);
	store_bind_opt(st, col++, s->has_pid, s->qemu_pid);
	store_bind_opt(st, col++, s->has_qemu_cpu, s->qemu_cpu_time_cs);
	store_bind_opt(st, col++, s->has_qemu_rss, s->qemu_rss_kib);
	store_bind_opt(st, col, s->has_qemu_io, s->qemu_io_rw_bytes);
	return store_step_done(db, st);
}

static int store_vm_net(sqlite3 *db, sqlite3_stmt *st, int64_t ts, int64_t id,
			const struct vm_net *n)
{
	const int64_t v[] = {n->rx_bytes, n->rx_packets, n->rx_errors, n->rx_drops,
			     n->tx_bytes, n->tx_packets, n->tx_errors, n->tx_drops};

	sqlite3_bind_int64(st, 1, ts);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_text(st, 3, n->device, -1, SQLITE_STATIC);
	for (int i = 0; i < 8; i++)
		store_bind_i64(st, 4 + i, v[i]);
	return store_step_done(db, st);
}

static int store_vm_disk(sqlite3 *db, sqlite3_stmt *st, int64_t ts, int64_t id,
			 const struct vm_disk *d)
{
	const int64_t v[] = {d->rd_reqs,  d->rd_bytes,	  d->rd_times_ns, d->wr_reqs,
			     d->wr_bytes, d->wr_times_ns, d->fl_reqs,	  d->fl_times_ns,
			     d->capacity, d->allocation,  d->physical};

	sqlite3_bind_int64(st, 1, ts);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_text(st, 3, d->target, -1, SQLITE_STATIC);
	if (d->source[0])
		sqlite3_bind_text(st, 4, d->source, -1, SQLITE_STATIC);
	for (int i = 0; i < 11; i++)
		store_bind_i64(st, 5 + i, v[i]);
	return store_step_done(db, st);
}

static const char *const store_vm_sql[4] = {
    "INSERT INTO vm_domain (uuid) VALUES (?) ON CONFLICT (uuid) DO UPDATE SET uuid = uuid"
    " RETURNING vm",
    "INSERT INTO vm_sample (ts, vm, name, domain_id, state, state_reason, vcpus, vcpus_max,"
    " cpu_time_ns, cpu_user_ns, cpu_system_ns, cpu_centipercent, host_cpu_centipercent,"
    " memory_kib, memory_max_kib, balloon_actual_kib, balloon_available_kib,"
    " balloon_usable_kib, balloon_unused_kib, balloon_rss_kib, balloon_disk_caches_kib,"
    " balloon_minor_faults, balloon_major_faults, qemu_pid, qemu_cpu_time_cs, qemu_rss_kib,"
    " qemu_io_rw_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO vm_net_sample (ts, vm, device, rx_bytes, rx_packets, rx_errors, rx_drops,"
    " tx_bytes, tx_packets, tx_errors, tx_drops) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO vm_disk_sample (ts, vm, target, source, rd_reqs, rd_bytes, rd_times_ns,"
    " wr_reqs, wr_bytes, wr_times_ns, fl_reqs, fl_times_ns, capacity, allocation, physical)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

/* The rows of vms, their ids already in ids. */
static int store_vm_rows(sqlite3 *db, sqlite3_stmt **st, int64_t ts, const struct vm_list *vms,
			 const int64_t *ids)
{
	for (size_t i = 0; i < vms->n; i++)
		if (store_vm_sample(db, st[1], ts, ids[i], &vms->v[i]) < 0)
			return -1;
	for (size_t i = 0; i < vms->n_nets; i++)
		if (store_vm_net(db, st[2], ts, ids[vms->nets[i].vm], &vms->nets[i]) < 0)
			return -1;
	for (size_t i = 0; i < vms->n_disks; i++)
		if (store_vm_disk(db, st[3], ts, ids[vms->disks[i].vm], &vms->disks[i]) < 0)
			return -1;
	return 0;
}

int store_insert_vms(sqlite3 *db, int64_t ts, const struct vm_list *vms)
{
	sqlite3_stmt *st[4] = {NULL};
	int64_t *ids = xcalloc(vms->n ? vms->n : 1, sizeof(*ids));
	int rc = -1;

	for (size_t i = 0; i < 4; i++)
		if (!(st[i] = db_prepare(db, store_vm_sql[i])))
			goto out;
	for (size_t i = 0; i < vms->n; i++) {
		if (vms->v[i].uuid[0] == '\0') {
			log_warnx("domain %s has no uuid", vms->v[i].name);
			goto out;
		}
		if (store_vm_id(db, st[0], vms->v[i].uuid, &ids[i]) < 0)
			goto out;
	}
	if (store_vm_rows(db, st, ts, vms, ids) == 0)
		rc = (int)vms->n;
out:
	for (size_t i = 0; i < 4; i++)
		sqlite3_finalize(st[i]);
	free(ids);
	return rc;
}

int store_load_prev_vms(sqlite3 *db, int64_t prev_ts, struct rate_prev_vm **out, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT d.uuid, s.cpu_time_ns FROM vm_sample s JOIN vm_domain d"
			    " USING (vm) WHERE s.ts = ? AND s.cpu_time_ns IS NOT NULL"
			    " ORDER BY d.uuid");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, prev_ts);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *uuid = (const char *)sqlite3_column_text(st, 0);

		if (!uuid || strlen(uuid) >= sizeof((*out)->uuid))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap, sizeof(**out));
		}
		memcpy((*out)[*n].uuid, uuid, strlen(uuid) + 1);
		(*out)[*n].cpu_time_ns = sqlite3_column_int64(st, 1);
		(*n)++;
	}
	rc = rc == SQLITE_DONE ? 0 : db_fail(db, "previous domains");
	sqlite3_finalize(st);
	return rc;
}
