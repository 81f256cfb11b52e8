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
#include "log.h"
#include "metricsrv.h"
#include "mhd.h"
#include "page.h"
#include "xalloc.h"

struct server {
	struct MHD_Daemon *daemon;
	int fd;
	const struct server_conf *conf;
	struct lister *lister;
	struct refuse_start start; /* libmicrohttpd's messages while it starts */
};

/* Markers for a request's state in its req_cls: seen by the URI logger
 * only (libmicrohttpd refused it before our handler ran), or handled.
 * Anything else there is a listing's job (lister.c), from the handler's
 * call that suspended the connection to the request's end. */
static char server_seen, server_handled, server_upload;

static int server_is_job(const void *req_cls)
{
	return req_cls && req_cls != &server_seen && req_cls != &server_handled &&
	       req_cls != &server_upload;
}

/* Admits a connection within the limits (admit.c logs refusals). */
static enum MHD_Result server_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	(void)cls;
	(void)len;
	return admit_check(sa) == 0 ? MHD_YES : MHD_NO;
}

static void server_notify(void *cls, struct MHD_Connection *c, void **socket_ctx,
			  enum MHD_ConnectionNotificationCode code)
{
	struct server_conn *conn = *socket_ctx;
	int closed_by_us;

	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		const union MHD_ConnectionInfo *fi =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

