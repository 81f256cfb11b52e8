/* tarball: the reproducible tar.gz of one day's dump folder (libarchive). */
#ifndef NM_TARBALL_H
#define NM_TARBALL_H

#include <stddef.h>
#include <stdint.h>

/* A file of the folder, as it goes into the archive. */
struct tarball_member {
	const char *name; /* "dump_user.csv" */
	uint64_t lines;	  /* newline count, to compare with an older archive */
};

/* Writes dir/<day>/ and its members into the archive at path (under a
 * temporary name, fsynced, renamed into place), then reads it back and
 * checks every member's name, size and bytes against the files. Owner,
 * modes and mtime (the end of the day) are fixed and gzip stores no time,
 * so the same files give the same bytes. Returns 0, or -1 (logged); on
 * failure path is untouched. */
int tarball_day(const char *path, const char *dir, const char *day, int64_t mtime,
		const struct tarball_member *m, size_t n, int level);

/* Counts the newlines of each member of an existing archive that is also
 * in m, into lines (in m's order; 0 where absent). Returns 0, or -1 if the
 * archive cannot be read. */
int tarball_count_lines(const char *path, const char *day, const struct tarball_member *m, size_t n,
			uint64_t *lines);

#endif
