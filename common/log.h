/* log: one-line messages on stderr, prefixed with the program name. Every
 * line a program prints on stderr goes through here.
 *
 * Error convention, one per layer:
 * - Pure modules (csv, daytime, rate, partition, users' glob checks,
 *   route, hdr, listen's address parsing) never log. They return -1 (or a
 *   status) and, where the cause matters, fill an error buffer.
 * - common/ is library-like: afile, file, lock and sbuf return -1 (or
 *   NULL) with errno set, config and db_open fill an error buffer, and none
 *   of them logs; the caller, which knows what the file was for, logs once.
 *   db_fail and db_prepare are the exception: their job is to log an SQLite
 *   failure with the statement it came from.
 * - Program modules (the collector's readers and store, node-report's
 *   query layer, dumps and plots, slapmonitor's files, secret and server)
 *   log once, where the failure is seen, with the path or statement as
 *   context, and return -1. Their callers pass -1 up without logging again.
 * - main() picks the exit status and logs only what no module could know:
 *   the run as a whole ("nothing stored"), and start and stop lines.
 * log_warn appends strerror(errno); log_warnx does not; log_info is for
 * start, stop and progress lines that are not failures. */
#ifndef NM_LOG_H
#define NM_LOG_H

/* Set once by main(); the prefix of every message. */
void log_init(const char *progname);

/* log_warn and log_warnx return -1 so that callers can write
 * `return log_warnx(...)`. */
int log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
