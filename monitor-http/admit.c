/* admit: count connections per client, refuse or make room past the
 * limits, close the connections whose request head is late. */
#define _GNU_SOURCE /* POLLRDHUP */
#include "admit.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "xalloc.h"

#define ADMIT_TICK_MS 100  /* how often deadlines are looked at */
#define ADMIT_GROUPS  4096 /* clients remembered, open or known */

struct admit_group {
	unsigned char key[ADMIT_KEY_LEN];
	unsigned refs;	  /* connections that point here, closing ones too */
	unsigned open;	  /* connections open, closing ones left out */
	unsigned waiting; /* of those, waiting for a head */
	time_t served;	  /* when it last completed a request, or 0 */
};

static struct {
	pthread_mutex_t lock;
	struct admit_limits lim;
	struct admit_group **g; /* the clients with connections open or known */
	size_t n;
	struct admit_conn *first, *last;
	unsigned total, waiting; /* open, closing ones left out */
	pthread_t thread;
	int running;
} admit_state = {.lock = PTHREAD_MUTEX_INITIALIZER};

static atomic_int admit_stopping;

static int64_t admit_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether g is worth keeping with no connection open. */
static int admit_known(const struct admit_group *g, time_t now)
{
	return g->served && now - g->served < ADMIT_KNOWN;
}

/* Forgets the clients with nothing open, known or not. Called with the
 * lock held when the table is full. */
static void admit_prune(void)
{
	for (size_t i = 0; i < admit_state.n;) {
		if (admit_state.g[i]->refs == 0) {
			free(admit_state.g[i]);
			admit_state.g[i] = admit_state.g[--admit_state.n];
		} else {
			i++;
		}
	}
}

/* The client's group; with create, a new one if it has none (NULL when the
 * table is full of clients with connections open). Called with the lock
 * held. */
static struct admit_group *admit_group(const unsigned char key[ADMIT_KEY_LEN], int create)
{
	struct admit_group *g;

	for (size_t i = 0; i < admit_state.n; i++)
		if (memcmp(admit_state.g[i]->key, key, ADMIT_KEY_LEN) == 0)
			return admit_state.g[i];
	if (!create)
		return NULL;
	if (admit_state.n >= ADMIT_GROUPS)
		admit_prune();
	if (admit_state.n >= ADMIT_GROUPS)
		return NULL;
	if (!admit_state.g)
		admit_state.g = xcalloc(ADMIT_GROUPS, sizeof(struct admit_group *));
	g = xcalloc(1, sizeof(*g));
	memcpy(g->key, key, ADMIT_KEY_LEN);
	admit_state.g[admit_state.n++] = g;
	return g;
}

/* Drops g when nothing is open and it is not known. Lock held. */
static void admit_group_release(struct admit_group *g)
{
	if (g->refs > 0 || admit_known(g, time(NULL)))
		return;
	for (size_t i = 0; i < admit_state.n; i++)
		if (admit_state.g[i] == g) {
			admit_state.g[i] = admit_state.g[--admit_state.n];
			free(g);
			return;
		}
}

int admit_log_due(const struct sockaddr *sa, char more[ADMIT_MORE_LEN])
{
	unsigned char key[ADMIT_KEY_LEN];

	if (!sa)
		return admit_key_due(NULL, 0, more);
	admit_key(sa, admit_state.lim.prefix6, key);
	return admit_key_due(key, 0, more);
}

/* Shuts c down: its worker sees the end of input and closes it. It no
 * longer counts. Lock held. */
static void admit_shut(struct admit_conn *c)
{
	c->closing = 1;
	c->deadline = 0;
	c->group->open--;
	admit_state.total--;
	if (c->waiting) {
		c->group->waiting--;
		admit_state.waiting--;
	}
	shutdown(c->fd, SHUT_RDWR);
}

/* Makes room for a client that holds `waiting` waiting connections: closes
 * the oldest waiting connection of the client holding the most, if it
 * holds more than one more than that. Returns the connection closed, or
 * NULL. Lock held. */
static struct admit_conn *admit_make_room(const struct admit_group *mine)
{
	struct admit_group *most = NULL;
	unsigned waiting = mine ? mine->waiting : 0;

