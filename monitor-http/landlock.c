/* landlock: confines slapmonitor to reading beneath its folders. */
#include "landlock.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"

/* The rights of later ABIs than the system's header may know: the kernel's
 * interface is stable, and the ABI version it reports says which it takes. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13) /* ABI 2 */
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14) /* ABI 3 */
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP	(1ULL << 0) /* ABI 4 */
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1) /* ABI 4 */
#endif

/* The newest ABI whose rights this file handles. */
#define LANDLOCK_ABI_KNOWN 5

#define LANDLOCK_FS_ALL                                                                            \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |                              \
	 LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR |                              \
	 LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |                          \
	 LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |                              \
	 LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |                              \
	 LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |                            \
	 LANDLOCK_ACCESS_FS_MAKE_SYM | LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE |    \
	 LANDLOCK_ACCESS_FS_IOCTL_DEV)
#define LANDLOCK_FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

/* The kernel's struct landlock_ruleset_attr up to ABI 5, whatever the
 * header's: its size tells the kernel which fields are there. */
struct landlock_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net; /* ABI 4 */
};

/* The kernel's Landlock ABI version, or -1 with errno set. */
static int landlock_abi(void)
{
	return (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
}

/* The rights to handle under ABI abi, as the Landlock documentation masks
 * them; returns the size of attr to pass. */
static size_t landlock_rights(int abi, struct landlock_attr *attr)
{
	attr->handled_access_fs = LANDLOCK_FS_ALL;
	attr->handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
	if (abi < 2)
		attr->handled_access_fs &= ~LANDLOCK_ACCESS_FS_REFER;
	if (abi < 3)
		attr->handled_access_fs &= ~LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi < 5)
		attr->handled_access_fs &= ~LANDLOCK_ACCESS_FS_IOCTL_DEV;
	if (abi < 4) {
		attr->handled_access_net = 0;
		return sizeof(attr->handled_access_fs);
	}
	return sizeof(*attr);
}

/* Builds the ruleset: reading beneath each of fds. Returns its descriptor,
 * or -1 with one line logged. */
static int landlock_ruleset(int abi, const int *fds, int n)
{
	struct landlock_attr attr;
	size_t size = landlock_rights(abi, &attr);
	int rs = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);

	if (rs < 0)
		return log_warn("Landlock: creating the ruleset");
	for (int i = 0; i < n; i++) {
		struct landlock_path_beneath_attr beneath = {.allowed_access = LANDLOCK_FS_READ,
							     .parent_fd = fds[i]};

		if (fds[i] < 0)
			continue;
		if (syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0) <
		    0) {
			log_warn("Landlock: adding a folder to the ruleset");
			close(rs);
			return -1;
		}
	}
	return rs;
}

/* Under AddressSanitizer, adds the process's own /proc folder to the
 * ruleset rs: LeakSanitizer reads its threads and maps there at exit.
 * Returns 0, or -1 with one line logged. */
static int landlock_sanitizer(int rs)
{
#if defined(__SANITIZE_ADDRESS__)
	struct landlock_path_beneath_attr beneath = {.allowed_access = LANDLOCK_FS_READ};
	char self[64];
	long rc;

	snprintf(self, sizeof(self), "/proc/%ld", (long)getpid());
	beneath.parent_fd = open(self, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (beneath.parent_fd < 0)
		return log_warn("Landlock: %s, for the sanitizer", self);
	rc = syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0);
	close(beneath.parent_fd);
	return rc < 0 ? log_warn("Landlock: adding %s for the sanitizer", self) : 0;
#else
	(void)rs;
	return 0;
#endif
}

int landlock_confine(const int *fds, int n, const char **off)
{
	int abi = landlock_abi();
	int rs;

	if (abi < 0 && (errno == ENOSYS || errno == EOPNOTSUPP)) {
		*off = errno == ENOSYS ? "the kernel has no Landlock"
				       : "Landlock is disabled in the kernel (see lsm= at boot)";
		return 0;
	}
	if (abi < 0)
		return log_warn("Landlock: reading its ABI version");
	rs = landlock_ruleset(abi < LANDLOCK_ABI_KNOWN ? abi : LANDLOCK_ABI_KNOWN, fds, n);
	if (rs < 0)
		return -1;
	if (landlock_sanitizer(rs) < 0) {
		close(rs);
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_landlock_restrict_self, rs, 0) < 0) {
		log_warn("Landlock: confining the process");
		close(rs);
		return -1;
	}
	close(rs);
	return abi;
}
