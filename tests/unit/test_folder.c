/* Unit tests: the folder walk's order, its set of hard links, and SlapOS'
 * partition folder names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "folder.h"
#include "folder_walk.h"

static void test_path_order(void **state)
{
	(void)state;
	assert_int_equal(fwalk_path_cmp("a", "a"), 0);
	assert_int_equal(fwalk_path_cmp("", ""), 0);
	/* A path sorts after its ancestors, before its next sibling. */
	assert_int_equal(fwalk_path_cmp("", "a"), -1);
	assert_int_equal(fwalk_path_cmp("a", "a/b"), -1);
	assert_int_equal(fwalk_path_cmp("a/b", "a"), 1);
	/* Component by component: "a/z" is inside "a", before "a-b" and "ab". */
	assert_int_equal(fwalk_path_cmp("a/z", "a-b"), -1);
	assert_int_equal(fwalk_path_cmp("a/z", "ab"), -1);
	assert_int_equal(fwalk_path_cmp("a-b", "a/z"), 1);
	assert_int_equal(fwalk_path_cmp("a/b/c", "a/c"), -1);
	/* Bytes compare unsigned, as the names are sorted. */
	assert_int_equal(fwalk_path_cmp("\xc3\xa9", "z"), 1);
}

static void test_prefix(void **state)
{
	(void)state;
	assert_true(fwalk_is_prefix("", "a/b"));
	assert_true(fwalk_is_prefix("a", "a/b"));
	assert_true(fwalk_is_prefix("a/b", "a/b"));
	assert_false(fwalk_is_prefix("a", "ab"));
	assert_false(fwalk_is_prefix("a/b", "a"));
	assert_false(fwalk_is_prefix("b", "a/b"));
}

static void test_link_set(void **state)
{
	struct fwalk_set s = {0};

	(void)state;
	for (uint64_t i = 0; i < 5000; i++)
		assert_int_equal(fwalk_set_add(&s, i % 3, i), 1);
	for (uint64_t i = 0; i < 5000; i++)
		assert_int_equal(fwalk_set_add(&s, i % 3, i), 0);
	/* The same inode on another device is another file; inode 0 too. */
	assert_int_equal(fwalk_set_add(&s, 7, 42), 1);
	assert_int_equal(fwalk_set_add(&s, 8, 0), 1);
	assert_int_equal(fwalk_set_add(&s, 8, 0), 0);
	assert_int_equal(s.n, 5002);
	fwalk_set_release(&s);
	assert_null(s.v);
}

static void test_slapos_path(void **state)
{
	char *p;

	(void)state;
	p = folder_slapos_path("/srv/slapgrid", "slappart", "slapuser", "slapuser12");
	assert_string_equal(p, "/srv/slapgrid/slappart12");
	free(p);
	p = folder_slapos_path("/srv/slapgrid/", "part", "u", "u0");
	assert_string_equal(p, "/srv/slapgrid/part0");
	free(p);
	assert_null(folder_slapos_path("/srv", "slappart", "slapuser", "slapuser"));
	assert_null(folder_slapos_path("/srv", "slappart", "slapuser", "slapuser1b"));
	assert_null(folder_slapos_path("/srv", "slappart", "slapuser", "other3"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_path_order),
	    cmocka_unit_test(test_prefix),
	    cmocka_unit_test(test_link_set),
	    cmocka_unit_test(test_slapos_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
