/* Unit tests: partition user globs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "users.h"

static void test_match(void **state)
{
	(void)state;
	assert_true(users_match("slapuser*", "slapuser0"));
	assert_true(users_match("slapuser*", "slapuser123"));
	assert_false(users_match("slapuser*", "root"));
	assert_true(users_match("root,slapuser[0-2]", "slapuser2"));
	assert_false(users_match("root,slapuser[0-2]", "slapuser3"));
	assert_true(users_match("root,slapuser[0-2]", "root"));
	assert_false(users_match("slapuser?", "slapuser10"));
}

static void test_check(void **state)
{
	char err[128];

	(void)state;
	assert_int_equal(users_globs_check("slapuser*", err, sizeof(err)), 0);
	assert_int_equal(users_globs_check("a,b[0-9]*", err, sizeof(err)), 0);
	assert_int_equal(users_globs_check("", err, sizeof(err)), -1);
	assert_int_equal(users_globs_check("a,,b", err, sizeof(err)), -1);
	assert_string_equal(err, "empty glob in 'a,,b'");
	assert_int_equal(users_globs_check("slap[user", err, sizeof(err)), -1);
	assert_string_equal(err, "unclosed '[' in user glob 'slap[user'");
	assert_int_equal(users_globs_check("slap user", err, sizeof(err)), -1);
	assert_int_equal(users_globs_check("a/b", err, sizeof(err)), -1);
	assert_string_equal(err, "bad character '/' in user glob 'a/b'");
}

static void test_match_base(void **state)
{
	char err[128];

	(void)state;
	assert_true(users_match_base("slapuser", "slapuser0"));
	assert_true(users_match_base("slapuser", "slapuser123"));
	assert_false(users_match_base("slapuser", "slapuser"));
	assert_false(users_match_base("slapuser", "slapusertest0"));
	assert_false(users_match_base("slapuser", "slapuser1b"));
	assert_false(users_match_base("slapuser", "xslapuser1"));
	assert_true(users_match_base("slapusertest", "slapusertest0"));
	assert_int_equal(users_base_check("slapuser", err, sizeof(err)), 0);
	assert_int_equal(users_base_check("", err, sizeof(err)), -1);
	assert_int_equal(users_base_check("slap*", err, sizeof(err)), -1);
	assert_string_equal(err, "bad character '*' in partition base name 'slap*'");
}

static void test_find_and_join(void **state)
{
	struct user_entry v[] = {{10, "c"}, {20, "bb"}, {30, "a"}};
	struct users u = {.v = v, .n = 3, .cap = 3};
	char *joined;

	(void)state;
	assert_string_equal(users_find(&u, 20), "bb");
	assert_string_equal(users_find(&u, 30), "a");
	assert_null(users_find(&u, 25));
	joined = users_join(&u);
	assert_string_equal(joined, "a,bb,c");
	free(joined);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_match),
	    cmocka_unit_test(test_check),
	    cmocka_unit_test(test_match_base),
	    cmocka_unit_test(test_find_and_join),
	};

	return cmocka_run_group_tests_name("users", tests, NULL, NULL);
}
