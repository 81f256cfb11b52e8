/* store_folder: the collector's SQL for partition folders and their walks. */
#include "store_folder.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "xalloc.h"

static char *store_folder_text(sqlite3_stmt *st, int col)
{
	const unsigned char *v = sqlite3_column_text(st, col);

	return v ? xstrdup((const char *)v) : NULL;
}

static int store_folder_load_links(sqlite3 *db, const char *partition, struct fwalk_set *set)
{
	const char *sql = "SELECT dev, ino FROM folder_walk_link WHERE partition = ?";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, partition, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fwalk_set_add(set, (uint64_t)sqlite3_column_int64(st, 0),
			      (uint64_t)sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, sql);
}

int store_folder_load(sqlite3 *db, const char *partition, struct folder_item *it)
{
	const char *sql = "SELECT path, started, runs, state, root, cursor, blocks, data_blocks"
			  " FROM folder_walk WHERE partition = ?";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, partition, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		it->path = store_folder_text(st, 0);
		it->started = sqlite3_column_int64(st, 1);
		it->runs = sqlite3_column_int64(st, 2);
		it->state = sqlite3_column_int(st, 3);
		it->walk.root = store_folder_text(st, 4);
		it->walk.cursor = store_folder_text(st, 5);
		it->walk.blocks = (uint64_t)sqlite3_column_int64(st, 6);
		it->walk.data_blocks = (uint64_t)sqlite3_column_int64(st, 7);
		rc = 1;
	} else {
		rc = rc == SQLITE_DONE ? 0 : db_fail(db, sql);
	}
	sqlite3_finalize(st);
	if (rc == 1 && it->state == FOLDER_WALKING &&
	    store_folder_load_links(db, partition, &it->walk.links) < 0)
		return -1;
	return rc;
}

static int store_folder_exec(sqlite3 *db, const char *sql, const char *partition, const char *path,
			     int64_t ts)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, partition, -1, SQLITE_STATIC);
	if (path) {
		sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, ts);
	}
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, sql);
	sqlite3_finalize(st);
	return rc;
}

/* The hard links of a walk still in progress; none once it has ended. */
static int store_folder_links(sqlite3 *db, const struct folder_item *it)
{
	const char *sql = "INSERT INTO folder_walk_link (partition, dev, ino) VALUES (?, ?, ?)";
	const struct fwalk_set *s = &it->walk.links;
	sqlite3_stmt *st;
	int rc = 0;

	if (store_folder_exec(db, "DELETE FROM folder_walk_link WHERE partition = ?", it->partition,
			      NULL, 0) < 0)
		return -1;
	if (it->state != FOLDER_WALKING || s->n == 0)
		return 0;
	st = db_prepare(db, sql);
	if (!st)
		return -1;
	for (size_t i = 0; i < s->cap && rc == 0; i++) {
		if (!s->v[i].ino)
			continue;
		sqlite3_bind_text(st, 1, it->partition, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (int64_t)s->v[i].dev);
		sqlite3_bind_int64(st, 3, (int64_t)s->v[i].ino);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, sql);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static int store_folder_walk(sqlite3 *db, const struct folder_item *it)
{
	const char *sql = "INSERT OR REPLACE INTO folder_walk (partition, path, started, runs,"
			  " state, root, cursor, blocks, data_blocks)"
			  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, it->partition, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, it->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, it->started);
	sqlite3_bind_int64(st, 4, it->runs);
	sqlite3_bind_int(st, 5, it->state);
	sqlite3_bind_text(st, 6, it->walk.root, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, it->walk.cursor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, (int64_t)it->walk.blocks);
	sqlite3_bind_int64(st, 9, (int64_t)it->walk.data_blocks);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, sql);
	sqlite3_finalize(st);
	return rc < 0 ? -1 : store_folder_links(db, it);
}

static int store_folder_sample(sqlite3 *db, int64_t ts, const struct folder_item *it)
{
	const char *sql = "INSERT INTO folder_sample (ts, partition, disk_used, data_used,"
			  " started, runs) VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return -1;
	/* du -k rounds the bytes up to whole KiB. */
	sqlite3_bind_int64(st, 1, ts);
	sqlite3_bind_text(st, 2, it->partition, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)((it->walk.blocks + 1) / 2));
	sqlite3_bind_int64(st, 4, (int64_t)((it->walk.data_blocks + 1) / 2));
	sqlite3_bind_int64(st, 5, it->started);
	sqlite3_bind_int64(st, 6, it->runs);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, sql);
	sqlite3_finalize(st);
	return rc;
}

static int store_folder_rows(sqlite3 *db, int64_t ts, const struct folder_list *l)
{
	const char *upsert = "INSERT INTO partition_folder (partition, path, seen) VALUES (?, ?, ?)"
			     " ON CONFLICT (partition) DO UPDATE SET path = excluded.path,"
			     " seen = excluded.seen";
	int n = 0;

	for (size_t i = 0; i < l->n; i++) {
		const struct folder_item *it = &l->v[i];

		if (store_folder_exec(db, upsert, it->partition, it->path, ts) < 0)
			return -1;
		if (it->save && store_folder_walk(db, it) < 0)
			return -1;
		if (it->finished) {
			if (store_folder_sample(db, ts, it) < 0)
				return -1;
			n++;
		}
	}
	return n;
}

int store_folder(sqlite3 *db, int64_t ts, const struct folder_list *l)
{
	int n;

	/* A failure here leaves the run's other scopes stored. */
	if (sqlite3_exec(db, "SAVEPOINT folder", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "SAVEPOINT folder");
	n = store_folder_rows(db, ts, l);
	if (n < 0)
		sqlite3_exec(db, "ROLLBACK TO folder", NULL, NULL, NULL);
	sqlite3_exec(db, "RELEASE folder", NULL, NULL, NULL);
	return n;
}
