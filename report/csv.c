/* csv: the value formats of the files node-report writes. */
#include "csv.h"

#include <stdio.h>
#include <string.h>

#include "daytime.h"

void csv_int(struct afile *f, int64_t v)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	afile_write(f, p, (size_t)(buf + sizeof(buf) - p));
}

void csv_real(struct afile *f, double v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.15g", v);
	afile_puts(f, buf);
}

/* An integer in 1/10^decimals units, as SQLite prints the REAL it stands
 * for: "0.0", "0.01", "12.5", "-3.25". */
void csv_fixed(struct afile *f, int64_t v, int decimals)
{
	char frac[8] = {0};
	int64_t scale = decimals == 2 ? 100 : 10000;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	uint64_t rest = u % (uint64_t)scale;
	int n = decimals;

	if (v < 0)
		afile_write(f, "-", 1);
	csv_int(f, (int64_t)(u / (uint64_t)scale));
	for (int i = decimals - 1; i >= 0; i--) {
		frac[i] = (char)('0' + rest % 10);
		rest /= 10;
	}
	while (n > 1 && frac[n - 1] == '0')
		n--;
	afile_write(f, ".", 1);
	afile_write(f, frac, (size_t)n);
}

void csv_text(struct afile *f, const char *s)
{
	const char *q;

	if (!strpbrk(s, ",\"\r\n")) {
		afile_puts(f, s);
		return;
	}
	afile_write(f, "\"", 1);
	while ((q = strchr(s, '"')) != NULL) {
		afile_write(f, s, (size_t)(q - s + 1));
		afile_write(f, "\"", 1);
		s = q + 1;
	}
	afile_puts(f, s);
	afile_write(f, "\"", 1);
}

void csv_stamp(struct afile *f, int64_t ts)
{
	char date[11], time[9];

	daytime_date(ts, date);
	daytime_time(ts, time);
	afile_write(f, date, 10);
	afile_write(f, " ", 1);
	afile_write(f, time, 8);
}

void csv_name_part(char *dst, size_t len, const char *src)
{
	size_t i;

	if (len == 0)
		return;
	for (i = 0; src[i] && i + 1 < len; i++) {
		char c = src[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '_';

		dst[i] = c;
		if (!ok)
			dst[i] = '_';
	}
	dst[i] = '\0';
}
