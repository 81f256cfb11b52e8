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
	/* Not the secret: one digit short, or one wrong. */
	redacts("/", secret + 1, "/",
		"/123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_probe_and_pages), cmocka_unit_test(test_percent_decoding),
	    cmocka_unit_test(test_secret),	    cmocka_unit_test(test_attacks),
	    cmocka_unit_test(test_long_path),	    cmocka_unit_test(test_redact),
	    cmocka_unit_test(test_absolute_form),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
