/* Unit tests: the whole-file check on a real SQLite file with a page
 * overwritten, its schedule, and the conversion to incremental auto_vacuum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "dbcheck.h"
#include "unit_tmp.h"

static long long one(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A file of auto_vacuum NONE with a table of n rows of 200 bytes each. */
static sqlite3 *make(const char *path, int n)
{
	char sql[256];
	sqlite3 *db;

	remove(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql),
		 "PRAGMA auto_vacuum = NONE; CREATE TABLE t (x); CREATE TABLE run (ts INTEGER "
		 "PRIMARY KEY); INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT "
		 "i + 1 FROM n WHERE i < %d) SELECT randomblob(200) FROM n",
		 n);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static void test_corrupt_page(void **state)
{
	char path[128], err[512];
	unsigned char junk[4096];
	sqlite3 *db;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/c.db", unit_tmp_dir);
	db = make(path, 2000);
	assert_int_equal(db_check_full(db, path, err, sizeof(err)), 0);
	sqlite3_close(db);
	memset(junk, 0x5a, sizeof(junk));
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, 4096L * 20, SEEK_SET), 0);
	assert_int_equal(fwrite(junk, 1, sizeof(junk), f), sizeof(junk));
	assert_int_equal(fclose(f), 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(db_check_full(db, path, err, sizeof(err)), -1);
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_non_null(strstr(err, ": corrupt database (quick_check: "));
	assert_null(strchr(err, '\n'));
	assert_null(strstr(err, "*** in database"));
	sqlite3_close(db);
}

static void test_due(void **state)
{
	char path[128];
	sqlite3 *db;

	(void)state;
	snprintf(path, sizeof(path), "%s/d.db", unit_tmp_dir);
	db = make(path, 10);
	/* A small file is checked at every run. */
	assert_int_equal(db_check_due(db, 86400 * 3 + 60), 1);
	sqlite3_close(db);
	/* Past the size: only when the day has no run yet. */
	db = make(path, (int)(DB_CHECK_SMALL_BYTES / 200));
	assert_int_equal(sqlite3_exec(db, "INSERT INTO run VALUES (259260)", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(db_check_due(db, 259320), 0);
	assert_int_equal(db_check_due(db, 259200 + 86400), 1);
	assert_int_equal(db_check_due(db, 259199), 1);
	sqlite3_close(db);
}

static void test_convert(void **state)
{
	char path[128];
	long long before;
	sqlite3 *db;

	(void)state;
	snprintf(path, sizeof(path), "%s/v.db", unit_tmp_dir);
	db = make(path, 20000);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM t WHERE rowid > 1000", NULL, NULL, NULL),
			 SQLITE_OK);
	before = one(db, "PRAGMA page_count");
	assert_int_equal(one(db, "PRAGMA auto_vacuum"), 0);
	assert_int_equal(db_convert_incremental(db, path), 0);
	assert_int_equal(one(db, "PRAGMA auto_vacuum"), 2);
	assert_true(one(db, "PRAGMA page_count") < before / 5);
	/* Once: a file already incremental is left alone. */
	before = one(db, "PRAGMA page_count");
	assert_int_equal(db_convert_incremental(db, path), 0);
	assert_int_equal(one(db, "PRAGMA page_count"), before);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corrupt_page),
	    cmocka_unit_test(test_due),
	    cmocka_unit_test(test_convert),
	};

	return cmocka_run_group_tests(tests, unit_tmp_make, unit_tmp_remove);
}
