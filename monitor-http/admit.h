/* admit: the connections open per client address, and the refusal of
 * those past the admit_state. Shared by every server thread. */
#ifndef NM_ADMIT_H
#define NM_ADMIT_H

#include <netinet/in.h>
#include <sys/socket.h>

/* A client's refusal lines: at most the burst (admit_set_burst, 5 unless
 * set; 1 for refused connections) in a window of ADMIT_QUIET seconds, the
 * first line of the next window counting those left out. */
#define ADMIT_QUIET    10
#define ADMIT_MORE_LEN 64

/* Sets the lines per client per window, for every server. */
void admit_set_burst(unsigned lines);

/* Admits a new connection from sa while fewer than max_total connections
 * are open in all and fewer than max_client from its address. A refusal
 * is logged with the address, at most once a window per client, within
 * the lines admit_log_due allows. Returns 0 (admit) or -1. */
int admit_check(const struct sockaddr *sa, unsigned max_total, unsigned max_client);

/* Whether a refusal line about the client sa (NULL: a line about no
 * client, all such lines sharing one window) may be logged now. When it
 * may, more gets "" or the words counting the lines left out before, to
 * end the line with. Returns 1 (log it) or 0. */
int admit_log_due(const struct sockaddr *sa, char more[ADMIT_MORE_LEN]);

/* Counts a connection in, and out. */
void admit_opened(const struct sockaddr *sa);
void admit_closed(const struct sockaddr *sa);

/* Copies the address sa (IPv4 or IPv6) into dst. */
void admit_copy(struct sockaddr_storage *dst, const struct sockaddr *sa);

/* The numeric address of sa ("?" if it has none). */
void admit_addr(const struct sockaddr *sa, char buf[INET6_ADDRSTRLEN]);

#endif
