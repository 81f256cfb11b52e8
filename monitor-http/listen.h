/* listen: the addresses slapmonitor listens on. */
#ifndef NM_LISTEN_H
#define NM_LISTEN_H

#include <stddef.h>
#include <sys/socket.h>

#define LISTEN_MAX 8

struct listen_addr {
	struct sockaddr_storage sa;
	socklen_t len;
};

/* Parses "ADDR:PORT[,ADDR:PORT...]": numeric IPv4 addresses, IPv6 ones in
 * brackets ("[::1]:9685"), ports 0 to 65535 (0: the kernel picks one).
 * Pure. Returns the count (1 to max), or -1 with the reason in err. */
int listen_parse(const char *spec, struct listen_addr *out, int max, char *err, size_t errlen);

/* Formats a as "127.0.0.1:8080" or "[::1]:9685" into buf. */
void listen_format(const struct listen_addr *a, char *buf, size_t len);

/* A socket bound to a and listening (IPv6 sockets only take IPv6), with a
 * the kernel's port if it was 0. Returns the descriptor, or -1 with one
 * line logged. */
int listen_open(struct listen_addr *a);

#endif
