/* lock: an exclusive, non-blocking flock on a file beside the database. */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

int lock_acquire(const char *dbpath, const char *suffix)
{
	char path[4096];
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s%s", dbpath, suffix) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}
