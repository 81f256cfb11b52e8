/* Unit tests: request paths to routes, the secret check, and the refusal
 * of every path that could leave the served folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "route.h"

static const char secret[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/* Routes "/<secret>" followed by rest. */
static void route_private(const char *rest, struct route *r)
{
	char url[2048];

	snprintf(url, sizeof(url), "/%s%s", secret, rest);
	route_parse(url, strlen(url), secret, r);
}

static void test_probe_and_pages(void **state)
{
	struct route r;

	(void)state;
	route_parse("/", 1, secret, &r);
	assert_int_equal(r.kind, ROUTE_PROBE);
	route_private("/", &r);
	assert_int_equal(r.kind, ROUTE_PLOTS);
	route_private("/server-log/", &r);
	assert_int_equal(r.kind, ROUTE_FILES);
	assert_string_equal(r.path, "");
	assert_true(r.is_dir);
	route_private("/server-log/system_cpu_percent.csv", &r);
	assert_int_equal(r.kind, ROUTE_FILES);
	assert_string_equal(r.path, "system_cpu_percent.csv");
	assert_false(r.is_dir);
	route_private("/server-log/2026-11-20/dump_user.csv", &r);
	assert_int_equal(r.kind, ROUTE_FILES);
	assert_string_equal(r.path, "2026-11-20/dump_user.csv");
	route_private("/server-log/2026-11-20/", &r);
	assert_int_equal(r.kind, ROUTE_FILES);
	assert_string_equal(r.path, "2026-11-20/");
	assert_true(r.is_dir);
	route_private("/static/plots.js", &r);
	assert_int_equal(r.kind, ROUTE_STATIC);
	assert_string_equal(r.path, "plots.js");
}

static void test_percent_decoding(void **state)
{
	struct route r;

	(void)state;
	route_private("/server-log/a%20b%2Ccsv", &r);
	assert_int_equal(r.kind, ROUTE_FILES);
	assert_string_equal(r.path, "a b,csv");
	route_private("/server-log/x%41%62", &r);
	assert_string_equal(r.path, "xAb");
}

static void test_secret(void **state)
{
	char wrong[] = "/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeX/";
	struct route r;

	(void)state;
	route_parse(wrong, strlen(wrong), secret, &r);
	assert_int_equal(r.kind, ROUTE_NOTFOUND);
	route_parse("/server-log/", 12, secret, &r);
	assert_int_equal(r.kind, ROUTE_NOTFOUND);
	/* The secret without its slash, or followed by more hex digits. */
	route_private("", &r);
	assert_int_equal(r.kind, ROUTE_NOTFOUND);
	route_private("0/", &r);
	assert_int_equal(r.kind, ROUTE_NOTFOUND);
	/* A directory without its final slash. */
	route_private("/server-log", &r);
	assert_int_equal(r.kind, ROUTE_NOTFOUND);
	assert_true(route_equal("abc", "abc", 3));
	assert_false(route_equal("abc", "abd", 3));
}

/* Every path a client could use to leave the folder is refused. */
static void test_attacks(void **state)
{
	static const struct {
		const char *rest;
		enum route_kind kind;
	} cases[] = {
	    {"/server-log/../secret", ROUTE_BAD},
	    {"/server-log/..", ROUTE_BAD},
	    {"/server-log/./a.csv", ROUTE_BAD},
	    {"/server-log/%2e%2e/secret", ROUTE_BAD},
	    {"/server-log/%2E%2E/secret", ROUTE_BAD},
	    {"/server-log/.%2e/secret", ROUTE_BAD},
	    {"/server-log/a/%2e%2e/%2e%2e/x", ROUTE_BAD},
	    {"/server-log/..%2fsecret", ROUTE_BAD},
	    {"/server-log/%2fetc%2fpasswd", ROUTE_BAD},
	    {"/server-log/a%2F..%2F..%2Fb", ROUTE_BAD},
	    {"/server-log//etc/passwd", ROUTE_BAD},
	    {"/server-log/a//b", ROUTE_BAD},
	    {"/server-log/a%00.csv", ROUTE_BAD},
	    {"/server-log/a%zz", ROUTE_BAD},
	    {"/server-log/a%4", ROUTE_BAD},
	    {"/server-log/.hidden", ROUTE_NOTFOUND},
	    {"/server-log/%2ehidden", ROUTE_NOTFOUND},
	    {"/server-log/a/.git/", ROUTE_NOTFOUND},
	    {"/static/../server-log/a.csv", ROUTE_BAD},
	    {"/static/sub/plots.js", ROUTE_NOTFOUND},
	    {"/other/", ROUTE_NOTFOUND},
	};
	struct route r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		route_private(cases[i].rest, &r);
		if (r.kind != cases[i].kind)
			fail_msg("%s: kind %d, wanted %d", cases[i].rest, r.kind, cases[i].kind);
		assert_non_null(r.why);
	}
	route_parse("/a\0b", 4, secret, &r);
	assert_int_equal(r.kind, ROUTE_BAD);
}

