/* users: which user names are partitions, from --users globs and passwd. */
#ifndef NM_USERS_H
#define NM_USERS_H

#include <stddef.h>

struct user_entry {
	unsigned uid;
	char *name;
};

/* Matching users, sorted by uid. */
struct users {
	struct user_entry *v;
	size_t n, cap;
};

/* Checks a comma-separated glob list (fnmatch syntax, user-name characters
 * only). Returns 0, or -1 with the reason in err. Pure. */
int users_globs_check(const char *globs, char *err, size_t errlen);

/* Whether name matches any glob of the list. Pure. */
int users_match(const char *globs, const char *name);

/* Whether name is a SlapOS partition user of the base name: base followed
 * by one or more digits and nothing else ("slapuser12", not "slapuser" or
 * "slapusertest0"). Pure. */
int users_match_base(const char *base, const char *name);

/* Checks a partition base name: user-name characters, no glob syntax.
 * Returns 0, or -1 with the reason in err. Pure. */
int users_base_check(const char *base, char *err, size_t errlen);

/* Fills u with every passwd entry whose name matches globs, or, when globs
 * is NULL, is base followed by digits. Returns the count, or -1 if the user
 * database cannot be read. */
int users_load(const char *globs, const char *base, struct users *u);

/* The name of uid if it is a matching user, else NULL. */
const char *users_find(const struct users *u, unsigned uid);

/* The matching names, sorted, joined by commas; the caller frees it. */
char *users_join(const struct users *u);

/* Frees what u holds. */
void users_release(struct users *u);

#endif
