/* folder_walk: `du -s -k -x` of a partition's folder and its DATA/ disks,
 * over as many calls as a budget needs, resumable from a saved cursor. */
#include "folder_walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

/* Deeper trees are counted down to this depth only: each level holds a
 * file descriptor. */
#define FWALK_MAX_DEPTH 256

enum { WALK_ERR = -1, WALK_PAUSE = 0, WALK_DONE = 1 };

static size_t fwalk_slot(const struct fwalk_set *s, uint64_t dev, uint64_t ino)
{
	uint64_t h = (ino * 0x9E3779B97F4A7C15ULL) ^ (dev * 0xC2B2AE3D27D4EB4FULL);
	size_t i = (size_t)(h >> 17) & (s->cap - 1);

	while (s->v[i].ino && (s->v[i].ino != ino || s->v[i].dev != dev))
		i = (i + 1) & (s->cap - 1);
	return i;
}

static void fwalk_set_grow(struct fwalk_set *s)
{
	struct fwalk_set big = {.cap = s->cap ? s->cap * 2 : 64};

	big.v = xcalloc(big.cap, sizeof(*big.v));
	for (size_t i = 0; i < s->cap; i++)
		if (s->v[i].ino)
			big.v[fwalk_slot(&big, s->v[i].dev, s->v[i].ino)] = s->v[i];
	big.n = s->n;
	free(s->v);
	*s = big;
}

int fwalk_set_add(struct fwalk_set *s, uint64_t dev, uint64_t ino)
{
	size_t i;

	if (ino == 0)
		ino = UINT64_MAX; /* 0 marks a free slot */
	if ((s->n + 1) * 2 > s->cap)
		fwalk_set_grow(s);
	i = fwalk_slot(s, dev, ino);
	if (s->v[i].ino)
		return 0;
	s->v[i].dev = dev;
	s->v[i].ino = ino;
	s->n++;
	return 1;
}

void fwalk_set_release(struct fwalk_set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* A path's bytes in the walk's order: '/' ends a component, so it sorts
 * after the end of the path and before every byte of a name. */
static int fwalk_rank(unsigned char c)
{
	return c == '\0' ? 0 : c == '/' ? 1 : c + 2;
}

int fwalk_path_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return fwalk_rank(*x) < fwalk_rank(*y) ? -1 : fwalk_rank(*x) > fwalk_rank(*y);
}

int fwalk_is_prefix(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n == 0)
		return 1;
	return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/');
}

static int fwalk_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in the directory open as fd, sorted; NULL (errno set) when it
 * cannot be read. The caller frees each name and the array. */
static char **fwalk_list(int fd, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	struct dirent *e;
	DIR *d;
	int copy = dup(fd);

	*n = 0;
	if (copy < 0)
		return NULL;
	d = fdopendir(copy);
	if (!d) {
		close(copy);
		return NULL;
	}
	while ((errno = 0, e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			v = xrealloc(v, cap, sizeof(*v));
		}
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), fwalk_name_cmp);
	if (!v)
		v = xcalloc(1, sizeof(*v));
	return v;
}

static void fwalk_bad(struct fwalk *w, const char *path, int err)
{
	if (w->bad_path)
		return;
	w->bad_path = xstrdup(*path ? path : ".");
	w->bad_errno = err;
}

static int fwalk_over_budget(struct fwalk *w)
{
	struct timespec now;

	if (w->max_entries && w->entries >= w->max_entries)
		return 1;
	if (w->deadline.tv_sec == 0 || w->entries % 64 != 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > w->deadline.tv_sec ||
	       (now.tv_sec == w->deadline.tv_sec && now.tv_nsec >= w->deadline.tv_nsec);
}

/* Counts one entry's own blocks, as du does, and moves the cursor to it. */
static void fwalk_count(struct fwalk *w, const struct stat *st, const char *path)
{
	uint64_t blocks = (uint64_t)st->st_blocks;

	if (!S_ISDIR(st->st_mode) && st->st_nlink > 1 &&
	    !fwalk_set_add(&w->links, (uint64_t)st->st_dev, (uint64_t)st->st_ino))
		blocks = 0;
	w->blocks += blocks;
	if (w->root)
		w->data_blocks += blocks;
	free(w->cursor);
	w->cursor = xstrdup(path);
	w->entries++;
}

static int fwalk_dir(struct fwalk *w, int fd, dev_t dev, const char *rel, int depth);

/* One entry of a directory: skipped when counted before (the cursor is
 * after it), counted otherwise, and walked into when a directory. */
static int fwalk_entry(struct fwalk *w, int dfd, dev_t dev, const char *path, const char *name,
		       int depth)
{
	struct stat st, opened;
	int fd, rc, seen = w->cursor && fwalk_path_cmp(path, w->cursor) <= 0;

	if (seen && !fwalk_is_prefix(path, w->cursor))
		return WALK_DONE;
	if (!seen && fwalk_over_budget(w))
		return WALK_PAUSE;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno != ENOENT)
			fwalk_bad(w, path, errno);
		return WALK_DONE;
	}
	if (st.st_dev != dev) /* another filesystem: du -x leaves it out */
		return WALK_DONE;
	if (!seen)
		fwalk_count(w, &st, path);
	if (!S_ISDIR(st.st_mode))
		return WALK_DONE;
	if (depth >= FWALK_MAX_DEPTH) {
		fwalk_bad(w, path, ELOOP);
		return WALK_DONE;
	}
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		fwalk_bad(w, path, errno);
		return WALK_DONE;
	}
	/* Replaced between the stat and the open: left for the next walk. */
	if (fstat(fd, &opened) < 0 || opened.st_ino != st.st_ino || opened.st_dev != st.st_dev) {
		close(fd);
		return WALK_DONE;
	}
	rc = fwalk_dir(w, fd, dev, path, depth + 1);
	close(fd);
	return rc;
}

