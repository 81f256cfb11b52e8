/* Unit tests: SlapOS' slapos.cfg read into node-collect's settings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slapcfg.h"

static int load(const char *text, struct slapos_config *c, char *err, size_t errlen)
{
	char path[] = "/tmp/nm-slapcfg-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	rc = slapcfg_load(path, c, err, errlen);
	unlink(path);
	return rc;
}

static void test_users_list(void **state)
{
	char *s;

	(void)state;
	assert_null(slapcfg_users("slapuser", 0));
	s = slapcfg_users("slapuser", 1);
	assert_string_equal(s, "slapuser0");
	free(s);
	s = slapcfg_users("u", 12);
	assert_string_equal(s, "u0,u1,u2,u3,u4,u5,u6,u7,u8,u9,u10,u11");
	free(s);
	s = slapcfg_users("slapuser", SLAPCFG_MAX_PARTITIONS);
	assert_non_null(strstr(s, ",slapuser9999"));
	assert_int_equal(s[strlen(s) - 1], '9');
	free(s);
}

static void test_full_file(void **state)
{
	struct slapos_config c = {0};
	char err[256];

	(void)state;
	assert_int_equal(load("[slapos]\ncomputer_id = COMP-1\ninstance_root: /srv/%%x\n"
			      "[slapformat]\nPartition_Amount = 7\nuser_base_name = u\n"
			      "partition_base_name = p\n[other]\nx = %(y)s\n  more\n"
			      "[collect]\nreport_disk_usage = off\ndisk_snapshot_time_cycle = 60\n"
			      "disk_snapshot_use_quota = yes\nenable = True\n",
			      &c, err, sizeof(err)),
			 0);
	assert_string_equal(c.computer_id, "COMP-1");
	assert_string_equal(c.instance_root, "/srv/%x");
	assert_int_equal(c.has_partition_amount, 1);
	assert_int_equal(c.partition_amount, 7);
	assert_string_equal(c.user_base_name, "u");
	assert_string_equal(c.partition_base_name, "p");
	assert_int_equal(c.report_disk_usage, 0);
	assert_int_equal(c.disk_snapshot_time_cycle, 60);
	assert_int_equal(c.disk_snapshot_use_quota, 1);
	slapcfg_release(&c);
}

static void test_defaults(void **state)
{
	struct slapos_config c = {0};
	char err[256];

	(void)state;
	assert_int_equal(load("[slapos]\nmaster_url = https://x/ ; kept\n", &c, err, sizeof(err)),
			 0);
	assert_null(c.instance_root);
	assert_null(c.computer_id);
	assert_null(c.user_base_name);
	assert_int_equal(c.has_partition_amount, 0);
	assert_int_equal(c.report_disk_usage, 1);
	assert_int_equal(c.disk_snapshot_time_cycle, 86400);
	assert_int_equal(c.disk_snapshot_use_quota, 0);
	slapcfg_release(&c);
}

static void test_inline_semicolon_kept(void **state)
{
	struct slapos_config c = {0};
	char err[256];

	(void)state;
	/* configparser keeps " ; x" in the value; inih would cut it. */
	assert_int_equal(load("[slapos]\ncomputer_id = COMP-1 ; x\n", &c, err, sizeof(err)), 0);
	assert_string_equal(c.computer_id, "COMP-1 ; x");
	slapcfg_release(&c);
}

static void test_refusals(void **state)
{
	struct slapos_config c = {0};
	char err[256];

	(void)state;
	assert_int_equal(load("[slapos]\ninstance_root =\n", &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: instance_root wants a value"));
	slapcfg_release(&c);
	assert_int_equal(load("[slapformat]\npartition_amount = 10001\n", &c, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, ":2: partition_amount wants a whole number"));
	slapcfg_release(&c);
	assert_int_equal(load("[slapos]\ncomputer_id = %(x)s\n", &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: interpolation"));
	slapcfg_release(&c);
	assert_int_equal(load("[slapos\n", &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":1: syntax error"));
	slapcfg_release(&c);
	assert_int_equal(slapcfg_load("/nonexistent/slapos.cfg", &c, err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/slapos.cfg: No such file or directory");
	slapcfg_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_users_list), cmocka_unit_test(test_full_file),
	    cmocka_unit_test(test_defaults),   cmocka_unit_test(test_inline_semicolon_kept),
	    cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
