/* afile: files written under a temporary name, made durable, then renamed
 * into place, so that a reader sees the old file or the new one, never half
 * of one. */
#ifndef NM_AFILE_H
#define NM_AFILE_H

#include <stddef.h>
#include <sys/types.h>

/* Temporary files start with this; a run that was killed leaves them, and
 * the next one removes them (afile_sweep). */
#define AFILE_TMP_PREFIX ".nm-tmp."

struct afile {
	int fd;
	int err;    /* errno of the first failed write, 0 while all is well */
	char *path; /* the final name */
	char *tmp;  /* the temporary name, in the same directory */
	char *buf;
	size_t n;
};

/* Creates the temporary file for path (mode 0644). Returns 0, or -1 with
 * errno set. */
int afile_open(struct afile *f, const char *path);

/* The same with the file's mode: 0600 for a secret. */
int afile_open_mode(struct afile *f, const char *path, mode_t mode);

/* Buffered writes; a failure is remembered and reported by afile_commit. */
void afile_write(struct afile *f, const void *p, size_t len);
void afile_puts(struct afile *f, const char *s);

/* Flushes, fsyncs, renames the file into place and fsyncs its directory.
 * On any failure the temporary file is removed and the final name is left
 * as it was. Returns 0, or -1 with errno set. Either way f is released. */
int afile_commit(struct afile *f);

/* Forgets the file: the temporary is removed, the final name untouched. */
void afile_abort(struct afile *f);

/* fsyncs a directory so that a rename or unlink in it is durable. */
int afile_sync_dir(const char *dir);

/* Removes leftover temporary files from dir. Returns how many, or -1. */
int afile_sweep(const char *dir);

#endif
