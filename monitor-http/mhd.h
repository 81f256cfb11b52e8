/* mhd: what the server's own files share, on libmicrohttpd. This is the
 * only header that includes <microhttpd.h>, and only server.c, respond.c,
 * cache.c, refuse.c and lister.c include it. */
#ifndef NM_MHD_H
#define NM_MHD_H

#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "admit.h"
#include "assets.h"
#include "server.h"

/* One TCP connection: who it is from, for the limits and the log. Its
 * socket context, owned by server.c from the connection's start to its
 * close. */
struct server_conn {
	struct sockaddr_storage sa;
	char addr[INET6_ADDRSTRLEN];
	struct admit_conn adm;
	unsigned requests;
	/* The current request's target as libmicrohttpd's URI logger saw it,
	 * before any of it was cut at a '?': where it starts in the request
	 * line, and its length up to its first NUL. */
	const char *uri;
	size_t uri_len;
	uint64_t upload_bytes; /* a benchmark upload's body read so far */
};

/* The connection's context, or NULL when it has none. */
struct server_conn *server_conn_of(struct MHD_Connection *c);

/* respond.c: responses. The respond_ functions that queue return
 * libmicrohttpd's verdict (MHD_NO also when no response could be made). */

/* Adds the headers every response carries. */
void respond_common_headers(struct MHD_Response *r);

/* Adds the common headers, queues r with status and drops our reference. */
enum MHD_Result respond_queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r);

/* A text/plain body that outlives the response (a literal). */
enum MHD_Result respond_text(struct MHD_Connection *c, unsigned status, const char *body);

/* An HTML page of len bytes, a heap string taken over; csp adds the plot
 * page's Content-Security-Policy. */
enum MHD_Result respond_html(struct MHD_Connection *c, char *html, size_t len, int csp);

/* Serves the open regular file fd (taken over) whose status is sb, found as
 * name below the folder descriptor folder: 304, 206, 416 or 200 as the
 * request's validators and Range say. The body is read from this
 * descriptor only, so a file renamed over the name meanwhile does not mix
 * into it. */
enum MHD_Result respond_file(struct MHD_Connection *c, int folder, const char *name, int fd,
			     const struct stat *sb);

/* A compiled-in asset, with the tag the build gave it (200 or 304). */
enum MHD_Result respond_asset(struct MHD_Connection *c, const struct asset *a);

/* cache.c: the memory that responses hold. */

/* A body read into memory, counted against the copy budget. */
struct cache_copy {
	size_t len;
	char data[];
};

/* A body of len bytes (and one byte more) to read a file into, if it is
 * small enough to copy and the budget of bytes held so has room. Returns
 * NULL otherwise (the body then goes by the descriptor). Freed by
 * cache_copy_free, which libmicrohttpd may call as a response's free
 * callback. */
struct cache_copy *cache_copy_new(int64_t len);
void cache_copy_free(void *copy);

/* Queues the kept 200 response of this version (device, inode, size and
 * change times in sb) of the file path below folder, if any. Returns 1
 * with *ret set, or 0. */
int cache_send(struct MHD_Connection *c, int folder, const char *path, const struct stat *sb,
	       enum MHD_Result *ret);

/* Keeps r, a whole-file 200 response with every header set, as the
 * response of this version of the file, evicting the least used entries
 * to make room, and queues it. The cache takes over our reference to r
 * (or drops it when r cannot be kept). */
enum MHD_Result cache_keep(struct MHD_Connection *c, int folder, const char *path,
			   const struct stat *sb, struct MHD_Response *r);

/* Drops every kept response. */
void cache_clear(void);

/* lister.c: folder listings, built by worker threads of their own while
 * the connection waits suspended. One lister per daemon. */
struct lister;
struct lister_job;

/* Starts the workers. Returns the lister, or NULL with one line logged. */
struct lister *lister_start(void);

/* Stops the workers (each ends the listing it builds first) and resumes
 * every connection still waiting, to be answered 503: to be called before
 * the daemon is stopped. Frees ls. */
