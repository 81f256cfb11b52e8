/* admit: the connections open, grouped by client, and who may open one
 * more. A client is an IPv4 address or an IPv6 prefix (/64 by default). A
 * connection waits until its request head is whole; waiting connections
 * may hold only part of the slots, and each must send its head within a
 * deadline counted from accept (or from its previous request's end), so
 * that slow clients cannot hold the server. A client that completed a
 * request lately may use every slot, and a new client makes room by
 * closing the oldest waiting connection of the client that holds the most.
 * Shared by every server thread; a thread of its own enforces deadlines. */
#ifndef NM_ADMIT_H
#define NM_ADMIT_H

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

/* A client's refusal lines: at most the burst (admit_set_burst, 5 unless
 * set; 1 for refused or closed connections) in a window of ADMIT_QUIET
 * seconds, the first line of the next window counting those left out. */
#define ADMIT_QUIET    10
#define ADMIT_MORE_LEN 64

/* How long a client that completed a request counts as known. */
#define ADMIT_KNOWN 600

#define ADMIT_KEY_LEN 17 /* family byte, then up to 16 address bytes */

struct admit_limits {
	unsigned max_total;    /* connections at once, over all clients */
	unsigned max_waiting;  /* of those, without a whole request head */
	unsigned max_client;   /* at once, from one client */
	unsigned head_timeout; /* seconds for a request head */
	unsigned prefix6;      /* leading bits of an IPv6 address: one client */
};

struct admit_group;

/* One connection, as admit follows it. Embedded in the server's
 * connection context; admit_opened to admit_closed. */
struct admit_conn {
	struct admit_conn *prev, *next; /* every open connection, oldest first */
	struct admit_group *group;
	const char *addr; /* the client's numeric address, for the log */
	int fd;
	int waiting;	  /* no whole head yet for the current request */
	int line;	  /* a request line came since the last request ended */
	int closing;	  /* shut down by admit; counted out already */
	int64_t deadline; /* monotonic ms for the head, when waiting */
};

/* Sets the limits every server shares, and starts the deadline thread.
 * Returns 0, or -1 with one line logged. */
int admit_start(const struct admit_limits *lim);

/* Stops the deadline thread, once no server runs. */
void admit_stop(void);

/* Whether a new connection from sa may open: 0 (admit) or -1. A refusal is
 * logged with the address, at most once a window per client. */
int admit_check(const struct sockaddr *sa);

/* Follows the connection c from sa on socket fd, and stops following it. */
void admit_opened(struct admit_conn *c, const struct sockaddr *sa, int fd, const char *addr);
void admit_closed(struct admit_conn *c);

/* The connection's request line came; its head is whole; its request
 * ended (the next head's deadline starts), served when it was answered
 * by the server's handler (the client then counts as known). */
void admit_line(struct admit_conn *c);
void admit_head(struct admit_conn *c);
void admit_done(struct admit_conn *c, int served);

/* The client of sa as a key: the family, then the IPv4 address or the
 * first prefix6 bits of the IPv6 address, the rest zero. An IPv4-mapped
 * IPv6 address is its IPv4 address. */
void admit_key(const struct sockaddr *sa, unsigned prefix6, unsigned char key[ADMIT_KEY_LEN]);

/* Sets the refusal lines per client per window, for every server. */
void admit_set_burst(unsigned lines);

/* Whether a refusal line about the client of sa (NULL: a line about no
 * client, all such lines sharing one window) may be logged now, within
 * the burst. When it may, more gets "" or the words counting the lines
 * left out before, to end the line with. Returns 1 (log it) or 0. */
int admit_log_due(const struct sockaddr *sa, char more[ADMIT_MORE_LEN]);

/* The same for the client key (NULL: no client), with a burst of its own
 * (0: the one set). */
int admit_key_due(const unsigned char key[ADMIT_KEY_LEN], unsigned burst,
		  char more[ADMIT_MORE_LEN]);

/* Logs "addr: what" about the client key, once a window, the line
 * counting those left out before. */
void admit_say(const unsigned char key[ADMIT_KEY_LEN], const char *addr, const char *what);

/* Copies the address sa (IPv4 or IPv6) into dst. */
void admit_copy(struct sockaddr_storage *dst, const struct sockaddr *sa);

/* The numeric address of sa ("?" if it has none). */
void admit_addr(const struct sockaddr *sa, char buf[INET6_ADDRSTRLEN]);

#endif
