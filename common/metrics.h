/* metrics: node-monitor's latest samples in the Prometheus text exposition
 * format 0.0.4 (fleet/METRICS.md lists every metric). Shared by slapmonitor
 * (/<secret>/metrics) and node-collect (--prom-textfile); needs SQLite only. */
#ifndef NM_METRICS_H
#define NM_METRICS_H

#include <sqlite3.h>
#include <stddef.h>

#include "sbuf.h"

/* The exposition being written: the text, the family whose HELP and TYPE
 * lines were written last, and the number of samples. */
struct metrics_out {
	struct sbuf buf;
	const char *family;
	size_t series;
};

/* One metric family. */
struct metrics_def {
	const char *name;
	const char *type; /* "gauge" or "counter" */
	const char *help;
};

/* Formats v so that strtod gives v back, in the fewest digits: integral
 * values below 2^53 without a fraction or exponent; NaN, +Inf and -Inf as
 * Prometheus spells them. out needs METRICS_NUM_LEN bytes. */
#define METRICS_NUM_LEN 32
void metrics_double(double v, char out[METRICS_NUM_LEN]);

/* Appends s as a label value: backslash, double quote and newline
 * escaped. */
void metrics_escape(struct sbuf *b, const char *s);

/* Appends one sample of family def, whose labels are the n pairs
 * names[i]="values[i]", with the value text num. The family's HELP and
 * TYPE lines come first unless it is the family of the previous sample:
 * write each family's samples together. */
void metrics_sample(struct metrics_out *m, const struct metrics_def *def, const char *const *names,
		    const char *const *values, size_t n, const char *num);

/* Writes every metric of the database db (open, ideally read-only) into m,
 * in one read transaction: host and version label node_monitor_info.
 * Returns 0, or -1 with one line in err (m then holds a partial text, to
 * be released). */
int metrics_collect(sqlite3 *db, const char *host, struct metrics_out *m, char *err, size_t errlen);

/* Frees what m holds. */
void metrics_release(struct metrics_out *m);

#endif
