/* admit: the connections open per client address, and the refusal of
 * those past the admit_state. Shared by every server thread. */
#ifndef NM_ADMIT_H
#define NM_ADMIT_H

#include <netinet/in.h>
#include <sys/socket.h>

/* How long a flooding client's refusals go unlogged after one line. */
#define ADMIT_QUIET 10

/* Admits a new connection from sa while fewer than max_total connections
 * are open in all and fewer than max_client from its address. A refusal
 * is logged with the address, at most once per ADMIT_QUIET seconds per
 * client, the next line counting those left out. Returns 0 (admit) or -1. */
int admit_check(const struct sockaddr *sa, unsigned max_total, unsigned max_client);

/* Counts a connection in, and out. */
void admit_opened(const struct sockaddr *sa);
void admit_closed(const struct sockaddr *sa);

/* Copies the address sa (IPv4 or IPv6) into dst. */
void admit_copy(struct sockaddr_storage *dst, const struct sockaddr *sa);

/* The numeric address of sa ("?" if it has none). */
void admit_addr(const struct sockaddr *sa, char buf[INET6_ADDRSTRLEN]);

#endif
