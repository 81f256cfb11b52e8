/* afile: write to a temporary name, fsync, rename into place. */
#include "afile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

#define AFILE_BUF ((size_t)64 * 1024)

int afile_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The directory part of path, as a heap string. */
static char *afile_dir(const char *path)
{
	char *copy = xstrdup(path);
	char *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

int afile_open_mode(struct afile *f, const char *path, mode_t mode)
{
	char *copy = xstrdup(path);
	char *dir = afile_dir(path);
	size_t len = strlen(dir) + strlen(AFILE_TMP_PREFIX) + strlen(path) + 16;

	memset(f, 0, sizeof(*f));
	f->tmp = xmalloc(len);
	snprintf(f->tmp, len, "%s/%s%s.XXXXXX", dir, AFILE_TMP_PREFIX, basename(copy));
	free(copy);
	free(dir);
	f->fd = mkstemp(f->tmp);
	if (f->fd < 0 || fchmod(f->fd, mode) < 0) {
		int err = errno;

		if (f->fd >= 0) {
			close(f->fd);
			unlink(f->tmp);
		}
		free(f->tmp);
		f->tmp = NULL;
		errno = err;
		return -1;
	}
	f->path = xstrdup(path);
	f->buf = xmalloc(AFILE_BUF);
	return 0;
}

static void afile_flush(struct afile *f)
{
	size_t off = 0;

	while (f->err == 0 && off < f->n) {
		ssize_t w = write(f->fd, f->buf + off, f->n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			f->err = w < 0 ? errno : EIO;
		else
			off += (size_t)w;
	}
	f->n = 0;
}

/* Buffers len bytes, flushing when the buffer is full. */
static void afile_put(struct afile *f, const void *p, size_t len)
{
	if (f->n + len > AFILE_BUF) {
		afile_flush(f);
		if (len > AFILE_BUF) {
			memcpy(f->buf, p, AFILE_BUF);
			f->n = AFILE_BUF;
			afile_flush(f);
			afile_put(f, (const char *)p + AFILE_BUF, len - AFILE_BUF);
			return;
		}
	}
	memcpy(f->buf + f->n, p, len);
	f->n += len;
}

void afile_write(struct afile *f, const void *p, size_t len)
{
	if (f->err)
		return;
	f->written += (off_t)len;
	afile_put(f, p, len);
}

void afile_puts(struct afile *f, const char *s)
{
	afile_write(f, s, strlen(s));
}

/* The buffer is wiped before it is freed: it may have held a secret. */
static void afile_release(struct afile *f)
{
	free(f->path);
	free(f->tmp);
	if (f->buf)
		explicit_bzero(f->buf, AFILE_BUF);
	free(f->buf);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}

void afile_abort(struct afile *f)
{
	if (f->tmp) {
		close(f->fd);
		unlink(f->tmp);
	}
	if (f->append) {
		if (ftruncate(f->fd, f->append_from) < 0)
			f->err = errno;
		close(f->fd);
	}
	afile_release(f);
}

int afile_open_append(struct afile *f, const char *path)
{
	memset(f, 0, sizeof(*f));
	f->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (f->fd < 0)
		return -1;
	f->append_from = lseek(f->fd, 0, SEEK_END);
	if (f->append_from < 0) {
		int err = errno;

		close(f->fd);
		f->fd = -1;
		errno = err;
		return -1;
	}
	f->append = 1;
	f->path = xstrdup(path);
	f->buf = xmalloc(AFILE_BUF);
	return 0;
}

/* Flushes, fsyncs and closes an appended file. */
static int afile_commit_append(struct afile *f)
{
	int err;

	afile_flush(f);
	if (f->err == 0 && fdatasync(f->fd) < 0)
		f->err = errno;
	/* A failed append is cut back, so that the file is as it was. */
	if (f->err && ftruncate(f->fd, f->append_from) < 0)
		f->err = errno;
	if (close(f->fd) < 0 && f->err == 0)
		f->err = errno;
	err = f->err;
	afile_release(f);
	errno = err;
	return err ? -1 : 0;
}

int afile_link(struct afile *f, const char *path)
{
	char *dir;
	int rc;

	afile_flush(f);
	if (f->err == 0 && fsync(f->fd) < 0)
		f->err = errno;
	if (f->err) {
		errno = f->err;
		return -1;
	}
	if (link(f->tmp, path) < 0)
		return -1;
	dir = afile_dir(path);
	rc = afile_sync_dir(dir);
	free(dir);
	return rc;
}

int afile_commit(struct afile *f)
{
	char *dir;
	int err;

	if (f->append)
		return afile_commit_append(f);
	afile_flush(f);
	if (f->err == 0 && fsync(f->fd) < 0)
		f->err = errno;
	if (close(f->fd) < 0 && f->err == 0)
		f->err = errno;
	if (f->err == 0 && rename(f->tmp, f->path) < 0)
		f->err = errno;
	err = f->err;
	if (err) {
		unlink(f->tmp);
		afile_release(f);
		errno = err;
		return -1;
	}
	dir = afile_dir(f->path);
	if (afile_sync_dir(dir) < 0)
		err = errno;
	free(dir);
	afile_release(f);
	errno = err;
	return err ? -1 : 0;
}

int afile_sweep(const char *dir)
{
	size_t plen = strlen(AFILE_TMP_PREFIX);
	struct dirent *e;
	int n = 0;
	int dfd;
	DIR *d;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, AFILE_TMP_PREFIX, plen) == 0 &&
		    unlinkat(dfd, e->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	return n;
}

int afile_open(struct afile *f, const char *path)
{
	return afile_open_mode(f, path, 0644);
}
