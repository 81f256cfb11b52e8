/* slapcfg: the parts of SlapOS' own slapos.cfg that node-collect uses. */
#include "slapcfg.h"

#include <errno.h>
#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "config.h"
#include "users.h"
#include "xalloc.h"

#define SLAPCFG_KEYS 8

struct slapcfg_parse {
	struct slapos_config *c;
	struct config_key keys[SLAPCFG_KEYS + 1];
	int seen[SLAPCFG_KEYS];
	struct config_lines in;
	int failed; /* err holds the first problem, at err_line */
	int err_line;
	char err[256];
};

static void slapcfg_keys(struct slapcfg_parse *p)
{
	struct slapos_config *c = p->c;
	const struct config_key keys[SLAPCFG_KEYS + 1] = {
	    {"slapos", "instance_root", CONFIG_PATH, &c->instance_root, 0},
	    {"slapos", "computer_id", CONFIG_PATH, &c->computer_id, 0},
	    {"slapformat", "user_base_name", CONFIG_PATH, &c->user_base_name, 0},
	    {"slapformat", "partition_base_name", CONFIG_PATH, &c->partition_base_name, 0},
	    {"slapformat", "partition_amount", CONFIG_UINT, &c->partition_amount,
	     SLAPCFG_MAX_PARTITIONS},
	    {"collect", "report_disk_usage", CONFIG_BOOL, &c->report_disk_usage, 0},
	    {"collect", "disk_snapshot_time_cycle", CONFIG_UINT, &c->disk_snapshot_time_cycle,
	     365UL * 86400},
	    {"collect", "disk_snapshot_use_quota", CONFIG_BOOL, &c->disk_snapshot_use_quota, 0},
	    {NULL, NULL, CONFIG_STR, NULL, 0},
	};

	memcpy(p->keys, keys, sizeof(keys));
}

/* configparser's basic interpolation on a value: "%%" is '%', "%(name)s"
 * names another key, which is not supported here; a lone '%' is an error
 * there too. Returns the value to store (a heap copy), or NULL with the
 * reason in err. */
static char *slapcfg_unescape(const char *value, char *err, size_t errlen)
{
	char *out = xstrdup(value), *w = out;

	for (const char *s = value; *s; s++) {
		if (*s != '%') {
			*w++ = *s;
			continue;
		}
		if (s[1] == '%') {
			*w++ = '%';
			s++;
			continue;
		}
		if (s[1] == '(')
			snprintf(err, errlen, "interpolation '%%(...)s' is not supported");
		else
			snprintf(err, errlen, "a '%%' must be written '%%%%'");
		free(out);
		return NULL;
	}
	*w = '\0';
	return out;
}

/* Stores one used key's value; returns 0 or -1 with p->err set. */
static int slapcfg_store(struct slapcfg_parse *p, size_t i, const char *value)
{
	char *v;
	int rc;

	if (p->seen[i]) {
		snprintf(p->err, sizeof(p->err),
			 "%s: a value on several lines or a repeated key is not supported",
			 p->keys[i].name);
		return -1;
	}
	p->seen[i] = 1;
	v = slapcfg_unescape(value, p->err, sizeof(p->err));
	if (!v)
		return -1;
	rc = config_set(&p->keys[i], v, p->err, sizeof(p->err));
	if (rc == 0 && p->keys[i].dest == &p->c->user_base_name) {
		char why[200];

		rc = users_base_check(v, why, sizeof(why));
		if (rc < 0)
			snprintf(p->err, sizeof(p->err), "user_base_name: %s", why);
	}
	if (p->keys[i].dest == &p->c->partition_amount)
		p->c->has_partition_amount = rc == 0;
	free(v);
	return rc;
}

static int slapcfg_handler(void *user, const char *section, const char *name, const char *value)
{
	struct slapcfg_parse *p = user;

	if (p->failed)
		return 0;
	if (strcasecmp(section, "DEFAULT") == 0) {
		snprintf(p->err, sizeof(p->err), "a [DEFAULT] section is not supported");
		goto fail;
	}
	for (size_t i = 0; p->keys[i].name; i++) {
		/* configparser's key names are case-insensitive, sections not. */
		if (strcmp(p->keys[i].section, section) != 0 ||
		    strcasecmp(p->keys[i].name, name) != 0)
			continue;
		if (slapcfg_store(p, i, value) < 0)
			goto fail;
		return 1;
	}
	return 1;
fail:
	p->failed = 1;
	p->err_line = p->in.lineno;
	return 0;
}

/* inih's reader: one whole line per call, so that its line numbers are the
 * file's; a line too long for inih's buffer ends the parse. */
static char *slapcfg_reader(char *str, int num, void *stream)
{
	return config_read_line(&((struct slapcfg_parse *)stream)->in, str, num);
}

static void slapcfg_message(const struct slapcfg_parse *p, const char *path, int line, char *err,
			    size_t errlen)
{
	if (line > 0 && (!p->failed || line < p->err_line))
		snprintf(err, errlen, "%s:%d: syntax error (want 'key = value' or '[section]')",
			 path, line);
	else if (p->failed)
		snprintf(err, errlen, "%s:%d: %s", path, p->err_line, p->err);
	else if (p->in.long_line)
		snprintf(err, errlen, "%s:%d: line longer than %zu bytes", path, p->in.long_line,
			 p->in.long_max);
	else if (p->in.read_errno)
		snprintf(err, errlen, "%s: %s", path, strerror(p->in.read_errno));
	else
		snprintf(err, errlen, "%s: cannot read", path);
}

int slapcfg_load(const char *path, struct slapos_config *c, char *err, size_t errlen)
{
	struct slapcfg_parse p = {.c = c};
	bool inline_comments = ini_allow_inline_comments;
	struct stat sb;
	int line;

	c->report_disk_usage = 1;
	c->disk_snapshot_time_cycle = 86400;
	slapcfg_keys(&p);
	p.in.f = fopen(path, "r");
	if (!p.in.f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(p.in.f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(p.in.f);
		snprintf(err, errlen, "%s: %s", path, strerror(EISDIR));
		return -1;
	}
	/* configparser keeps "a ; b" whole in a value: so does this parse. */
	ini_allow_inline_comments = false;
	line = ini_parse_stream(slapcfg_reader, &p, slapcfg_handler, &p);
	ini_allow_inline_comments = inline_comments;
	fclose(p.in.f);
	free(p.in.buf);
	if (line == 0 && !p.failed && !p.in.long_line && !p.in.read_errno)
		return 0;
	slapcfg_message(&p, path, line, err, errlen);
	return -1;
}

char *slapcfg_users(const char *base, unsigned long n)
{
	size_t each = strlen(base) + 22, len = 0;
	char *out;

	if (n == 0)
		return NULL;
	out = xmalloc(each * n + 1);
	for (unsigned long i = 0; i < n; i++)
		len += (size_t)sprintf(out + len, "%s%s%lu", i ? "," : "", base, i);
	return out;
}

void slapcfg_release(struct slapos_config *c)
{
	free(c->instance_root);
	free(c->computer_id);
	free(c->user_base_name);
	free(c->partition_base_name);
	memset(c, 0, sizeof(*c));
}
