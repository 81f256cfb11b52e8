/* pstatus: each partition's status files, in SlapOS' layout, under
 * <folder>/.slapgrid/monitor/ or <out>/partition-status/<partition>/. */
#ifndef NM_PSTATUS_H
#define NM_PSTATUS_H

#include <sqlite3.h>
#include <stdint.h>

/* The sub-folder of the out dir for partitions without .slapgrid/. */
#define PSTATUS_OUT_DIR "partition-status"

/* Writes the status files of every partition from the last run at or
 * before now; each series keeps at most max_entries entries. Returns 0, or
 * -1 logged (the other partitions are still written). */
int pstatus_run(sqlite3 *db, const char *out, int64_t now, unsigned long max_entries);

#endif
