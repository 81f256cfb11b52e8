/* slowclients: holds many slow HTTP connections open against a server, for
 * the flood tests. Each sends a request line and then one header byte per
 * second, never finishing its request.
 * usage: slowclients PORT COUNT SECONDS FIRST_SOURCE SOURCES [reconnect]
 * Connection i comes from 127.0.0.(FIRST_SOURCE + i % SOURCES), to
 * 127.0.0.1:PORT. Prints "connected N open M": how many connects succeeded,
 * and how many of those the server had not closed when SECONDS were up.
 * With reconnect, a connection the server closed (or refused) is opened
 * again each second, as a persistent attacker would, and the line ends
 * with "reconnects R": how many connects that took. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 4096

/* The decimal number s, or -1. */
static int number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v >= 0 && v < 100000 ? (int)v : -1;
}

/* Nonzero while the server has not closed fd (nor refused it). */
static int still_open(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char c;

	if (poll(&p, 1, 0) <= 0)
		return 1;
	return recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK) < 0 && errno == EAGAIN;
}

/* A connection from 127.0.0.source to `to`, its request begun; -1 when
 * the connect failed. */
static int slow_connect(const struct sockaddr_in *to, int source)
{
	static const char head[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
	struct sockaddr_in from = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	from.sin_addr.s_addr = htonl(0x7f000000u | (unsigned)source);
	if (fd < 0 || bind(fd, (struct sockaddr *)&from, sizeof(from)) < 0 ||
	    connect(fd, (const struct sockaddr *)to, sizeof(*to)) < 0 ||
	    send(fd, head, sizeof(head) - 1, MSG_NOSIGNAL) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	static int fds[MAX_CLIENTS];
	int port, count, seconds, first, sources, connected = 0, open = 0, reconnect;
	long reconnects = 0;
	struct sockaddr_in to = {.sin_family = AF_INET};
	time_t end;

	reconnect = argc == 7 && strcmp(argv[6], "reconnect") == 0;
	if (argc != 6 && !reconnect) {
		fprintf(stderr,
			"usage: slowclients PORT COUNT SECONDS FIRST_SOURCE SOURCES [reconnect]\n");
		return 2;
	}
	port = number(argv[1]);
	count = number(argv[2]);
	seconds = number(argv[3]);
	first = number(argv[4]);
	sources = number(argv[5]);
	if (port < 1 || seconds < 0 || count < 1 || count > MAX_CLIENTS || sources < 1 ||
	    first < 2 || first + sources > 255) {
		fprintf(stderr, "slowclients: bad arguments\n");
		return 2;
	}
	to.sin_port = htons((unsigned short)port);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < count; i++) {
		fds[i] = slow_connect(&to, first + i % sources);
		connected += fds[i] >= 0;
	}
	end = time(NULL) + seconds;
	while (time(NULL) < end) {
		sleep(1);
		for (int i = 0; i < count; i++) {
			if (fds[i] >= 0 && still_open(fds[i])) {
				send(fds[i], "x", 1, MSG_NOSIGNAL);
				continue;
			}
			if (!reconnect)
				continue;
			if (fds[i] >= 0)
				close(fds[i]);
			fds[i] = slow_connect(&to, first + i % sources);
			reconnects++;
		}
	}
	for (int i = 0; i < count; i++) {
		if (fds[i] < 0)
			continue;
		open += still_open(fds[i]);
		close(fds[i]);
	}
	if (reconnect)
		printf("connected %d open %d reconnects %ld\n", connected, open, reconnects);
	else
		printf("connected %d open %d\n", connected, open);
	return 0;
}
