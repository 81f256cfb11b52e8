/* tarball: the reproducible tar.gz of one day's dump folder (libarchive). */
#ifndef NM_TARBALL_H
#define NM_TARBALL_H

#include <stddef.h>
#include <stdint.h>

/* A file of the folder, as it goes into the archive. */
struct tarball_member {
	const char *name; /* "dump_user.csv" */
};

/* Writes dir/<day>/ and its members into an archive (under a temporary
 * name, fsynced), then reads it back and checks every member's name, size
 * and bytes against the files. Owner, modes and mtime (the end of the day)
 * are fixed and gzip stores no time, so the same files give the same
 * bytes. Then publishes it as dir/<day>.tar.gz; a published archive is
 * never replaced: if that name holds other bytes (it is kept, and the run
 * says so), the archive goes beside it as the first of <day>.1.tar.gz,
 * <day>.2.tar.gz, ... that is free, unless one of them holds the same
 * bytes already (a rerun: nothing is written). Returns 0, or -1 (logged,
 * naming the archive and the cause, with errno set to that cause, or 0 when
 * it was not the file system's); on failure nothing is published. */
int tarball_day(const char *dir, const char *day, int64_t mtime, const struct tarball_member *m,
		size_t n, int level);

#endif
