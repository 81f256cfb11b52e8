/* cache: the memory responses hold: bodies copied within a budget, and the
 * whole-file responses kept for the next request of the same version. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "mhd.h"
#include "xalloc.h"

#define CACHE_COPY_MAX	  ((int64_t)2 * 1024 * 1024)
#define CACHE_COPY_BUDGET ((size_t)64 * 1024 * 1024)
#define CACHE_SLOTS	  64
#define CACHE_BYTES	  ((size_t)32 * 1024 * 1024)

/* The bytes in all the bodies read into memory, and in listings
 * (budget.h). */
static atomic_size_t cache_copied;

/* Counts len more bytes held in memory, if the budget allows. Returns
 * nonzero when it did. */
static int cache_copy_reserve(size_t len)
{
	size_t held = atomic_load(&cache_copied);

	do {
		if (held + len > CACHE_COPY_BUDGET)
			return 0;
	} while (!atomic_compare_exchange_weak(&cache_copied, &held, held + len));
	return 1;
}

int budget_take(size_t len)
{
	return cache_copy_reserve(len);
}

void budget_give(size_t len)
{
	atomic_fetch_sub(&cache_copied, len);
}

struct cache_copy *cache_copy_new(int64_t len)
{
	struct cache_copy *c;

	if (len > CACHE_COPY_MAX || !cache_copy_reserve((size_t)len))
		return NULL;
	c = malloc(sizeof(*c) + (size_t)len + 1);
	if (!c) {
		atomic_fetch_sub(&cache_copied, (size_t)len);
		return NULL;
	}
	c->len = (size_t)len;
	return c;
}

void cache_copy_free(void *copy)
{
	struct cache_copy *c = copy;

	atomic_fetch_sub(&cache_copied, c->len);
	free(c);
}

/* Whole-file responses of files read into memory, kept for the next
 * request of the same version of the same file: such a request then costs
 * the open and fstat any request does, and no read. A version is told by
 * device, inode, size and change times; a file node-report renames over
 * the name is a new inode, so a new entry. */
struct cache_entry {
	int folder; /* the folder descriptor the path is below */
	char *path;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	struct MHD_Response *r; /* the cache's reference */
	uint64_t used;
};

static struct {
	pthread_mutex_t lock;
	struct cache_entry v[CACHE_SLOTS];
	size_t bytes;
	uint64_t tick;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int cache_entry_is(const struct cache_entry *e, int folder, const char *path,
			  const struct stat *sb)
{
	return e->r && e->folder == folder && e->dev == sb->st_dev && e->ino == sb->st_ino &&
	       e->size == sb->st_size && e->mtime.tv_sec == sb->st_mtim.tv_sec &&
	       e->mtime.tv_nsec == sb->st_mtim.tv_nsec && e->ctime.tv_sec == sb->st_ctim.tv_sec &&
	       e->ctime.tv_nsec == sb->st_ctim.tv_nsec && strcmp(e->path, path) == 0;
}

static void cache_entry_drop(struct cache_entry *e)
{
	cache.bytes -= (size_t)e->size;
	MHD_destroy_response(e->r);
	free(e->path);
	memset(e, 0, sizeof(*e));
}

int cache_send(struct MHD_Connection *c, int folder, const char *path, const struct stat *sb,
	       enum MHD_Result *ret)
{
	int hit = 0;

	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < CACHE_SLOTS && !hit; i++) {
		struct cache_entry *e = &cache.v[i];

		if (cache_entry_is(e, folder, path, sb)) {
			e->used = ++cache.tick;
			/* Queued under the lock, so that no eviction frees it
			 * before libmicrohttpd holds its own reference. */
			*ret = MHD_queue_response(c, MHD_HTTP_OK, e->r);
			hit = 1;
		}
	}
	pthread_mutex_unlock(&cache.lock);
	return hit;
}

/* A free slot with room for size more bytes: an older version of the same
 * file goes at once, then the least used entries until the bytes fit.
 * Returns the slot, or NULL when the file cannot be kept. Called with the
 * lock held. */
static struct cache_entry *cache_room(int folder, const char *path, size_t size)
{
	for (;;) {
		struct cache_entry *slot = NULL, *lru = NULL;

		for (size_t i = 0; i < CACHE_SLOTS; i++) {
			struct cache_entry *e = &cache.v[i];

			if (!e->r) {
				slot = slot ? slot : e;
				continue;
			}
			if (e->folder == folder && strcmp(e->path, path) == 0) {
				cache_entry_drop(e);
				slot = e;
				continue;
			}
			if (!lru || e->used < lru->used)
				lru = e;
		}
		if (slot && cache.bytes + size <= CACHE_BYTES)
			return slot;
		if (!lru)
			return NULL;
		cache_entry_drop(lru);
	}
}

enum MHD_Result cache_keep(struct MHD_Connection *c, int folder, const char *path,
			   const struct stat *sb, struct MHD_Response *r)
{
	struct cache_entry *slot;
	enum MHD_Result ret;

	pthread_mutex_lock(&cache.lock);
	slot = cache_room(folder, path, (size_t)sb->st_size);
	if (slot) {
		*slot = (struct cache_entry){.folder = folder,
					     .path = xstrdup(path),
					     .dev = sb->st_dev,
					     .ino = sb->st_ino,
					     .size = sb->st_size,
					     .mtime = sb->st_mtim,
					     .ctime = sb->st_ctim,
					     .r = r,
					     .used = ++cache.tick};
		cache.bytes += (size_t)sb->st_size;
	}
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	pthread_mutex_unlock(&cache.lock);
	if (!slot)
		MHD_destroy_response(r);
	return ret;
}

void cache_clear(void)
{
	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (cache.v[i].r)
			cache_entry_drop(&cache.v[i]);
	pthread_mutex_unlock(&cache.lock);
}
