/* files: the served folder: opening a path strictly below it, and the HTML
 * of its listings and of the plot page. */
#ifndef NM_FILES_H
#define NM_FILES_H

#include <stddef.h>
#include <sys/stat.h>

#include "names.h"

/* Opens path (relative, already checked by route_parse; "" is the folder
 * itself) below the folder rootfd, resolving no symbolic link that leaves
 * it. want_dir asks for a folder, otherwise a regular file is wanted: a
 * folder then fails with EISDIR, anything else that is not a regular file
 * (a FIFO, a device, a socket) with ENODEV. Never blocks on a FIFO.
 * Returns the descriptor with *sb filled, or -1 with errno set. */
int files_open(int rootfd, const char *path, int want_dir, struct stat *sb);

/* The HTML of one page (from 1, PAGE_ENTRIES entries) of the listing of
 * the folder dirfd (which stays open), whose sorted names are l, found at
 * path below the served folder ("" for itself, else ending with '/'): its
 * regular files and folders with size and UTC modification time, and
 * links to the pages before and after when there are several. The page's
 * bytes are counted against the budget (budget.h): the caller gives back
 * *len bytes when it frees the string. Returns a heap string, its length
 * in *len; NULL with errno set: ERANGE for a page past the last one,
 * ENOMEM when the page does not fit the budget. */
char *files_listing(int dirfd, const char *path, const struct names *l, size_t page, size_t *len);

/* The plot page: one chart per plot file (*.csv) at the top of rootfd, drawn
 * by static/plots.js with Dygraph. host names the machine in the title.
 * Returns a heap string the caller frees; NULL with errno set. */
char *files_plot_page(int rootfd, const char *host, size_t *len);

#endif
