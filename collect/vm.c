/* vm: the VM scope: libvirt read by the helper node-collect-vm in a child
 * process under a deadline, its plain structs sent back through a pipe,
 * then the QEMU processes. node-collect itself does not load libvirt. */
#include "vm.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"

/* Where libvirt's QEMU driver writes <name>.pid. */
#define VM_RUN_DIR "/run/libvirt/qemu"

void vm_list_release(struct vm_list *l)
{
	free(l->v);
	free(l->nets);
	free(l->disks);
	memset(l, 0, sizeof(*l));
}

/* The folder of the node-collect being run, where its helper is; "" to
 * look the helper up in PATH. */
static char vm_dir[4096];

void vm_set_program(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	if (slash && (size_t)(slash - argv0) < sizeof(vm_dir))
		snprintf(vm_dir, sizeof(vm_dir), "%.*s", (int)(slash - argv0), argv0);
}

/* The child: runs the helper with the pipe as its standard output. */
static void vm_child(const char *uri, int fd)
{
	char path[sizeof(vm_dir) + 32];
	char *const argv[] = {(char *)VM_HELPER, (char *)uri, NULL};

	if (dup2(fd, STDOUT_FILENO) < 0)
		_exit(1);
	if (vm_dir[0]) {
		snprintf(path, sizeof(path), "%s/%s", vm_dir, VM_HELPER);
		execv(path, argv);
	} else {
		snprintf(path, sizeof(path), "%s", VM_HELPER);
		execvp(VM_HELPER, argv);
	}
	log_warn("libvirt %s: cannot run %s", uri, path);
	_exit(1);
}

static int64_t vm_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Reads exactly len bytes before deadline_ms. Returns 0, or -1 with errno
 * ETIMEDOUT (no answer in time) or EPIPE (the child ended early). */
static int vm_read_all(int fd, void *buf, size_t len, int64_t deadline_ms)
{
	char *p = buf;

	while (len > 0) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int64_t left = deadline_ms - vm_now_ms();
		ssize_t r;

		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (poll(&pfd, 1, (int)left) <= 0)
			continue; /* EINTR, or the deadline, seen at the loop's top */
		r = read(fd, p, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			errno = EPIPE;
			return -1;
		}
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

/* The arrays the child sent, into out. Returns 0, or -1 with errno set. */
static int vm_receive(int fd, int64_t deadline_ms, struct vm_list *out)
{
	struct vm_header h;

	if (vm_read_all(fd, &h, sizeof(h), deadline_ms) < 0)
		return -1;
	out->v = xcalloc(h.n ? h.n : 1, sizeof(*out->v));
	out->nets = xcalloc(h.n_nets ? h.n_nets : 1, sizeof(*out->nets));
	out->disks = xcalloc(h.n_disks ? h.n_disks : 1, sizeof(*out->disks));
	out->n = out->cap = h.n;
	out->n_nets = out->cap_nets = h.n_nets;
	out->n_disks = out->cap_disks = h.n_disks;
	if (vm_read_all(fd, out->v, h.n * sizeof(*out->v), deadline_ms) < 0 ||
	    vm_read_all(fd, out->nets, h.n_nets * sizeof(*out->nets), deadline_ms) < 0 ||
	    vm_read_all(fd, out->disks, h.n_disks * sizeof(*out->disks), deadline_ms) < 0)
		return -1;
	for (size_t i = 0; i < h.n_nets; i++)
		if (out->nets[i].vm >= h.n)
			return errno = EPROTO, -1;
	for (size_t i = 0; i < h.n_disks; i++)
		if (out->disks[i].vm >= h.n)
			return errno = EPROTO, -1;
	return 0;
}

int vm_read_start(const char *uri, unsigned timeout_s, struct vm_reader *r)
{
	int fds[2];

	r->uri = uri;
	r->timeout_s = timeout_s;
	r->deadline_ms = vm_now_ms() + (int64_t)timeout_s * 1000;
	r->pid = -1;
	r->fd = -1;
	if (pipe(fds) < 0)
		return log_warn("libvirt %s: pipe", uri);
	r->pid = fork();
	if (r->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return log_warn("libvirt %s: fork", uri);
	}
	if (r->pid == 0) {
		close(fds[0]);
		vm_child(uri, fds[1]);
	}
	close(fds[1]);
	r->fd = fds[0];
	return 0;
}

int vm_read_finish(struct vm_reader *r, struct vm_list *out)
{
	const char *dir = getenv("NODE_COLLECT_QEMU_RUN_DIR");
	int status = 0, rc;

	memset(out, 0, sizeof(*out));
	if (r->pid < 0)
		return -1;
	rc = vm_receive(r->fd, r->deadline_ms, out);
	if (rc < 0 && errno == ETIMEDOUT)
		log_warnx("libvirt %s: no answer within %u s", r->uri, r->timeout_s);
	else if (rc < 0 && errno == EPROTO)
		log_warnx("libvirt %s: malformed answer from the reading process", r->uri);
	/* Killed in any case: a child that answered is about to exit anyway. */
	if (rc < 0)
		kill(r->pid, SIGKILL);
	close(r->fd);
	while (waitpid(r->pid, &status, 0) < 0 && errno == EINTR)
		;
	r->pid = -1;
	if (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		rc = -1;
	if (rc < 0) {
		/* The child logged a libvirt failure itself. */
		vm_list_release(out);
		return -1;
	}
	for (size_t i = 0; i < out->n; i++)
		vm_host_read(dir && *dir ? dir : VM_RUN_DIR, &out->v[i]);
	return 0;
}
