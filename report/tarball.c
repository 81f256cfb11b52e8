/* tarball: the reproducible tar.gz of one day's dump folder (libarchive). */
#include "tarball.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "log.h"
#include "xalloc.h"

#define TARBALL_BUF ((size_t)64 * 1024)

static struct archive_entry *tarball_entry(const char *name, int64_t mtime, mode_t type,
					   int64_t size)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : 0644);
	archive_entry_set_size(e, size);
	archive_entry_set_mtime(e, mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_uname(e, "root");
	archive_entry_set_gname(e, "root");
	return e;
}

/* Logs a failure of libarchive writing the archive path: its errno's
 * cause when it has one (a full disk), else its own words; leaves errno
 * set to that errno (0 if none). Returns -1. */
static int tarball_fail(struct archive *a, const char *path)
{
	int err = archive_errno(a);

	if (err > 0) {
		errno = err;
		log_warn("%s", path);
	} else {
		log_warnx("%s: %s", path, archive_error_string(a));
	}
	errno = err > 0 ? err : 0;
	return -1;
}

/* Appends the file src to the archive path; returns 0 or -1 (logged). */
static int tarball_add(struct archive *a, const char *path, const char *src, const char *name,
		       int64_t mtime, char *buf)
{
	struct archive_entry *e;
	off_t size;
	ssize_t r;
	int fd, rc = 0;

	fd = open(src, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return log_warn("%s", src);
	size = lseek(fd, 0, SEEK_END);
	if (size < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return log_warn("%s", src);
	}
	e = tarball_entry(name, mtime, AE_IFREG, size);
	if (archive_write_header(a, e) != ARCHIVE_OK)
		rc = tarball_fail(a, path);
	archive_entry_free(e);
	while (rc == 0 && (r = read(fd, buf, TARBALL_BUF)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			rc = log_warn("%s", src);
		else if (archive_write_data(a, buf, (size_t)r) != r)
			rc = tarball_fail(a, path);
	}
	close(fd);
	return rc;
}

/* Reads exactly len bytes from fd into buf; returns 0 or -1. */
static int tarball_read_full(int fd, char *buf, size_t len)
{
	while (len) {
		ssize_t r = read(fd, buf, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		buf += r;
		len -= (size_t)r;
	}
	return 0;
}

/* Compares one member's data with the file src. Returns 0 if identical. */
static int tarball_same_data(struct archive *a, const char *src, char *buf, char *cmp)
{
	int fd = open(src, O_RDONLY | O_CLOEXEC);
	la_ssize_t r;
	int rc = 0;

	if (fd < 0)
		return -1;
	while (rc == 0 && (r = archive_read_data(a, buf, TARBALL_BUF)) != 0) {
		if (r < 0 || tarball_read_full(fd, cmp, (size_t)r) < 0 ||
		    memcmp(buf, cmp, (size_t)r) != 0)
			rc = -1;
	}
	if (rc == 0 && read(fd, cmp, 1) != 0)
		rc = -1; /* the file is longer than the member */
	close(fd);
	return rc;
}

static struct archive *tarball_reader(const char *path)
{
	struct archive *a = archive_read_new();

	archive_read_support_filter_gzip(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, path, TARBALL_BUF) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* Reads the archive at path back: the folder entry, then each member in
 * order with the bytes of its file, then the end. Returns 0 or -1. */
static int tarball_verify(const char *path, const char *dir, const char *day,
			  const struct tarball_member *m, size_t n, char *buf)
{
	struct archive *a = tarball_reader(path);
	struct archive_entry *e;
	char want[4096], src[4096];
	char *cmp = xmalloc(TARBALL_BUF);
	int rc = -1;

	if (!a)
		goto out;
	snprintf(want, sizeof(want), "%s/", day);
	if (archive_read_next_header(a, &e) != ARCHIVE_OK ||
	    strcmp(archive_entry_pathname(e), want) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		snprintf(want, sizeof(want), "%s/%s", day, m[i].name);
		snprintf(src, sizeof(src), "%s/%s/%s", dir, day, m[i].name);
		if (archive_read_next_header(a, &e) != ARCHIVE_OK ||
		    strcmp(archive_entry_pathname(e), want) != 0 ||
		    tarball_same_data(a, src, buf, cmp) < 0)
			goto out;
	}
	if (archive_read_next_header(a, &e) == ARCHIVE_EOF)
		rc = 0;
out:
	if (a)
		archive_read_free(a);
	free(cmp);
	return rc;
}

/* 1 when the files a and b hold the same bytes, else 0. */
static int tarball_same_bytes(const char *a, const char *b, char *buf, char *cmp)
{
	int fa = open(a, O_RDONLY | O_CLOEXEC), fb = open(b, O_RDONLY | O_CLOEXEC);
	int same = fa >= 0 && fb >= 0;
	ssize_t r;

	while (same && (r = read(fa, buf, TARBALL_BUF)) != 0) {
		same = r > 0 && tarball_read_full(fb, cmp, (size_t)r) == 0 &&
		       memcmp(buf, cmp, (size_t)r) == 0;
	}
	if (same && read(fb, cmp, 1) != 0)
		same = 0; /* b is longer */
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	return same;
}

/* Gives the verified archive f its published name (see tarball_day), by
 * hard links, which never replace a file; then removes the temporary. */
static int tarball_publish(struct afile *f, const char *dir, const char *day, char *buf)
{
	char path[4096];
	char *cmp = xmalloc(TARBALL_BUF);
	int rc = -1, err = 0;

	for (int n = 0;; n++) {
		if (n == 0)
			snprintf(path, sizeof(path), "%s/%s.tar.gz", dir, day);
		else
			snprintf(path, sizeof(path), "%s/%s.%d.tar.gz", dir, day, n);
		if (afile_link(f, path) == 0) {
			if (n > 0)
				log_warnx(
				    "%s/%s.tar.gz holds other rows for this day; keeping it and "
				    "writing %s",
				    dir, day, path);
			rc = 0;
			break;
		}
		if (errno != EEXIST) {
			err = errno;
			log_warn("%s", path);
			break;
		}
		if (tarball_same_bytes(f->tmp, path, buf, cmp)) {
			rc = 0;
			break;
		}
	}
	afile_abort(f);
	free(cmp);
	errno = err;
	return rc;
}

int tarball_day(const char *dir, const char *day, int64_t mtime, const struct tarball_member *m,
		size_t n, int level)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	struct afile f;
	char opts[64], name[4096], src[4096], path[4096];
	char *buf = xmalloc(TARBALL_BUF);
	int rc = -1, err;

	snprintf(path, sizeof(path), "%s/%s.tar.gz", dir, day);
	if (afile_open(&f, path) < 0) {
		log_warn("%s", path);
		goto out;
	}
	snprintf(opts, sizeof(opts), "gzip:!timestamp,gzip:compression-level=%d", level);
	if (archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_format_ustar(a) != ARCHIVE_OK ||
	    archive_write_set_options(a, opts) != ARCHIVE_OK ||
	    archive_write_open_fd(a, f.fd) != ARCHIVE_OK) {
		tarball_fail(a, path);
		goto fail;
	}
	snprintf(name, sizeof(name), "%s/", day);
	e = tarball_entry(name, mtime, AE_IFDIR, 0);
	if (archive_write_header(a, e) != ARCHIVE_OK) {
		archive_entry_free(e);
		tarball_fail(a, path);
		goto fail;
	}
	archive_entry_free(e);
	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s/%s", day, m[i].name);
		snprintf(src, sizeof(src), "%s/%s/%s", dir, day, m[i].name);
		if (tarball_add(a, path, src, name, mtime, buf) < 0)
			goto fail;
	}
	if (archive_write_close(a) != ARCHIVE_OK) {
		tarball_fail(a, path);
		goto fail;
	}
	if (tarball_verify(f.tmp, dir, day, m, n, buf) < 0) {
		log_warnx("%s: the archive just written does not read back as the files", path);
		errno = 0;
		goto fail;
	}
	rc = tarball_publish(&f, dir, day, buf);
	goto out;
fail:
	err = errno;
	afile_abort(&f);
	errno = err;
out:
	err = errno;
	archive_write_free(a);
	free(buf);
	errno = err;
	return rc;
}
