/* units: sizes and rates with decimal and binary suffixes. */
#include "units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Whether s starts as an unsigned decimal number: a digit or a point.
 * strtod would skip any white space (form feeds and newlines too) and
 * take a sign after it. */
static int units_starts(const char *s)
{
	return (*s >= '0' && *s <= '9') || *s == '.';
}

int units_number(const char *s, double *out)
{
	char *end;

	if (!*s || !units_starts(s) || strpbrk(s, "xXnN"))
		return -1;
	*out = strtod(s, &end);
	return *end || !isfinite(*out) ? -1 : 0;
}

int units_parse(const char *s, double *out)
{
	static const char letters[] = "KMGT";
	char *end;
	double v;
	const char *p;

	/* No hexadecimal, infinity or NaN, which strtod would take. */
	if (!*s || !units_starts(s) || strpbrk(s, "xXnN"))
		return -1;
	v = strtod(s, &end);
	if (end == s || !isfinite(v))
		return -1;
	if (*end && (p = strchr(letters, *end)) != NULL) {
		int power = (int)(p - letters) + 1;
		double base = 1000;

		end++;
		if (*end == 'i') {
			base = 1024;
			end++;
		}
		v *= pow(base, power);
	}
	if (*end == 'B')
		end++;
	if (*end)
		return -1;
	*out = v;
	return 0;
}
