/* plottemp: today's temperature plot files, one per sensor, read from
 * temperature_sample in (ts, sensor_id) order. */
#include "plottemp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "daytime.h"
#include "list.h"
#include "query.h"
#include "xalloc.h"

#define PLOTTEMP_PREFIX "temperature_"

int plottemp_is_kind(const char *name)
{
	size_t len = strlen(name);

	return strncmp(name, PLOTTEMP_PREFIX, strlen(PLOTTEMP_PREFIX)) == 0 &&
	       len > strlen(PLOTTEMP_PREFIX) + 4 && strcmp(name + len - 4, ".csv") == 0;
}

void plottemp_name(char *dst, size_t len, const char *sensor_id)
{
	char id[256], part[256];
	size_t n;

	snprintf(id, sizeof(id), "%s", sensor_id);
	n = strlen(id);
	if (n > 0 && id[n - 1] == ':')
		id[n - 1] = '\0';
	csv_name_part(part, sizeof(part), id);
	snprintf(dst, len, PLOTTEMP_PREFIX "%s.csv", part);
}

/* The file of one sensor. */
struct plot_sensor {
	char *id;
	struct plot_file f;
};

struct plot_sensors {
	struct plots *p;
	struct plot_sensor *v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
	int64_t last_ts;
};

/* The file of sensor id, started at its first row; NULL for a sensor whose
 * safe name is that of another one seen first in (ts, sensor_id) order
 * ("a b:" and "a_b:"): one writer per file, the other's rows stay in the
 * dumps and the metrics. */
static struct plot_sensor *plottemp_sensor(struct plot_sensors *s, const char *id)
{
	char name[PLOT_NAME_MAX];
	struct plot_sensor *x;

	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].id, id) == 0)
			return &s->v[i];
	}
	plottemp_name(name, sizeof(name), id);
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].f.name, name) == 0)
			return NULL;
	}
	x = LIST_PUSH(s);
	x->id = xstrdup(id);
	plot_file_begin(s->p, &x->f, name);
	return x;
}

static int plottemp_row(void *arg, int64_t ts, const struct query_value *v, size_t n)
{
	struct plot_sensors *s = arg;
	struct plot_sensor *x = plottemp_sensor(s, v[0].text ? v[0].text : "");

	(void)n;
	if (x)
		plot_real(plot_file_row(s->p, &x->f, ts), ts, v[1].r);
	if (ts > s->last_ts)
		s->last_ts = ts;
	return 0;
}

int plottemp_write(sqlite3 *db, struct plots *p, int64_t day_start)
{
	static const char *const columns[] = {"sensor_id", "temperature"};
	int64_t from = plot_kind_from(p, plottemp_is_kind);
	struct plot_sensors s = {.p = p, .last_ts = from == INT64_MIN ? day_start - 1 : from};
	int rc;

	rc = query_table_rows(db, "temperature_sample", "sensor_id", columns, 2,
			      from == INT64_MIN ? day_start : from + 1,
			      day_start + DAYTIME_DAY_SECONDS, plottemp_row, &s);
	for (size_t i = 0; i < s.n; i++) {
		if (rc < 0)
			plot_file_abort(&s.v[i].f);
		else
			plot_file_end(p, &s.v[i].f, s.v[i].id, s.last_ts);
		free(s.v[i].id);
	}
	free(s.v);
	if (rc == 0)
		plot_kind_carry(p, plottemp_is_kind, s.last_ts);
	return rc;
}
