/* config: load an INI file into a program's table of known keys (libinih). */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	int b;

	switch (key->type) {
	case CONFIG_STR: {
		char **dest = key->dest;

		free(*dest);
		*dest = xstrdup(value);
		return 0;
	}
	case CONFIG_BOOL:
		if (parse_bool(value, &b) < 0) {
			snprintf(err, errlen, "'%s' wants true or false, not '%s'", key->name,
				 value);
			return -1;
		}
		*(int *)key->dest = b;
		return 0;
	case CONFIG_UINT:
		if (parse_ulong(value, key->max, &n) < 0) {
			snprintf(err, errlen, "'%s' wants a whole number from 0 to %lu, not '%s'",
				 key->name, key->max, value);
			return -1;
		}
		*(unsigned long *)key->dest = n;
		return 0;
	}
	snprintf(err, errlen, "'%s' has no type", key->name);
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

static int config_handler(void *user, const char *section, const char *name, const char *value)
{
	struct config_ctx *ctx = user;
	int section_known = 0;

	/* Keep the first problem only: its line is the one inih reports. */
	if (ctx->failed)
		return 1;
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

int config_load(const char *path, const struct config_key *keys, char *err, size_t errlen)
{
	struct config_ctx ctx = {.keys = keys};
	FILE *f;
	int line;

	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	line = ini_parse_file(f, config_handler, &ctx);
	fclose(f);
	if (line == 0)
		return 0;
	if (line < 0)
		snprintf(err, errlen, "%s: cannot read", path);
	else if (ctx.failed)
		snprintf(err, errlen, "%s:%d: %s", path, line, ctx.err);
	else
		snprintf(err, errlen, "%s:%d: syntax error (want 'key = value' or '[section]')",
			 path, line);
	return -1;
}
