/* folder: the partition folder sizes scope: which folders, which walks are
 * due, and one budgeted step of each. */
#include "folder.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "list.h"
#include "log.h"
#include "store_folder.h"
#include "xalloc.h"

/* What is left of one run's budget for all its walks. */
struct folder_budget {
	struct timespec deadline;
	uint64_t entries_left; /* when limited */
	int limited;
};

char *folder_slapos_path(const char *instance_root, const char *partition_base,
			 const char *user_base, const char *user)
{
	size_t n = strlen(user_base);
	const char *digits = user + n;
	size_t size;
	char *path;

	if (strncmp(user, user_base, n) != 0 || *digits == '\0' ||
	    strspn(digits, "0123456789") != strlen(digits))
		return NULL;
	size = strlen(instance_root) + strlen(partition_base) + strlen(digits) + 2;
	path = xmalloc(size);
	snprintf(path, size, "%s%s%s%s", instance_root,
		 *instance_root && instance_root[strlen(instance_root) - 1] == '/' ? "" : "/",
		 partition_base, digits);
	return path;
}

/* The folder of one partition user, or NULL when it has none. */
static char *folder_resolve(const struct folder_conf *c, const char *user)
{
	struct passwd *pw;

	if (c->instance_root) {
		char *path = folder_slapos_path(c->instance_root,
						c->partition_base ? c->partition_base : "slappart",
						c->user_base ? c->user_base : "slapuser", user);
		if (path)
			return path;
	}
	pw = getpwnam(user);
	return pw && pw->pw_dir && *pw->pw_dir == '/' ? xstrdup(pw->pw_dir) : NULL;
}

