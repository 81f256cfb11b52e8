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
	int append;	   /* opened by afile_open_append: no temporary name */
	off_t append_from; /* the file's size when it was opened for appending */
	int err;	   /* errno of the first failed write, 0 while all is well */
	char *path;	   /* the final name */
	char *tmp;	   /* the temporary name, in the same directory */
	char *buf;
	size_t n;
	off_t written; /* bytes given to afile_write since opening */
};

/* Creates the temporary file for path (mode 0644). Returns 0, or -1 with
 * errno set. */
int afile_open(struct afile *f, const char *path);

/* The same with the file's mode: 0600 for a secret. */
int afile_open_mode(struct afile *f, const char *path, mode_t mode);

/* Opens the existing file path for appending, without a temporary name:
 * afile_commit flushes, fsyncs and closes it; afile_abort cuts it back to
 * the size it had when opened. Returns 0, or -1 with errno set. */
int afile_open_append(struct afile *f, const char *path);

/* Buffered writes; a failure is remembered and reported by afile_commit. */
void afile_write(struct afile *f, const void *p, size_t len);
void afile_puts(struct afile *f, const char *s);

/* Flushes, fsyncs, renames the file into place and fsyncs its directory.
 * On any failure the temporary file is removed and the final name is left
 * as it was. Returns 0, or -1 with errno set. Either way f is released. */
int afile_commit(struct afile *f);

/* Flushes and fsyncs the temporary file, then gives it the name path too
 * (a hard link, which never replaces a file) and fsyncs the directory. The
 * temporary name stays: try another path, or afile_abort to remove it.
 * Returns 0, or -1 with errno set (EEXIST: path is taken). */
int afile_link(struct afile *f, const char *path);

/* Forgets the file: the temporary is removed, the final name untouched
 * (an appended file is cut back to its size at opening). */
void afile_abort(struct afile *f);

/* fsyncs a directory so that a rename or unlink in it is durable. */
int afile_sync_dir(const char *dir);

/* Removes leftover temporary files from dir. Returns how many, or -1. */
int afile_sweep(const char *dir);

#endif
