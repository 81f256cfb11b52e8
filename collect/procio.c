/* procio: /proc/<pid>/io, the one per-process file libproc2 does not report
 * as missing (it leaves zeros), so that an unreadable file stays NULL. */
#include "procio.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int procio_parse(const char *buf, struct procio *out)
{
	static const struct {
		const char *key;
		size_t off;
	} fields[] = {
	    {"read_bytes:", offsetof(struct procio, read_bytes)},
	    {"write_bytes:", offsetof(struct procio, write_bytes)},
	    {"syscr:", offsetof(struct procio, syscr)},
	    {"syscw:", offsetof(struct procio, syscw)},
	};
	unsigned found = 0;
	const char *line = buf;

	while (*line) {
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			size_t klen = strlen(fields[i].key);
			char *end;
			int64_t v;

			if (strncmp(line, fields[i].key, klen) != 0)
				continue;
			v = strtoll(line + klen, &end, 10);
			if (end == line + klen || v < 0)
				return -1;
			memcpy((char *)out + fields[i].off, &v, sizeof(v));
			found |= 1U << i;
		}
		line = strchr(line, '\n');
		if (!line)
			break;
		line++;
	}
	return found == 0xF ? 0 : -1;
}

int procio_read(int pid, int tid, struct procio *out)
{
	char path[64], buf[512];
	ssize_t n;
	int fd;

	if (tid > 0)
		snprintf(path, sizeof(path), "/proc/%d/task/%d/io", pid, tid);
	else
		snprintf(path, sizeof(path), "/proc/%d/io", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return procio_parse(buf, out);
}
