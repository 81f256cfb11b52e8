/* server: slapmonitor's HTTP side. libmicrohttpd stays behind mhd.h, which
 * only the server's own files include. */
#ifndef NM_SERVER_H
#define NM_SERVER_H

#include "route.h"

struct server_conf {
	int rootfd;    /* the served folder (--root), open */
	int dygraphfd; /* Debian's libjs-dygraphs folder, or -1 */
	char secret[ROUTE_SECRET_LEN + 1];
	const char *host;	    /* the machine's name, for page titles */
	const char *tls_cert;	    /* PEM in memory, or NULL for plain HTTP */
	const char *tls_key;	    /* PEM in memory */
	const char *tls_priorities; /* GnuTLS priority string */
	unsigned max_connections;   /* at once, over all clients */
	unsigned max_per_client;    /* at once, from one client */
	unsigned max_waiting;	    /* at once, without a whole request head */
	unsigned head_timeout;	    /* seconds for a request head */
	unsigned ipv6_prefix;	    /* leading bits of an IPv6 client address */
	unsigned timeout;	    /* seconds a connection may stay idle */
	unsigned header_limit;	    /* bytes of one request's head */
	unsigned threads;
	unsigned log_burst; /* refusal lines per client per ADMIT_QUIET s */
};

struct server;

/* Serves conf (which must outlive the server) on the listening socket fd.
 * Returns the server, or NULL with one line logged. */
struct server *server_start(const struct server_conf *conf, int fd);

/* Stops the server and closes its socket. */
void server_stop(struct server *s);

/* Frees what the servers share (the responses kept for reuse), once every
 * server is stopped. */
void server_cleanup(void);

/* Nonzero when libmicrohttpd was built with TLS. */
int server_has_tls(void);

#endif
