/* config: load an INI file into a program's table of known keys (libinih). */
#ifndef NM_CONFIG_H
#define NM_CONFIG_H

#include <stddef.h>
#include <stdio.h>

enum config_type {
	CONFIG_STR,	 /* char **: replaced by a heap copy the caller frees */
	CONFIG_BOOL,	 /* int *: true/false, yes/no, on/off, 1/0 */
	CONFIG_UINT,	 /* unsigned long *: decimal, within [0, max] */
	CONFIG_PATH,	 /* char **: as CONFIG_STR, but not empty (a path, a URL) */
	CONFIG_POSITIVE, /* unsigned long *: decimal, within [1, max] */
};

struct config_key {
	const char *section;
	const char *name;
	enum config_type type;
	void *dest;
	unsigned long max; /* CONFIG_UINT and CONFIG_POSITIVE only */
};

/* Reads the INI file `path` and stores each value in the `dest` of its key
 * (keys is terminated by an entry with a NULL name). An unknown section or
 * key, a bad value, a syntax error, a '[' line without ']', a line longer
 * than libinih takes, a directory or a read error fails. Returns 0, or -1
 * with a one-line message naming the file (and the line) in err. */
int config_load(const char *path, const struct config_key *keys, char *err, size_t errlen);

/* Stores one textual value into the key's destination, as config_load does.
 * Returns 0, or -1 with the reason in err. */
int config_set(const struct config_key *key, const char *value, char *err, size_t errlen);

/* Strict unsigned decimal parse of all of s, at most max. Returns 0 or -1. */
int parse_ulong(const char *s, unsigned long max, unsigned long *out);

/* Strict parse of a boolean word. Returns 0 or -1. */
int parse_bool(const char *s, int *out);

/* A file given to libinih's ini_parse_stream whole lines at a time, so that
 * its line numbers are the file's. */
struct config_lines {
	FILE *f;
	char *buf;
	size_t cap;
	int lineno;
	int long_line;	 /* the first line too long for inih's buffer, or 0 */
	size_t long_max; /* the most bytes a line may have, newline apart */
	int read_errno;	 /* a read error, or 0 */
};

/* inih's reader over l: the next line into str (num bytes), or NULL at the
 * end, on a read error, or at a line too long for str (inih would cut it
 * into pieces, each numbered as a line of its own). */
char *config_read_line(struct config_lines *l, char *str, int num);

#endif
