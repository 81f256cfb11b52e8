/* db: open the node-monitor SQLite database, creating or migrating its schema. */
#include "db.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbcheck.h"
#include "log.h"

/* migrations[v] turns a version-v database into version v+1. Version 1 is
 * the first released schema, so nothing older exists. */
static const char *const db_migrations[DB_VERSION] = {NULL, db_migrate_1_sql, db_migrate_2_sql,
						      db_migrate_3_sql, db_migrate_4_sql};

static const char *db_note = "";
static unsigned db_failed;
static int db_stuck_on;

int db_stuck(void)
{
	return db_stuck_on;
}

unsigned db_failures(void)
{
	return db_failed;
}

void db_set_fail_note(const char *note)
{
	db_note = note;
}

int db_fail(sqlite3 *db, const char *what)
{
	const char *path = sqlite3_db_filename(db, "main");
	char cause[512];

	if (!path || !*path)
		path = "database";
	db_failed++;
	switch (sqlite3_errcode(db)) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_FULL:
	case SQLITE_CORRUPT:
	case SQLITE_IOERR:
	case SQLITE_READONLY:
		db_stuck_on = 1;
		break;
	default:
		break;
	}
	db_cause(db, path, cause, sizeof(cause));
	return log_warnx("%s: %s (%s)%s", path, cause, what, db_note);
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		db_fail(db, "prepare");
	return st;
}

int db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Reads one integer from a single-value query. Returns 0 or -1. */
static int db_int(sqlite3 *db, const char *sql, long long *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int db_create_schema(sqlite3 *db, char *err, size_t errlen)
{
	char sql[128];
	long long n;

	/* Before the transaction: inside one SQLite ignores it. It takes effect
	 * only while the file has no table, and node-report's retention needs
	 * it to hand freed pages back. */
	if (db_exec(db, "PRAGMA auto_vacuum = INCREMENTAL", err, errlen) < 0 ||
	    db_exec(db, "BEGIN IMMEDIATE", err, errlen) < 0)
		return -1;
	/* Another process may have created it while we waited for the lock. */
	if (db_int(db, "SELECT count(*) FROM sqlite_schema", &n) < 0) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		goto fail;
	}
	if (n == 0) {
		snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=%d;",
			 DB_APPLICATION_ID, DB_VERSION);
		if (db_exec(db, db_schema_sql, err, errlen) < 0 ||
		    db_exec(db, sql, err, errlen) < 0)
			goto fail;
	}
	return db_exec(db, "COMMIT", err, errlen);
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int db_migrate(sqlite3 *db, long long from, char *err, size_t errlen)
{
	char sql[64];

	if (db_exec(db, "BEGIN IMMEDIATE", err, errlen) < 0)
		return -1;
	for (long long v = from; v < DB_VERSION; v++) {
		if (!db_migrations[v]) {
			snprintf(err, errlen, "no migration from schema %lld", v);
			goto fail;
		}
		if (db_exec(db, db_migrations[v], err, errlen) < 0)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", DB_VERSION);
	if (db_exec(db, sql, err, errlen) < 0)
		goto fail;
	return db_exec(db, "COMMIT", err, errlen);
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Checks identity and version; creates or migrates when allowed. */
static int db_check(sqlite3 *db, const char *path, enum db_mode mode, char *err, size_t errlen)
{
	long long app, ver, ntables;
	char why[256];

	if (db_int(db, "PRAGMA application_id", &app) < 0 ||
	    db_int(db, "PRAGMA user_version", &ver) < 0 ||
	    db_int(db, "SELECT count(*) FROM sqlite_schema", &ntables) < 0) {
		db_cause(db, path, why, sizeof(why));
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	if (app == 0 && ver == 0 && ntables == 0) {
		if (mode != DB_CREATE) {
			snprintf(err, errlen, "%s: empty database, run node-collect first", path);
			return -1;
		}
		if (db_create_schema(db, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s: cannot create schema: %s", path, why);
			return -1;
		}
		return 0;
	}
	if (app != DB_APPLICATION_ID) {
		snprintf(err, errlen, "%s: not a node-monitor database (application_id %lld)", path,
			 app);
		return -1;
	}
	if (ver > DB_VERSION) {
		snprintf(err, errlen,
			 "%s: written by a newer node-monitor (schema %lld, this program knows %d)",
			 path, ver, DB_VERSION);
		return -1;
	}
	if (ver < DB_VERSION) {
		if (mode == DB_READONLY) {
			snprintf(err, errlen, "%s: schema %lld needs migrating, open it writable",
				 path, ver);
			return -1;
		}
		if (db_migrate(db, ver, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s: cannot migrate schema %lld: %s", path, ver, why);
			return -1;
		}
	}
	return 0;
}

sqlite3 *db_open(const char *path, enum db_mode mode, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	struct stat sb;
	char why[256];
	int flags;

	if (mode != DB_CREATE && stat(path, &sb) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	flags = mode == DB_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (mode == DB_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
			 db ? sqlite3_errmsg(db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, DB_BUSY_MS);
	/* SQLite may open a write-protected file read-only without a word. */
	if (mode != DB_READONLY && sqlite3_db_readonly(db, "main") == 1) {
		snprintf(err, errlen, "%s: cannot be written: %s", path,
			 access(path, W_OK) < 0 ? strerror(errno) : "opened read-only");
		goto fail;
	}
	if (db_check(db, path, mode, err, errlen) < 0)
		goto fail;
	/* Only now that the file is known to be ours may anything be written. */
	if (mode != DB_READONLY && (db_exec(db, "PRAGMA journal_mode=WAL", why, sizeof(why)) < 0 ||
				    db_exec(db, "PRAGMA synchronous=FULL", why, sizeof(why)) < 0)) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto fail;
	}
	/* cell_size_check: every page a run reads is checked for corruption
	 * on the way (db_check_full checks the whole file on a schedule). */
	if (db_exec(db,
		    "PRAGMA cache_size=-1024; PRAGMA foreign_keys=ON; PRAGMA cell_size_check=ON",
		    why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto fail;
	}
	return db;
fail:
	sqlite3_close(db);
	return NULL;
}

sqlite3 *db_open_reader(const char *path, int busy_ms, char *err, size_t errlen)
{
	sqlite3 *db = db_open(path, DB_READONLY, err, errlen);

	if (db)
		sqlite3_busy_timeout(db, busy_ms);
	return db;
}
