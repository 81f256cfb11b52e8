/* Unit tests: the value formats of node-report's files, written through a
 * real atomic file in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "csv.h"
#include "file.h"
#include "unit_tmp.h"

static void test_numbers(void **state)
{
	struct afile f;
	char *s;

	(void)state;
	unit_tmp_open_out(&f);
	csv_int(&f, 0);
	afile_puts(&f, " ");
	csv_int(&f, -42);
	afile_puts(&f, " ");
	csv_int(&f, INT64_MIN);
	afile_puts(&f, " ");
	csv_real(&f, 585.9375);
	afile_puts(&f, " ");
	csv_real(&f, 1.0 / 1024);
	afile_puts(&f, " ");
	csv_real(&f, 50.0);
	afile_puts(&f, " ");
	csv_stamp(&f, 1795136460);
	s = unit_tmp_committed(&f);
	assert_string_equal(s, "0 -42 -9223372036854775808 585.9375 0.0009765625 50 "
			       "2026-11-20 01:01:00");
	free(s);
}

static void test_fixed_as_sqlite_prints_reals(void **state)
{
	struct afile f;
	char *s;

	(void)state;
	unit_tmp_open_out(&f);
	csv_fixed(&f, 0, 2);
	afile_puts(&f, " ");
	csv_fixed(&f, 1, 2);
	afile_puts(&f, " ");
	csv_fixed(&f, 1250, 2);
	afile_puts(&f, " ");
	csv_fixed(&f, -325, 2);
	afile_puts(&f, " ");
	csv_fixed(&f, 50, 4);
	afile_puts(&f, " ");
	csv_fixed(&f, 123456, 4);
	s = unit_tmp_committed(&f);
	assert_string_equal(s, "0.0 0.01 12.5 -3.25 0.005 12.3456");
	free(s);
}

static void test_text_quoting(void **state)
{
	struct afile f;
	char *s;

	(void)state;
	unit_tmp_open_out(&f);
	csv_text(&f, "plain");
	afile_puts(&f, "|");
	csv_text(&f, "a,b");
	afile_puts(&f, "|");
	csv_text(&f, "say \"hi\"");
	afile_puts(&f, "|");
	csv_text(&f, "two\nlines\r");
	afile_puts(&f, "|");
	csv_text(&f, "");
	s = unit_tmp_committed(&f);
	assert_string_equal(s, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\r\"|");
	free(s);
}

static void test_name_part(void **state)
{
	char out[16];

	(void)state;
	csv_name_part(out, sizeof(out), "/dev/sda1");
	assert_string_equal(out, "_dev_sda1");
	csv_name_part(out, sizeof(out), "/dev/mapper/vg-root");
	assert_string_equal(out, "_dev_mapper_vg_"); /* cut to fit */
	csv_name_part(out, sizeof(out), "slap user/..");
	assert_string_equal(out, "slap_user_..");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_fixed_as_sqlite_prints_reals),
	    cmocka_unit_test(test_text_quoting),
	    cmocka_unit_test(test_name_part),
	};

	return cmocka_run_group_tests_name("csv", tests, unit_tmp_make, unit_tmp_remove);
}
