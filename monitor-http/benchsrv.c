/* benchsrv: /<secret>/benchmark, the peer of node-collect's network
 * benchmark. Every request is a connection like any other, counted by
 * admit.c's limits and the idle timeout; the bytes are capped each way,
 * and none is held in memory: generated from one static block, or read
 * and dropped as they come. */
#include "benchsrv.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "mhd.h"

#define BENCHSRV_BLOCK 65536

/* The bytes sent: zeros, read-only, shared by every thread. */
static const char benchsrv_block[BENCHSRV_BLOCK];

int benchsrv_parse_bytes(const char *s, uint64_t *bytes)
{
	unsigned long v;

	if (!s || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 12)
		return -1;
	if (parse_ulong(s, 999999999999ul, &v) < 0)
		return -1;
	if (v > BENCHSRV_MAX_BYTES)
		return -2;
	*bytes = v;
	return 0;
}

int benchsrv_is_upload(const struct server_conf *conf, const char *method, const char *url)
{
	struct route rt;

	if (strcmp(method, MHD_HTTP_METHOD_POST) != 0 && strcmp(method, MHD_HTTP_METHOD_PUT) != 0)
		return 0;
	route_parse(url, strlen(url), conf->secret, &rt);
	return rt.kind == ROUTE_BENCHMARK;
}

static ssize_t benchsrv_fill(void *cls, uint64_t pos, char *buf, size_t max)
{
	uint64_t total = *(const uint64_t *)cls;
	uint64_t left = pos < total ? total - pos : 0;
	size_t n = BENCHSRV_BLOCK;

	if (left == 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (n > max)
		n = max;
	if ((uint64_t)n > left)
		n = (size_t)left;
	memcpy(buf, benchsrv_block, n);
	return (ssize_t)n;
}

static void benchsrv_free(void *cls)
{
	free(cls);
}

enum MHD_Result benchsrv_get(const struct server_conf *conf, struct MHD_Connection *c,
			     const char *method, const char *url)
{
	const char *arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "bytes");
	struct MHD_Response *r;
	uint64_t *total, bytes;
	int rc = benchsrv_parse_bytes(arg, &bytes);

	if (rc == -2)
		return refuse_request(conf, c, method, url, MHD_HTTP_BAD_REQUEST,
				      "benchmark bytes over the cap");
	if (rc < 0)
		return refuse_request(conf, c, method, url, MHD_HTTP_BAD_REQUEST,
				      "benchmark wants ?bytes=N");
	total = malloc(sizeof(*total));
	if (!total)
		return MHD_NO;
	*total = bytes;
	r = MHD_create_response_from_callback(bytes, BENCHSRV_BLOCK, benchsrv_fill, total,
					      benchsrv_free);
	if (!r) {
		free(total);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/octet-stream");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return respond_queue(c, MHD_HTTP_OK, r);
}

unsigned benchsrv_upload_check(struct MHD_Connection *c, const char **why)
{
	const char *len =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	struct server_conn *conn = server_conn_of(c);
	uint64_t bytes;

	/* The size is known before a byte of the body is read: chunked
	 * bodies, which could run on, are refused. */
	*why = "benchmark upload without Content-Length";
	if (!len ||
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING))
		return MHD_HTTP_LENGTH_REQUIRED;
	*why = "benchmark upload over the cap";
	if (benchsrv_parse_bytes(len, &bytes) < 0)
		return MHD_HTTP_CONTENT_TOO_LARGE;
	*why = "no connection";
	if (!conn)
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	conn->upload_bytes = 0;
	return 0;
}

enum MHD_Result benchsrv_upload_body(const struct server_conf *conf, struct MHD_Connection *c,
				     const char *method, const char *url, size_t *upload_size)
{
	struct server_conn *conn = server_conn_of(c);

	if (!conn)
		return MHD_NO;
	if (*upload_size) {
		conn->upload_bytes += *upload_size;
		*upload_size = 0;
		return conn->upload_bytes > BENCHSRV_MAX_BYTES ? MHD_NO : MHD_YES;
	}
	(void)conf;
	(void)method;
	(void)url;
	return respond_text(c, MHD_HTTP_NO_CONTENT, "");
}
