/* unit_tmp: a real temporary directory for the unit tests that write files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "file.h"
#include "unit_tmp.h"

char unit_tmp_dir[64];

int unit_tmp_make(void **state)
{
	(void)state;
	snprintf(unit_tmp_dir, sizeof(unit_tmp_dir), "/tmp/nm-unit.XXXXXX");
	return mkdtemp(unit_tmp_dir) ? 0 : -1;
}

int unit_tmp_remove(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", unit_tmp_dir);
	return system(cmd) == 0 ? 0 : -1;
}

void unit_tmp_open_out(struct afile *f)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/out.csv", unit_tmp_dir);
	assert_int_equal(afile_open(f, path), 0);
}

char *unit_tmp_committed(struct afile *f)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/out.csv", unit_tmp_dir);
	assert_int_equal(afile_commit(f), 0);
	return file_read(path, NULL);
}