static void test_long_path(void **state)
{
	char rest[ROUTE_PATH_MAX + 64];
	struct route r;

	(void)state;
	memcpy(rest, "/server-log/", 12);
	memset(rest + 12, 'a', sizeof(rest) - 13);
	rest[sizeof(rest) - 1] = '\0';
	route_private(rest, &r);
	assert_int_equal(r.kind, ROUTE_BAD);
}

/* Absolute-form targets are routed by their path alone. */
static void test_absolute_form(void **state)
{
	char url[256];
	struct route r;

	(void)state;
	route_parse("http://x/", 9, secret, &r);
	assert_int_equal(r.kind, ROUTE_PROBE);
	route_parse("HTTP://x:8080", 13, secret, &r);
	assert_int_equal(r.kind, ROUTE_PROBE);
	snprintf(url, sizeof(url), "http://127.0.0.1:1/%s/server-log/a.csv", secret);
	route_parse(url, strlen(url), secret, &r);
	assert_int_equal(r.kind, ROUTE_FILES);
	assert_string_equal(r.path, "a.csv");
	snprintf(url, sizeof(url), "hTTpS://[::1]/%s/", secret);
	route_parse(url, strlen(url), secret, &r);
	assert_int_equal(r.kind, ROUTE_PLOTS);
	/* The path is checked as any other. */
	snprintf(url, sizeof(url), "http://x/%s/server-log/../a", secret);
	route_parse(url, strlen(url), secret, &r);
	assert_int_equal(r.kind, ROUTE_BAD);
	route_parse("http://x/etc/passwd", 19, secret, &r);
	assert_int_equal(r.kind, ROUTE_NOTFOUND);
	/* Other schemes, or none, are not absolute-form targets. */
	route_parse("ftp://x/", 8, secret, &r);
	assert_int_equal(r.kind, ROUTE_BAD);
	route_parse("http:/x/", 8, secret, &r);
	assert_int_equal(r.kind, ROUTE_BAD);
	route_parse("x/", 2, secret, &r);
	assert_int_equal(r.kind, ROUTE_BAD);
}

/* Redacts "<prefix><secret as given><suffix>" and checks the result. */
static void redacts(const char *prefix, const char *given, const char *suffix, const char *want)
{
	char in[512], out[512];
	size_t len = (size_t)snprintf(in, sizeof(in), "%s%s%s", prefix, given, suffix);

	assert_int_equal(route_redact(in, len, secret, out, sizeof(out)), len);
	if (strcmp(out, want) != 0)
		fail_msg("%s: got %s, wanted %s", in, out, want);
}

