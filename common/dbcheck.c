/* dbcheck: corruption checks, the true cause of a failed open, and the
 * one-time conversion of an old file to incremental auto_vacuum. */
#include "dbcheck.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "log.h"

#define DAY_SECONDS 86400

static long long db_pragma(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int db_check_due(sqlite3 *db, int64_t ts)
{
	int64_t start = ts - ((ts % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
	long long pages = db_pragma(db, "PRAGMA page_count");
	long long size = db_pragma(db, "PRAGMA page_size");
	sqlite3_stmt *st;
	int due = 1;

	if (pages >= 0 && size > 0 && pages * size <= DB_CHECK_SMALL_BYTES)
		return 1;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM run WHERE ts >= ? AND ts < ? LIMIT 1", -1, &st,
			       NULL) != SQLITE_OK)
		return 1;
	sqlite3_bind_int64(st, 1, start);
	sqlite3_bind_int64(st, 2, start + DAY_SECONDS);
	if (sqlite3_step(st) == SQLITE_ROW)
		due = 0;
	sqlite3_finalize(st);
	return due;
}

/* The first problem quick_check names, on one line. */
static void db_first_problem(const char *text, char *out, size_t outlen)
{
	static const char prefix[] = "*** in database main ***\n";
	size_t n;

	if (strncmp(text, prefix, sizeof(prefix) - 1) == 0)
		text += sizeof(prefix) - 1;
	n = strcspn(text, "\n");
	snprintf(out, outlen, "%.*s", (int)(n > 200 ? 200 : n), text);
}

int db_check_full(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	const char *text;
	char first[256];
	int rc;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL) != SQLITE_OK) {
		db_cause(db, path, first, sizeof(first));
		snprintf(err, errlen, "%s: %s", path, first);
		return -1;
	}
	rc = sqlite3_step(st);
	text = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (text && strcmp(text, "ok") == 0) {
		sqlite3_finalize(st);
		return 0;
	}
	if (text)
		db_first_problem(text, first, sizeof(first));
	else
		db_cause(db, path, first, sizeof(first));
	snprintf(err, errlen, "%s: corrupt database (quick_check: %s)", path, first);
	sqlite3_finalize(st);
	return -1;
}

/* The folder holding path. */
static void db_dir(const char *path, char *dir, size_t dirlen)
{
	char copy[PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(dir, dirlen, "%s", dirname(copy));
}

/* Why the folder holding path cannot be written (SQLite gives no errno). */
static int db_dir_errno(const char *path)
{
	char dir[PATH_MAX];

	db_dir(path, dir, sizeof(dir));
	return access(dir, W_OK) < 0 ? errno : EACCES;
}

/* The cause of a system error on the -wal or -shm file beside path. */
static void db_side_cause(const char *path, int code, int sys, char *out, size_t outlen)
{
	const char *side = (code & 0xff) == SQLITE_IOERR && code != SQLITE_IOERR_SHMOPEN &&
				   code != SQLITE_IOERR_SHMSIZE && code != SQLITE_IOERR_SHMMAP
			       ? "-wal"
			       : "-shm";
	char dir[PATH_MAX];
	struct statvfs vfs;

	db_dir(path, dir, sizeof(dir));
	if (statvfs(dir, &vfs) < 0) {
		snprintf(out, outlen, "cannot create the %s file beside it: %s", side,
			 strerror(sys));
		return;
	}
	if (vfs.f_flag & ST_RDONLY) {
		snprintf(out, outlen, "read-only file system: cannot create the %s file beside it",
			 side);
		return;
	}
	/* SQLite's errno may be a later call's; an empty inode table is the
	 * cause whatever it says. */
	if (vfs.f_files > 0 && vfs.f_ffree == 0) {
		snprintf(out, outlen, "cannot create the %s file beside it: no inode left on %s",
			 side, dir);
		return;
	}
	snprintf(out, outlen, "cannot create the %s file beside it: %s", side, strerror(sys));
}

void db_cause(sqlite3 *db, const char *path, char *out, size_t outlen)
{
	int code = sqlite3_extended_errcode(db);
	int sys = sqlite3_system_errno(db);

	switch (code & 0xff) {
	case SQLITE_CORRUPT:
		snprintf(out, outlen, "corrupt database (%s)", sqlite3_errmsg(db));
		return;
	case SQLITE_FULL:
		snprintf(out, outlen, "no space left on device");
		return;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(out, outlen, "another process holds its write lock");
		return;
	case SQLITE_READONLY:
		/* The -shm file could not be made or opened for writing. */
		if (code != SQLITE_READONLY) {
			db_side_cause(path, SQLITE_IOERR_SHMOPEN, sys ? sys : db_dir_errno(path),
				      out, outlen);
			return;
		}
		snprintf(out, outlen, "read-only (%s)", sqlite3_errmsg(db));
		return;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		if (sys != 0) {
			db_side_cause(path, code, sys, out, outlen);
			return;
		}
		break;
	default:
		break;
	}
	snprintf(out, outlen, "not a usable SQLite database (%s)", sqlite3_errmsg(db));
}

int db_convert_incremental(sqlite3 *db, const char *path)
{
	long long mode = db_pragma(db, "PRAGMA auto_vacuum");
	long long size = db_pragma(db, "PRAGMA page_size");
	long long used =
	    db_pragma(db, "PRAGMA page_count") - db_pragma(db, "PRAGMA freelist_count");
	char dir[PATH_MAX];
	struct statvfs vfs;
	long long avail;

	if (mode != 0 || size <= 0 || used < 0)
		return 0;
	db_dir(path, dir, sizeof(dir));
	if (statvfs(dir, &vfs) < 0)
		return log_warn("%s: not converted to incremental auto_vacuum: statvfs %s", path,
				dir);
	/* VACUUM writes a temporary copy of the used pages, then as many into
	 * the WAL beside the file: room for twice the live data. */
	avail = (long long)vfs.f_bavail * (long long)vfs.f_frsize;
	if (avail < 2 * used * size) {
		log_warnx("%s: not converted to incremental auto_vacuum: VACUUM needs %lld KiB "
			  "free in %s, %lld KiB are; retried at the next retention",
			  path, 2 * used * size / 1024, dir, avail / 1024);
		return 0;
	}
	if (sqlite3_exec(db, "PRAGMA auto_vacuum = INCREMENTAL; VACUUM", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		char why[256];

		db_cause(db, path, why, sizeof(why));
		return log_warnx("%s: VACUUM to incremental auto_vacuum failed: %s", path, why);
	}
	log_info("%s: converted to incremental auto_vacuum by VACUUM (%lld KiB of live data)", path,
		 used * size / 1024);
	return 0;
}