	for (size_t i = 0; i < admit_state.n; i++)
		if (!most || admit_state.g[i]->waiting > most->waiting)
			most = admit_state.g[i];
	if (!most || most == mine || most->waiting <= waiting + 1)
		return NULL;
	for (struct admit_conn *c = admit_state.first; c; c = c->next)
		if (c->group == most && c->waiting && !c->closing) {
			admit_shut(c);
			return c;
		}
	return NULL;
}

int admit_check(const struct sockaddr *sa)
{
	const struct admit_limits *lim = &admit_state.lim;
	unsigned char key[ADMIT_KEY_LEN];
	struct admit_group *g;
	struct admit_conn *out = NULL;
	char why[160], addr[INET6_ADDRSTRLEN]; /* whom the line is about */
	unsigned char whose[ADMIT_KEY_LEN];
	int known;

	pthread_mutex_lock(&admit_state.lock);
	admit_key(sa, lim->prefix6, key);
	g = admit_group(key, 0);
	known = g && admit_known(g, time(NULL));
	if (g && g->open >= lim->max_client) {
		snprintf(why, sizeof(why),
			 "connection refused: this client has %u open (max_per_client)", g->open);
	} else if (admit_state.total < lim->max_total &&
		   (known || admit_state.waiting < lim->max_waiting)) {
		pthread_mutex_unlock(&admit_state.lock);
		return 0;
	} else if ((out = admit_make_room(g)) != NULL) {
		snprintf(addr, sizeof(addr), "%s", out->addr);
		memcpy(whose, out->group->key, ADMIT_KEY_LEN);
		snprintf(why, sizeof(why),
			 "connection closed to make room: this client held the most connections "
			 "waiting for a request head (max_waiting %u, max_connections %u)",
			 lim->max_waiting, lim->max_total);
	} else if (admit_state.total >= lim->max_total) {
		snprintf(why, sizeof(why), "connection refused: %u open in all (max_connections)",
			 admit_state.total);
	} else {
		snprintf(why, sizeof(why),
			 "connection refused: %u waiting for a request head (max_waiting)",
			 admit_state.waiting);
	}
	pthread_mutex_unlock(&admit_state.lock);
	if (!out) {
		admit_addr(sa, addr);
		memcpy(whose, key, ADMIT_KEY_LEN);
	}
	admit_say(whose, addr, why);
	return out ? 0 : -1;
}

void admit_opened(struct admit_conn *c, const struct sockaddr *sa, int fd, const char *addr)
{
	unsigned char key[ADMIT_KEY_LEN];

	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->addr = addr;
	c->waiting = 1;
	pthread_mutex_lock(&admit_state.lock);
	admit_key(sa, admit_state.lim.prefix6, key);
	c->group = admit_group(key, 1);
	c->deadline = admit_now_ms() + (int64_t)admit_state.lim.head_timeout * 1000;
	if (!c->group) {
		/* Every remembered client has connections open: far past any
		 * limit; this one is not followed, and closed. */
		pthread_mutex_unlock(&admit_state.lock);
		c->closing = 1;
		shutdown(fd, SHUT_RDWR);
		return;
	}
	c->group->refs++;
	c->group->open++;
	c->group->waiting++;
	admit_state.total++;
	admit_state.waiting++;
	c->prev = admit_state.last;
	if (admit_state.last)
		admit_state.last->next = c;
	else
		admit_state.first = c;
	admit_state.last = c;
	pthread_mutex_unlock(&admit_state.lock);
}

void admit_closed(struct admit_conn *c)
{
	if (!c->group)
		return;
	pthread_mutex_lock(&admit_state.lock);
	if (!c->closing) {
		c->closing = 1;
		c->group->open--;
		admit_state.total--;
		if (c->waiting) {
			c->group->waiting--;
			admit_state.waiting--;
		}
	}
	if (c->prev)
		c->prev->next = c->next;
	else
		admit_state.first = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		admit_state.last = c->prev;
	c->group->refs--;
	admit_group_release(c->group);
	c->group = NULL;
	pthread_mutex_unlock(&admit_state.lock);
}

void admit_line(struct admit_conn *c)
{
	pthread_mutex_lock(&admit_state.lock);
	c->line = 1;
	pthread_mutex_unlock(&admit_state.lock);
}

