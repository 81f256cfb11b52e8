/* metrics_fmt: the text exposition format's numbers, label values and
 * HELP/TYPE lines. Pure: no I/O. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

void metrics_double(double v, char out[METRICS_NUM_LEN])
{
	if (isnan(v)) {
		snprintf(out, METRICS_NUM_LEN, "NaN");
		return;
	}
	if (isinf(v)) {
		snprintf(out, METRICS_NUM_LEN, "%cInf", v > 0 ? '+' : '-');
		return;
	}
	/* 2^53: every integer below is exact in a double. */
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		snprintf(out, METRICS_NUM_LEN, "%.0f", v);
		return;
	}
	/* The shortest of 15, 16 or 17 significant digits that reads back the
	 * same: 17 always does. */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, METRICS_NUM_LEN, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

void metrics_escape(struct sbuf *b, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep = *s == '\\'   ? "\\\\"
				  : *s == '"'  ? "\\\""
				  : *s == '\n' ? "\\n"
					       : NULL;

		if (!rep)
			continue;
		sbuf_add(b, run, (size_t)(s - run));
		sbuf_puts(b, rep);
		run = s + 1;
	}
	sbuf_add(b, run, (size_t)(s - run));
}

/* HELP text escapes backslash and newline only. */
static void metrics_help(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			sbuf_puts(b, "\\\\");
		else if (*s == '\n')
			sbuf_puts(b, "\\n");
		else
			sbuf_add(b, s, 1);
	}
}

void metrics_sample(struct metrics_out *m, const struct metrics_def *def, const char *const *names,
		    const char *const *values, size_t n, const char *num)
{
	struct sbuf *b = &m->buf;

	if (m->family != def->name) {
		sbuf_printf(b, "# HELP %s ", def->name);
		metrics_help(b, def->help);
		sbuf_printf(b, "\n# TYPE %s %s\n", def->name, def->type);
		m->family = def->name;
	}
	sbuf_puts(b, def->name);
	for (size_t i = 0; i < n; i++) {
		sbuf_printf(b, "%c%s=\"", i == 0 ? '{' : ',', names[i]);
		metrics_escape(b, values[i]);
		sbuf_puts(b, "\"");
	}
	sbuf_printf(b, "%s %s\n", n ? "}" : "", num);
	m->series++;
}

void metrics_release(struct metrics_out *m)
{
	sbuf_release(&m->buf);
	m->family = NULL;
	m->series = 0;
}
