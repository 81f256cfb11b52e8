/* proctask: a process whose main thread has exited while others run on
 * (a zombie leader): its memory read through a live thread,
 * /proc/<pid>/task/<tid>/, since the leader's own files show none. */
#include "proctask.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"

/* The value after "key" at the start of a line of buf, or NULL. */
static const char *proctask_field(const char *buf, const char *key)
{
	size_t klen = strlen(key);
	const char *line = buf;

	while (line && *line) {
		if (strncmp(line, key, klen) == 0)
			return line + klen;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

int proctask_parse_status(const char *buf, int64_t *rss_kib)
{
	const char *state = proctask_field(buf, "State:");
	const char *rss = proctask_field(buf, "VmRSS:");
	char *end;
	long long v;

	if (!state || !rss)
		return -1;
	state += strspn(state, " \t");
	if (*state == 'Z' || *state == 'X' || *state == 'x')
		return -1;
	v = strtoll(rss, &end, 10);
	if (end == rss || v < 0)
		return -1;
	*rss_kib = v;
	return 0;
}

int proctask_read_live(int pid, int *tid, int64_t *rss_kib)
{
	char path[64];
	struct dirent *e;
	DIR *d;
	int rc = -1;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return -1;
	while (rc < 0 && (e = readdir(d)) != NULL) {
		char *end, *buf;
		long t = strtol(e->d_name, &end, 10);

		if (*end != '\0' || t <= 0 || t > INT_MAX || t == pid)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%ld/status", pid, t);
		buf = file_read(path, NULL);
		if (!buf)
			continue;
		if (proctask_parse_status(buf, rss_kib) == 0) {
			*tid = (int)t;
			rc = 0;
		}
		free(buf);
	}
	closedir(d);
	return rc;
}
