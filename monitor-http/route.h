/* route: what a request path asks for, decided before any file is touched.
 * Pure: no I/O, no logging. */
#ifndef NM_ROUTE_H
#define NM_ROUTE_H

#include <stddef.h>

#define ROUTE_SECRET_LEN 64 /* hex digits of the 256-bit secret */
#define ROUTE_PATH_MAX	 1024
#define ROUTE_REDACT_MIN 8 /* characters of the secret in a row hidden */

enum route_kind {
	ROUTE_PROBE,	 /* "/": the availability probe */
	ROUTE_PLOTS,	 /* "/<secret>/": the plot page */
	ROUTE_STATIC,	 /* "/<secret>/static/<name>": page assets */
	ROUTE_FILES,	 /* "/<secret>/server-log/<path>": a file, or a folder if
			  * path is empty or ends with '/' */
	ROUTE_METRICS,	 /* "/<secret>/metrics": Prometheus' text format */
	ROUTE_NOTFOUND,	 /* anything else, a wrong secret included */
	ROUTE_BAD,	 /* a path no client should send: 400 */
	ROUTE_BENCHMARK, /* "/<secret>/benchmark": node-collect's network peer */
};

struct route {
	enum route_kind kind;
	/* ROUTE_STATIC and ROUTE_FILES: the decoded path below the prefix,
	 * relative, every component checked ("" for the folder itself). */
	char path[ROUTE_PATH_MAX];
	int is_dir;	 /* the path ends with '/' (or is the folder itself) */
	const char *why; /* ROUTE_BAD and ROUTE_NOTFOUND: a few words for the log */
};

/* Routes the raw (still percent-encoded) request path `raw` of `len` bytes,
 * or the path of an absolute-form target ("http://host/path", "https://"
 * too, the scheme in any letter case): its scheme and authority are
 * ignored.
 * The secret is compared in constant time. Percent-decoding is done here:
 * an encoded NUL or '/' is ROUTE_BAD; "." and ".." components, empty
 * components (double slashes) and bad escapes are ROUTE_BAD; components
 * starting with '.' (dotfiles) are ROUTE_NOTFOUND. */
void route_parse(const char *raw, size_t len, const char secret[ROUTE_SECRET_LEN], struct route *r);

/* Copies the len bytes at in into out (outsize bytes, NUL-terminated) for
 * a log line, each run of ROUTE_REDACT_MIN or more characters of the
 * secret (all of it, a prefix, a suffix, any part) replaced by
 * "<secret>": in any letter case, anywhere, with any of its characters
 * percent-encoded once or more ("%41", "%2541"), split by '/', '.', '\\'
 * or ';' raw or encoded. Stops early rather than cut a "<secret>" when out
 * is full. Returns the bytes of in consumed: less than len when out was
 * too small. */
size_t route_redact(const char *in, size_t len, const char secret[ROUTE_SECRET_LEN], char *out,
		    size_t outsize);

/* Nonzero when the n bytes at a equal the n bytes at b, taking the same
 * time whatever the bytes are. */
int route_equal(const char *a, const char *b, size_t n);

#endif
