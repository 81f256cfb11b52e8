/* daytime: UTC day and time-of-day helpers; pure, no time zone involved. */
#include "daytime.h"

#include <stdio.h>
#include <string.h>

int64_t daytime_day_start(int64_t ts)
{
	int64_t r = ts % DAYTIME_DAY_SECONDS;

	return ts - (r < 0 ? r + DAYTIME_DAY_SECONDS : r);
}

/* Civil date from days since 1970-01-01 (proleptic Gregorian), in the
 * era-based form that needs no tables and no time zone database. */
static void daytime_civil(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void daytime_date(int64_t ts, char out[11])
{
	int y, m, d;

	daytime_civil(daytime_day_start(ts) / DAYTIME_DAY_SECONDS, &y, &m, &d);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000U, (unsigned)m % 100U,
		 (unsigned)d % 100U);
}

void daytime_time(int64_t ts, char out[9])
{
	int64_t s = ts - daytime_day_start(ts);

	snprintf(out, 9, "%02u:%02u:%02u", (unsigned)(s / 3600) % 100U, (unsigned)(s / 60 % 60),
		 (unsigned)(s % 60));
}

int daytime_parse_date(const char *s, int64_t *day)
{
	int64_t y = 0, m = 0, d = 0, yy, era, yoe, doy, doe;
	char check[11];

	for (int i = 0; i < 10; i++) {
		int digit = s[i] >= '0' && s[i] <= '9';

		if ((i == 4 || i == 7) ? s[i] != '-' : !digit)
			return -1;
	}
	if (s[10] != '\0')
		return -1;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	/* The inverse of daytime_civil; the round trip rejects "2026-02-31". */
	yy = m <= 2 ? y - 1 : y;
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*day = era * 146097 + doe - 719468;
	daytime_date(*day * DAYTIME_DAY_SECONDS, check);
	return strcmp(check, s) == 0 ? 0 : -1;
}
