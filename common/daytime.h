/* daytime: UTC day and time-of-day helpers; pure, no time zone involved. */
#ifndef NM_DAYTIME_H
#define NM_DAYTIME_H

#include <stdint.h>

#define DAYTIME_DAY_SECONDS 86400

/* Writes "YYYY-MM-DD" (11 bytes with NUL) for the UTC day holding ts. */
void daytime_date(int64_t ts, char out[11]);

/* Writes "HH:MM:SS" (9 bytes with NUL), UTC. */
void daytime_time(int64_t ts, char out[9]);

/* The first second of ts's UTC day. */
int64_t daytime_day_start(int64_t ts);

/* Parses exactly "YYYY-MM-DD" (a real calendar date) into its day number,
 * days since 1970-01-01. Returns 0, or -1 for anything else. */
int daytime_parse_date(const char *s, int64_t *day);

#endif
