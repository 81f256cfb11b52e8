/* alerts: threshold alerts on the host, its file systems and its VMs,
 * raised and cleared with hysteresis (hyst.c), stored in the alert table,
 * appended to alerts.log and listed in alerts.csv. */
#include "alerts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "afile.h"
#include "csv.h"
#include "hyst.h"
#include "list.h"
#include "log.h"
#include "query_vm.h"
#include "sbuf.h"

/* Samples replayed at most: the hour before now, and a minute more per
 * sample that alert_samples or clear_samples ask for. Each run thus reads
 * an hour of samples, not a day; runs missed for longer than that lose the
 * samples before it. */
#define ALERTS_LOOKBACK 3600

struct alerts_transition {
	int64_t ts;
	char *subject, *metric;
	int fire;
	double value, threshold;
};

struct alerts_scan {
	const struct vmreport_opts *o;
	char subject[256], metric[64];
	double threshold;
	int below; /* the metric breaks its threshold by going under it */
	int known; /* the metric has a threshold */
	struct hyst h;
	struct {
		struct alerts_transition *v;
		// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
		size_t n, cap;
	} t;
};

/* The threshold of a metric: 1 with *t and *below set, 0 if it has none. */
static int alerts_threshold(const struct vmreport_opts *o, const char *subject, const char *metric,
			    double *t, int *below)
{
	int vm = strncmp(subject, "vm:", 3) == 0;

	*below = 0;
	if (strcmp(metric, "cpu_percent") == 0)
		*t = (double)(vm ? o->vm_cpu_percent : o->host_cpu_percent);
	else if (strcmp(metric, "memory_percent") == 0)
		*t = (double)(vm ? o->vm_memory_percent : o->host_memory_percent);
	else if (strcmp(metric, "net_bytes_per_second") == 0)
		*t = (double)o->net_bytes_per_second;
	else if (strcmp(metric, "free_percent") == 0) {
		*t = (double)o->disk_free_percent;
		*below = 1;
	} else
		return 0;
	return 1;
}

/* Starts the replay of a new (subject, metric) from its last transition. */
static void alerts_start(struct alerts_scan *s, const struct query_value *v)
{
	snprintf(s->subject, sizeof(s->subject), "%s", v[0].text);
	snprintf(s->metric, sizeof(s->metric), "%s", v[1].text);
	s->known = alerts_threshold(s->o, s->subject, s->metric, &s->threshold, &s->below);
	s->h = (struct hyst){.active = v[3].text && strcmp(v[3].text, "ALERT") == 0,
			     .fire_n = (unsigned)s->o->alert_samples,
			     .clear_n = (unsigned)s->o->clear_samples};
}

/* A row of query_vm_alert_samples: subject, metric, value, last state. */
static int alerts_row(void *arg, int64_t ts, const struct query_value *v, size_t n)
{
	struct alerts_scan *s = arg;
	struct alerts_transition *t;
	enum hyst_event e;
	int bad;

	if (n < 4 || !v[0].text || !v[1].text)
		return 0;
	if (strcmp(v[0].text, s->subject) != 0 || strcmp(v[1].text, s->metric) != 0)
		alerts_start(s, v);
	if (!s->known)
		return 0;
	bad = s->below ? v[2].r < s->threshold : v[2].r > s->threshold;
	e = hyst_step(&s->h, bad);
	if (e == HYST_NONE)
		return 0;
	t = LIST_PUSH(&s->t);
	*t = (struct alerts_transition){.ts = ts,
					.subject = xstrdup(s->subject),
					.metric = xstrdup(s->metric),
					.fire = e == HYST_FIRE,
					.value = v[2].r,
					.threshold = s->threshold};
	return 0;
}

/* A figure with at most two decimals and no trailing zeros: "70",
 * "66.67", "3333333.33". */
static void alerts_num(char *buf, size_t len, double v)
{
	char *end;

	snprintf(buf, len, "%.2f", v);
	end = buf + strlen(buf);
	while (end > buf && end[-1] == '0')
		*--end = '\0';
	if (end > buf && end[-1] == '.')
		end[-1] = '\0';
}

