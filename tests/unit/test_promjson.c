/* Unit tests: Prometheus API answers (vector, matrix, scalar, errors)
 * parsed into series. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "promjson.h"

static int parse(const char *body, struct prom_result *r, char *err)
{
	return promjson_parse(body, strlen(body), r, err, 256);
}

static void test_vector(void **state)
{
	const char *body =
	    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
	    "{\"metric\":{\"__name__\":\"node_monitor_info\",\"instance\":\"h1:9100\","
	    "\"host\":\"hv1\",\"version\":\"0.1.0\"},\"value\":[1795319328.5,\"1\"]},"
	    "{\"metric\":{\"instance\":\"h2:9100\",\"vm\":\"web\"},\"value\":[1795319328.5,\"NaN\"]"
	    "}]}}";
	struct prom_result r;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse(body, &r, err), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.s[0].name, "node_monitor_info");
	assert_string_equal(r.s[0].instance, "h1:9100");
	assert_string_equal(r.s[0].host, "hv1");
	assert_null(r.s[0].vm);
	assert_int_equal(r.s[0].n, 1);
	assert_float_equal(r.s[0].t[0], 1795319328.5, 1e-6);
	assert_float_equal(r.s[0].v[0], 1, 0);
	assert_null(r.s[1].name);
	assert_string_equal(r.s[1].vm, "web");
	assert_true(isnan(r.s[1].v[0]));
	prom_result_release(&r);
}

static void test_matrix(void **state)
{
	const char *body =
	    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
	    "{\"metric\":{\"instance\":\"h1\"},\"values\":[[60,\"0.5\"],[120,\"0.95\"],"
	    "[180,\"+Inf\"]]}]}}";
	struct prom_result r;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse(body, &r, err), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.s[0].n, 3);
	assert_float_equal(r.s[0].t[1], 120, 0);
	assert_float_equal(r.s[0].v[1], 0.95, 0);
	assert_true(isinf(r.s[0].v[2]));
	prom_result_release(&r);
}

static void test_empty_and_scalar(void **state)
{
	struct prom_result r;
	char err[256] = "";

	(void)state;
	assert_int_equal(
	    parse("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", &r,
		  err),
	    0);
	assert_int_equal(r.n, 0);
	prom_result_release(&r);
	assert_int_equal(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
			       "\"result\":[1795319328,\"42\"]}}",
			       &r, err),
			 0);
	assert_float_equal(r.scalar, 42, 0);
	prom_result_release(&r);
}

static void test_api_error(void **state)
{
	struct prom_result r;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":"
			       "\"1:5: parse error: unexpected <op:*>\"}",
			       &r, err),
			 PROMJSON_API_ERROR);
	assert_string_equal(err, "bad_data: 1:5: parse error: unexpected <op:*>");
	assert_int_equal(r.n, 0);
}

static void test_malformed(void **state)
{
	struct prom_result r;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse("<html>502 Bad Gateway</html>", &r, err), -1);
	assert_non_null(strstr(err, "not JSON"));
	assert_int_equal(parse("{\"data\":{}}", &r, err), -1);
	assert_string_equal(err, "no status \"success\" in the answer");
	assert_int_equal(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
			       "\"result\":[{\"metric\":{},\"value\":[1,\"abc\"]}]}}",
			       &r, err),
			 -1);
	assert_string_equal(err, "series 0 of the result is malformed");
	assert_int_equal(r.n, 0);
	assert_int_equal(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"string\","
			       "\"result\":[1,\"x\"]}}",
			       &r, err),
			 -1);
	assert_string_equal(err, "unexpected resultType 'string'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vector),	     cmocka_unit_test(test_matrix),
	    cmocka_unit_test(test_empty_and_scalar), cmocka_unit_test(test_api_error),
	    cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
