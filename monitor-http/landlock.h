/* landlock: confines slapmonitor, once its files and sockets are open and
 * its privileges dropped, to reading beneath its folders (Linux Landlock). */
#ifndef NM_LANDLOCK_H
#define NM_LANDLOCK_H

/* Handles every filesystem right of the kernel's Landlock ABI (up to the
 * ABI this file knows) and, from ABI 4, binding and connecting TCP
 * sockets; allows only reading files and listing folders beneath the open
 * folders fds[0..n-1] (a negative fd is skipped). The calling thread and
 * every thread it starts afterwards are confined: call it before starting
 * any thread. Sets no_new_privs, which Landlock needs without
 * CAP_SYS_ADMIN.
 * Returns the kernel's ABI version (1 or more) when confined; 0 when the
 * kernel has no Landlock, with *off pointing to why (a static string);
 * -1 with one line logged when confining failed. */
int landlock_confine(const int *fds, int n, const char **off);

#endif
