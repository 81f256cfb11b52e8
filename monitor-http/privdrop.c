/* privdrop: raise the descriptor limit; drop root for another user. */
#include "privdrop.h"

#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "log.h"

void privdrop_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Empties the capability bounding set, which takes CAP_SETPCAP: done as
 * root, before the switch of user. Reading a capability the kernel does
 * not know fails, which ends the loop whatever the headers' CAP_LAST_CAP. */
static int drop_bounding_set(const char *name)
{
	int in;

	for (unsigned long cap = 0; (in = prctl(PR_CAPBSET_READ, cap, 0, 0, 0)) >= 0; cap++)
		if (in > 0 && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return log_warn("--user %s: dropping capability %lu", name, cap);
	return 0;
}

int privdrop_user(const char *name)
{
	struct passwd *pw = getpwnam(name);

	if (!pw)
		return log_warnx("--user %s: no such user", name);
	if (getuid() != 0 && geteuid() != 0) {
		if (pw->pw_uid == getuid())
			return 0;
		return log_warnx("--user %s: only root can switch users", name);
	}
	if (initgroups(name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0)
		return log_warn("--user %s", name);
	if (drop_bounding_set(name) < 0)
		return -1;
	if (setuid(pw->pw_uid) < 0)
		return log_warn("--user %s", name);
	if (pw->pw_uid != 0 && setuid(0) == 0)
		return log_warnx("--user %s: root privileges could be taken back", name);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return log_warn("--user %s: no_new_privs", name);
	return 0;
}