static int folder_out_of_budget(const struct folder_budget *b)
{
	struct timespec now;

	if (b->limited && b->entries_left == 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > b->deadline.tv_sec ||
	       (now.tv_sec == b->deadline.tv_sec && now.tv_nsec >= b->deadline.tv_nsec);
}

/* Starts a new walk of it at ts, forgetting the last one. */
static void folder_begin(struct folder_item *it, int64_t ts)
{
	fwalk_release(&it->walk);
	it->started = ts;
	it->runs = 0;
	it->state = FOLDER_WALKING;
}

/* Whether it's walk is due at ts (starting a new one if so). */
static int folder_due(const struct folder_conf *c, struct folder_item *it, int found,
		      const char *path, int64_t ts)
{
	int same = found && it->path && strcmp(it->path, path) == 0;

	if (same && it->state != FOLDER_WALKING && ts - it->started < (int64_t)c->cycle_s &&
	    ts >= it->started)
		return 0;
	if (!same || it->state != FOLDER_WALKING)
		folder_begin(it, ts);
	free(it->path);
	it->path = xstrdup(path);
	return 1;
}

static void folder_give_up(const struct folder_conf *c, struct folder_item *it, const char *why)
{
	log_warnx("partition %s: folder %s: %s; given up until the next cycle (%lu s)",
		  it->partition, it->path, why, c->cycle_s);
	it->state = FOLDER_GIVEN_UP;
	fwalk_set_release(&it->walk.links);
	it->save = 1;
}

/* One step of it's walk on the folder open as fd, within the budget. */
static void folder_step(const struct folder_conf *c, struct folder_budget *b, int fd,
			struct folder_item *it)
{
	char why[160];
	int rc;

	it->walk.deadline = b->deadline;
	it->walk.max_entries = b->limited ? b->entries_left : 0;
	rc = fwalk_run(fd, &it->walk);
	if (b->limited)
		b->entries_left -=
		    it->walk.entries < b->entries_left ? it->walk.entries : b->entries_left;
	if (it->walk.bad_path)
		log_warnx("partition %s: folder %s: %s: %s; counted as du counts it", it->partition,
			  it->path, it->walk.bad_path, strerror(it->walk.bad_errno));
	it->runs++;
	it->save = 1;
	if (rc == 1) {
		it->state = FOLDER_FINISHED;
		it->finished = 1;
		fwalk_set_release(&it->walk.links);
	} else if (rc < 0) {
		snprintf(why, sizeof(why), "cannot be read: %s", strerror(errno));
		folder_give_up(c, it, why);
	} else if ((unsigned long)it->runs >= c->max_runs) {
		snprintf(why, sizeof(why), "walk not finished after %" PRId64 " runs", it->runs);
		folder_give_up(c, it, why);
	}
}

/* Makes dir, and its parent when that is missing too (/run/lock is not on
 * every system); 0 if it exists. */
static int folder_mkdir(const char *dir)
{
	char parent[PATH_MAX];
	char *slash;

	if (mkdir(dir, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT || strlen(dir) >= sizeof(parent))
		return -1;
	memcpy(parent, dir, strlen(dir) + 1);
	slash = strrchr(parent, '/');
	if (!slash || slash == parent)
		return -1;
	*slash = '\0';
	if (mkdir(parent, 0755) < 0 && errno != EEXIST)
		return -1;
	return mkdir(dir, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

/* The lock folder open, once checked ours alone; -1 (a line said why). */
static int folder_lock_dir(const char *dir)
{
	int fd;
	struct stat st;

	if (folder_mkdir(dir) < 0)
		return log_warn("folder walks' lock folder %s", dir);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return log_warn("folder walks' lock folder %s", dir);
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & 022)) {
		close(fd);
		return log_warnx("folder walks' lock folder %s: refused, not ours alone", dir);
	}
	return fd;
}

/* Locks the walks of the folder open as fd: an flock on a file of ours
 * named by its device and inode, never on the folder, which its tenant
 * could hold to never be measured. Returns the lock's descriptor, or -1
 * (errno EWOULDBLOCK when another walker holds it). */
static int folder_lock(const struct folder_conf *c, int fd)
{
	char name[80];
	struct stat st;
	int dir, lk;

	if (fstat(fd, &st) < 0)
		return -1;
	dir = folder_lock_dir(c->lock_dir ? c->lock_dir : FOLDER_LOCK_DIR);
	if (dir < 0) {
		errno = EPERM;
		return -1;
	}
	snprintf(name, sizeof(name), "folder-%ju-%ju.lock", (uintmax_t)st.st_dev,
		 (uintmax_t)st.st_ino);
	lk = openat(dir, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	close(dir);
	if (lk >= 0 && flock(lk, LOCK_EX | LOCK_NB) < 0) {
		int err = errno;

		close(lk);
		errno = err;
		lk = -1;
	}
	return lk;
}

/* Opens and locks it's folder, then walks it one step. */
static void folder_walk_one(const struct folder_conf *c, struct folder_budget *b,
			    struct folder_item *it)
{
	int fd = open(it->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), lk;

	if (fd < 0) {
		folder_give_up(c, it, errno == ENOENT ? "missing" : strerror(errno));
		return;
	}
	/* Two collectors (two databases) never walk one tree at once. */
	lk = folder_lock(c, fd);
	if (lk < 0) {
		if (errno == EWOULDBLOCK)
			log_warnx("partition %s: folder %s is being walked by another process; "
				  "skipped until the next run",
				  it->partition, it->path);
		else if (errno != EPERM)
			log_warn("partition %s: lock folder %s", it->partition, it->path);
		close(fd);
		return;
	}
	folder_step(c, b, fd, it);
	close(lk); /* releases the lock */
	close(fd);
}

static int folder_one(sqlite3 *db, int64_t ts, const struct folder_conf *c, struct folder_budget *b,
		      const char *user, struct folder_list *out)
{
	char *path = folder_resolve(c, user);
	struct folder_item *it;
	int found;

	if (!path)
		return 0;
	it = LIST_PUSH(out);
	it->partition = xstrdup(user);
	found = store_folder_load(db, user, it);
	if (found < 0) {
		free(path);
		return -1;
	}
	/* A walk not due keeps its folder: the same path. */
	if (folder_due(c, it, found, path, ts) && !folder_out_of_budget(b))
		folder_walk_one(c, b, it);
	free(path);
	return 0;
}

int folder_read(sqlite3 *db, int64_t ts, const struct users *users, const struct folder_conf *c,
		struct folder_list *out)
{
	struct folder_budget b = {.limited = c->budget_entries > 0,
				  .entries_left = c->budget_entries};

	clock_gettime(CLOCK_MONOTONIC, &b.deadline);
	b.deadline.tv_sec += (time_t)(c->budget_ms / 1000);
	b.deadline.tv_nsec += (long)(c->budget_ms % 1000) * 1000000L;
	if (b.deadline.tv_nsec >= 1000000000L) {
		b.deadline.tv_sec++;
		b.deadline.tv_nsec -= 1000000000L;
	}
	for (size_t i = 0; i < users->n; i++)
		if (folder_one(db, ts, c, &b, users->v[i].name, out) < 0)
			return -1;
	return 0;
}

void folder_list_release(struct folder_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].partition);
		free(l->v[i].path);
		fwalk_release(&l->v[i].walk);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
