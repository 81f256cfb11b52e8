/* file: whole-file reads. */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "xalloc.h"

char *file_read(const char *path, size_t *len)
{
	size_t cap = 4096, used = 0;
	char *buf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = xmalloc(cap);
	while ((n = read(fd, buf + used, cap - used - 1)) > 0) {
		used += (size_t)n;
		if (cap - used < 2048) {
			cap *= 2;
			buf = xrealloc(buf, cap, 1);
		}
	}
	if (n < 0) {
		int err = errno;

		close(fd);
		free(buf);
		errno = err;
		return NULL;
	}
	close(fd);
	buf[used] = '\0';
	if (len)
		*len = used;
	return buf;
}
