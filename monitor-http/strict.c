/* strict: the checks of a request's line and head that libmicrohttpd
 * 0.9.75 leaves undone (RFC 9112): raw NULs, bodies on GET and HEAD, Host,
 * field names and the head's end. */
#include <string.h>
#include <strings.h>

#include "hdr.h"
#include "mhd.h"

/* Nonzero when the request line held a raw NUL, in the method or the
 * target, that libmicrohttpd's C strings would hide. libmicrohttpd 0.9.75
 * parses the line in place: the method starts the line and ends at the
 * first space, made a NUL; spaces follow up to the target; the target ends
 * at the last space, made a NUL, and the version follows. So the method's
 * strlen must reach that first space and the target's (as the URI logger
 * saw it, before the '?' is cut) the last one. A raw NUL in the version is
 * caught by libmicrohttpd, which then finds no version it knows; a line
 * without a version has no known end, and is refused by libmicrohttpd. */
int strict_line_has_nul(const struct server_conn *conn, const char *method, const char *url,
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
int strict_has_body(struct MHD_Connection *c)
{
	const char *len =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

	if (len && strspn(len, "0") != strlen(len))
		return 1;
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING) !=
		   NULL ||
	       MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT) != NULL;
}

static enum MHD_Result strict_count_host(void *cls, enum MHD_ValueKind kind, const char *key,
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
int strict_bad_host(struct MHD_Connection *c, const char *version)
{
	unsigned n = 0;

	if (strcmp(version, MHD_HTTP_VERSION_1_1) != 0)
		return 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, strict_count_host, &n);
	return n != 1;
}

/* What strict_check_field learns of a request's head. */
struct strict_head {
	const char *start, *end; /* the head as libmicrohttpd parsed it */
	const char *last;	 /* where the last field's value ends */
	int bad;
};

static enum MHD_Result strict_check_field(void *cls, enum MHD_ValueKind kind, const char *key,
					  const char *value)
{
	struct strict_head *h = cls;
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
int strict_bad_head(struct MHD_Connection *c, const char *method, const char *version)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	struct strict_head h = {.start = method};

	if (!ci)
		return 1;
	h.end = method + ci->header_size;
	if (version >= method && version < h.end)
		h.last = version + strlen(version);
	MHD_get_connection_values(c, MHD_HEADER_KIND, strict_check_field, &h);
	if (h.bad || !h.last)
		return 1;
	if (h.end - h.last != 4)
		return 1;
	for (const char *p = h.last; p < h.end; p++)
		if (*p)
			return 1;
	return 0;
}
