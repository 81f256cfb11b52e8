/* server: libmicrohttpd's daemon, the requests and their responses. */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assets.h"
#include "admit.h"
#include "files.h"
#include "hdr.h"
#include "log.h"
#include "xalloc.h"

#define SERVER_LOG_URL_MAX 160 /* bytes of a logged path */
#define SERVER_COPY_MAX	   ((int64_t)2 * 1024 * 1024)
#define SERVER_COPY_BUDGET ((size_t)64 * 1024 * 1024)
#define SERVER_CACHE_SLOTS 64
#define SERVER_CACHE_BYTES ((size_t)32 * 1024 * 1024)

struct server {
	struct MHD_Daemon *daemon;
	int fd;
	/* While the daemon starts, libmicrohttpd's first message is kept here,
	 * to be said in the one line of a failed start. */
	int starting;
	char first[256];
};

/* One TCP connection: who it is from, for the limits and the log. */
struct server_conn {
	struct sockaddr_storage sa;
	char addr[INET6_ADDRSTRLEN];
	unsigned requests;
};

/* Markers for a request's state in its req_cls: seen by the URI logger
 * only (libmicrohttpd refused it before our handler ran), or handled. */
static char server_seen, server_handled;

static const char server_404[] = "Not Found\n";

static void server_free(void *p)
{
	free(p);
}

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
	if (conn->requests == 0)
		log_warnx("%s: connection closed before a whole request line came "
			  "(too long, malformed or idle)",
			  conn->addr);
	free(conn);
	*socket_ctx = NULL;
}

static struct server_conn *server_conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/* Copies a request path for the log: the secret hidden, bytes that are not
 * printable ASCII escaped, at most SERVER_LOG_URL_MAX bytes. */
static void server_shown(const struct server_conf *conf, const char *url, char *out, size_t len)
{
	size_t n = 0, ulen = strlen(url);
	const char *p = url;

	if (ulen > ROUTE_SECRET_LEN && route_equal(url + 1, conf->secret, ROUTE_SECRET_LEN)) {
		n = (size_t)snprintf(out, len, "/<secret>");
		p = url + 1 + ROUTE_SECRET_LEN;
	}
	for (; *p && n + 5 < len; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c >= 0x7f || c == '\\')
			n += (size_t)snprintf(out + n, len - n, "\\x%02x", c);
		else
			out[n++] = (char)c;
	}
	if (*p && n + 4 <= len)
		memcpy(out + n, "...", 4), n += 3;
	out[n] = '\0';
}

static void *server_uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct server_conn *conn = server_conn_of(c);

	(void)cls;
	(void)uri;
	if (conn)
		conn->requests++;
	return &server_seen;
}

/* Logs requests that ended badly: refused by libmicrohttpd before our
 * handler saw them (a head too large, a malformed request) or timed out. */
static void server_completed(void *cls, struct MHD_Connection *c, void **req_cls,
			     enum MHD_RequestTerminationCode toe)
{
	struct server_conn *conn = server_conn_of(c);
	const char *addr = conn ? conn->addr : "?";

	(void)cls;
	if (toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED)
		log_warnx("%s: request timed out", addr);
	else if (*req_cls == &server_seen && toe != MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN &&
		 toe != MHD_REQUEST_TERMINATED_CLIENT_ABORT)
		log_warnx("%s: request refused by the HTTP parser (head over header_limit, "
			  "or malformed)",
			  addr);
	*req_cls = NULL;
}

/* libmicrohttpd's own messages. Its refusals of requests are left out:
 * server_completed and server_notify log each of them once, with the
 * client's address, which libmicrohttpd's line lacks. */
static void server_mhd_log(void *cls, const char *fmt, va_list ap)
{
	static const char refusal[] = "Error processing request";
	struct server *s = cls;
	char msg[256];
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (strncmp(msg, refusal, sizeof(refusal) - 1) == 0)
		return;
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '.'))
		msg[--n] = '\0';
	if (s->starting) {
		if (!s->first[0])
			snprintf(s->first, sizeof(s->first), "%s", msg);
		return;
	}
	log_warnx("http: %s", msg);
}

