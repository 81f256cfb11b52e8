/* node-collect-vm: the VM scope's libvirt reader, run by node-collect in a
 * child process: reads every domain over one read-only connection and
 * writes the plain structs to its standard output (a pipe), so that
 * node-collect itself never loads libvirt. usage: node-collect-vm URI */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "vm.h"

static int vm_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct vm_list l = {0};
	struct vm_header h;
	int status = 1;

	log_init("node-collect");
	if (argc != 2) {
		log_warnx("usage: %s URI", VM_HELPER);
		return 2;
	}
	if (vm_libvirt_read(argv[1], &l) == 0) {
		h.n = l.n;
		h.n_nets = l.n_nets;
		h.n_disks = l.n_disks;
		if (vm_write_all(STDOUT_FILENO, &h, sizeof(h)) == 0 &&
		    vm_write_all(STDOUT_FILENO, l.v, l.n * sizeof(*l.v)) == 0 &&
		    vm_write_all(STDOUT_FILENO, l.nets, l.n_nets * sizeof(*l.nets)) == 0 &&
		    vm_write_all(STDOUT_FILENO, l.disks, l.n_disks * sizeof(*l.disks)) == 0)
			status = 0;
	}
	free(l.v);
	free(l.nets);
	free(l.disks);
	return status;
}
