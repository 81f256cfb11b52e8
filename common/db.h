/* db: open the node-monitor SQLite database, creating or migrating its schema. */
#ifndef NM_DB_H
#define NM_DB_H

#include <stddef.h>
#include <sqlite3.h>

#define DB_APPLICATION_ID 0x4e4d4f4e /* "NMON" */
#define DB_VERSION	  5
#define DB_BUSY_MS	  10000 /* how long a writer waits for the lock */

enum db_mode {
	DB_CREATE,   /* read-write; a missing or empty file gets the schema */
	DB_WRITE,    /* read-write; the database must exist */
	DB_READONLY, /* read-only; the database must exist */
};

/* The schema text, compiled in from sql/schema.sql, and the migrations from
 * sql/migrate-<from>.sql. */
extern const char db_schema_sql[];
extern const char db_migrate_1_sql[];
extern const char db_migrate_2_sql[];
extern const char db_migrate_3_sql[];
extern const char db_migrate_4_sql[];

/* Opens path, checks that it is a node-monitor database of a version this
 * program knows (migrating an older one when writable), and turns on WAL and
 * a busy timeout. A foreign, newer or corrupt file is refused and left as it
 * was. Returns the handle (close it with sqlite3_close), or NULL with a
 * one-line reason in err. */
sqlite3 *db_open(const char *path, enum db_mode mode, char *err, size_t errlen);

/* Opens path as a reader only, for the metrics: read-only, never created,
 * migrated or written, with a busy timeout of busy_ms (a WAL reader waits
 * only while a writer recovers the WAL). A missing, foreign, older or newer
 * database is refused with one line in err. */
sqlite3 *db_open_reader(const char *path, int busy_ms, char *err, size_t errlen);

/* Runs one or more SQL statements without results. Returns 0, or -1 with
 * SQLite's message in err. */
int db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);

/* Logs one line, "<file>: <cause> (<what>)<note>", and returns -1. */
int db_fail(sqlite3 *db, const char *what);

/* The note db_fail appends to its line, such as "; nothing stored" (a
 * static string; "" by default). */
void db_set_fail_note(const char *note);

/* How many times db_fail has logged, so that a caller adds no second line. */
unsigned db_failures(void);

/* Whether a db_fail so far met a condition that the next statement would
 * meet again (a lock held past the busy timeout, a full disk, corruption,
 * an I/O error, a read-only file): the caller then stops instead of
 * logging the same cause once per step. */
int db_stuck(void);

/* Prepares one statement; on error logs it and returns NULL. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);

#endif