static int fwalk_dir(struct fwalk *w, int fd, dev_t dev, const char *rel, int depth)
{
	size_t n = 0, len = strlen(rel);
	char **names = fwalk_list(fd, &n);
	int rc = WALK_DONE;

	if (!names) {
		fwalk_bad(w, rel, errno);
		return WALK_DONE;
	}
	for (size_t i = 0; i < n; i++) {
		size_t size = len + strlen(names[i]) + 2;
		char *path = xmalloc(size);

		if (rc != WALK_PAUSE) {
			snprintf(path, size, "%s%s%s", rel, len ? "/" : "", names[i]);
			rc = fwalk_entry(w, fd, dev, path, names[i], depth);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Walks one root open as fd (the folder, or a DATA/ disk) from the cursor. */
static int fwalk_root(struct fwalk *w, int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return WALK_ERR;
	if (!w->cursor) {
		if (fwalk_over_budget(w))
			return WALK_PAUSE;
		fwalk_count(w, &st, "");
	}
	return fwalk_dir(w, fd, st.st_dev, "", 0);
}

/* The next DATA/ link after w->root (the first when w->root is NULL) that
 * leads to a directory, opened; -1 when none is left. Moves w->root to it. */
static int fwalk_next_data(int folder_fd, struct fwalk *w)
{
	int data = openat(folder_fd, "DATA", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	char **names;
	size_t n = 0;
	int fd = -1;

	if (data < 0)
		return -1;
	names = fwalk_list(data, &n);
	for (size_t i = 0; names && i < n; i++) {
		struct stat st;

		if (fd < 0 && (!w->root || strcmp(names[i], w->root) > 0) &&
		    fstatat(data, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
			/* SlapOS follows the links to the disks it measures. */
			fd = openat(data, names[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fd >= 0) {
				free(w->root);
				w->root = xstrdup(names[i]);
			}
		}
		free(names[i]);
	}
	free(names);
	close(data);
	return fd;
}

/* Opens the DATA/ link w->root to resume it; -1 when it is gone. */
static int fwalk_open_data(int folder_fd, const char *name)
{
	int data = openat(folder_fd, "DATA", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	int fd = -1;

	if (data < 0)
		return -1;
	if (fstatat(data, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		fd = openat(data, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(data);
	return fd;
}

int fwalk_run(int folder_fd, struct fwalk *w)
{
	int rc, fd;

	w->entries = 0;
	if (!w->root) {
		rc = fwalk_root(w, folder_fd);
		if (rc != WALK_DONE)
			return rc;
		free(w->cursor);
		w->cursor = NULL;
		fd = fwalk_next_data(folder_fd, w);
	} else {
		fd = fwalk_open_data(folder_fd, w->root);
		if (fd < 0) { /* gone since: on to the next one */
			free(w->cursor);
			w->cursor = NULL;
			fd = fwalk_next_data(folder_fd, w);
		}
	}
	while (fd >= 0) {
		rc = fwalk_root(w, fd);
		close(fd);
		if (rc != WALK_DONE)
			return rc;
		free(w->cursor);
		w->cursor = NULL;
		fd = fwalk_next_data(folder_fd, w);
	}
	return WALK_DONE;
}

void fwalk_release(struct fwalk *w)
{
	free(w->root);
	free(w->cursor);
	free(w->bad_path);
	fwalk_set_release(&w->links);
	memset(w, 0, sizeof(*w));
}
