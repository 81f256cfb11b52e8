/* retention: the deletion of the rows of old reported days. */
#ifndef NM_RETENTION_H
#define NM_RETENTION_H

#include <sqlite3.h>
#include <stdint.h>

/* Deletes, in one transaction, the rows of reported days older than
 * keep_days full days before now's UTC day, and their marks; then hands
 * the freed pages back to the file system. Returns the days deleted, or
 * -1 (logged; the transaction is rolled back). */
int retention_expire(sqlite3 *db, int64_t now, unsigned long keep_days);

#endif
