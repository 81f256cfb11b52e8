/* refuse: requests not served, each answered and logged in one line with
 * its client; the errno-to-status map; libmicrohttpd's own messages. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "admit.h"
#include "log.h"
#include "mhd.h"

#define REFUSE_URL_MAX 160 /* bytes of a logged path */
#define REFUSE_MSG_MAX 256 /* bytes of one of libmicrohttpd's messages */

/* libmicrohttpd's last message on this thread, not yet logged. It calls
 * its logger with no connection; the connection it is about is served by
 * the same thread, whose next line about a client takes the message in. */
static _Thread_local char refuse_stash[REFUSE_MSG_MAX];

/* Copies a request path for the log: every form of the secret hidden
 * (route_redact), bytes that are not printable ASCII escaped, at most
 * REFUSE_URL_MAX bytes. The secret is hidden before anything is cut, so
 * that no part of it is left at the cut. */
static void refuse_shown(const struct server_conf *conf, const char *url, char *out, size_t len)
{
	char red[REFUSE_URL_MAX + 1];
	size_t n = 0, ulen = strlen(url);
	size_t used = route_redact(url, ulen, conf->secret, red, sizeof(red));
	const char *p = red;

	for (; *p && n + 5 < len; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c >= 0x7f || c == '\\')
			n += (size_t)snprintf(out + n, len - n, "\\x%02x", c);
		else
			out[n++] = (char)c;
	}
	if ((*p || used < ulen) && n + 4 <= len)
		memcpy(out + n, "...", 4), n += 3;
	out[n] = '\0';
}

enum MHD_Result refuse_request(const struct server_conf *conf, struct MHD_Connection *c,
			       const char *method, const char *url, unsigned status,
			       const char *why)
{
	const struct server_conn *conn = server_conn_of(c);
	char more[ADMIT_MORE_LEN];

	if (admit_log_due(conn ? (const struct sockaddr *)&conn->sa : NULL, more)) {
		char shown[REFUSE_URL_MAX + 8], meth[16];

		refuse_shown(conf, url, shown, sizeof(shown));
		refuse_shown(conf, method, meth, sizeof(meth));
		log_warnx("%s: %s %s: %u, %s%s", conn ? conn->addr : "?", meth, shown, status, why,
			  more);
	}
	switch (status) {
	case MHD_HTTP_BAD_REQUEST:
		return respond_text(c, status, "Bad Request\n");
	case MHD_HTTP_FORBIDDEN:
		return respond_text(c, status, "Forbidden\n");
	case MHD_HTTP_METHOD_NOT_ALLOWED:
		return respond_text(c, status, "Method Not Allowed\n");
	case MHD_HTTP_NOT_FOUND:
		return respond_text(c, status, "Not Found\n");
	case MHD_HTTP_SERVICE_UNAVAILABLE:
		return respond_text(c, status, "Service Unavailable\n");
	default:
		return respond_text(c, status, "Internal Server Error\n");
	}
}

unsigned refuse_errno_status(int err)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
	case ELOOP:
	case EXDEV:
	case EISDIR:
	case ENODEV:
	case ENXIO:
	case ENAMETOOLONG:
		return MHD_HTTP_NOT_FOUND;
	case EACCES:
	case EPERM:
		return MHD_HTTP_FORBIDDEN;
	default:
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
}

void refuse_conn_line(const struct server_conn *conn, const char *what)
{
	char more[ADMIT_MORE_LEN];
	const char *sep = what && refuse_stash[0] ? ": " : "";

	if ((what || refuse_stash[0]) && admit_log_due((const struct sockaddr *)&conn->sa, more))
		log_warnx("%s: %s%s%s%s%s", conn->addr, what ? what : "", sep,
			  refuse_stash[0] ? "libmicrohttpd: " : "", refuse_stash, more);
	refuse_stash[0] = '\0';
}

/* Logs the message libmicrohttpd left on this thread, if any, as a line
 * about no client, within the one budget all such lines share. */
static void refuse_mhd_flush(void)
{
	char more[ADMIT_MORE_LEN];

	if (refuse_stash[0] && admit_log_due(NULL, more))
		log_warnx("libmicrohttpd: %s%s", refuse_stash, more);
	refuse_stash[0] = '\0';
}

/* Whether msg starts with one of the prefixes in the NULL-ended list. */
static int refuse_starts(const char *msg, const char *const *prefixes)
{
	for (; *prefixes; prefixes++)
		if (strncmp(msg, *prefixes, strlen(*prefixes)) == 0)
			return 1;
	return 0;
}

void refuse_mhd_log(void *cls, const char *fmt, va_list ap)
{
	/* Said again by server.c's or admit.c's own lines, with the client. */
	static const char *const said[] = {"Error processing request",
					   "Connection was closed by remote side",
					   "Connection socket is closed when reading request",
					   "Connection rejected by application", NULL};
	/* libmicrohttpd 0.9.75's messages while it accepts, before any
	 * connection is ours: about the daemon, logged at once. */
	static const char *const accepting[] = {
	    "Error accepting",	     "Hit process or system resource limit",
	    "Server reached",	     "Error allocating memory",
	    "Failed to set",	     "Failed to create",
	    "Failed to signal",	     "Call to epoll_ctl",
	    "New connection socket", NULL};
	struct refuse_start *start = cls;
	char msg[REFUSE_MSG_MAX];
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (refuse_starts(msg, said))
		return;
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '.'))
		msg[--n] = '\0';
	if (start->starting) {
		if (!start->first[0])
			snprintf(start->first, sizeof(start->first), "%s", msg);
		return;
	}
	/* A message no client's line took in (its client had no line left to
	 * write) goes as a line about no client. */
	refuse_mhd_flush();
	memcpy(refuse_stash, msg, n + 1);
	if (refuse_starts(msg, accepting))
		refuse_mhd_flush();
}
