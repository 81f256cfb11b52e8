/* Unit tests: client keys (an IPv4 address, an IPv6 prefix) and the rate
 * limit of the lines that refuse a client. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <string.h>

#include "admit.h"

static void key_of(const char *addr, unsigned prefix6, unsigned char key[ADMIT_KEY_LEN])
{
	struct sockaddr_storage ss;

	memset(&ss, 0, sizeof(ss));
	if (strchr(addr, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, addr, &s6->sin6_addr), 1);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, addr, &s4->sin_addr), 1);
	}
	admit_key((struct sockaddr *)&ss, prefix6, key);
}

static int same(const char *a, const char *b, unsigned prefix6)
{
	unsigned char ka[ADMIT_KEY_LEN], kb[ADMIT_KEY_LEN];

	key_of(a, prefix6, ka);
	key_of(b, prefix6, kb);
	return memcmp(ka, kb, ADMIT_KEY_LEN) == 0;
}

static void test_key(void **state)
{
	(void)state;
	/* IPv4: one address is one client, whatever the prefix. */
	assert_false(same("10.0.0.1", "10.0.0.2", 64));
	assert_true(same("10.0.0.1", "10.0.0.1", 1));
	/* IPv6: the first 64 bits by default. */
	assert_true(same("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", 64));
	assert_false(same("2001:db8:1:2::1", "2001:db8:1:3::1", 64));
	assert_false(same("2001:db8:1:2::1", "2001:db8:1:2::2", 128));
	/* A prefix that is not a whole byte. */
	assert_true(same("2001:db8:1:2::1", "2001:db8:1:3::1", 63));
	assert_false(same("2001:db8:1:2::1", "2001:db8:1:4::1", 63));
	/* Past 128 bits, the whole address. */
	assert_false(same("2001:db8::1", "2001:db8::2", 200));
	assert_true(same("2001:db8::1", "2001:db8::1", 200));
	/* An IPv4-mapped address is its IPv4 client, not an IPv6 prefix. */
	assert_true(same("::ffff:10.0.0.1", "10.0.0.1", 64));
	assert_false(same("::ffff:10.0.0.1", "::ffff:10.0.0.2", 64));
	/* The two families never meet. */
	assert_false(same("0.0.0.0", "::", 64));
}

static void test_log_due(void **state)
{
	unsigned char a[ADMIT_KEY_LEN], b[ADMIT_KEY_LEN];
	char more[ADMIT_MORE_LEN] = "x";

	(void)state;
	key_of("192.0.2.1", 64, a);
	key_of("192.0.2.2", 64, b);
	/* A burst of 3 lines a window for the client, then silence. */
	for (int i = 0; i < 3; i++) {
		assert_true(admit_key_due(a, 3, more));
		assert_string_equal(more, "");
	}
	for (int i = 0; i < 5; i++)
		assert_false(admit_key_due(a, 3, more));
	/* Another client is said at once. */
	assert_true(admit_key_due(b, 3, more));
	/* Lines about no client share one window of their own. */
	assert_true(admit_key_due(NULL, 1, more));
	assert_false(admit_key_due(NULL, 1, more));
	/* The burst set for every server (0: that one). */
	admit_set_burst(2);
	assert_true(admit_key_due(b, 0, more));
	assert_false(admit_key_due(b, 0, more));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_key),
	    cmocka_unit_test(test_log_due),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
