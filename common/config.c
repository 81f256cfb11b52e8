/* config: load an INI file into a program's table of known keys (libinih). */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "xalloc.h"

struct config_ctx {
	const struct config_key *keys;
	char err[256];
	int failed;
};

int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

int config_set(const struct config_key *key, const char *value, char *err, size_t errlen)
{
	unsigned long n;
	unsigned long min = key->type == CONFIG_POSITIVE ? 1 : 0;
	int b;

	if (key->type == CONFIG_PATH && *value == '\0') {
		snprintf(err, errlen, "%s wants a value", key->name);
		return -1;
	}
	switch (key->type) {
	case CONFIG_PATH:
	case CONFIG_STR: {
		char **dest = key->dest;

		free(*dest);
		*dest = xstrdup(value);
		return 0;
	}
	case CONFIG_BOOL:
		if (parse_bool(value, &b) < 0) {
			snprintf(err, errlen, "%s wants true or false, not '%s'", key->name, value);
			return -1;
		}
		*(int *)key->dest = b;
		return 0;
	case CONFIG_UINT:
	case CONFIG_POSITIVE:
		if (parse_ulong(value, key->max, &n) < 0 || n < min) {
			snprintf(err, errlen, "%s wants a whole number from %lu to %lu, not '%s'",
				 key->name, min, key->max, value);
			return -1;
		}
		*(unsigned long *)key->dest = n;
		return 0;
	}
	snprintf(err, errlen, "%s has no type", key->name);
	return -1;
}

/* The sections of node-monitor's one configuration file. A program reads
 * its own and passes over the others' (each program checks its own). */
static const char *const config_sections[] = {"collect", "report", "slapmonitor", "fleet"};

static int config_other_program(const char *section)
{
	for (size_t i = 0; i < sizeof(config_sections) / sizeof(config_sections[0]); i++)
		if (strcmp(config_sections[i], section) == 0)
			return 1;
	return 0;
}

/* Where parsing stands: the physical line the reader last handed to inih,
 * the first problem the handler or the reader met, and the first line that
 * opens a section without closing it. */
struct config_parse {
	struct config_ctx ctx;
	struct config_lines in;
	int err_line;	  /* the line of ctx.err */
	int open_section; /* the first '[' line without ']', or 0 */
};

static int config_handler(void *user, const char *section, const char *name, const char *value)
{
	struct config_parse *p = user;
	struct config_ctx *ctx = &p->ctx;
	int section_known = 0;

	/* Keep the first problem only, with the line the reader is on. */
	if (ctx->failed)
		return 1;
	p->err_line = p->in.lineno;
	for (const struct config_key *k = ctx->keys; k->name; k++) {
		if (strcmp(k->section, section) != 0)
			continue;
		section_known = 1;
		if (strcmp(k->name, name) == 0) {
			if (config_set(k, value, ctx->err, sizeof(ctx->err)) < 0) {
				ctx->failed = 1;
				return 0;
			}
			return 1;
		}
	}
	if (!section_known && config_other_program(section))
		return 1;
	if (section_known)
		snprintf(ctx->err, sizeof(ctx->err), "unknown key '%s' in [%s]", name, section);
	else
		snprintf(ctx->err, sizeof(ctx->err), "unknown section [%s]", section);
	ctx->failed = 1;
	return 0;
}

/* inih's reader, in place of fgets: hands over one whole line per call, so
 * that inih's line numbers are the file's. inih splits a line longer than
 * its buffer (num bytes, 200 in Debian's build) into several, numbering
 * each piece as a line of its own; such a line ends the parse here instead,
 * and config_load names it. */
char *config_read_line(struct config_lines *l, char *str, int num)
{
	ssize_t len;

	errno = 0;
	len = getline(&l->buf, &l->cap, l->f);
	if (len < 0) {
		if (ferror(l->f))
			l->read_errno = errno ? errno : EIO;
		return NULL;
	}
	l->lineno++;
	if (num < 2 || (size_t)len > (size_t)num - 1) {
		l->long_line = l->lineno;
		l->long_max = num < 2 ? 0 : (size_t)num - 2;
		return NULL;
	}
	memcpy(str, l->buf, (size_t)len + 1);
	return str;
}

static char *config_reader(char *str, int num, void *stream)
{
	struct config_parse *p = stream;
	const char *s;

	if (!config_read_line(&p->in, str, num))
		return NULL;
	for (s = str; *s == ' ' || *s == '\t'; s++)
		;
	if (*s == '[' && !strchr(s, ']') && !p->open_section)
		p->open_section = p->in.lineno;
	return str;
}

/* The one line for the first problem of a parse that inih ended at `line`
 * (its first error, or 0). */
static void config_message(const struct config_parse *p, const char *path, int line, char *err,
			   size_t errlen)
{
	if (line > 0 && (!p->ctx.failed || line < p->err_line)) {
		if (line == p->open_section)
			snprintf(err, errlen, "%s:%d: malformed section header (no closing ']')",
				 path, line);
		else
			snprintf(err, errlen,
				 "%s:%d: syntax error (want 'key = value' or '[section]')", path,
				 line);
	} else if (p->ctx.failed) {
		snprintf(err, errlen, "%s:%d: %s", path, p->err_line, p->ctx.err);
	} else if (p->in.long_line) {
		snprintf(err, errlen, "%s:%d: line longer than %zu bytes", path, p->in.long_line,
			 p->in.long_max);
	} else if (p->in.read_errno) {
		snprintf(err, errlen, "%s: %s", path, strerror(p->in.read_errno));
	} else {
		snprintf(err, errlen, "%s: cannot read", path);
	}
}

int config_load(const char *path, const struct config_key *keys, char *err, size_t errlen)
{
	struct config_parse p = {.ctx = {.keys = keys}};
	struct stat sb;
	int line;

	p.in.f = fopen(path, "r");
	if (!p.in.f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* fopen opens a directory, and reading it fails: say so up front. */
	if (fstat(fileno(p.in.f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(p.in.f);
		snprintf(err, errlen, "%s: %s", path, strerror(EISDIR));
		return -1;
	}
	line = ini_parse_stream(config_reader, &p, config_handler, &p);
	fclose(p.in.f);
	free(p.in.buf);
	if (line == 0 && !p.ctx.failed && !p.in.long_line && !p.in.read_errno)
		return 0;
	config_message(&p, path, line, err, errlen);
	return -1;
}