void admit_head(struct admit_conn *c)
{
	pthread_mutex_lock(&admit_state.lock);
	if (c->group && c->waiting && !c->closing) {
		c->group->waiting--;
		admit_state.waiting--;
	}
	c->waiting = 0;
	c->deadline = 0;
	pthread_mutex_unlock(&admit_state.lock);
}

void admit_done(struct admit_conn *c, int served)
{
	pthread_mutex_lock(&admit_state.lock);
	if (c->group && !c->closing) {
		if (served)
			c->group->served = time(NULL);
		/* The next request's head is not counted as waiting: the
		 * client has shown it completes requests; its deadline runs. */
		c->line = 0;
		c->deadline = admit_now_ms() + (int64_t)admit_state.lim.head_timeout * 1000;
	}
	pthread_mutex_unlock(&admit_state.lock);
}

/* A connection closed for its late head, to be logged. */
struct admit_late {
	unsigned char key[ADMIT_KEY_LEN];
	char addr[INET6_ADDRSTRLEN];
};

/* Counts out the waiting connections their client closed. libmicrohttpd
 * (0.9.75, with a thread pool) may not see such a close before its idle
 * timeout, and they would hold waiting slots until then. Lock held: a
 * descriptor stays open until admit_closed. */
static void admit_gone(void)
{
	struct pollfd p[64];
	struct admit_conn *at[64];
	struct admit_conn *c = admit_state.first;

	while (c) {
		nfds_t n = 0;

		for (; c && n < 64; c = c->next)
			if (c->waiting && !c->closing) {
				p[n].fd = c->fd;
				p[n].events = POLLRDHUP;
				p[n].revents = 0;
				at[n++] = c;
			}
		if (n == 0 || poll(p, n, 0) <= 0)
			continue;
		for (nfds_t i = 0; i < n; i++)
			if (p[i].revents & (POLLRDHUP | POLLHUP | POLLERR))
				admit_shut(at[i]);
	}
}

/* Closes the connections whose head is late: those still waiting for their
 * first, and those in the middle of a later one. A kept-alive connection
 * with no request begun is closed too, without a line. */
static void admit_reap(int64_t now)
{
	struct admit_late late[16];
	size_t n = 0;
	char why[96];

	pthread_mutex_lock(&admit_state.lock);
	admit_gone();
	for (struct admit_conn *c = admit_state.first; c; c = c->next) {
		if (c->closing || c->deadline == 0 || now < c->deadline)
			continue;
		if ((c->waiting || c->line) && n < sizeof(late) / sizeof(late[0])) {
			memcpy(late[n].key, c->group->key, ADMIT_KEY_LEN);
			snprintf(late[n].addr, sizeof(late[n].addr), "%s", c->addr);
			n++;
		}
		admit_shut(c);
	}
	pthread_mutex_unlock(&admit_state.lock);
	snprintf(why, sizeof(why),
		 "connection closed: no whole request head within %u s (head_timeout)",
		 admit_state.lim.head_timeout);
	for (size_t i = 0; i < n; i++)
		admit_say(late[i].key, late[i].addr, why);
}

static void *admit_thread(void *arg)
{
	const struct timespec tick = {0, ADMIT_TICK_MS * 1000000L};

	(void)arg;
	while (!atomic_load(&admit_stopping)) {
		nanosleep(&tick, NULL);
		admit_reap(admit_now_ms());
	}
	return NULL;
}

int admit_start(const struct admit_limits *lim)
{
	int err = 0;

	pthread_mutex_lock(&admit_state.lock);
	admit_state.lim = *lim;
	if (!admit_state.running) {
		atomic_store(&admit_stopping, 0);
		err = pthread_create(&admit_state.thread, NULL, admit_thread, NULL);
		admit_state.running = err == 0;
	}
	pthread_mutex_unlock(&admit_state.lock);
	if (err) {
		errno = err;
		return log_warn("cannot start the thread that closes late requests");
	}
	return 0;
}

void admit_stop(void)
{
	if (!admit_state.running)
		return;
	atomic_store(&admit_stopping, 1);
	pthread_join(admit_state.thread, NULL);
	admit_state.running = 0;
	for (size_t i = 0; i < admit_state.n; i++)
		free(admit_state.g[i]);
	free(admit_state.g);
	admit_state.g = NULL;
	admit_state.n = 0;
}