/* Leaves the path as it came: route_parse decodes it itself, so that an
 * encoded '/' or NUL can be told from a real one. */
static size_t server_no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static void server_common_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
}

static enum MHD_Result server_queue(struct MHD_Connection *c, unsigned status,
				    struct MHD_Response *r)
{
	enum MHD_Result ret;

	server_common_headers(r);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result server_text(struct MHD_Connection *c, unsigned status, const char *body)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	return server_queue(c, status, r);
}

/* A refusal: logged once, with the client, then answered. */
static enum MHD_Result server_refuse(const struct server_conf *conf, struct MHD_Connection *c,
				     const char *method, const char *url, unsigned status,
				     const char *why)
{
	const struct server_conn *conn = server_conn_of(c);
	char shown[SERVER_LOG_URL_MAX + 8], meth[16];

	server_shown(conf, url, shown, sizeof(shown));
	server_shown(conf, method, meth, sizeof(meth));
	log_warnx("%s: %s %s: %u, %s", conn ? conn->addr : "?", meth, shown, status, why);
	switch (status) {
	case MHD_HTTP_BAD_REQUEST:
		return server_text(c, status, "Bad Request\n");
	case MHD_HTTP_FORBIDDEN:
		return server_text(c, status, "Forbidden\n");
	case MHD_HTTP_METHOD_NOT_ALLOWED:
		return server_text(c, status, "Method Not Allowed\n");
	case MHD_HTTP_NOT_FOUND:
		return server_text(c, status, server_404);
	default:
		return server_text(c, status, "Internal Server Error\n");
	}
}

/* The errno of a failed open as a status, OpenBSD httpd's way. */
static unsigned server_errno_status(int err)
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

static enum MHD_Result server_html(struct MHD_Connection *c, char *html, size_t len, int csp)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer_with_free_callback(len, html, server_free);

	if (!r) {
		free(html);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (csp)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_SECURITY_POLICY,
					"default-src 'self'; style-src 'self' 'unsafe-inline'; "
					"img-src 'self' data:; frame-ancestors 'none'");
	return server_queue(c, MHD_HTTP_OK, r);
}

/* Nonzero when the request's validators say the client's copy is current. */
static int server_fresh(struct MHD_Connection *c, const char *etag, time_t mtime)
{
	const char *inm =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	const char *ims =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	time_t t;

	if (inm)
		return hdr_etag_match(inm, etag);
	return ims && hdr_date_parse(ims, &t) == 0 && mtime <= t;
}

/* Nonzero when a Range may be honoured: no If-Range, or one that names
 * this very version. */
static int server_if_range(struct MHD_Connection *c, const char *etag, const char *date)
{
	const char *ir = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_RANGE);

	return !ir || strcmp(ir, etag) == 0 || strcmp(ir, date) == 0;
}

/* A body read into memory; the bytes in all of them are capped. */
struct server_copy {
	size_t len;
	char data[];
};

static atomic_size_t server_copied;

/* Counts len more bytes held in memory, if the budget allows. Returns
 * nonzero when it did. */
static int server_copy_reserve(size_t len)
{
	size_t held = atomic_load(&server_copied);

	do {
		if (held + len > SERVER_COPY_BUDGET)
			return 0;
	} while (!atomic_compare_exchange_weak(&server_copied, &held, held + len));
	return 1;
}

static void server_copy_free(void *cls)
{
	struct server_copy *c = cls;

	atomic_fetch_sub(&server_copied, c->len);
	free(c);
}

/* The response body: bytes [first, first + len) of fd, which is taken
 * over. Up to SERVER_COPY_MAX bytes are read into memory while the bodies
 * held so take less than SERVER_COPY_BUDGET: the head and the body then
 * leave in large sends. Larger bodies go by sendfile(2), which
 * libmicrohttpd does in small steps. Either way the bytes come from this
 * descriptor, whatever is renamed over its name meanwhile. *copied tells
 * which. */
