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
static unsigned long s_level;

static const struct config_key keys[] = {
    {"collect", "db", CONFIG_PATH, &s_db, 0},
    {"collect", "store_command", CONFIG_BOOL, &s_flag, 0},
    {"collect", "interval", CONFIG_UINT, &s_num, 3600},
    {"collect", "level", CONFIG_POSITIVE, &s_level, 9},
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
	assert_non_null(strstr(err, ":2: interval wants a whole number from 0 to 3600"));
	assert_int_equal(load("[collect]\nstore_command = maybe\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: store_command wants true or false"));
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

static void test_empty_path(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(load("[collect]\ndb = /x\n\ndb =\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":4: db wants a value"));
	free(s_db);
	s_db = NULL;
}

static void test_positive_range_one_message(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(load("[collect]\nlevel = 0\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: level wants a whole number from 1 to 9, not '0'"));
	assert_int_equal(load("[collect]\nlevel = 10\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: level wants a whole number from 1 to 9, not '10'"));
	assert_int_equal(load("[collect]\nlevel = 9\n", err, sizeof(err)), 0);
	assert_int_equal(s_level, 9);
}

static void test_open_section_header(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(load("; c\n[collect\ndb = /x\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: malformed section header (no closing ']')"));
	free(s_db);
	s_db = NULL;
}

/* A file of `before` short lines, one line of n bytes, then a bad key. */
static int load_long(int before, size_t n, char *err, size_t errlen)
{
	char *text = malloc(n + 64 + (size_t)before * 4);
	char *p = text;
	int rc;

	assert_non_null(text);
	p += sprintf(p, "[collect]\n");
	for (int i = 0; i < before; i++)
		p += sprintf(p, ";\n");
	p += sprintf(p, "; ");
	memset(p, 'x', n - 2);
	p += n - 2;
	sprintf(p, "\nbogus = 1\n");
	rc = load(text, err, errlen);
	free(text);
	return rc;
}

static void test_long_line_named(void **state)
{
	char err[256];

	(void)state;
	/* 198 bytes fit: the error after it is on its true line. */
	assert_int_equal(load_long(1, 198, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":4: unknown key 'bogus' in [collect]"));
	assert_int_equal(load_long(1, 199, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":3: line longer than 198 bytes"));
	assert_int_equal(load_long(5, (size_t)10 * 1024 * 1024, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":7: line longer than 198 bytes"));
}

static void test_first_problem_wins(void **state)
{
	char err[256];

	(void)state;
	/* A syntax error before a bad value is the one named, and the other
	 * way round. */
	assert_int_equal(load("[collect]\nnot a pair\ninterval = x\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: syntax error"));
	assert_int_equal(load("[collect]\ninterval = x\nnot a pair\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: interval wants a whole number"));
}

static void test_directory(void **state)
{
	char err[256];
	char dir[] = "/tmp/nm-config-dir-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(config_load(dir, keys, err, sizeof(err)), -1);
	assert_true(strncmp(err, dir, strlen(dir)) == 0);
	assert_string_equal(err + strlen(dir), ": Is a directory");
	rmdir(dir);
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
	    cmocka_unit_test(test_empty_path),
	    cmocka_unit_test(test_positive_range_one_message),
	    cmocka_unit_test(test_open_section_header),
	    cmocka_unit_test(test_long_line_named),
	    cmocka_unit_test(test_first_problem_wins),
	    cmocka_unit_test(test_directory),
	    cmocka_unit_test(test_parse_ulong),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
