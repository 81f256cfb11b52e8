/* plotfolder: today's folder size plot of each partition,
 * partition_<user>_folder_used.csv (KiB, as SlapOS' disk_used). */
#ifndef NM_PLOTFOLDER_H
#define NM_PLOTFOLDER_H

#include <sqlite3.h>
#include <stdint.h>

#include "plotfile.h"

/* Whether name is a folder size plot file. Pure. */
int plotfolder_is_kind(const char *name);

/* Appends to (or rebuilds) every partition_<user>_folder_used.csv of today
 * in p. Returns 0, or -1 (logged). */
int plotfolder_write(sqlite3 *db, struct plots *p, int64_t day_start);

#endif
