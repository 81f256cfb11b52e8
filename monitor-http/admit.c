/* admit: count connections per client; refuse and log past the limits. */
#include "admit.h"

#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "xalloc.h"

#define ADMIT_FOLLOWED 32 /* clients whose refusals are followed */

struct admit_client {
	struct sockaddr_storage sa;
	unsigned count;
};

/* A client refused lately, or with no address the daemon itself. */
struct admit_refusal {
	struct sockaddr_storage sa;
	time_t logged;	     /* when its window of ADMIT_QUIET seconds began */
	unsigned lines;	     /* logged in that window */
	unsigned long quiet; /* refused since, not logged */
};

static struct {
	pthread_mutex_t lock;
	struct admit_client *v; /* the clients with connections open */
	size_t n, cap;
	unsigned total;
	struct admit_refusal refused[ADMIT_FOLLOWED];
	struct admit_refusal daemon; /* lines without a client */
	unsigned burst;
} admit_state = {.lock = PTHREAD_MUTEX_INITIALIZER, .burst = 5};

void admit_set_burst(unsigned lines)
{
	pthread_mutex_lock(&admit_state.lock);
	admit_state.burst = lines;
	pthread_mutex_unlock(&admit_state.lock);
}

static socklen_t admit_len(const struct sockaddr *sa)
{
	return sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

void admit_copy(struct sockaddr_storage *dst, const struct sockaddr *sa)
{
	memset(dst, 0, sizeof(*dst));
	memcpy(dst, sa, admit_len(sa));
}

void admit_addr(const struct sockaddr *sa, char buf[INET6_ADDRSTRLEN])
{
	if (getnameinfo(sa, admit_len(sa), buf, INET6_ADDRSTRLEN, NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(buf, INET6_ADDRSTRLEN, "?");
}

static int admit_same_host(const struct sockaddr_storage *a, const struct sockaddr *b)
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
static struct admit_client *admit_client(const struct sockaddr *sa, int create)
{
	for (size_t i = 0; i < admit_state.n; i++)
		if (admit_same_host(&admit_state.v[i].sa, sa))
			return &admit_state.v[i];
	if (!create)
		return NULL;
	if (admit_state.n == admit_state.cap) {
		admit_state.cap = admit_state.cap ? admit_state.cap * 2 : 64;
		admit_state.v = xrealloc(admit_state.v, admit_state.cap, sizeof(*admit_state.v));
	}
	memset(&admit_state.v[admit_state.n], 0, sizeof(*admit_state.v));
	admit_copy(&admit_state.v[admit_state.n].sa, sa);
	return &admit_state.v[admit_state.n++];
}

/* The refusal entry of sa (NULL: the daemon's), a new one (the oldest
 * replaced) if it has none. Called with the lock held. */
static struct admit_refusal *admit_refusal(const struct sockaddr *sa)
{
	struct admit_refusal *oldest = &admit_state.refused[0];

	if (!sa)
		return &admit_state.daemon;
	for (size_t i = 0; i < ADMIT_FOLLOWED; i++) {
		struct admit_refusal *r = &admit_state.refused[i];

		if (r->logged && admit_same_host(&r->sa, sa))
			return r;
		if (r->logged < oldest->logged)
			oldest = r;
	}
	memset(oldest, 0, sizeof(*oldest));
	admit_copy(&oldest->sa, sa);
	return oldest;
}

/* Whether to log this line now; *quiet gets the count left unlogged
 * since the client's last window. Called with the lock held. */
static int admit_due(const struct sockaddr *sa, unsigned burst, unsigned long *quiet)
{
	struct admit_refusal *r = admit_refusal(sa);
	time_t now = time(NULL);

	*quiet = 0;
	if (r->logged && now - r->logged < ADMIT_QUIET) {
		if (r->lines < burst) {
			r->lines++;
			return 1;
		}
		r->quiet++;
		return 0;
	}
	*quiet = r->quiet;
	r->quiet = 0;
	r->logged = now;
	r->lines = 1;
	return 1;
}

/* admit_log_due with a burst of its own. */
static int admit_log_burst(const struct sockaddr *sa, unsigned burst, char more[ADMIT_MORE_LEN])
{
	unsigned long quiet;
	int due;

	pthread_mutex_lock(&admit_state.lock);
	due = admit_due(sa, burst, &quiet);
	pthread_mutex_unlock(&admit_state.lock);
	more[0] = '\0';
	if (due && quiet)
		snprintf(more, ADMIT_MORE_LEN, " (and %lu refused before, not logged)", quiet);
	return due;
}

int admit_log_due(const struct sockaddr *sa, char more[ADMIT_MORE_LEN])
{
	unsigned burst;

	pthread_mutex_lock(&admit_state.lock);
	burst = admit_state.burst;
	pthread_mutex_unlock(&admit_state.lock);
	return admit_log_burst(sa, burst, more);
}

int admit_check(const struct sockaddr *sa, unsigned max_total, unsigned max_client)
{
	const struct admit_client *c;
	unsigned total, mine;
	char addr[INET6_ADDRSTRLEN], more[ADMIT_MORE_LEN];

	pthread_mutex_lock(&admit_state.lock);
	total = admit_state.total;
	c = admit_client(sa, 0);
	mine = c ? c->count : 0;
	pthread_mutex_unlock(&admit_state.lock);
	if (total < max_total && mine < max_client)
		return 0;
	/* One line a window: a client past its limit goes on connecting. */
	if (!admit_log_burst(sa, 1, more))
		return -1;
	admit_addr(sa, addr);
	if (mine >= max_client)
		return log_warnx(
		    "%s: connection refused: this client has %u open (max_per_client)%s", addr,
		    mine, more);
	return log_warnx("%s: connection refused: %u open in all (max_connections)%s", addr, total,
			 more);
}

void admit_opened(const struct sockaddr *sa)
{
	pthread_mutex_lock(&admit_state.lock);
	admit_client(sa, 1)->count++;
	admit_state.total++;
	pthread_mutex_unlock(&admit_state.lock);
}

void admit_closed(const struct sockaddr *sa)
{
	struct admit_client *c;

	pthread_mutex_lock(&admit_state.lock);
	c = admit_client(sa, 0);
	if (c && --c->count == 0)
		*c = admit_state.v[--admit_state.n];
	if (admit_state.total > 0)
		admit_state.total--;
	pthread_mutex_unlock(&admit_state.lock);
}
