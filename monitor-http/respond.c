/* respond: the responses: text, HTML pages, files (304, 206/416, 200) and
 * compiled-in assets, each with the headers it carries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hdr.h"
#include "mhd.h"

/* What identifies the version of a file being served. */
struct respond_version {
	char etag[HDR_ETAG_LEN];
	char date[HDR_DATE_LEN]; /* Last-Modified */
	int64_t size;		 /* bytes */
};

static void respond_free(void *p)
{
	free(p);
}

void respond_common_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
}

enum MHD_Result respond_queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r)
{
	enum MHD_Result ret;

	respond_common_headers(r);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

enum MHD_Result respond_text(struct MHD_Connection *c, unsigned status, const char *body)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	return respond_queue(c, status, r);
}

enum MHD_Result respond_html(struct MHD_Connection *c, char *html, size_t len, int csp)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer_with_free_callback(len, html, respond_free);

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
	return respond_queue(c, MHD_HTTP_OK, r);
}

/* Nonzero when the request's validators say the client's copy is current. */
static int respond_fresh(struct MHD_Connection *c, const char *etag, time_t mtime)
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
static int respond_if_range(struct MHD_Connection *c, const struct respond_version *v)
{
	const char *ir = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_RANGE);

	return !ir || strcmp(ir, v->etag) == 0 || strcmp(ir, v->date) == 0;
}

/* The response body: bytes [first, first + len) of fd, which is taken
 * over. Small bodies are read into memory while the copy budget allows
 * (cache.c): the head and the body then leave in large sends. Larger
 * bodies go by sendfile(2), which libmicrohttpd does in small steps.
 * Either way the bytes come from this descriptor, whatever is renamed over
 * its name meanwhile. *copied tells which. */
static struct MHD_Response *respond_body(int fd, int64_t first, int64_t len, int *copied)
{
	struct cache_copy *cp = cache_copy_new(len);
	struct MHD_Response *r;

	/* Shorter than its size said: truncated meanwhile. */
	if (cp && pread(fd, cp->data, (size_t)len, (off_t)first) != (ssize_t)len) {
		cache_copy_free(cp);
		cp = NULL;
	}
	if (cp) {
		close(fd);
		r = MHD_create_response_from_buffer_with_free_callback_cls((size_t)len, cp->data,
									   cache_copy_free, cp);
		if (!r)
			cache_copy_free(cp);
		*copied = r != NULL;
		return r;
	}
	r = MHD_create_response_from_fd_at_offset64((uint64_t)len, fd, (uint64_t)first);
	if (!r)
		close(fd);
	return r;
}

/* The headers of a file's version: its type (unless NULL), the range sent
 * (unless NULL), its validators and how clients may cache it. */
static void respond_version_headers(struct MHD_Response *r, const char *type, const char *crange,
				    const struct respond_version *v)
{
	if (type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (crange)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, crange);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, v->etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, v->date);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
}

/* 304: the client's copy is current; fd is closed. */
static enum MHD_Result respond_not_modified(struct MHD_Connection *c, const char *name, int fd,
					    const struct respond_version *v)
{
	struct MHD_Response *r;

	close(fd);
	r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	respond_version_headers(r, hdr_type(name), NULL, v);
	return respond_queue(c, MHD_HTTP_NOT_MODIFIED, r);
}

/* 206 with bytes [first, first + len) of the file, or 416 (fd then
 * closed) when hdr_range found the range unsatisfiable. */
static enum MHD_Result respond_range(struct MHD_Connection *c, const char *name, int fd,
				     const struct respond_version *v, enum hdr_range_result rr,
				     int64_t first, int64_t len)
{
	char crange[96];
	struct MHD_Response *r;
	int copied = 0;

	if (rr == HDR_RANGE_UNSATISFIABLE) {
		close(fd);
		snprintf(crange, sizeof(crange), "bytes */%lld", (long long)v->size);
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		if (!r)
			return MHD_NO;
		respond_version_headers(r, NULL, crange, v);
		return respond_queue(c, MHD_HTTP_RANGE_NOT_SATISFIABLE, r);
	}
	snprintf(crange, sizeof(crange), "bytes %lld-%lld/%lld", (long long)first,
		 (long long)(first + len - 1), (long long)v->size);
	r = respond_body(fd, first, len, &copied);
	if (!r)
		return MHD_NO;
	respond_version_headers(r, hdr_type(name), crange, v);
	return respond_queue(c, MHD_HTTP_PARTIAL_CONTENT, r);
}

/* 200 with the whole file: the kept response of this version if there is
 * one, else a new one, kept for the next request when its body was read
 * into memory. */
static enum MHD_Result respond_whole(struct MHD_Connection *c, int folder, const char *name, int fd,
				     const struct stat *sb, const struct respond_version *v)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	int copied = 0;

	if (cache_send(c, folder, name, sb, &ret)) {
		close(fd);
		return ret;
	}
	r = respond_body(fd, 0, v->size, &copied);
	if (!r)
		return MHD_NO;
	respond_version_headers(r, hdr_type(name), NULL, v);
	if (copied) {
		respond_common_headers(r);
		return cache_keep(c, folder, name, sb, r);
	}
	return respond_queue(c, MHD_HTTP_OK, r);
}

enum MHD_Result respond_file(struct MHD_Connection *c, int folder, const char *name, int fd,
			     const struct stat *sb)
{
	struct respond_version v = {.size = (int64_t)sb->st_size};
	int64_t first = 0, len = v.size;
	enum hdr_range_result rr = HDR_RANGE_NONE;

	hdr_etag((uint64_t)sb->st_ino, v.size,
		 (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec, v.etag);
	hdr_date(sb->st_mtime, v.date);
	if (respond_fresh(c, v.etag, sb->st_mtime))
		return respond_not_modified(c, name, fd, &v);
	if (respond_if_range(c, &v))
		rr = hdr_range(
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE), v.size,
		    &first, &len);
	if (rr != HDR_RANGE_NONE)
		return respond_range(c, name, fd, &v, rr, first, len);
	return respond_whole(c, folder, name, fd, sb, &v);
}

enum MHD_Result respond_asset(struct MHD_Connection *c, const struct asset *a)
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
	return respond_queue(c, status, r);
}