		if (!ci || !fi)
			return;
		conn = xcalloc(1, sizeof(*conn));
		admit_copy(&conn->sa, ci->client_addr);
		admit_addr(ci->client_addr, conn->addr);
		*socket_ctx = conn;
		admit_opened(&conn->adm, (struct sockaddr *)&conn->sa, fi->connect_fd, conn->addr);
		return;
	}
	if (!conn)
		return;
	closed_by_us = conn->adm.closing;
	admit_closed(&conn->adm);
	refuse_conn_line(conn, conn->requests || closed_by_us
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
		admit_line(&conn->adm);
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
	if (conn)
		admit_done(&conn->adm, (*req_cls == &server_handled || *req_cls == &server_upload ||
					server_is_job(*req_cls)) &&
					   toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
	/* A connection admit closed (late head, room made) has its line. */
	if (conn && conn->adm.closing)
		refuse_conn_line(conn, NULL);
	else if (conn && toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED)
		refuse_conn_line(conn, "request timed out");
	else if (conn && *req_cls == &server_seen &&
		 toe != MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN &&
		 toe != MHD_REQUEST_TERMINATED_CLIENT_ABORT)
		refuse_conn_line(conn, "request refused by the HTTP parser (head over "
				       "header_limit, or malformed)");
	if (server_is_job(*req_cls))
		lister_job_free(*req_cls);
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

/* Queues the listing of the folder fd (taken over) for a worker, which
 * the connection waits for suspended; refused when the page asked is
 * malformed or the queue full. */
static enum MHD_Result server_listing(const struct server *s, struct MHD_Connection *c,
				      const char *method, const char *url, const struct route *rt,
				      int fd, const struct stat *sb, void **req_cls)
{
	const char *arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "page");
	size_t page;

	if ((arg || MHD_lookup_connection_value_n(c, MHD_GET_ARGUMENT_KIND, "page", 4, NULL,
						  NULL) == MHD_YES) &&
	    page_parse(arg ? arg : "", &page) < 0) {
		close(fd);
		return refuse_request(s->conf, c, method, url, MHD_HTTP_BAD_REQUEST,
				      "a malformed page number");
	}
	if (!arg)
		page = 1;
	if (lister_submit(s->lister, c, fd, sb, rt->path, page, req_cls) == 0)
		return MHD_YES;
	close(fd);
	return refuse_request(s->conf, c, method, url, MHD_HTTP_SERVICE_UNAVAILABLE,
			      "too many listings waiting");
}

static enum MHD_Result server_files(const struct server *s, struct MHD_Connection *c,
				    const char *method, const char *url, const struct route *rt,
				    void **req_cls)
{
	const struct server_conf *conf = s->conf;
	struct stat sb;
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
	return server_listing(s, c, method, url, rt, fd, &sb, req_cls);
}

/* The head of an upload: its checks, then its body is read. */
static enum MHD_Result server_upload_start(const struct server_conf *conf, struct MHD_Connection *c,
					   const char *method, const char *url, const char *version,
					   void **req_cls)
{
	const char *why = "malformed head";
	unsigned status = MHD_HTTP_BAD_REQUEST;

	if (!strict_bad_head(c, method, version) && !strict_bad_host(c, version))
		status = benchsrv_upload_check(c, &why);
	if (status) {
		*req_cls = &server_handled;
		return refuse_request(conf, c, method, url, status, why);
	}
	*req_cls = &server_upload;
	return MHD_YES;
}

static enum MHD_Result server_request(void *cls, struct MHD_Connection *c, const char *url,
				      const char *method, const char *version,
				      const char *upload_data, size_t *upload_size, void **req_cls)
{
	const struct server *s = cls;
	const struct server_conf *conf = s->conf;
	struct route rt;
	size_t len;
	char *html;

	(void)upload_data;
	/* Resumed: the listing's worker is done. */
	if (server_is_job(*req_cls))
		return lister_answer(conf, c, method, url, *req_cls);
	if (*req_cls == &server_upload)
		return benchsrv_upload_body(conf, c, method, url, upload_size);
	if (*req_cls == &server_seen) {
		struct server_conn *conn = server_conn_of(c);

		if (conn)
			admit_head(&conn->adm);
	}
	if (*req_cls != &server_handled &&
	    strict_line_has_nul(server_conn_of(c), method, url, version)) {
		*req_cls = &server_handled;
		return refuse_request(conf, c, method, url, MHD_HTTP_BAD_REQUEST,
				      "NUL byte in the request line");
	}
	if (*req_cls != &server_handled && benchsrv_is_upload(conf, method, url))
		return server_upload_start(conf, c, method, url, version, req_cls);
	/* Other methods are refused at once, before any body they carry is
	 * read; the connection is then closed. */
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		*req_cls = &server_handled;
		return refuse_request(conf, c, method, url, MHD_HTTP_METHOD_NOT_ALLOWED,
				      "only GET and HEAD");
	}
	if (*req_cls != &server_handled && strict_bad_head(c, method, version)) {
		*req_cls = &server_handled;
		return refuse_request(conf, c, method, url, MHD_HTTP_BAD_REQUEST,
				      "malformed header line");
	}
	if (*req_cls != &server_handled && strict_has_body(c)) {
		*req_cls = &server_handled;
		return refuse_request(conf, c, method, url, MHD_HTTP_BAD_REQUEST,
				      "a GET or HEAD with a body");
	}
	if (*req_cls != &server_handled && strict_bad_host(c, version)) {
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
		return server_files(s, c, method, url, &rt, req_cls);
	case ROUTE_METRICS:
		return metricsrv_respond(conf, c, method, url);
	case ROUTE_BENCHMARK:
		return benchsrv_get(conf, c, method, url);
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
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_TURBO |
			 MHD_ALLOW_SUSPEND_RESUME;
	const struct admit_limits lim = {
	    .max_total = conf->max_connections,
	    .max_waiting = conf->max_waiting,
	    .max_client = conf->max_per_client,
	    .head_timeout = conf->head_timeout,
	    .prefix6 = conf->ipv6_prefix,
	};
	struct server *s;
	/* libmicrohttpd's own connection limit sits above ours, so that our
	 * accept policy refuses first and logs the client. */
	struct MHD_OptionItem opts[] = {
	    {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)refuse_mhd_log, NULL},
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

	if (admit_start(&lim) < 0)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	opts[0].ptr_value = &s->start;
	if (conf->tls_cert)
		flags |= MHD_USE_TLS;
	admit_set_burst(conf->log_burst);
	s->conf = conf;
	s->lister = lister_start();
	if (!s->lister) {
		free(s);
		return NULL;
	}
	s->start.starting = 1;
	s->daemon = MHD_start_daemon(flags, 0, server_accept, (void *)conf, server_request, s,
				     MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	s->start.starting = 0;
	if (!s->daemon) {
		log_warnx("cannot start the HTTP server: %s",
			  s->start.first[0] ? s->start.first
					    : "libmicrohttpd refused the settings");
		lister_stop(s->lister);
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
	/* libmicrohttpd stops no daemon with a connection suspended: the
	 * listings' workers stop first, and every waiting one is resumed. */
	lister_stop(s->lister);
	MHD_stop_daemon(s->daemon);
	close(s->fd);
	free(s);
}

void server_cleanup(void)
{
	admit_stop();
	cache_clear();
	names_clear();
}
