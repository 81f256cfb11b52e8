/* plotstate: the record of today's plot files, kept beside them. */
#include "plotstate.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "file.h"
#include "list.h"
#include "log.h"
#include "xalloc.h"

/* The first line; a record that does not start with it is ignored. */
#define PLOTSTATE_MAGIC "node-report plot files 2\n"

struct plotstate_rec *plotstate_find(const struct plotstate *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	}
	return NULL;
}

void plotstate_set(struct plotstate *s, const char *name, const char *key, int64_t day,
		   int64_t last_ts, int64_t size, int64_t ino)
{
	struct plotstate_rec *r = plotstate_find(s, name);

	if (!r) {
		r = LIST_PUSH(s);
		r->name = xstrdup(name);
		r->key = xstrdup(key);
	}
	r->day = day;
	r->last_ts = last_ts;
	r->size = size;
	r->ino = ino;
}

void plotstate_free(struct plotstate *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].key);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Reads a decimal integer and the tab after it at *p; moves *p past both. */
static int plotstate_int(char **p, int64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoll(*p, &end, 10);
	if (errno || end == *p || *end != '\t')
		return -1;
	*p = end + 1;
	return 0;
}

/* Parses one line "name TAB day TAB last_ts TAB size TAB ino TAB key"
 * into s. */
static int plotstate_parse(struct plotstate *s, char *line)
{
	char *name = line, *rest;
	int64_t day, last, size, ino;

	rest = strchr(line, '\t');
	if (!rest)
		return -1;
	*rest++ = '\0';
	if (plotstate_int(&rest, &day) < 0 || plotstate_int(&rest, &last) < 0 ||
	    plotstate_int(&rest, &size) < 0 || plotstate_int(&rest, &ino) < 0)
		return -1;
	if (*name == '\0' || strchr(name, '/') || plotstate_find(s, name))
		return -1;
	plotstate_set(s, name, rest, day, last, size, ino);
	return 0;
}

void plotstate_load(const char *out, struct plotstate *s)
{
	char path[4096];
	char *text, *line, *next;

	memset(s, 0, sizeof(*s));
	snprintf(path, sizeof(path), "%s/%s", out, PLOTSTATE_FILE);
	text = file_read(path, NULL);
	if (!text)
		return;
	if (strncmp(text, PLOTSTATE_MAGIC, strlen(PLOTSTATE_MAGIC)) != 0) {
		free(text);
		return;
	}
	for (line = text + strlen(PLOTSTATE_MAGIC); *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!next || plotstate_parse(s, line) < 0) {
			plotstate_free(s); /* a damaged record: rebuild everything */
			break;
		}
	}
	free(text);
}

static int plotstate_cmp(const void *a, const void *b)
{
	return strcmp(((const struct plotstate_rec *)a)->name,
		      ((const struct plotstate_rec *)b)->name);
}

int plotstate_save(const char *out, struct plotstate *s)
{
	char path[4096], line[96];
	struct afile f;

	snprintf(path, sizeof(path), "%s/%s", out, PLOTSTATE_FILE);
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), plotstate_cmp);
	if (afile_open(&f, path) < 0)
		return log_warn("%s", path);
	afile_puts(&f, PLOTSTATE_MAGIC);
	for (size_t i = 0; i < s->n; i++) {
		const struct plotstate_rec *r = &s->v[i];

		afile_puts(&f, r->name);
		snprintf(line, sizeof(line),
			 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t", r->day,
			 r->last_ts, r->size, r->ino);
		afile_puts(&f, line);
		afile_puts(&f, r->key);
		afile_write(&f, "\n", 1);
	}
	if (afile_commit(&f) < 0)
		return log_warn("%s", path);
	return 0;
}
