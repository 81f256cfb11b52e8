/* hdr: HTTP dates, entity tags, byte ranges and content types. */
#include "hdr.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char hdr_days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char hdr_months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void hdr_date(time_t t, char buf[HDR_DATE_LEN])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, HDR_DATE_LEN, "%s, %02d %s %04d %02d:%02d:%02d GMT", hdr_days[tm.tm_wday],
		 tm.tm_mday, hdr_months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec);
}

/* The number in the n digits at s, or -1. */
static int hdr_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int hdr_date_parse(const char *s, time_t *t)
{
	/* "Sun, 06 Nov 1994 08:49:37 GMT": every field at a fixed place. */
	struct tm tm = {0};
	int mon;

	if (strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
	    s[16] != ' ' || s[19] != ':' || s[22] != ':' || strcmp(s + 25, " GMT") != 0)
		return -1;
	for (mon = 0; mon < 12 && strncmp(s + 8, hdr_months[mon], 3) != 0; mon++)
		;
	tm.tm_mday = hdr_digits(s + 5, 2);
	tm.tm_year = hdr_digits(s + 12, 4);
	tm.tm_hour = hdr_digits(s + 17, 2);
	tm.tm_min = hdr_digits(s + 20, 2);
	tm.tm_sec = hdr_digits(s + 23, 2);
	if (mon == 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_year < 1970 || tm.tm_hour < 0 ||
	    tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 60)
		return -1;
	tm.tm_mon = mon;
	tm.tm_year -= 1900;
	*t = timegm(&tm);
	return *t == (time_t)-1 ? -1 : 0;
}

void hdr_etag(uint64_t ino, int64_t size, int64_t mtime_ns, char buf[HDR_ETAG_LEN])
{
	snprintf(buf, HDR_ETAG_LEN, "\"%" PRIx64 "-%" PRIx64 "-%" PRIx64 "\"", ino, (uint64_t)size,
		 (uint64_t)mtime_ns);
}

int hdr_etag_match(const char *list, const char *tag)
{
	size_t tlen = strlen(tag);
	const char *p = list;

	while (*p) {
		const char *start;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		/* A weak tag matches too: If-None-Match uses weak comparison. */
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		start = p;
		while (*p && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		if ((size_t)(p - start) == tlen && memcmp(start, tag, tlen) == 0)
			return 1;
	}
	return 0;
}

/* A decimal number of at most 18 digits at *p; advances p. -1 if none. */
static int64_t hdr_number(const char **p)
{
	int64_t v = 0;
	int digits = 0;

	while (**p >= '0' && **p <= '9') {
		if (++digits > 18)
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	return digits ? v : -1;
}

enum hdr_range_result hdr_range(const char *value, int64_t size, int64_t *first, int64_t *len)
{
	const char *p = value;
	int64_t a, b;

	if (!value || strncmp(p, "bytes=", 6) != 0)
		return HDR_RANGE_NONE;
	p += 6;
	if (strchr(p, ','))
		return HDR_RANGE_NONE;
	if (*p == '-') {
		p++;
		b = hdr_number(&p);
		if (b < 0 || *p)
			return HDR_RANGE_NONE;
		if (b == 0 || size == 0)
			return HDR_RANGE_UNSATISFIABLE;
		*first = b >= size ? 0 : size - b;
		*len = size - *first;
		return HDR_RANGE_OK;
	}
	a = hdr_number(&p);
	if (a < 0 || *p++ != '-')
		return HDR_RANGE_NONE;
	if (*p == '\0') {
		b = size - 1;
	} else {
		b = hdr_number(&p);
		if (b < 0 || *p || b < a)
			return HDR_RANGE_NONE;
	}
	if (a >= size)
		return HDR_RANGE_UNSATISFIABLE;
	if (b >= size)
		b = size - 1;
	*first = a;
	*len = b - a + 1;
	return HDR_RANGE_OK;
}

const char *hdr_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".csv", "text/csv; charset=utf-8"},
	    {".gz", "application/gzip"},
	    {".html", "text/html; charset=utf-8"},
	    {".js", "application/javascript"},
	    {".css", "text/css"},
	    {".json", "application/json"},
	    {".map", "application/json"},
	    {".txt", "text/plain; charset=utf-8"},
	    {".log", "text/plain; charset=utf-8"},
	    {".png", "image/png"},
	    {".svg", "image/svg+xml"},
	};
	const char *dot = strrchr(name, '.');

	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcasecmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

int hdr_field_name_ok(const char *name)
{
	static const char tchar[] = "!#$%&'*+-.^_`|~0123456789"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	return name[0] != '\0' && name[strspn(name, tchar)] == '\0';
}
