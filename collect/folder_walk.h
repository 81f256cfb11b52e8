/* folder_walk: `du -s -k -x` of a partition's folder and its DATA/ disks,
 * over as many calls as a budget needs, resumable from a saved cursor. */
#ifndef NM_FOLDER_WALK_H
#define NM_FOLDER_WALK_H

#include <stdint.h>
#include <time.h>

/* A set of (device, inode) pairs: the hard-linked files already counted. */
struct fwalk_set {
	struct fwalk_ino {
		uint64_t dev, ino;
	} * v;
	size_t n, cap; /* cap is 0 or a power of two; a slot with ino 0 is free */
};

/* Adds (dev, ino); returns 1 if it was new, 0 if already there. */
int fwalk_set_add(struct fwalk_set *s, uint64_t dev, uint64_t ino);
void fwalk_set_release(struct fwalk_set *s);

/* Compares two relative paths in the walk's order: component by component,
 * each by its bytes (so "a/b" sorts before "a-b", and a path after its
 * ancestors). Pure. */
int fwalk_path_cmp(const char *a, const char *b);

/* Whether a is b or one of b's ancestors ("a" of "a/b", not of "ab"). Pure. */
int fwalk_is_prefix(const char *a, const char *b);

/* One walk's progress. Everything up to the cursor, in the walk's order
 * (the folder first, then each DATA/ link by name; inside one root,
 * entries pre-order by name), is counted; nothing after it is. */
struct fwalk {
	char *root;	      /* NULL: the folder itself; else the DATA/ link walked */
	char *cursor;	      /* last counted path under root ("" the root); NULL none */
	uint64_t blocks;      /* 512-byte blocks counted, DATA/ disks included */
	uint64_t data_blocks; /* the DATA/ disks' share */
	struct fwalk_set links;
	/* Budget of this call: entries to count (0 = no limit) and a deadline
	 * on CLOCK_MONOTONIC (tv_sec 0 = none). */
	uint64_t max_entries;
	struct timespec deadline;
	uint64_t entries; /* counted by this call */
	/* The first entry this call could not read, and its errno. */
	char *bad_path;
	int bad_errno;
};

/* Walks on from w's cursor under the folder open as folder_fd, until the
 * walk ends or the budget runs out. Returns 1 when the walk has ended, 0
 * when the budget ran out (w holds where to resume), -1 on failure (errno
 * set: the folder cannot be read). Never logs; unreadable entries are
 * counted as du counts them and named in bad_path. */
int fwalk_run(int folder_fd, struct fwalk *w);

/* Frees what w holds and zeroes it. */
void fwalk_release(struct fwalk *w);

#endif
