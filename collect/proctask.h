/* proctask: a process whose main thread has exited while others run on
 * (a zombie leader): its memory read through a live thread,
 * /proc/<pid>/task/<tid>/, since the leader's own files show none. */
#ifndef NM_PROCTASK_H
#define NM_PROCTASK_H

#include <stddef.h>
#include <stdint.h>

/* Parses the text of a status file: the state letter and VmRSS in KiB.
 * Returns 0, or -1 when the thread is a zombie or dead, or shows no VmRSS.
 * Pure. */
int proctask_parse_status(const char *buf, int64_t *rss_kib);

/* Finds a live thread of pid other than the leader and reads the process'
 * RSS (shared by all its threads) from its status; *tid gets the thread.
 * Returns 0, or -1 (vanished, no live thread) without logging: a process
 * may end during the scan. */
int proctask_read_live(int pid, int *tid, int64_t *rss_kib);

#endif
