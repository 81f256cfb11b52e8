/* admit_log: client addresses and keys, and the rate limit of the lines
 * that refuse a client. */
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admit.h"
#include "log.h"

#define ADMIT_FOLLOWED 256 /* clients whose refusals are followed */

/* A client refused lately, or with no address the daemon itself. */
struct admit_refusal {
	unsigned char key[ADMIT_KEY_LEN];
	time_t logged;	     /* when its window of ADMIT_QUIET seconds began */
	unsigned lines;	     /* logged in that window */
	unsigned long quiet; /* refused since, not logged */
};

static struct {
	pthread_mutex_t lock;
	struct admit_refusal refused[ADMIT_FOLLOWED];
	struct admit_refusal daemon; /* lines about no client */
	unsigned burst;
} admit_log = {.lock = PTHREAD_MUTEX_INITIALIZER, .burst = 5};

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

void admit_key(const struct sockaddr *sa, unsigned prefix6, unsigned char key[ADMIT_KEY_LEN])
{
	const struct in6_addr *a6;

	memset(key, 0, ADMIT_KEY_LEN);
	if (sa->sa_family != AF_INET6) {
		key[0] = 4;
		memcpy(key + 1, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return;
	}
	a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
	if (IN6_IS_ADDR_V4MAPPED(a6)) {
		key[0] = 4;
		memcpy(key + 1, a6->s6_addr + 12, 4);
		return;
	}
	key[0] = 6;
	if (prefix6 > 128)
		prefix6 = 128;
	memcpy(key + 1, a6->s6_addr, prefix6 / 8);
	if (prefix6 % 8)
		key[1 + prefix6 / 8] =
		    (unsigned char)(a6->s6_addr[prefix6 / 8] & (0xff << (8 - prefix6 % 8)));
}

void admit_set_burst(unsigned lines)
{
	pthread_mutex_lock(&admit_log.lock);
	admit_log.burst = lines;
	pthread_mutex_unlock(&admit_log.lock);
}

/* The refusal entry of key (NULL: the daemon's), a new one (the oldest
 * replaced) if it has none. Called with the lock held. */
static struct admit_refusal *admit_refusal(const unsigned char key[ADMIT_KEY_LEN])
{
	struct admit_refusal *oldest = &admit_log.refused[0];

	if (!key)
		return &admit_log.daemon;
	for (size_t i = 0; i < ADMIT_FOLLOWED; i++) {
		struct admit_refusal *r = &admit_log.refused[i];

		if (r->logged && memcmp(r->key, key, ADMIT_KEY_LEN) == 0)
			return r;
		if (r->logged < oldest->logged)
			oldest = r;
	}
	memset(oldest, 0, sizeof(*oldest));
	memcpy(oldest->key, key, ADMIT_KEY_LEN);
	return oldest;
}

int admit_key_due(const unsigned char key[ADMIT_KEY_LEN], unsigned burst, char more[ADMIT_MORE_LEN])
{
	struct admit_refusal *r;
	time_t now = time(NULL);
	unsigned long quiet = 0;
	int due = 1;

	pthread_mutex_lock(&admit_log.lock);
	if (burst == 0)
		burst = admit_log.burst;
	r = admit_refusal(key);
	if (r->logged && now - r->logged < ADMIT_QUIET) {
		if (r->lines < burst)
			r->lines++;
		else
			due = 0, r->quiet++;
	} else {
		quiet = r->quiet;
		r->quiet = 0;
		r->logged = now;
		r->lines = 1;
	}
	pthread_mutex_unlock(&admit_log.lock);
	more[0] = '\0';
	if (due && quiet)
		snprintf(more, ADMIT_MORE_LEN, " (and %lu refused before, not logged)", quiet);
	return due;
}

void admit_say(const unsigned char key[ADMIT_KEY_LEN], const char *addr, const char *what)
{
	char more[ADMIT_MORE_LEN];

	if (admit_key_due(key, 1, more))
		log_warnx("%s: %s%s", addr, what, more);
}
