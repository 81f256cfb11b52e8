/* unit_tmp: a real temporary directory for the unit tests that write
 * files, and atomic files in it. */
#ifndef NM_UNIT_TMP_H
#define NM_UNIT_TMP_H

#include "afile.h"

/* The directory, valid between unit_tmp_make and unit_tmp_remove. */
extern char unit_tmp_dir[64];

/* cmocka group set-up and tear-down: make the directory, remove it with
 * everything in it. Return 0, or -1. */
int unit_tmp_make(void **state);
int unit_tmp_remove(void **state);

/* Opens the atomic file "out.csv" in the directory (fails the test if it
 * cannot). */
void unit_tmp_open_out(struct afile *f);

/* Commits f (fails the test if it cannot) and returns the content of
 * "out.csv", for the caller to free. */
char *unit_tmp_committed(struct afile *f);

#endif
