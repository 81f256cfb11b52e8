/* Unit tests: atomic files (common/afile.c) in a real temporary directory:
 * commit, abort, large writes, the count of bytes written, the mode of a
 * secret, and the sweep of temporaries a killed run left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "file.h"
#include "unit_tmp.h"

static void test_abort_leaves_old_file(void **state)
{
	struct afile f;
	char path[128], *s;

	(void)state;
	unit_tmp_open_out(&f);
	afile_puts(&f, "old");
	s = unit_tmp_committed(&f);
	free(s);
	unit_tmp_open_out(&f);
	afile_puts(&f, "new, never committed");
	afile_abort(&f);
	snprintf(path, sizeof(path), "%s/out.csv", unit_tmp_dir);
	s = file_read(path, NULL);
	assert_string_equal(s, "old");
	free(s);
	/* No temporary file is left behind. */
	assert_int_equal(afile_sweep(unit_tmp_dir), 0);
}

static void test_big_write_and_sweep(void **state)
{
	struct afile f, left;
	char path[128], *big, *s;
	size_t len = (size_t)300 * 1024, got;

	(void)state;
	big = malloc(len);
	assert_non_null(big);
	memset(big, 'x', len);
	unit_tmp_open_out(&f);
	afile_write(&f, "<", 1);
	afile_write(&f, big, len);
	afile_write(&f, ">", 1);
	assert_int_equal(afile_commit(&f), 0);
	snprintf(path, sizeof(path), "%s/out.csv", unit_tmp_dir);
	s = file_read(path, &got);
	assert_int_equal(got, len + 2);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[len + 1], '>');
	free(s);
	free(big);
	/* A run killed before committing leaves its temporary; sweep removes it. */
	unit_tmp_open_out(&left);
	afile_puts(&left, "half");
	assert_int_equal(afile_sweep(unit_tmp_dir), 1);
	afile_abort(&left);
}

/* written counts each byte once, also those of a write larger than the
 * buffer: node-report measures its dumps so, into /dev/null. */
static void test_written_counts_every_byte_once(void **state)
{
	size_t big = (size_t)200 * 1024;
	char *buf = calloc(1, big);
	struct afile f;

	(void)state;
	assert_non_null(buf);
	assert_int_equal(afile_open_append(&f, "/dev/null"), 0);
	afile_puts(&f, "header\r\n");
	afile_write(&f, buf, big);
	afile_write(&f, buf, 3);
	assert_int_equal(f.written, (off_t)(8 + big + 3));
	afile_abort(&f);
	free(buf);
}

static void test_mode_of_a_secret(void **state)
{
	struct afile f;
	struct stat sb;
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/secret", unit_tmp_dir);
	assert_int_equal(afile_open_mode(&f, path, 0600), 0);
	afile_puts(&f, "s");
	assert_int_equal(afile_commit(&f), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(unlink(path), 0);
}

static void test_commit_into_a_removed_directory_fails(void **state)
{
	struct afile f;
	char sub[128], path[160];

	(void)state;
	snprintf(sub, sizeof(sub), "%s/gone", unit_tmp_dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(path, sizeof(path), "%s/out.csv", sub);
	assert_int_equal(afile_open(&f, path), 0);
	afile_puts(&f, "lost");
	/* The temporary is already there: removing the folder needs it gone. */
	assert_int_equal(afile_sweep(sub), 1);
	assert_int_equal(rmdir(sub), 0);
	assert_int_equal(afile_commit(&f), -1);
	assert_int_equal(access(path, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_abort_leaves_old_file),
	    cmocka_unit_test(test_big_write_and_sweep),
	    cmocka_unit_test(test_written_counts_every_byte_once),
	    cmocka_unit_test(test_mode_of_a_secret),
	    cmocka_unit_test(test_commit_into_a_removed_directory_fails),
	};

	return cmocka_run_group_tests_name("afile", tests, unit_tmp_make, unit_tmp_remove);
}
