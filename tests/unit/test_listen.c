/* Unit tests: listen addresses, parsed from --listen and formatted back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "listen.h"

static void test_listen(void **state)
{
	struct listen_addr a[LISTEN_MAX];
	char err[128], buf[80];

	(void)state;
	assert_int_equal(listen_parse("127.0.0.1:8080", a, LISTEN_MAX, err, sizeof(err)), 1);
	listen_format(&a[0], buf, sizeof(buf));
	assert_string_equal(buf, "127.0.0.1:8080");
	assert_int_equal(listen_parse("[::1]:9685,0.0.0.0:0", a, LISTEN_MAX, err, sizeof(err)), 2);
	listen_format(&a[0], buf, sizeof(buf));
	assert_string_equal(buf, "[::1]:9685");
	listen_format(&a[1], buf, sizeof(buf));
	assert_string_equal(buf, "0.0.0.0:0");
	assert_int_equal(listen_parse("::1:80", a, LISTEN_MAX, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'::1:80'"));
	assert_int_equal(listen_parse("localhost:80", a, LISTEN_MAX, err, sizeof(err)), -1);
	assert_int_equal(listen_parse("127.0.0.1:65536", a, LISTEN_MAX, err, sizeof(err)), -1);
	assert_int_equal(listen_parse("127.0.0.1", a, LISTEN_MAX, err, sizeof(err)), -1);
	assert_int_equal(listen_parse("[::1]9685", a, LISTEN_MAX, err, sizeof(err)), -1);
	assert_int_equal(listen_parse("127.0.0.1:80,", a, LISTEN_MAX, err, sizeof(err)), -1);
	assert_int_equal(listen_parse("1.2.3.4:1,1.2.3.4:2", a, 1, err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_listen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
