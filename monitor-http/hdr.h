/* hdr: the HTTP header values slapmonitor reads and writes: dates, entity
 * tags, byte ranges, content types. Pure: no I/O, no logging. */
#ifndef NM_HDR_H
#define NM_HDR_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define HDR_DATE_LEN 40 /* "Sun, 06 Nov 1994 08:49:37 GMT", NUL, room */
#define HDR_ETAG_LEN 64

/* Formats t as an IMF-fixdate into buf (HDR_DATE_LEN bytes). */
void hdr_date(time_t t, char buf[HDR_DATE_LEN]);

/* Parses an IMF-fixdate. Returns 0 with *t set, or -1. */
int hdr_date_parse(const char *s, time_t *t);

/* A strong entity tag, quotes included, from what identifies a version of a
 * file: inode, size and modification time in nanoseconds. */
void hdr_etag(uint64_t ino, int64_t size, int64_t mtime_ns, char buf[HDR_ETAG_LEN]);

/* Nonzero when an If-None-Match value (a list of tags, or "*") matches tag. */
int hdr_etag_match(const char *list, const char *tag);

enum hdr_range_result {
	HDR_RANGE_NONE,		 /* serve the whole file */
	HDR_RANGE_OK,		 /* serve [first, first + len) */
	HDR_RANGE_UNSATISFIABLE, /* 416 */
};

/* Interprets a Range header for a file of `size` bytes. Only one
 * "bytes=first-last", "bytes=first-" or "bytes=-suffix" range is served; a
 * list of ranges, another unit or a malformed value means the whole file
 * (which RFC 9110 allows). */
enum hdr_range_result hdr_range(const char *value, int64_t size, int64_t *first, int64_t *len);

/* The Content-Type of a file name, by its extension. */
const char *hdr_type(const char *name);

/* Nonzero when name is a field name as RFC 9110 (5.1) has it: one or
 * more token characters, so neither empty nor holding whitespace. */
int hdr_field_name_ok(const char *name);

#endif