static struct MHD_Response *server_body(int fd, int64_t first, int64_t len, int *copied)
{
	struct MHD_Response *r;
	struct server_copy *c;
	ssize_t n;

	if (len > SERVER_COPY_MAX || !server_copy_reserve((size_t)len))
		goto by_fd;
	c = malloc(sizeof(*c) + (size_t)len + 1);
	if (!c) {
		atomic_fetch_sub(&server_copied, (size_t)len);
		goto by_fd;
	}
	c->len = (size_t)len;
	n = pread(fd, c->data, (size_t)len, (off_t)first);
	if (n != (ssize_t)len) {
		/* Shorter than its size said: truncated meanwhile. */
		server_copy_free(c);
		goto by_fd;
	}
	close(fd);
	r = MHD_create_response_from_buffer_with_free_callback_cls((size_t)len, c->data,
								   server_copy_free, c);
	if (!r)
		server_copy_free(c);
	*copied = r != NULL;
	return r;
by_fd:
	r = MHD_create_response_from_fd_at_offset64((uint64_t)len, fd, (uint64_t)first);
	if (!r)
		close(fd);
	return r;
}

/* Whole-file responses of files read into memory, kept for the next
 * request of the same version of the same file: such a request then costs
 * the open and fstat any request does, and no read. A version is told by
 * device, inode, size and change times; a file node-report renames over
 * the name is a new inode, so a new entry. */
struct server_cached {
	int folder; /* the folder descriptor the path is below */
	char *path;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	struct MHD_Response *r; /* the cache's reference */
	uint64_t used;
};

static struct {
	pthread_mutex_t lock;
	struct server_cached v[SERVER_CACHE_SLOTS];
	size_t bytes;
	uint64_t tick;
} server_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int server_cached_is(const struct server_cached *e, int folder, const char *path,
			    const struct stat *sb)
{
	return e->r && e->folder == folder && e->dev == sb->st_dev && e->ino == sb->st_ino &&
	       e->size == sb->st_size && e->mtime.tv_sec == sb->st_mtim.tv_sec &&
	       e->mtime.tv_nsec == sb->st_mtim.tv_nsec && e->ctime.tv_sec == sb->st_ctim.tv_sec &&
	       e->ctime.tv_nsec == sb->st_ctim.tv_nsec && strcmp(e->path, path) == 0;
}

static void server_cached_drop(struct server_cached *e)
{
	server_cache.bytes -= (size_t)e->size;
	MHD_destroy_response(e->r);
	free(e->path);
	memset(e, 0, sizeof(*e));
}

/* Queues the cached response of this version of the file, if any.
 * Returns 1 with *ret set, or 0. */
static int server_cache_send(struct MHD_Connection *c, int folder, const char *path,
			     const struct stat *sb, enum MHD_Result *ret)
{
	int hit = 0;

	pthread_mutex_lock(&server_cache.lock);
	for (size_t i = 0; i < SERVER_CACHE_SLOTS && !hit; i++) {
		struct server_cached *e = &server_cache.v[i];

		if (server_cached_is(e, folder, path, sb)) {
			e->used = ++server_cache.tick;
			/* Queued under the lock, so that no eviction frees it
			 * before libmicrohttpd holds its own reference. */
			*ret = MHD_queue_response(c, MHD_HTTP_OK, e->r);
			hit = 1;
		}
	}
	pthread_mutex_unlock(&server_cache.lock);
	return hit;
}

/* Keeps r (whose reference the cache takes over) as the response of this
 * version of the file, evicting the least used entries to make room, and
 * queues it. */
