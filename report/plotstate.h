/* plotstate: the record of today's plot files (per file: its day, the last
 * ts it covers, its size and inode), kept beside them and written
 * atomically. */
#ifndef NM_PLOTSTATE_H
#define NM_PLOTSTATE_H

#include <stddef.h>
#include <stdint.h>

/* The record's name in the out directory; a dot file, which slapmonitor
 * does not serve. */
#define PLOTSTATE_FILE ".plots.state"

struct plotstate_rec {
	char *name;	 /* the plot file's name in the out directory */
	char *key;	 /* its device or partition user; "" for the system files */
	int64_t day;	 /* UTC day number of its rows */
	int64_t last_ts; /* it holds every row up to this ts */
	int64_t size;	 /* its size in bytes when written; -1: must be rebuilt */
	int64_t ino;	 /* its inode: a rebuilt file is a new one, even at the same size */
};

struct plotstate {
	struct plotstate_rec *v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
};

/* Reads out's record into s (empty first). A missing or unreadable record
 * leaves s empty, which makes every file be rebuilt; never fails. */
void plotstate_load(const char *out, struct plotstate *s);

/* Writes s as out's record (sorted by name) through a temporary file.
 * Returns 0, or -1 (logged). */
int plotstate_save(const char *out, struct plotstate *s);

/* The record of name, or NULL. */
struct plotstate_rec *plotstate_find(const struct plotstate *s, const char *name);

/* Adds or replaces name's record. */
void plotstate_set(struct plotstate *s, const char *name, const char *key, int64_t day,
		   int64_t last_ts, int64_t size, int64_t ino);

/* Frees what s holds; s is empty again. */
void plotstate_free(struct plotstate *s);

#endif
