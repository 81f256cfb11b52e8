/* server: libmicrohttpd's daemon, its connection callbacks, and the
 * dispatch of each request to the handler of its route. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "admit.h"
#include "files.h"
#include "hdr.h"
#include "log.h"
#include "mhd.h"
#include "xalloc.h"

struct server {
	struct MHD_Daemon *daemon;
	int fd;
	struct refuse_start start; /* libmicrohttpd's messages while it starts */
};

/* Markers for a request's state in its req_cls: seen by the URI logger
 * only (libmicrohttpd refused it before our handler ran), or handled. */
static char server_seen, server_handled;

/* Admits a connection within the limits (admit.c logs refusals). */
static enum MHD_Result server_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	const struct server_conf *conf = cls;

	(void)len;
	return admit_check(sa, conf->max_connections, conf->max_per_client) == 0 ? MHD_YES : MHD_NO;
}

static void server_notify(void *cls, struct MHD_Connection *c, void **socket_ctx,
			  enum MHD_ConnectionNotificationCode code)
{
	struct server_conn *conn = *socket_ctx;

	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

		if (!ci)
			return;
		conn = xcalloc(1, sizeof(*conn));
		admit_copy(&conn->sa, ci->client_addr);
		admit_addr(ci->client_addr, conn->addr);
		*socket_ctx = conn;
		admit_opened((struct sockaddr *)&conn->sa);
		return;
	}
	if (!conn)
		return;
	admit_closed((struct sockaddr *)&conn->sa);
	refuse_conn_line(conn, conn->requests
				   ? NULL
				   : "connection closed before a whole request line came "
				     "(too long, malformed or idle)");
	free(conn);
	*socket_ctx = NULL;
}

struct server_conn *server_conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

static void *server_uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct server_conn *conn = server_conn_of(c);

	(void)cls;
	if (conn) {
		conn->requests++;
		conn->uri = uri;
		conn->uri_len = strlen(uri);
	}
	return &server_seen;
}

/* Logs requests that ended badly: refused by libmicrohttpd before our
 * handler saw them (a head too large, a malformed request) or timed out. */
static void server_completed(void *cls, struct MHD_Connection *c, void **req_cls,
			     enum MHD_RequestTerminationCode toe)
{
	struct server_conn *conn = server_conn_of(c);

	(void)cls;
	if (conn && toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED)
		refuse_conn_line(conn, "request timed out");
	else if (conn && *req_cls == &server_seen &&
		 toe != MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN &&
		 toe != MHD_REQUEST_TERMINATED_CLIENT_ABORT)
		refuse_conn_line(conn, "request refused by the HTTP parser (head over "
				       "header_limit, or malformed)");
	*req_cls = NULL;
}

/* Leaves the path as it came: route_parse decodes it itself, so that an
 * encoded '/' or NUL can be told from a real one. */
static size_t server_no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

/* Nonzero when the request line held a raw NUL, in the method or the
 * target, that libmicrohttpd's C strings would hide. libmicrohttpd 0.9.75
 * parses the line in place: the method starts the line and ends at the
 * first space, made a NUL; spaces follow up to the target; the target ends
 * at the last space, made a NUL, and the version follows. So the method's
 * strlen must reach that first space and the target's (as the URI logger
 * saw it, before the '?' is cut) the last one. A raw NUL in the version is
 * caught by libmicrohttpd, which then finds no version it knows; a line
 * without a version has no known end, and is refused by libmicrohttpd. */
static int server_line_has_nul(const struct server_conn *conn, const char *method, const char *url,
			       const char *version)
{
	const char *p = method + strlen(method) + 1;

	if (!conn || !conn->uri || url != conn->uri || p > conn->uri)
		return 1;
	for (; p < conn->uri; p++)
		if (*p != ' ')
			return 1;
	return version[0] != '\0' && conn->uri + conn->uri_len + 1 != version;
}

/* Nonzero when the request announces a body: a Content-Length other than
 * 0, a Transfer-Encoding, or an Expect (100-continue). A GET or HEAD
 * with one is refused at once, before the body would have to be read. */
static int server_has_body(struct MHD_Connection *c)
{
	const char *len =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

	if (len && strspn(len, "0") != strlen(len))
		return 1;
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING) !=
		   NULL ||
	       MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT) != NULL;
}

static enum MHD_Result server_count_host(void *cls, enum MHD_ValueKind kind, const char *key,
					 const char *value)
{
	unsigned *n = cls;

	(void)kind;
	(void)value;
	if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0)
		(*n)++;
	return MHD_YES;
}