static enum MHD_Result server_cache_keep(struct MHD_Connection *c, int folder, const char *path,
					 const struct stat *sb, struct MHD_Response *r)
{
	struct server_cached *slot = NULL;
	enum MHD_Result ret;

	pthread_mutex_lock(&server_cache.lock);
	for (;;) {
		struct server_cached *lru = NULL;

		slot = NULL;
		for (size_t i = 0; i < SERVER_CACHE_SLOTS; i++) {
			struct server_cached *e = &server_cache.v[i];

			if (!e->r) {
				slot = slot ? slot : e;
				continue;
			}
			/* An older version of the same file goes at once. */
			if (e->folder == folder && strcmp(e->path, path) == 0) {
				server_cached_drop(e);
				slot = e;
				continue;
			}
			if (!lru || e->used < lru->used)
				lru = e;
		}
		if (slot && server_cache.bytes + (size_t)sb->st_size <= SERVER_CACHE_BYTES)
			break;
		if (!lru)
			break;
		server_cached_drop(lru);
	}
	if (slot && server_cache.bytes + (size_t)sb->st_size <= SERVER_CACHE_BYTES) {
		*slot = (struct server_cached){.folder = folder,
					       .path = xstrdup(path),
					       .dev = sb->st_dev,
					       .ino = sb->st_ino,
					       .size = sb->st_size,
					       .mtime = sb->st_mtim,
					       .ctime = sb->st_ctim,
					       .r = r,
					       .used = ++server_cache.tick};
		server_cache.bytes += (size_t)sb->st_size;
		r = NULL;
	}
	ret = MHD_queue_response(c, MHD_HTTP_OK, slot && !r ? slot->r : r);
	pthread_mutex_unlock(&server_cache.lock);
	if (r)
		MHD_destroy_response(r);
	return ret;
}

/* Serves the open regular file fd (taken over) whose status is sb. The
 * response reads from this descriptor only, so a file renamed over it
 * meanwhile does not mix into the body. */
static enum MHD_Result server_file(struct MHD_Connection *c, int folder, const char *name, int fd,
				   const struct stat *sb)
{
	char etag[HDR_ETAG_LEN], date[HDR_DATE_LEN], crange[96];
	int64_t size = (int64_t)sb->st_size, first = 0, len = size;
	struct MHD_Response *r;
	unsigned status = MHD_HTTP_OK;
	enum hdr_range_result rr = HDR_RANGE_NONE;
	enum MHD_Result ret;
	int copied = 0;

	hdr_etag((uint64_t)sb->st_ino, size,
		 (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec, etag);
	hdr_date(sb->st_mtime, date);
	if (server_fresh(c, etag, sb->st_mtime)) {
		close(fd);
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_MODIFIED;
	} else {
		if (server_if_range(c, etag, date))
			rr = hdr_range(
			    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE),
			    size, &first, &len);
		if (rr == HDR_RANGE_UNSATISFIABLE) {
			close(fd);
			snprintf(crange, sizeof(crange), "bytes */%lld", (long long)size);
			r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
			status = MHD_HTTP_RANGE_NOT_SATISFIABLE;
		} else {
			if (rr == HDR_RANGE_OK) {
				snprintf(crange, sizeof(crange), "bytes %lld-%lld/%lld",
					 (long long)first, (long long)(first + len - 1),
					 (long long)size);
				status = MHD_HTTP_PARTIAL_CONTENT;
			}
			if (rr == HDR_RANGE_NONE && server_cache_send(c, folder, name, sb, &ret)) {
				close(fd);
				return ret;
			}
			r = server_body(fd, first, len, &copied);
		}
	}
	if (!r)
		return MHD_NO;
	if (status != MHD_HTTP_RANGE_NOT_SATISFIABLE)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, hdr_type(name));
	if (rr != HDR_RANGE_NONE)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, crange);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, date);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	if (status == MHD_HTTP_OK && copied) {
		server_common_headers(r);
		return server_cache_keep(c, folder, name, sb, r);
	}
	return server_queue(c, status, r);
}

/* A compiled-in asset, with the tag the build gave it. */
static enum MHD_Result server_asset(struct MHD_Connection *c, const struct asset *a)
{
	const char *inm =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	struct MHD_Response *r;
	unsigned status = MHD_HTTP_OK;

