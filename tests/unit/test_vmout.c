/* Unit tests: a VM report's rows as a table, CSV and JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "vmout.h"

static const struct vmout_col cols[] = {{"name", 0}, {"cpu", 1}, {"note", 0}};

/* Two rows: one with a comma and a quote in its name, one with a missing
 * figure. */
static void fill(struct vmout *o)
{
	vmout_init(o, cols, 3);
	vmout_add(o, "%s", "a,\"b\"");
	vmout_add(o, "%.2f", 12.5);
	vmout_add(o, "%s", "x");
	vmout_add(o, "%s", "web");
	vmout_none(o);
	vmout_add(o, "%s", "line\nbreak");
}

/* What vmout_print writes in format f; the caller frees it. */
static char *print(enum vmout_format f)
{
	struct vmout o;
	char *s = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&s, &len);

	assert_non_null(mem);
	fill(&o);
	vmout_print(&o, f, mem);
	fclose(mem);
	vmout_release(&o);
	return s;
}

static void test_table(void **state)
{
	char *s = print(VMOUT_TABLE);

	(void)state;
	/* Text left-aligned, numbers right-aligned, a missing figure as "-". */
	assert_string_equal(s, "name     cpu  note\n"
			       "a,\"b\"  12.50  x\n"
			       "web        -  line\nbreak\n");
	free(s);
}

static void test_csv(void **state)
{
	char *s = print(VMOUT_CSV);

	(void)state;
	assert_string_equal(s, "name,cpu,note\n"
			       "\"a,\"\"b\"\"\",12.50,x\n"
			       "web,,\"line\nbreak\"\n");
	free(s);
}

static void test_json(void **state)
{
	char *s = print(VMOUT_JSON);

	(void)state;
	assert_string_equal(s,
			    "[{\"name\": \"a,\\\"b\\\"\", \"cpu\": 12.50, \"note\": \"x\"},\n"
			    " {\"name\": \"web\", \"cpu\": null, \"note\": \"line\\u000abreak\"}]");
	free(s);
}

static void test_format_words(void **state)
{
	enum vmout_format f = VMOUT_TABLE;

	(void)state;
	assert_int_equal(vmout_parse_format("json", &f), 0);
	assert_int_equal(f, VMOUT_JSON);
	assert_int_equal(vmout_parse_format("csv", &f), 0);
	assert_int_equal(f, VMOUT_CSV);
	assert_int_equal(vmout_parse_format("xml", &f), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_format_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
