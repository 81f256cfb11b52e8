/* names: the sorted names of a folder's entries, read once for each
 * version of the folder and shared by the listings of its pages. */
#ifndef NM_NAMES_H
#define NM_NAMES_H

#include <stddef.h>
#include <sys/stat.h>

/* A folder's regular files and folders, dotfiles and anything else left
 * out, sorted by name (strcmp, so the same order on every page). Shared
 * and read-only; its memory counts against the budget (budget.h) while
 * it lives. */
struct names {
	size_t n;
	const char **v; /* n names, pointing into the list's own storage */
};

/* The names of the folder dirfd (which stays open) whose status is sb:
 * the kept list when this version of the folder (device, inode, change
 * and modification times to the nanosecond) was read before, else read
 * now and kept. Returns the list, which the caller gives back with
 * names_release; NULL with errno set: ENOMEM when the list does not fit
 * the budget, else what reading the folder failed with. */
struct names *names_get(int dirfd, const struct stat *sb);

/* Gives back a list names_get returned. */
void names_release(struct names *l);

/* Drops every kept list not in use (each in use goes when given back). */
void names_clear(void);

#endif
