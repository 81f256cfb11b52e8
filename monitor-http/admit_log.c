/* admit_log: client addresses and keys, and the rate limit of the lines
 * that refuse a client. */
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admit.h"
#include "log.h"

#define ADMIT_FOLLOWED 32 /* clients whose refusals are followed */

/* A client refused lately. */
struct admit_refusal {
	unsigned char key[ADMIT_KEY_LEN];
	time_t logged;
	unsigned long quiet; /* refused since, not logged */
};

static struct {
	pthread_mutex_t lock;
	struct admit_refusal refused[ADMIT_FOLLOWED];
} admit_log = {.lock = PTHREAD_MUTEX_INITIALIZER};

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

/* Whether to log a refusal of the client key now (see admit_log_due). */
int admit_key_due(const unsigned char key[ADMIT_KEY_LEN], unsigned long *quiet)
{
	struct admit_refusal *r = NULL, *oldest = &admit_log.refused[0];
	time_t now = time(NULL);
	int due = 1;

	pthread_mutex_lock(&admit_log.lock);
	for (size_t i = 0; i < ADMIT_FOLLOWED; i++) {
		if (admit_log.refused[i].logged &&
		    memcmp(admit_log.refused[i].key, key, ADMIT_KEY_LEN) == 0) {
			r = &admit_log.refused[i];
			break;
		}
		if (admit_log.refused[i].logged < oldest->logged)
			oldest = &admit_log.refused[i];
	}
	if (r && now - r->logged < ADMIT_QUIET) {
		r->quiet++;
		due = 0;
	} else {
		if (!r) {
			r = oldest;
			memset(r, 0, sizeof(*r));
			memcpy(r->key, key, ADMIT_KEY_LEN);
		}
		*quiet = r->quiet;
		r->quiet = 0;
		r->logged = now;
	}
	pthread_mutex_unlock(&admit_log.lock);
	return due;
}

/* Logs "addr: what" about the client key, if due, with the count of lines
 * left out before. */
void admit_say(const unsigned char key[ADMIT_KEY_LEN], const char *addr, const char *what)
{
	unsigned long quiet = 0;
	char more[80] = "";

	if (!admit_key_due(key, &quiet))
		return;
	if (quiet)
		snprintf(more, sizeof(more), " (and %lu refused before, not logged)", quiet);
	log_warnx("%s: %s%s", addr, what, more);
}
