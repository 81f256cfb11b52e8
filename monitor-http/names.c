/* names: a folder's sorted names, kept per version of the folder. */
#include "names.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "budget.h"
#include "xalloc.h"

#define NAMES_SLOTS 8
/* A folder changed less than this long before it is read may change again
 * within the same tick of the file system's clock, leaving its times as
 * they were: such a list is used once and not kept. */
#define NAMES_RACY_NS 1000000000LL

struct names_list {
	struct names pub; /* first, so that a struct names is its list */
	char *buf;	  /* the names, each ending with a NUL */
	size_t bytes;	  /* counted against the budget */
	unsigned users;
	int kept; /* in a slot of the cache */
	dev_t dev;
	ino_t ino;
	struct timespec mtime, ctime;
	uint64_t used;
};

static struct {
	pthread_mutex_t lock;
	struct names_list *v[NAMES_SLOTS];
	uint64_t tick;
} names = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int names_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void names_free(struct names_list *l)
{
	budget_give(l->bytes);
	free(l->pub.v);
	free(l->buf);
	free(l);
}

/* Makes *cap bytes hold need, the growth counted against the budget in
 * l->bytes; the caller then reallocates to *cap. Returns 0, or -1 with
 * errno ENOMEM when the budget has no room. */
static int names_room(struct names_list *l, size_t *cap, size_t need)
{
	size_t more = *cap ? *cap : 4096;

	while (*cap + more < need)
		more *= 2;
	if (!budget_take(more)) {
		errno = ENOMEM;
		return -1;
	}
	l->bytes += more;
	*cap += more;
	return 0;
}

/* Nonzero when the entry is a regular file or a folder and no dotfile. */
static int names_wanted(int dirfd, const struct dirent *de)
{
	struct stat sb;

	if (de->d_name[0] == '.')
		return 0;
	if (de->d_type == DT_REG || de->d_type == DT_DIR)
		return 1;
	if (de->d_type != DT_UNKNOWN)
		return 0;
	return fstatat(dirfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	       (S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode));
}

/* Reads the names into l: one after the other into l->buf, then the
 * sorted pointers to them. Returns 0 or -1 with errno set. */
static int names_read(int dirfd, struct names_list *l)
{
	size_t used = 0, cap = 0;
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	const char *p;
	int ret = -1;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name) + 1;

		if (!names_wanted(dirfd, de))
			continue;
		if (used + len > cap) {
			if (names_room(l, &cap, used + len) < 0)
				goto out;
			l->buf = xrealloc(l->buf, cap, 1);
		}
		memcpy(l->buf + used, de->d_name, len);
		l->pub.n++;
		used += len;
		errno = 0;
	}
	if (errno)
		goto out;
	if (!budget_take(l->pub.n * sizeof(*l->pub.v))) {
		errno = ENOMEM;
		goto out;
	}
	l->bytes += l->pub.n * sizeof(*l->pub.v);
	l->pub.v = xcalloc(l->pub.n ? l->pub.n : 1, sizeof(*l->pub.v));
	p = l->buf;
	for (size_t i = 0; i < l->pub.n; i++, p += strlen(p) + 1)
		l->pub.v[i] = p;
	qsort(l->pub.v, l->pub.n, sizeof(*l->pub.v), names_cmp);
	ret = 0;
out:
	closedir(d);
	return ret;
}

static int names_is(const struct names_list *l, const struct stat *sb)
{
	return l->dev == sb->st_dev && l->ino == sb->st_ino &&
	       l->mtime.tv_sec == sb->st_mtim.tv_sec && l->mtime.tv_nsec == sb->st_mtim.tv_nsec &&
	       l->ctime.tv_sec == sb->st_ctim.tv_sec && l->ctime.tv_nsec == sb->st_ctim.tv_nsec;
}

/* Nonzero when the folder changed too recently for its times to tell a
 * later change (NAMES_RACY_NS). */
static int names_racy(const struct stat *sb)
{
	struct timespec now;
	long long now_ns, m_ns, c_ns;

	clock_gettime(CLOCK_REALTIME, &now);
	now_ns = (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
	m_ns = (long long)sb->st_mtim.tv_sec * 1000000000LL + sb->st_mtim.tv_nsec;
	c_ns = (long long)sb->st_ctim.tv_sec * 1000000000LL + sb->st_ctim.tv_nsec;
	return now_ns - m_ns < NAMES_RACY_NS || now_ns - c_ns < NAMES_RACY_NS;
}

/* The kept list of this version, taken for one more user, or NULL. */
static struct names_list *names_find(const struct stat *sb)
{
	struct names_list *hit = NULL;

	pthread_mutex_lock(&names.lock);
	for (size_t i = 0; i < NAMES_SLOTS && !hit; i++)
		if (names.v[i] && names_is(names.v[i], sb))
			hit = names.v[i];
	if (hit) {
		hit->users++;
		hit->used = ++names.tick;
	}
	pthread_mutex_unlock(&names.lock);
	return hit;
}

/* Drops the kept list in slot i: freed now, or by its last user. Called
 * with the lock held. */
static void names_drop(size_t i)
{
	struct names_list *l = names.v[i];

	names.v[i] = NULL;
	l->kept = 0;
	if (l->users == 0)
		names_free(l);
}

/* Keeps l in a free slot, or in place of the least used list; an older
 * version of the same folder goes at once. */
static void names_keep(struct names_list *l)
{
	size_t slot = NAMES_SLOTS, lru = 0;

	pthread_mutex_lock(&names.lock);
	for (size_t i = 0; i < NAMES_SLOTS; i++)
		if (names.v[i] && names.v[i]->dev == l->dev && names.v[i]->ino == l->ino)
			names_drop(i);
	for (size_t i = 0; i < NAMES_SLOTS; i++) {
		if (!names.v[i]) {
			slot = slot < NAMES_SLOTS ? slot : i;
			continue;
		}
		if (!names.v[lru] || names.v[i]->used < names.v[lru]->used)
			lru = i;
	}
	if (slot == NAMES_SLOTS) {
		names_drop(lru);
		slot = lru;
	}
	l->kept = 1;
	l->used = ++names.tick;
	names.v[slot] = l;
	pthread_mutex_unlock(&names.lock);
}

struct names *names_get(int dirfd, const struct stat *sb)
{
	struct names_list *l = names_find(sb);

	if (l)
		return &l->pub;
	l = xcalloc(1, sizeof(*l));
	l->users = 1;
	l->dev = sb->st_dev;
	l->ino = sb->st_ino;
	l->mtime = sb->st_mtim;
	l->ctime = sb->st_ctim;
	if (names_read(dirfd, l) < 0) {
		int err = errno;

		names_free(l);
		errno = err;
		return NULL;
	}
	if (!names_racy(sb))
		names_keep(l);
	return &l->pub;
}

void names_release(struct names *pub)
{
	struct names_list *l = (struct names_list *)pub;
	int last;

	pthread_mutex_lock(&names.lock);
	last = --l->users == 0 && !l->kept;
	pthread_mutex_unlock(&names.lock);
	if (last)
		names_free(l);
}

void names_clear(void)
{
	pthread_mutex_lock(&names.lock);
	for (size_t i = 0; i < NAMES_SLOTS; i++)
		if (names.v[i])
			names_drop(i);
	pthread_mutex_unlock(&names.lock);
}