/* Nonzero when an HTTP/1.1 request has no Host header or more than one
 * (RFC 9112, 3.2). */
static int server_bad_host(struct MHD_Connection *c, const char *version)
{
	unsigned n = 0;

	if (strcmp(version, MHD_HTTP_VERSION_1_1) != 0)
		return 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, server_count_host, &n);
	return n != 1;
}

/* What server_check_field learns of a request's head. */
struct server_head {
	const char *start, *end; /* the head as libmicrohttpd parsed it */
	const char *last;	 /* where the last field's value ends */
	int bad;
};

static enum MHD_Result server_check_field(void *cls, enum MHD_ValueKind kind, const char *key,
					  const char *value)
{
	struct server_head *h = cls;
	const char *end = value ? value + strlen(value) : NULL;

	(void)kind;
	/* A name that is not a token ("Host :", ": x"), or a value that
	 * libmicrohttpd moved out of the head (an obs-fold line joined). */
	if (!hdr_field_name_ok(key) || !end || value < h->start || end >= h->end)
		h->bad = 1;
	else if (end > h->last)
		h->last = end;
	return MHD_YES;
}

/* Nonzero when the head breaks RFC 9112 in a way libmicrohttpd 0.9.75 lets
 * through: a field name that is empty or not a token, or a head that does
 * not end with the last field line and an empty line. libmicrohttpd parses
 * in place, each CR, LF and name's colon made a NUL: a line ": x" after a
 * field then looks like the empty line and ends the head early, the rest
 * read as the next request. A proper head ends with the last field's
 * value and two CRLFs, all four bytes NUL now; anything else is refused. */
static int server_bad_head(struct MHD_Connection *c, const char *method, const char *version)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	struct server_head h = {.start = method};

	if (!ci)
		return 1;
	h.end = method + ci->header_size;
	if (version >= method && version < h.end)
		h.last = version + strlen(version);
	MHD_get_connection_values(c, MHD_HEADER_KIND, server_check_field, &h);
	if (h.bad || !h.last)
		return 1;
	if (h.end - h.last != 4)
		return 1;
	for (const char *p = h.last; p < h.end; p++)
		if (*p)
			return 1;
	return 0;
}

static enum MHD_Result server_static(const struct server_conf *conf, struct MHD_Connection *c,
				     const char *method, const char *url, const char *name)
{
	struct stat sb;
	int fd;

	for (size_t i = 0; i < assets_count; i++)
		if (strcmp(assets[i].name, name) == 0)
			return respond_asset(c, &assets[i]);
	if (strncmp(name, "dygraph.", 8) != 0 || conf->dygraphfd < 0)
		return refuse_request(conf, c, method, url, MHD_HTTP_NOT_FOUND, "no such asset");
	fd = files_open(conf->dygraphfd, name, 0, &sb);
	if (fd < 0)
		return refuse_request(conf, c, method, url, refuse_errno_status(errno),
				      strerror(errno));
	return respond_file(c, conf->dygraphfd, name, fd, &sb);
}

static enum MHD_Result server_files(const struct server_conf *conf, struct MHD_Connection *c,
				    const char *method, const char *url, const struct route *rt)
{
	struct stat sb;
	size_t len;
	char *html;
	int fd = files_open(conf->rootfd, rt->path, rt->is_dir, &sb);

	if (fd < 0) {
		int err = errno;

		return refuse_request(conf, c, method, url, refuse_errno_status(err),
				      err == EISDIR   ? "a folder asked without its final '/'"
				      : err == ENODEV ? "not a regular file"
				      : err == EXDEV  ? "leads outside the root"
						      : strerror(err));
	}
	if (!rt->is_dir)
		return respond_file(c, conf->rootfd, rt->path, fd, &sb);
	html = files_listing(fd, rt->path, &len);
	close(fd);
	if (!html)
		return refuse_request(conf, c, method, url, refuse_errno_status(errno),
				      strerror(errno));
	return respond_html(c, html, len, 0);
}

