/* folder: the partition folder sizes scope: which folders, which walks are
 * due, and one budgeted step of each. */
#ifndef NM_FOLDER_H
#define NM_FOLDER_H

#include <sqlite3.h>
#include <stdint.h>

#include "folder_walk.h"
#include "users.h"

/* The scope's settings. instance_root, when not NULL, puts partition
 * <user_base><N>'s folder at <instance_root>/<partition_base><N>; else a
 * partition's folder is its user's home. */
struct folder_conf {
	int enabled;
	unsigned long cycle_s;	      /* a partition is measured at most once per cycle */
	unsigned long budget_ms;      /* time for all walks of one run */
	unsigned long budget_entries; /* entries for all walks of one run, 0 no limit */
	unsigned long max_runs;	      /* runs a walk may take before it is given up */
	const char *instance_root;
	const char *partition_base; /* default "slappart" */
	const char *user_base;	    /* default "slapuser" */
	/* Where the walks' locks are: a folder of ours, which no tenant can
	 * write, shared by every collector of the machine. */
	const char *lock_dir;
};

/* The lock folder when the configuration names none. */
#define FOLDER_LOCK_DIR "/run/lock/node-monitor"

enum folder_state { FOLDER_WALKING = 0, FOLDER_FINISHED = 1, FOLDER_GIVEN_UP = 2 };

/* One partition: its folder, and what its walk did this run. */
struct folder_item {
	char *partition;
	char *path;
	int save;     /* the walk's row changed this run */
	int finished; /* the walk ended this run: a folder_sample row */
	int64_t started;
	int64_t runs;
	int state; /* enum folder_state */
	struct fwalk walk;
};

struct folder_list {
	struct folder_item *v;
	size_t n, cap;
};

/* <instance_root>/<partition_base><N> of user <user_base><N>, or NULL when
 * the user's name is not the base followed by digits. The caller frees it.
 * Pure. */
char *folder_slapos_path(const char *instance_root, const char *partition_base,
			 const char *user_base, const char *user);

/* Resolves every partition's folder and walks those that are due, within
 * the run's budget, from the state saved in db (read only here). Logs one
 * line per missing folder, folder walked by another process, unreadable
 * entry or walk given up. Returns 0, or -1 when the state cannot be read. */
int folder_read(sqlite3 *db, int64_t ts, const struct users *users, const struct folder_conf *c,
		struct folder_list *out);

void folder_list_release(struct folder_list *l);

#endif
