/* lock: an exclusive, non-blocking flock on a file beside the database. */
#ifndef NM_LOCK_H
#define NM_LOCK_H

/* Takes the lock on "<dbpath><suffix>" (".lock" for node-collect,
 * ".report.lock" for node-report), creating the file if needed.
 * Returns the descriptor (closing it releases the lock), -1 with
 * errno EWOULDBLOCK if another process holds it, or -1 with errno set. */
int lock_acquire(const char *dbpath, const char *suffix);

#endif
