/* listen: parse listen addresses and open their sockets. */
#include "listen.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"

#define LISTEN_BACKLOG 511

/* One "ADDR:PORT" of n bytes at s. */
static int listen_one(const char *s, size_t n, struct listen_addr *a, char *err, size_t errlen)
{
	struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
				 .ai_socktype = SOCK_STREAM};
	struct addrinfo *ai;
	char host[64], port[8];
	const char *colon;
	unsigned long p;
	size_t hlen;

	if (n > 0 && s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (!close || close + 1 >= s + n || close[1] != ':')
			goto bad;
		hints.ai_family = AF_INET6;
		hlen = (size_t)(close - s - 1);
		if (hlen == 0 || hlen >= sizeof(host))
			goto bad;
		memcpy(host, s + 1, hlen);
		colon = close + 1;
	} else {
		colon = memchr(s, ':', n);
		if (!colon || memchr(colon + 1, ':', (size_t)(s + n - colon - 1)))
			goto bad;
		hints.ai_family = AF_INET;
		hlen = (size_t)(colon - s);
		if (hlen == 0 || hlen >= sizeof(host))
			goto bad;
		memcpy(host, s, hlen);
	}
	host[hlen] = '\0';
	if ((size_t)(s + n - colon - 1) >= sizeof(port))
		goto bad;
	memcpy(port, colon + 1, (size_t)(s + n - colon - 1));
	port[s + n - colon - 1] = '\0';
	if (parse_ulong(port, 65535, &p) < 0)
		goto bad;
	if (getaddrinfo(host, port, &hints, &ai) != 0)
		goto bad;
	memcpy(&a->sa, ai->ai_addr, ai->ai_addrlen);
	a->len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
bad:
	snprintf(err, errlen, "listen address '%.*s' is not ADDR:PORT or [ADDR6]:PORT", (int)n, s);
	return -1;
}

int listen_parse(const char *spec, struct listen_addr *out, int max, char *err, size_t errlen)
{
	int count = 0;

	for (const char *p = spec;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (count == max) {
			snprintf(err, errlen, "more than %d listen addresses", max);
			return -1;
		}
		if (listen_one(p, n, &out[count], err, errlen) < 0)
			return -1;
		count++;
		if (!comma)
			return count;
		p = comma + 1;
	}
}

void listen_format(const struct listen_addr *a, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN], port[8];

	if (getnameinfo((const struct sockaddr *)&a->sa, a->len, host, sizeof(host), port,
			sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(buf, len, "?");
		return;
	}
	snprintf(buf, len, a->sa.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s", host, port);
}

int listen_open(struct listen_addr *a)
{
	char name[80];
	int one = 1;
	int fd;

	listen_format(a, name, sizeof(name));
	fd = socket(a->sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return log_warn("listen %s: socket", name);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    (a->sa.ss_family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0) ||
	    bind(fd, (const struct sockaddr *)&a->sa, a->len) < 0 ||
	    listen(fd, LISTEN_BACKLOG) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a->sa, &a->len) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return log_warn("listen %s", name);
	}
	return fd;
}