static enum MHD_Result server_request(void *cls, struct MHD_Connection *c, const char *url,
				      const char *method, const char *version,
				      const char *upload_data, size_t *upload_size, void **req_cls)
{
	const struct server_conf *conf = cls;
	struct route rt;
	size_t len;
	char *html;

	(void)upload_data;
	(void)upload_size;
	if (*req_cls != &server_handled &&
	    server_line_has_nul(server_conn_of(c), method, url, version)) {
		*req_cls = &server_handled;
		return refuse_request(conf, c, method, url, MHD_HTTP_BAD_REQUEST,
				      "NUL byte in the request line");
	}
	/* Other methods are refused at once, before any body they carry is
	 * read; the connection is then closed. */
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		*req_cls = &server_handled;
		return refuse_request(conf, c, method, url, MHD_HTTP_METHOD_NOT_ALLOWED,
				      "only GET and HEAD");
	}
	if (*req_cls != &server_handled && server_bad_head(c, method, version)) {
		*req_cls = &server_handled;
		return refuse_request(conf, c, method, url, MHD_HTTP_BAD_REQUEST,
				      "malformed header line");
	}
	if (*req_cls != &server_handled && server_has_body(c)) {
		*req_cls = &server_handled;
		return refuse_request(conf, c, method, url, MHD_HTTP_BAD_REQUEST,
				      "a GET or HEAD with a body");
	}
	if (*req_cls != &server_handled && server_bad_host(c, version)) {
		*req_cls = &server_handled;
		return refuse_request(conf, c, method, url, MHD_HTTP_BAD_REQUEST,
				      "HTTP/1.1 wants one Host header");
	}
	/* The first call comes with the head only; answering then would make
	 * libmicrohttpd close the connection, so the answer waits for the
	 * second call, once the request is whole. */
	if (*req_cls != &server_handled) {
		*req_cls = &server_handled;
		return MHD_YES;
	}
	route_parse(url, strlen(url), conf->secret, &rt);
	switch (rt.kind) {
	case ROUTE_PROBE:
		return respond_text(c, MHD_HTTP_OK, "OK");
	case ROUTE_PLOTS:
		html = files_plot_page(conf->rootfd, conf->host, &len);
		if (!html)
			return refuse_request(conf, c, method, url, MHD_HTTP_INTERNAL_SERVER_ERROR,
					      strerror(errno));
		return respond_html(c, html, len, 1);
	case ROUTE_STATIC:
		return server_static(conf, c, method, url, rt.path);
	case ROUTE_FILES:
		return server_files(conf, c, method, url, &rt);
	case ROUTE_BAD:
		return refuse_request(conf, c, method, url, MHD_HTTP_BAD_REQUEST, rt.why);
	case ROUTE_NOTFOUND:
	default:
		return refuse_request(conf, c, method, url, MHD_HTTP_NOT_FOUND, rt.why);
	}
}

int server_has_tls(void)
{
	return MHD_is_feature_supported(MHD_FEATURE_TLS) == MHD_YES;
}

struct server *server_start(const struct server_conf *conf, int fd)
{
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_TURBO;
	struct server *s = xcalloc(1, sizeof(*s));
	/* libmicrohttpd's own connection limit sits above ours, so that our
	 * accept policy refuses first and logs the client. */
	struct MHD_OptionItem opts[] = {
	    {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)refuse_mhd_log, &s->start},
	    {MHD_OPTION_LISTEN_SOCKET, fd, NULL},
	    {MHD_OPTION_THREAD_POOL_SIZE, conf->threads, NULL},
	    {MHD_OPTION_CONNECTION_LIMIT, conf->max_connections + 64 * conf->threads, NULL},
	    {MHD_OPTION_CONNECTION_TIMEOUT, conf->timeout, NULL},
	    {MHD_OPTION_CONNECTION_MEMORY_LIMIT, conf->header_limit, NULL},
	    {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)server_notify, NULL},
	    {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)server_uri_seen, NULL},
	    {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)server_completed, NULL},
	    {MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)server_no_unescape, NULL},
	    {MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1, NULL},
	    {conf->tls_cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, (void *)conf->tls_key},
	    {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)conf->tls_cert},
	    {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)conf->tls_priorities},
	    {MHD_OPTION_END, 0, NULL},
	};

	if (conf->tls_cert)
		flags |= MHD_USE_TLS;
	admit_set_burst(conf->log_burst);
	s->start.starting = 1;
	s->daemon = MHD_start_daemon(flags, 0, server_accept, (void *)conf, server_request,
				     (void *)conf, MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	s->start.starting = 0;
	if (!s->daemon) {
		log_warnx("cannot start the HTTP server: %s",
			  s->start.first[0] ? s->start.first
					    : "libmicrohttpd refused the settings");
		free(s);
		return NULL;
	}
	s->fd = fd;
	return s;
}

void server_stop(struct server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	close(s->fd);
	free(s);
}

void server_cleanup(void)
{
	cache_clear();
}
