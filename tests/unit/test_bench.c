/* Unit tests: the benchmark's daily hour (its parsing and when it is due,
 * on a real database) and its rows, one per part measured. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "db.h"
#include "unit_tmp.h"

#define DAY_TS 1795132800 /* 2026-11-20 00:00:00 UTC */

static void test_parse_hour(void **state)
{
	int hour = 99;

	(void)state;
	assert_int_equal(bench_parse_hour(NULL, &hour), 0);
	assert_int_equal(hour, -1);
	assert_int_equal(bench_parse_hour("off", &hour), 0);
	assert_int_equal(hour, -1);
	assert_int_equal(bench_parse_hour("0", &hour), 0);
	assert_int_equal(hour, 0);
	assert_int_equal(bench_parse_hour("23", &hour), 0);
	assert_int_equal(hour, 23);
	assert_int_equal(bench_parse_hour("24", &hour), -1);
	assert_int_equal(bench_parse_hour("", &hour), -1);
	assert_int_equal(bench_parse_hour("-1", &hour), -1);
	assert_int_equal(bench_parse_hour("3h", &hour), -1);
	assert_int_equal(bench_parse_hour("Off", &hour), -1);
}

static sqlite3 *open_db(void)
{
	char path[128], err[256];
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/bench.db", unit_tmp_dir);
	remove(path);
	db = db_open(path, DB_CREATE, err, sizeof(err));
	assert_non_null(db);
	return db;
}

static void test_due_and_store(void **state)
{
	struct bench_result r = {0};
	sqlite3 *db = open_db();

	(void)state;
	/* Off never; before the hour not yet; from the hour on, once a day. */
	assert_int_equal(bench_due(db, DAY_TS + 12 * 3600, -1), 0);
	assert_int_equal(bench_due(db, DAY_TS + 3 * 3600 - 1, 3), 0);
	assert_int_equal(bench_due(db, DAY_TS + 3 * 3600, 3), 1);
	assert_int_equal(bench_due(db, DAY_TS + 23 * 3600, 3), 1);
	r.part[BENCH_CPU] = (struct bench_score){1, 1234.5, 300};
	r.part[BENCH_DISK_READ] = (struct bench_score){1, 99.0, 40};
	assert_int_equal(bench_store(db, DAY_TS + 4 * 3600, &r), 2);
	assert_int_equal(bench_due(db, DAY_TS + 5 * 3600, 3), 0);
	assert_int_equal(bench_due(db, DAY_TS + 86400 + 2 * 3600, 3), 0);
	assert_int_equal(bench_due(db, DAY_TS + 86400 + 3 * 3600, 3), 1);
	/* The same second again: nothing overwritten. */
	r.part[BENCH_CPU].score = 1.0;
	assert_int_equal(bench_store(db, DAY_TS + 4 * 3600, &r), 0);
	sqlite3_close(db);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(bench_part_name(BENCH_DISK_WRITE), "disk_write");
	assert_string_equal(bench_part_unit(BENCH_DISK_WRITE), "MiB/s");
	assert_string_equal(bench_part_name(BENCH_NET_DOWN), "net_down");
	assert_string_equal(bench_part_unit(BENCH_SQLITE), "rows/s");
	assert_string_equal(bench_part_unit(BENCH_CPU), "Mop/s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_hour),
	    cmocka_unit_test(test_due_and_store),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, unit_tmp_make, unit_tmp_remove);
}
