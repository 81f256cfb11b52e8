/* privdrop: what slapmonitor does to the process once its sockets and
 * files are open: more descriptors, then another user. */
#ifndef NM_PRIVDROP_H
#define NM_PRIVDROP_H

/* Raises the soft limit on open descriptors to the hard one, for every
 * connection, the listening sockets and the files being served. Failing
 * leaves the limit as it was, silently. */
void privdrop_fd_limit(void);

/* Becomes the user name (its groups, an empty capability bounding set,
 * then its uid), checks that root cannot be regained, and sets
 * no_new_privs, so that no exec can give privileges back. Without root,
 * only the current user is accepted.
 * Returns 0, or -1 with one line logged. */
int privdrop_user(const char *name);

#endif
