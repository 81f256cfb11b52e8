/* Unit tests: INI configuration loading and value parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static char *s_db;
static int s_flag;
static unsigned long s_num;

static const struct config_key keys[] = {
    {"collect", "db", CONFIG_STR, &s_db, 0},
    {"collect", "store_command", CONFIG_BOOL, &s_flag, 0},
    {"collect", "interval", CONFIG_UINT, &s_num, 3600},
    {NULL, NULL, CONFIG_STR, NULL, 0},
};

/* Writes text to a fresh temporary file and returns its path (static). */
static const char *write_tmp(const char *text)
{
	static char path[64];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/nm-config-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static int load(const char *text, char *err, size_t errlen)
{
	const char *path = write_tmp(text);
	int rc = config_load(path, keys, err, errlen);

	unlink(path);
	return rc;
}

static void test_good_file(void **state)
{
	char err[256];

	(void)state;
	s_flag = 0;
	s_num = 0;
	assert_int_equal(load("; comment\n[collect]\ndb = /x/y.db\nstore_command = yes\n"
			      "interval = 60\n",
			      err, sizeof(err)),
			 0);
	assert_string_equal(s_db, "/x/y.db");
	assert_int_equal(s_flag, 1);
	assert_int_equal(s_num, 60);
	free(s_db);
	s_db = NULL;
}

static void test_unknown_key_names_line(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(load("[collect]\ndb = a\n\nbogus = 1\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":4: unknown key 'bogus' in [collect]"));
	free(s_db);
	s_db = NULL;
}

static void test_unknown_section(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(load("[nope]\nx = 1\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: unknown section [nope]"));
}

static void test_other_programs_sections_passed_over(void **state)
{
	char err[256];

	(void)state;
	s_num = 0;
	assert_int_equal(load("[report]\nkeep_days = 3\nwhatever = x\n[slapmonitor]\nlisten = a\n"
			      "[collect]\ninterval = 5\n",
			      err, sizeof(err)),
			 0);
	assert_int_equal(s_num, 5);
}

static void test_bad_values(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(load("[collect]\ninterval = 99999\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: 'interval' wants a whole number from 0 to 3600"));
	assert_int_equal(load("[collect]\nstore_command = maybe\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: 'store_command' wants true or false"));
}

static void test_syntax_error(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(load("[collect]\nthis line has no equals\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: syntax error"));
}

static void test_missing_file(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(config_load("/nonexistent/nm.conf", keys, err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/nm.conf: No such file or directory");
}

static void test_parse_ulong(void **state)
{
	unsigned long v;

	(void)state;
	assert_int_equal(parse_ulong("42", 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_ulong("101", 100, &v), -1);
	assert_int_equal(parse_ulong("-1", 100, &v), -1);
	assert_int_equal(parse_ulong("4x", 100, &v), -1);
	assert_int_equal(parse_ulong("", 100, &v), -1);
	assert_int_equal(parse_ulong(" 4", 100, &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_file),
	    cmocka_unit_test(test_unknown_key_names_line),
	    cmocka_unit_test(test_unknown_section),
	    cmocka_unit_test(test_other_programs_sections_passed_over),
	    cmocka_unit_test(test_bad_values),
	    cmocka_unit_test(test_syntax_error),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test(test_parse_ulong),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
