/* consum: the daily consumption reports, consumption-report/YYYY-MM-DD.xml
 * and .json in the out dir, and their retention. */
#ifndef NM_CONSUM_H
#define NM_CONSUM_H

#include <sqlite3.h>
#include <stdint.h>

#include "consumfmt.h"

/* Fills d with the averages of UTC day `day` (the computer's from
 * system_sample and disk_sample, each partition's from user_sample and
 * folder_sample). Returns the rows the day has in those tables (0: write
 * nothing), or -1 logged. consum_day_free releases it. */
int consum_day_load(sqlite3 *db, int64_t day, struct consum_day *d);
void consum_day_free(struct consum_day *d);

/* Writes the reports of every complete UTC day before now's that has rows
 * and lies within keep_days, unless they exist (a file present is never
 * rewritten); removes those of days older than keep_days. Returns 0, or
 * -1 logged. */
int consum_run(sqlite3 *db, const char *out, int64_t now, unsigned long keep_days,
	       const char *computer_id);

#endif
