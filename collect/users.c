/* users: which user names are partitions, from --users globs and passwd. */
#include "users.h"

#include <errno.h>
#include <fnmatch.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "log.h"
#include "xalloc.h"

/* Characters a glob may hold: those of user names, plus glob syntax. */
static int users_glob_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("_-.$*?[]!^", c) != NULL;
}

int users_globs_check(const char *globs, char *err, size_t errlen)
{
	const char *p = globs;

	if (*globs == '\0') {
		snprintf(err, errlen, "empty user glob list");
		return -1;
	}
	while (1) {
		size_t len = strcspn(p, ",");
		int depth = 0;

		if (len == 0) {
			snprintf(err, errlen, "empty glob in '%s'", globs);
			return -1;
		}
		for (size_t i = 0; i < len; i++) {
			if (!users_glob_char(p[i])) {
				snprintf(err, errlen, "bad character '%c' in user glob '%.*s'",
					 p[i], (int)len, p);
				return -1;
			}
			if (p[i] == '[')
				depth++;
			else if (p[i] == ']' && depth > 0)
				depth--;
		}
		if (depth) {
			snprintf(err, errlen, "unclosed '[' in user glob '%.*s'", (int)len, p);
			return -1;
		}
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

int users_match(const char *globs, const char *name)
{
	const char *p = globs;
	char one[256];

	while (*p) {
		size_t len = strcspn(p, ",");

		if (len < sizeof(one)) {
			memcpy(one, p, len);
			one[len] = '\0';
			if (fnmatch(one, name, 0) == 0)
				return 1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int users_match_base(const char *base, const char *name)
{
	size_t len = strlen(base);

	if (strncmp(name, base, len) != 0 || name[len] == '\0')
		return 0;
	return strspn(name + len, "0123456789") == strlen(name + len);
}

int users_base_check(const char *base, char *err, size_t errlen)
{
	size_t n = strspn(base, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"0123456789_-.");

	if (*base == '\0') {
		snprintf(err, errlen, "empty partition base name");
		return -1;
	}
	if (base[n] != '\0') {
		snprintf(err, errlen, "bad character '%c' in partition base name '%s'", base[n],
			 base);
		return -1;
	}
	return 0;
}

static int users_cmp(const void *a, const void *b)
{
	const struct user_entry *x = a, *y = b;

	return (x->uid > y->uid) - (x->uid < y->uid);
}

/* By uid, then by name, so that of two names for one uid the first in
 * byte order is kept, whatever order passwd lists them in. */
static int users_sort_cmp(const void *a, const void *b)
{
	const struct user_entry *x = a, *y = b;
	int c = users_cmp(a, b);

	return c ? c : strcmp(x->name, y->name);
}

int users_load(const char *globs, const char *base, struct users *u)
{
	struct passwd *pw;

	errno = 0;
	setpwent();
	while ((pw = getpwent()) != NULL) {
		struct user_entry *e;

		if (globs ? !users_match(globs, pw->pw_name) : !users_match_base(base, pw->pw_name))
			continue;
		e = LIST_PUSH(u);
		e->uid = pw->pw_uid;
		e->name = xstrdup(pw->pw_name);
	}
	if (errno != 0 && errno != ENOENT) {
		log_warn("read user database");
		endpwent();
		return -1;
	}
	endpwent();
	if (u->n > 1)
		qsort(u->v, u->n, sizeof(*u->v), users_sort_cmp);
	/* Two names for one uid (an alias): keep one, rows need one owner. */
	for (size_t i = 1; i < u->n; i++) {
		if (u->v[i].uid == u->v[i - 1].uid) {
			free(u->v[i].name);
			memmove(&u->v[i], &u->v[i + 1], (u->n - i - 1) * sizeof(*u->v));
			u->n--;
			i--;
		}
	}
	return (int)u->n;
}

const char *users_find(const struct users *u, unsigned uid)
{
	struct user_entry key = {.uid = uid};
	const struct user_entry *e;

	if (u->n == 0)
		return NULL;
	e = bsearch(&key, u->v, u->n, sizeof(*u->v), users_cmp);
	return e ? e->name : NULL;
}

static int users_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *users_join(const struct users *u)
{
	const char **names = xcalloc(u->n, sizeof(*names));
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < u->n; i++) {
		names[i] = u->v[i].name;
		len += strlen(names[i]) + 1;
	}
	qsort(names, u->n, sizeof(*names), users_name_cmp);
	s = xmalloc(len);
	s[0] = '\0';
	for (size_t i = 0; i < u->n; i++) {
		if (i)
			strcat(s, ",");
		strcat(s, names[i]);
	}
	free(names);
	return s;
}

void users_release(struct users *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->v[i].name);
	free(u->v);
	u->v = NULL;
	u->n = u->cap = 0;
}
