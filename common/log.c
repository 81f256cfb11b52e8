/* log: one-line messages on stderr, prefixed with the program name. */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *log_prog = "node-monitor";

void log_init(const char *progname)
{
	log_prog = progname;
}

static void log_vprint(int err, const char *fmt, va_list ap)
{
	char msg[1024];

	/* ap is started by the caller; the analyzer cannot see across calls. */
	vsnprintf(msg, sizeof(msg), fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	if (err)
		fprintf(stderr, "%s: %s: %s\n", log_prog, msg, strerror(err));
	else
		fprintf(stderr, "%s: %s\n", log_prog, msg);
}

int log_warn(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vprint(err, fmt, ap);
	va_end(ap);
	return -1;
}

int log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprint(0, fmt, ap);
	va_end(ap);
	return -1;
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprint(0, fmt, ap);
	va_end(ap);
}
