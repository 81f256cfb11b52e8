/* bench_disk: write a temporary file, fsync it, drop it from the page cache
 * and read it back, in MiB per second each way. */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "log.h"

#define BENCH_CHUNK	 (1u << 20)
#define BENCH_DISK_BYTES (64u << 20)

/* A file without a name, so that nothing is left behind whatever happens
 * to this run: O_TMPFILE, or where the file system lacks it a name that
 * is removed at once. Returns the descriptor, or -1 (logged). */
static int bench_tmpfile(const char *dir)
{
	char path[4096];
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd >= 0 ? fd : log_warn("benchmark disk: temporary file in %s", dir);
	if ((size_t)snprintf(path, sizeof(path), "%s/.node-collect-bench.XXXXXX", dir) >=
	    sizeof(path))
		return log_warnx("benchmark disk: path too long");
	fd = mkstemp(path);
	if (fd < 0)
		return log_warn("benchmark disk: temporary file in %s", dir);
	unlink(path);
	return fd;
}

/* Writes up to BENCH_DISK_BYTES and fsyncs. Returns the bytes, or -1. */
static long bench_write(int fd, const char *dir, const unsigned char *buf)
{
	int64_t deadline = bench_deadline();
	long done = 0;

	while (done < (long)BENCH_DISK_BYTES && (done == 0 || bench_now_ns() <= deadline)) {
		ssize_t n = pwrite(fd, buf, BENCH_CHUNK, done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return log_warn("benchmark disk: write in %s", dir);
		done += n;
	}
	if (fsync(fd) < 0)
		return log_warn("benchmark disk: fsync in %s", dir);
	return done;
}

static long bench_read(int fd, const char *dir, unsigned char *buf, long size)
{
	int64_t deadline = bench_deadline();
	long done = 0;

	while (done < size && (done == 0 || bench_now_ns() <= deadline)) {
		ssize_t n = pread(fd, buf, BENCH_CHUNK, done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return log_warn("benchmark disk: read in %s", dir);
		if (n == 0)
			break;
		done += n;
	}
	return done;
}

int bench_disk(const char *dir, struct bench_score *w, struct bench_score *r)
{
	unsigned char *buf;
	uint64_t x = 0x243f6a8885a308d3u;
	int64_t start;
	long wrote, got;
	int fd, rc = -1;

	fd = bench_tmpfile(dir);
	if (fd < 0)
		return -1;
	buf = malloc(BENCH_CHUNK);
	if (!buf) {
		close(fd);
		return log_warnx("benchmark disk: out of memory");
	}
	/* Fixed pseudo-random bytes: nothing a file system could compress. */
	for (size_t i = 0; i < BENCH_CHUNK; i += sizeof(x)) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(buf + i, &x, sizeof(x));
	}
	start = bench_now_ns();
	wrote = bench_write(fd, dir, buf);
	if (wrote < 0)
		goto out;
	bench_set(w, (double)wrote, 1.0 / (1u << 20), start);
	/* Read from the device, not from memory: the written pages go. */
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	start = bench_now_ns();
	got = bench_read(fd, dir, buf, wrote);
	if (got < 0)
		goto out;
	bench_set(r, (double)got, 1.0 / (1u << 20), start);
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}
