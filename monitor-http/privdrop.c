/* privdrop: raise the descriptor limit; drop root for another user. */
#include "privdrop.h"

#include <grp.h>
#include <pwd.h>
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
	if (initgroups(name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0)
		return log_warn("--user %s", name);
	if (pw->pw_uid != 0 && setuid(0) == 0)
		return log_warnx("--user %s: root privileges could be taken back", name);
	return 0;
}