/* One line of alerts.log. */
static void alerts_log_line(struct afile *f, const struct alerts_transition *t)
{
	char line[512], stamp[32], value[40], threshold[40];
	time_t tt = (time_t)t->ts;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	alerts_num(value, sizeof(value), t->value);
	alerts_num(threshold, sizeof(threshold), t->threshold);
	snprintf(line, sizeof(line), "%s %s %s %s=%s threshold=%s\n", stamp,
		 t->fire ? "ALERT" : "CLEAR", t->subject, t->metric, value, threshold);
	afile_puts(f, line);
}

/* Opens out/alerts.log for appending, creating it if missing. */
static int alerts_log_open(struct afile *f, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

	if (fd < 0 || close(fd) < 0 || afile_open_append(f, path) < 0)
		return log_warn("%s", path);
	return 0;
}

/* Stores the transitions and appends them to alerts.log, in the open
 * write transaction, which it commits. */
static int alerts_store(sqlite3 *db, const char *path, const struct alerts_scan *s)
{
	struct afile f;

	if (s->t.n == 0)
		return query_commit(db);
	if (alerts_log_open(&f, path) < 0)
		return -1;
	for (size_t i = 0; i < s->t.n; i++) {
		const struct alerts_transition *t = &s->t.v[i];

		if (query_vm_alert_insert(db, t->ts, t->subject, t->metric,
					  t->fire ? "ALERT" : "CLEAR", t->value,
					  t->threshold) < 0) {
			afile_abort(&f);
			return -1;
		}
		alerts_log_line(&f, t);
	}
	if (query_commit(db) < 0) {
		afile_abort(&f);
		return -1;
	}
	if (afile_commit(&f) < 0)
		return log_warn("%s", path);
	return 0;
}

/* A row of query_vm_alerts_active: subject, metric, value, threshold. */
static int alerts_csv_row(void *arg, int64_t ts, const struct query_value *v, size_t n)
{
	struct afile *f = arg;
	char num[40];

	if (n < 4)
		return 0;
	csv_stamp(f, ts);
	afile_puts(f, ",");
	csv_text(f, v[0].text ? v[0].text : "");
	afile_puts(f, ",");
	csv_text(f, v[1].text ? v[1].text : "");
	alerts_num(num, sizeof(num), v[2].r);
	afile_puts(f, ",");
	afile_puts(f, num);
	alerts_num(num, sizeof(num), v[3].r);
	afile_puts(f, ",");
	afile_puts(f, num);
	afile_puts(f, "\n");
	return 0;
}

/* Rewrites out/alerts.csv with the active alerts. */
static int alerts_csv(sqlite3 *db, const char *path)
{
	struct afile f;

	if (afile_open(&f, path) < 0)
		return log_warn("%s", path);
	afile_puts(&f, "since,subject,metric,value,threshold\n");
	if (query_vm_alerts_active(db, alerts_csv_row, &f) < 0) {
		afile_abort(&f);
		return -1;
	}
	if (afile_commit(&f) < 0)
		return log_warn("%s", path);
	return 0;
}

/* out/name; the caller frees it. */
static char *alerts_path(const char *out, const char *name)
{
	struct sbuf b = {0};

	sbuf_printf(&b, "%s/%s", out, name);
	return sbuf_detach(&b, NULL);
}

int alerts_run(sqlite3 *db, const char *out, int64_t now, const struct vmreport_opts *o)
{
	struct alerts_scan s = {.o = o};
	char *log_path = NULL, *csv_path = NULL;
	int64_t lookback;
	int status = -1;

	log_path = alerts_path(out, "alerts.log");
	csv_path = alerts_path(out, "alerts.csv");
	if (query_begin_write(db) < 0)
		goto out;
	lookback = ALERTS_LOOKBACK + 60 * (int64_t)(o->alert_samples > o->clear_samples
							? o->alert_samples
							: o->clear_samples);
	if (query_vm_alert_samples(db, now - lookback, now, alerts_row, &s) < 0 ||
	    alerts_store(db, log_path, &s) < 0) {
		query_rollback(db);
		goto out;
	}
	status = alerts_csv(db, csv_path);
out:
	for (size_t i = 0; i < s.t.n; i++) {
		free(s.t.v[i].subject);
		free(s.t.v[i].metric);
	}
	free(s.t.v);
	free(log_path);
	free(csv_path);
	return status;
}
