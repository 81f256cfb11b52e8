/* log: one-line messages on stderr, prefixed with the program name. Every
 * line a program prints on stderr goes through here.
 *
 * Error convention, one per layer:
 * - Pure modules (csv, daytime, rate, users' glob parsing, partition,
 *   route, hdr, listen's address parsing) never log. They return -1 (or a
 *   status) and, where the cause matters, fill an error buffer; their
 *   caller says what failed.
 * - Modules that touch the system (common/ files, the database, the /proc
 *   and /sys readers, the store, report's query layer and writers,
 *   slapmonitor's file and socket code) log once, where errno is seen, with
 *   the path or statement as context, and return -1. Their callers pass -1
 *   up without logging again.
 * - main() picks the exit status and logs only what no module could know
 *   (the run as a whole: "nothing stored", start and stop lines).
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