	if (inm && hdr_etag_match(inm, a->etag)) {
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_MODIFIED;
	} else {
		r = MHD_create_response_from_buffer(a->len, (void *)a->data,
						    MHD_RESPMEM_PERSISTENT);
	}
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, hdr_type(a->name));
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, a->etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	return server_queue(c, status, r);
}

static enum MHD_Result server_static(const struct server_conf *conf, struct MHD_Connection *c,
				     const char *method, const char *url, const char *name)
{
	struct stat sb;
	int fd;

	for (size_t i = 0; i < assets_count; i++)
		if (strcmp(assets[i].name, name) == 0)
			return server_asset(c, &assets[i]);
	if (strncmp(name, "dygraph.", 8) != 0 || conf->dygraphfd < 0)
		return server_refuse(conf, c, method, url, MHD_HTTP_NOT_FOUND, "no such asset");
	fd = files_open(conf->dygraphfd, name, 0, &sb);
	if (fd < 0)
		return server_refuse(conf, c, method, url, server_errno_status(errno),
				     strerror(errno));
	return server_file(c, conf->dygraphfd, name, fd, &sb);
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

		return server_refuse(conf, c, method, url, server_errno_status(err),
				     err == EISDIR   ? "a folder asked without its final '/'"
				     : err == ENODEV ? "not a regular file"
				     : err == EXDEV  ? "leads outside the root"
						     : strerror(err));
	}
	if (!rt->is_dir)
		return server_file(c, conf->rootfd, rt->path, fd, &sb);
	html = files_listing(fd, rt->path, &len);
	close(fd);
	if (!html)
		return server_refuse(conf, c, method, url, server_errno_status(errno),
				     strerror(errno));
	return server_html(c, html, len, 0);
}

static enum MHD_Result server_request(void *cls, struct MHD_Connection *c, const char *url,
				      const char *method, const char *version,
				      const char *upload_data, size_t *upload_size, void **req_cls)
{
	const struct server_conf *conf = cls;
	struct route rt;
	size_t len;
	char *html;

	(void)version;
	(void)upload_data;
	(void)upload_size;
	/* Other methods are refused at once, before any body they carry is
	 * read; the connection is then closed. */
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		*req_cls = &server_handled;
		return server_refuse(conf, c, method, url, MHD_HTTP_METHOD_NOT_ALLOWED,
				     "only GET and HEAD");
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
		return server_text(c, MHD_HTTP_OK, "OK");
	case ROUTE_PLOTS:
		html = files_plot_page(conf->rootfd, conf->host, &len);
		if (!html)
			return server_refuse(conf, c, method, url, MHD_HTTP_INTERNAL_SERVER_ERROR,
					     strerror(errno));
		return server_html(c, html, len, 1);
	case ROUTE_STATIC:
		return server_static(conf, c, method, url, rt.path);
	case ROUTE_FILES:
		return server_files(conf, c, method, url, &rt);
	case ROUTE_BAD:
		return server_refuse(conf, c, method, url, MHD_HTTP_BAD_REQUEST, rt.why);
	case ROUTE_NOTFOUND:
	default:
		return server_refuse(conf, c, method, url, MHD_HTTP_NOT_FOUND, rt.why);
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
	    {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)server_mhd_log, s},
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
	    {MHD_OPTION_END, 0, NULL},
	};

	if (conf->tls_cert)
		flags |= MHD_USE_TLS;
	s->starting = 1;
	s->daemon = MHD_start_daemon(flags, 0, server_accept, (void *)conf, server_request,
				     (void *)conf, MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	s->starting = 0;
	if (!s->daemon) {
		log_warnx("cannot start the HTTP server: %s",
			  s->first[0] ? s->first : "libmicrohttpd refused the settings");
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
	pthread_mutex_lock(&server_cache.lock);
	for (size_t i = 0; i < SERVER_CACHE_SLOTS; i++)
		if (server_cache.v[i].r)
			server_cached_drop(&server_cache.v[i]);
	pthread_mutex_unlock(&server_cache.lock);
}
