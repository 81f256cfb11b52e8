/* log: one-line messages on stderr, prefixed with the program name. */
#ifndef NM_LOG_H
#define NM_LOG_H

/* Set once by main(); the prefix of every message. */
void log_init(const char *progname);

/* log_warn appends strerror(errno); log_warnx does not. Both return -1 so
 * that callers can write `return log_warnx(...)`. */
int log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
