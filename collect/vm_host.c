/* vm_host: the host side of a running domain: its QEMU pid from libvirt's
 * pid file, and that process' own CPU time, RSS and I/O from /proc. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procio.h"
#include "vm.h"

/* Reads a small file whole into buf. Returns its length, or -1. */
static ssize_t vm_host_slurp(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* The n-th (from 0) space-separated number of s into *v. Returns 0, or -1
 * when it is missing, not a number, negative or above max. */
static int vm_host_field(const char *s, int n, long long max, long long *v)
{
	char *end;

	for (; n > 0; n--) {
		s = strchr(s, ' ');
		if (!s)
			return -1;
		s++;
	}
	errno = 0;
	*v = strtoll(s, &end, 10);
	return end == s || errno || *v < 0 || *v > max ? -1 : 0;
}

/* utime + stime (fields 14 and 15 of /proc/<pid>/stat, counted after the
 * command name's last ')', which ends field 2), and the resident pages of
 * /proc/<pid>/statm, which recent kernels count exactly where stat's rss
 * field is an approximation. */
void vm_host_parse_stat(const char *stat, const char *statm, long hz, long page,
			struct vm_sample *vm)
{
	const char *p;
	long long utime = 0, stime = 0, rss = 0;
	/* Bounds that keep the sums and products below within long long. */
	long long max_ticks = LLONG_MAX / 200;

	/* The command name ends with ") ", then comes the state letter. */
	if (stat && (p = strrchr(stat, ')')) && p[1] == ' ' && hz > 0 &&
	    vm_host_field(p + 2, 11, max_ticks, &utime) == 0 &&
	    vm_host_field(p + 2, 12, max_ticks, &stime) == 0) {
		vm->has_qemu_cpu = 1;
		vm->qemu_cpu_time_cs = (utime + stime) * 100 / hz;
	}
	if (statm && page >= 1024 &&
	    vm_host_field(statm, 1, LLONG_MAX / (page / 1024), &rss) == 0) {
		vm->has_qemu_rss = 1;
		vm->qemu_rss_kib = rss * (page / 1024);
	}
}

static void vm_host_stat(struct vm_sample *vm)
{
	char path[64], stat[1024], statm[1024];
	long hz = sysconf(_SC_CLK_TCK), page = sysconf(_SC_PAGESIZE);
	int has_stat, has_statm;

	snprintf(path, sizeof(path), "/proc/%lld/stat", (long long)vm->qemu_pid);
	has_stat = vm_host_slurp(path, stat, sizeof(stat)) > 0;
	snprintf(path, sizeof(path), "/proc/%lld/statm", (long long)vm->qemu_pid);
	has_statm = vm_host_slurp(path, statm, sizeof(statm)) > 0;
	vm_host_parse_stat(has_stat ? stat : NULL, has_statm ? statm : NULL, hz, page, vm);
}

void vm_host_read(const char *dir, struct vm_sample *vm)
{
	char path[1400], buf[32], *end;
	struct procio io;
	long long pid;

	/* Only a domain with an id runs a QEMU process. */
	if (!vm->has_id || vm->name[0] == '\0' || strchr(vm->name, '/'))
		return;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.pid", dir, vm->name) >= sizeof(path) ||
	    vm_host_slurp(path, buf, sizeof(buf)) <= 0)
		return;
	pid = strtoll(buf, &end, 10);
	if (end == buf || pid <= 0 || pid > 0x7fffffff || (*end != '\0' && *end != '\n'))
		return;
	vm->has_pid = 1;
	vm->qemu_pid = pid;
	vm_host_stat(vm);
	if (procio_read((int)pid, 0, &io) == 0) {
		vm->has_qemu_io = 1;
		vm->qemu_io_rw_bytes = io.read_bytes + io.write_bytes;
	}
}