/* The secret never reaches a log line, whatever form it came in. */
static void test_redact(void **state)
{
	static const char upper[] =
	    "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";
	static const char mixed[] =
	    "0123456789aBcDeF0123456789AbCdEf0123456789abcdef0123456789ABCDEF";
	/* The first digit and two letters percent-encoded, in either case. */
	static const char encoded[] =
	    "%30123456789%61bcdef0123456789abcdef0123456789abcdef0123456789"
	    "abcde%46";
	char out[16], big[512];
	size_t n;

	(void)state;
	redacts("/", secret, "/", "/<secret>/");
	redacts("//", secret, "/", "//<secret>/");
	redacts("/./", secret, "/", "/./<secret>/");
	redacts("/x/../", secret, "/server-log/", "/x/../<secret>/server-log/");
	redacts("/#", secret, "/", "/#<secret>/");
	redacts("/", upper, "/", "/<secret>/");
	redacts("/", mixed, "/", "/<secret>/");
	redacts("http://host/", secret, "/", "http://host/<secret>/");
	redacts("HTTP://HOST/", upper, "/", "HTTP://HOST/<secret>/");
	redacts("/", encoded, "/", "/<secret>/");
	redacts("/?s=", secret, "", "/?s=<secret>");
	redacts("", secret, secret, "<secret><secret>");
	redacts("/x", secret, "y", "/x<secret>y");
	redacts("/", secret, "/server-log/", "/<secret>/server-log/");
	/* All but its first digit is still most of the secret. */
	redacts("/", secret + 1, "/", "/<secret>/");
	redacts("/", "", "other", "/other");
	/* A full output buffer stops before a "<secret>", never inside it, and
	 * never with a part of the secret. */
	snprintf(big, sizeof(big), "/ab%s/", secret);
	n = route_redact(big, strlen(big), secret, out, 8);
	assert_int_equal(n, 3);
	assert_string_equal(out, "/ab");
	n = route_redact(big, strlen(big), secret, out, 12);
	assert_int_equal(n, 67);
	assert_string_equal(out, "/ab<secret>");
}

/* Redacts in with the secret other, and checks the result. */
static void redacts_other(const char *in, const char *want)
{
	static const char other[] =
	    "9f3c07b2e4a1d85c6b0e2f7a9d4c1b38e5a07f2c6d9b14e8a3f05c7d2b9e6a41";
	char out[512];

	assert_int_equal(route_redact(in, strlen(in), other, out, sizeof(out)), strlen(in));
	if (strcmp(out, want) != 0)
		fail_msg("%s: got %s, wanted %s", in, out, want);
}

/* Parts of the secret, and the secret hidden more deeply, are redacted
 * too: no 8 characters of it in a row reach the log. */
static void test_redact_parts(void **state)
{
	(void)state;
	/* A prefix or a suffix of 8 or more characters, as a cut target or a
	 * log limit leaves them; 7 are not enough to hide. */
	redacts_other("/9f3c07b2", "/<secret>");
	redacts_other("/9f3c07b2e4a1/x", "/<secret>/x");
	redacts_other("/9f3c07b/x", "/9f3c07b/x");
	redacts_other("/x/2b9e6a41", "/x/<secret>");
	redacts_other("/x/c7d2b9e6a41/", "/x/<secret>/");
	redacts_other("/a1d85c6b0e2f7a9/", "/<secret>/");
	/* Double and triple percent-encoding, and mixed letter cases. */
	redacts_other("/%2539f3c07b2e4a1d85c6/", "/<secret>/");
	redacts_other("/9%2566%2533c07b2%2545%2534/", "/<secret>/");
	redacts_other("/%252539%2566%33C07B2E4A1/", "/<secret>/");
	redacts_other("/9F3C07B2E4A1D85C6B0E2F7A9D4C1B38E5A07F2C6D9B14E8A3F05C7D2B9E6A41/",
		      "/<secret>/");
	redacts_other("/%39%46%33%43%30%37%42%32/", "/<secret>/");
	/* Split by slashes, dots, backslashes or ';', raw or encoded. */
	redacts_other("/9f3c/07b2/e4a1/", "/<secret>/");
	redacts_other("/9f3c%2f07b2%2Fe4a1/", "/<secret>/");
	redacts_other("/9f3c.07b2%2e%2Ee4a1/", "/<secret>/");
	redacts_other("/9f3c%5c07b2;e4a1%252f/", "/<secret>%252f/");
	redacts_other("/9f3c%25%32%6607b2/", "/<secret>/");
	/* Separators before or after are kept: only the secret goes. */
	redacts_other("/./9f3c07b2e4a1/../x", "/./<secret>/../x");
	redacts_other("/x/9f3c07/b2e4a1d8/", "/x/<secret>/");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_probe_and_pages), cmocka_unit_test(test_percent_decoding),
	    cmocka_unit_test(test_secret),	    cmocka_unit_test(test_attacks),
	    cmocka_unit_test(test_long_path),	    cmocka_unit_test(test_redact),
	    cmocka_unit_test(test_absolute_form),   cmocka_unit_test(test_redact_parts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