void lister_stop(struct lister *ls);

/* Queues the listing of page (from 1) of the folder dirfd (taken over on
 * success), whose status is sb, found at path, and suspends the connection
 * c until a worker built it. The job goes in *req_cls: the handler's next
 * call answers with lister_answer, and the request's end frees it with
 * lister_job_free. Returns 0, or -1 when the queue is full (nothing is
 * taken then). */
int lister_submit(struct lister *ls, struct MHD_Connection *c, int dirfd, const struct stat *sb,
		  const char *path, size_t page, void **req_cls);

/* Answers with the page the job's worker built, or the refusal it met. */
enum MHD_Result lister_answer(const struct server_conf *conf, struct MHD_Connection *c,
			      const char *method, const char *url, struct lister_job *job);

/* Frees a job and what it still holds (its folder, a page not sent). */
void lister_job_free(struct lister_job *job);

/* refuse.c: refusals and libmicrohttpd's messages. */

/* Logs one line with the client, the method and the path (the secret
 * hidden), the status and why, as admit_log_due allows, then answers with
 * status. */
enum MHD_Result refuse_request(const struct server_conf *conf, struct MHD_Connection *c,
			       const char *method, const char *url, unsigned status,
			       const char *why);

/* The errno of a failed open as a status, OpenBSD httpd's way: 404, 403,
 * else 500. */
unsigned refuse_errno_status(int err);

/* While a daemon starts, libmicrohttpd's first message is kept here, to be
 * said in the one line of a failed start. */
struct refuse_start {
	int starting;
	char first[256];
};

/* libmicrohttpd's log callback; cls is a struct refuse_start. Its refusals
 * of requests are left out: server.c logs each of them once, with the
 * client's address, which libmicrohttpd's line lacks. After the start,
 * each message is kept for refuse_conn_line on the same thread, but for
 * those about accepting, logged at once as lines about no client. */
void refuse_mhd_log(void *cls, const char *fmt, va_list ap);

/* Logs one line about the connection conn: what (or NULL), then the
 * message libmicrohttpd left on this thread, if any; nothing when both
 * are missing or the client has had its lines for now (admit_log_due).
 * The message is used up either way. */
void refuse_conn_line(const struct server_conn *conn, const char *what);

/* benchsrv.c: /<secret>/benchmark. benchsrv_is_upload says whether a
 * request is a POST or PUT to it (the only requests with a body); benchsrv_get answers a GET or
 * HEAD with ?bytes=N generated bytes; an upload (POST or PUT) is checked with its head (0 to read
 * its body, or the status to refuse it with, *why saying why: no Content-Length, over the cap) and
 * then given each piece of its body, which it drops, answering 204 once the body is whole. */
enum MHD_Result benchsrv_get(const struct server_conf *conf, struct MHD_Connection *c,
			     const char *method, const char *url);
int benchsrv_is_upload(const struct server_conf *conf, const char *method, const char *url);
unsigned benchsrv_upload_check(struct MHD_Connection *c, const char **why);
enum MHD_Result benchsrv_upload_body(const struct server_conf *conf, struct MHD_Connection *c,
				     const char *method, const char *url, size_t *upload_size);

/* strict.c: what libmicrohttpd lets through, each nonzero when found. */

/* A raw NUL in the request line's method or target, which libmicrohttpd's
 * C strings would hide (conn as the URI logger saw the target). */
int strict_line_has_nul(const struct server_conn *conn, const char *method, const char *url,
			const char *version);

/* A body announced: Content-Length other than 0, Transfer-Encoding, Expect. */
int strict_has_body(struct MHD_Connection *c);

/* An HTTP/1.1 request without one Host header (RFC 9112, 3.2). */
int strict_bad_host(struct MHD_Connection *c, const char *version);

/* A field name that is not a token, or a head that does not end with its
 * last field line and an empty line. */
int strict_bad_head(struct MHD_Connection *c, const char *method, const char *version);

#endif
