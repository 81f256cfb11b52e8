/* limits: count connections per client; refuse and log past the limits. */
#include "limits.h"

#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "xalloc.h"

#define LIMITS_FOLLOWED 32 /* clients whose refusals are followed */

struct limits_client {
	struct sockaddr_storage sa;
	unsigned count;
};

/* A client refused lately. */
struct limits_refusal {
	struct sockaddr_storage sa;
	time_t logged;
	unsigned long quiet; /* refused since, not logged */
};

static struct {
	pthread_mutex_t lock;
	struct limits_client *v; /* the clients with connections open */
	size_t n, cap;
	unsigned total;
	struct limits_refusal refused[LIMITS_FOLLOWED];
} limits = {.lock = PTHREAD_MUTEX_INITIALIZER};

static socklen_t limits_len(const struct sockaddr *sa)
{
	return sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

void limits_addr(const struct sockaddr *sa, char buf[INET6_ADDRSTRLEN])
{
	if (getnameinfo(sa, limits_len(sa), buf, INET6_ADDRSTRLEN, NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(buf, INET6_ADDRSTRLEN, "?");
}

static int limits_same_host(const struct sockaddr_storage *a, const struct sockaddr *b)
{
	if (a->ss_family != b->sa_family)
		return 0;
	if (b->sa_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
			      &((const struct sockaddr_in6 *)b)->sin6_addr,
			      sizeof(struct in6_addr)) == 0;
	return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
	       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
}

/* The client's entry; with create, a new one if it has none. Called with
 * the lock held. */
static struct limits_client *limits_client(const struct sockaddr *sa, int create)
{
	for (size_t i = 0; i < limits.n; i++)
		if (limits_same_host(&limits.v[i].sa, sa))
			return &limits.v[i];
	if (!create)
		return NULL;
	if (limits.n == limits.cap) {
		limits.cap = limits.cap ? limits.cap * 2 : 64;
		limits.v = xrealloc(limits.v, limits.cap, sizeof(*limits.v));
	}
	memset(&limits.v[limits.n], 0, sizeof(*limits.v));
	memcpy(&limits.v[limits.n].sa, sa, limits_len(sa));
	return &limits.v[limits.n++];
}

/* Whether to log this refusal now; *quiet gets the count left unlogged
 * since the client's last line. Called with the lock held. */
static int limits_due(const struct sockaddr *sa, unsigned long *quiet)
{
	struct limits_refusal *r = NULL, *oldest = &limits.refused[0];
	time_t now = time(NULL);

	for (size_t i = 0; i < LIMITS_FOLLOWED; i++) {
		if (limits.refused[i].logged && limits_same_host(&limits.refused[i].sa, sa)) {
			r = &limits.refused[i];
			break;
		}
		if (limits.refused[i].logged < oldest->logged)
			oldest = &limits.refused[i];
	}
	if (r && now - r->logged < LIMITS_QUIET) {
		r->quiet++;
		return 0;
	}
	if (!r) {
		r = oldest;
		memset(r, 0, sizeof(*r));
		memcpy(&r->sa, sa, limits_len(sa));
	}
	*quiet = r->quiet;
	r->quiet = 0;
	r->logged = now;
	return 1;
}

int limits_admit(const struct sockaddr *sa, unsigned max_total, unsigned max_client)
{
	const struct limits_client *c;
	unsigned total, mine;
	unsigned long quiet = 0;
	char addr[INET6_ADDRSTRLEN], more[80] = "";
	int due;

	pthread_mutex_lock(&limits.lock);
	total = limits.total;
	c = limits_client(sa, 0);
	mine = c ? c->count : 0;
	due = (total >= max_total || mine >= max_client) && limits_due(sa, &quiet);
	pthread_mutex_unlock(&limits.lock);
	if (total < max_total && mine < max_client)
		return 0;
	if (!due)
		return -1;
	limits_addr(sa, addr);
	if (quiet)
		snprintf(more, sizeof(more), " (and %lu refused before, not logged)", quiet);
	if (mine >= max_client)
		return log_warnx("%s: connection refused: this client has %u open (max_per_client)%s",
				 addr, mine, more);
	return log_warnx("%s: connection refused: %u open in all (max_connections)%s", addr, total,
			 more);
}

void limits_opened(const struct sockaddr *sa)
{
	pthread_mutex_lock(&limits.lock);
	limits_client(sa, 1)->count++;
	limits.total++;
	pthread_mutex_unlock(&limits.lock);
}

void limits_closed(const struct sockaddr *sa)
{
	struct limits_client *c;

	pthread_mutex_lock(&limits.lock);
	c = limits_client(sa, 0);
	if (c && --c->count == 0)
		*c = limits.v[--limits.n];
	if (limits.total > 0)
		limits.total--;
	pthread_mutex_unlock(&limits.lock);
}
