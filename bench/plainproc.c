/* plainproc: the baseline for node-collect's benchmark: a plain C loop that
 * reads the same /proc files (stat, status, io of every process) and parses
 * the owner and CPU time, storing nothing. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ssize_t slurp(int dirfd, const char *name, char *buf, size_t len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

int main(void)
{
	unsigned long long ticks = 0, uids = 0, io = 0;
	char buf[4096];
	struct dirent *de;
	DIR *proc = opendir("/proc");
	int nproc = 0;

	if (!proc) {
		perror("/proc");
		return 1;
	}
	while ((de = readdir(proc)) != NULL) {
		const char *p;
		int dfd;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		dfd = openat(dirfd(proc), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			continue;
		if (slurp(dfd, "stat", buf, sizeof(buf)) > 0 && (p = strrchr(buf, ')')) != NULL) {
			/* utime and stime are the 12th and 13th fields after ')'. */
			for (int field = 0; field < 12 && p; field++)
				p = strchr(p + 1, ' ');
			if (p) {
				char *end;

				ticks += strtoul(p + 1, &end, 10);
				ticks += strtoul(end, NULL, 10);
			}
		}
		if (slurp(dfd, "status", buf, sizeof(buf)) > 0 &&
		    (p = strstr(buf, "\nUid:")) != NULL)
			uids += strtoul(p + 5, NULL, 10);
		if (slurp(dfd, "io", buf, sizeof(buf)) > 0 &&
		    (p = strstr(buf, "read_bytes:")) != NULL)
			io += strtoull(p + 11, NULL, 10);
		close(dfd);
		nproc++;
	}
	closedir(proc);
	printf("%d processes, %llu ticks, %llu uid sum, %llu io\n", nproc, ticks, uids, io);
	return 0;
}
