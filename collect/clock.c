/* clock: the run's place in CLOCK_BOOTTIME and the boot it belongs to. */
#include "clock.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "file.h"
#include "log.h"

int clock_parse_seconds(const char *s, int64_t *ns)
{
	int64_t whole = 0, frac = 0, scale = CLOCK_NS_PER_S;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > (INT64_MAX / CLOCK_NS_PER_S - 9) / 10)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (scale == 1)
				return -1; /* finer than a nanosecond */
			scale /= 10;
			frac += (*p - '0') * scale;
		}
	}
	if (*p != '\0')
		return -1;
	*ns = whole * CLOCK_NS_PER_S + frac;
	return 0;
}

int64_t clock_ticks_ns(int64_t ticks, long hz)
{
	/* Whole seconds first: ticks * 1e9 would overflow after ~3 years. */
	return ticks / hz * CLOCK_NS_PER_S + ticks % hz * CLOCK_NS_PER_S / hz;
}

int clock_boottime_ns(int64_t *ns)
{
	struct timespec t;

	if (clock_gettime(CLOCK_BOOTTIME, &t) < 0)
		return log_warn("clock_gettime CLOCK_BOOTTIME");
	*ns = (int64_t)t.tv_sec * CLOCK_NS_PER_S + t.tv_nsec;
	return 0;
}

int clock_read_boot_id(char *out, size_t outlen)
{
	char *buf = file_read("/proc/sys/kernel/random/boot_id", NULL);
	size_t n;

	if (!buf)
		return -1;
	n = strcspn(buf, "\n");
	if (n == 0 || n >= outlen || buf[n + (buf[n] != '\0')] != '\0') {
		free(buf);
		return -1;
	}
	memcpy(out, buf, n);
	out[n] = '\0';
	free(buf);
	return 0;
}
