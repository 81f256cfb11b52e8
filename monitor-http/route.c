/* route: map a request path to what it asks for, refusing anything that
 * could reach outside the served folder. */
#include "route.h"

#include <string.h>

int route_equal(const char *a, const char *b, size_t n)
{
	volatile unsigned char diff = 0;

	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

static int route_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int route_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int route_set(struct route *r, enum route_kind kind, const char *why)
{
	r->kind = kind;
	r->why = why;
	return 0;
}

/* Checks one decoded component of clen bytes: empty, "." and ".." are
 * bad requests, other names starting with '.' are not found. Returns 0
 * when it may be served, or -1 with the refusal set in r. */
static int route_component(struct route *r, const char *comp, size_t clen)
{
	if (clen == 0)
		return route_set(r, ROUTE_BAD, "empty path component"), -1;
	if ((clen == 1 && comp[0] == '.') || (clen == 2 && comp[0] == '.' && comp[1] == '.'))
		return route_set(r, ROUTE_BAD, "dot path component"), -1;
	if (comp[0] == '.')
		return route_set(r, ROUTE_NOTFOUND, "dotfile"), -1;
	return 0;
}

/* Decodes the escape whose two hex digits are at p (before end) into *c.
 * Returns 0, or -1 with the refusal set in r: a bad escape, or an encoded
 * NUL or '/'. */
static int route_escape(const char *p, const char *end, char *c, struct route *r)
{
	int hi = end - p >= 2 ? route_hex(p[0]) : -1;
	int lo = end - p >= 2 ? route_hex(p[1]) : -1;

	if (hi < 0 || lo < 0)
		return route_set(r, ROUTE_BAD, "bad percent escape"), -1;
	*c = (char)(hi * 16 + lo);
	if (*c == '\0')
		return route_set(r, ROUTE_BAD, "encoded NUL"), -1;
	if (*c == '/')
		return route_set(r, ROUTE_BAD, "encoded slash"), -1;
	return 0;
}

/* Decodes and checks the path below a prefix into r->path, component by
 * component. */
static int route_below(const char *p, const char *end, struct route *r, enum route_kind kind)
{
	size_t n = 0, start = 0;

	r->is_dir = p == end || end[-1] == '/';
	while (p < end) {
		char c = *p++;

		if (c == '%') {
			if (route_escape(p, end, &c, r) < 0)
				return 0;
			p += 2;
		} else if (c == '\0') {
			return route_set(r, ROUTE_BAD, "NUL byte");
		} else if (c == '/' && route_component(r, r->path + start, n - start) < 0) {
			return 0;
		}
		if (n + 1 >= sizeof(r->path))
			return route_set(r, ROUTE_BAD, "path too long");
		r->path[n++] = c;
		/* Only a real '/' gets here: an encoded one was refused. */
		if (c == '/')
			start = n;
	}
	r->path[n] = '\0';
	if (n > start && route_component(r, r->path + start, n - start) < 0)
		return 0;
	return route_set(r, kind, NULL);
}

/* The length of the scheme and authority that start an absolute-form
 * target ("http://host:port", any letter case), or 0 when raw does not
 * start with one. */
static size_t route_origin(const char *raw, size_t len)
{
	static const char http[] = "http://", https[] = "https://";
	size_t skip = 0, i;

	for (i = 0; i < len && i < sizeof(https) - 1; i++)
		if (route_lower((unsigned char)raw[i]) != https[i])
			break;
	if (i == sizeof(https) - 1)
		skip = i;
	for (i = 0; !skip && i < len && i < sizeof(http) - 1; i++)
		if (route_lower((unsigned char)raw[i]) != http[i])
			break;
	if (!skip && i == sizeof(http) - 1)
		skip = i;
	if (!skip)
		return 0;
	while (skip < len && raw[skip] != '/')
		skip++;
	return skip;
}

static int route_do(const char *raw, size_t len, const char secret[ROUTE_SECRET_LEN],
		    struct route *r)
{
	static const char files[] = "server-log/", assets[] = "static/", metrics[] = "metrics";
	static const char benchmark[] = "benchmark";
	const char *end = raw + len, *p;

	memset(r, 0, sizeof(*r));
	/* An absolute-form target is routed by its path (RFC 9112, 3.2.2);
	 * one without a path asks for "/". */
	if (route_origin(raw, len) > 0) {
		size_t skip = route_origin(raw, len);

		if (skip == len)
			return route_set(r, ROUTE_PROBE, NULL);
		raw += skip;
		len -= skip;
		end = raw + len;
	}
	if (len == 0 || raw[0] != '/')
		return route_set(r, ROUTE_BAD, "not an absolute path");
	if (memchr(raw, '\0', len))
		return route_set(r, ROUTE_BAD, "NUL byte");
	if (len == 1)
		return route_set(r, ROUTE_PROBE, NULL);
	/* The secret, then '/': anything shorter or different is not found,
	 * after the same comparison work. */
	if (len < 1 + ROUTE_SECRET_LEN + 1) {
		char pad[ROUTE_SECRET_LEN] = {0};

		(void)route_equal(pad, secret, ROUTE_SECRET_LEN);
		return route_set(r, ROUTE_NOTFOUND, "no secret");
	}
	if (!route_equal(raw + 1, secret, ROUTE_SECRET_LEN) || raw[1 + ROUTE_SECRET_LEN] != '/')
		return route_set(r, ROUTE_NOTFOUND, "wrong secret");
	p = raw + 1 + ROUTE_SECRET_LEN + 1;
	if (p == end)
		return route_set(r, ROUTE_PLOTS, NULL);
	if ((size_t)(end - p) == sizeof(metrics) - 1 &&
	    memcmp(p, metrics, sizeof(metrics) - 1) == 0)
		return route_set(r, ROUTE_METRICS, NULL);
	if ((size_t)(end - p) == sizeof(benchmark) - 1 &&
	    memcmp(p, benchmark, sizeof(benchmark) - 1) == 0)
		return route_set(r, ROUTE_BENCHMARK, NULL);
	if ((size_t)(end - p) >= sizeof(files) - 1 && memcmp(p, files, sizeof(files) - 1) == 0)
		return route_below(p + sizeof(files) - 1, end, r, ROUTE_FILES);
	if ((size_t)(end - p) > sizeof(assets) - 1 && memcmp(p, assets, sizeof(assets) - 1) == 0) {
		route_below(p + sizeof(assets) - 1, end, r, ROUTE_STATIC);
		if (r->kind == ROUTE_STATIC && (r->is_dir || strchr(r->path, '/')))
			route_set(r, ROUTE_NOTFOUND, "no such asset");
		return 0;
	}
	return route_set(r, ROUTE_NOTFOUND, "no such page");
}

/* Decodes the character at p (before end) into *c: a raw byte, or a
 * percent escape, its digits themselves perhaps encoded, and a '%' so
 * decoded taken as the start of one more escape ("%2541" is 'A'), up to
 * depth levels. Returns the bytes it spans (0 at end). */
static size_t route_char(const char *p, const char *end, int depth, char *c)
{
	size_t n = 1;

	if (p >= end)
		return 0;
	*c = *p;
	while (*c == '%' && depth-- > 0) {
		char hi = 0, lo = 0;
		size_t nh = route_char(p + n, end, depth, &hi);
		size_t nl = nh ? route_char(p + n + nh, end, depth, &lo) : 0;

		if (!nl || route_hex(hi) < 0 || route_hex(lo) < 0)
			break;
		*c = (char)(route_hex(hi) * 16 + route_hex(lo));
		n += nh + nl;
	}
	return n;
}

/* Characters that may be put inside the secret to split it ('/', '.',
 * '\\', ';'), raw or encoded: skipped when it is looked for. */
static int route_split(char c)
{
	return c == '/' || c == '.' || c == '\\' || c == ';';
}

/* The number of bytes from p (before end) that spell at least
 * ROUTE_REDACT_MIN characters of the secret in a row, from any place in
 * it: in any letter case, with any of its characters percent-encoded once
 * or more, and split anywhere by route_split characters; 0 if they do
 * not. The longest such run is taken. */
static size_t route_secret_at(const char *p, const char *end, const char secret[ROUTE_SECRET_LEN])
{
	size_t best = 0;
	char first;

	if (!route_char(p, end, 4, &first))
		return 0;
	for (size_t k = 0; k + ROUTE_REDACT_MIN <= ROUTE_SECRET_LEN; k++) {
		const char *q = p, *matched = p;
		size_t got = 0;

		if (route_lower((unsigned char)first) != route_lower((unsigned char)secret[k]))
			continue;
		while (k + got < ROUTE_SECRET_LEN) {
			char c;
			size_t n = route_char(q, end, 4, &c);

			if (!n)
				break;
			q += n;
			if (route_lower((unsigned char)c) ==
			    route_lower((unsigned char)secret[k + got])) {
				got++;
				matched = q;
			} else if (!got || !route_split(c)) {
				break;
			}
		}
		if (got >= ROUTE_REDACT_MIN && (size_t)(matched - p) > best)
			best = (size_t)(matched - p);
	}
	return best;
}

size_t route_redact(const char *in, size_t len, const char secret[ROUTE_SECRET_LEN], char *out,
		    size_t outsize)
{
	static const char mark[] = "<secret>";
	size_t i = 0, n = 0;

	while (i < len) {
		size_t span = route_secret_at(in + i, in + len, secret);

		if (span > 0) {
			if (n + sizeof(mark) > outsize)
				break;
			memcpy(out + n, mark, sizeof(mark) - 1);
			n += sizeof(mark) - 1;
			i += span;
			continue;
		}
		if (n + 2 > outsize)
			break;
		out[n++] = in[i++];
	}
	if (outsize > 0)
		out[n] = '\0';
	return i;
}

void route_parse(const char *raw, size_t len, const char secret[ROUTE_SECRET_LEN], struct route *r)
{
	route_do(raw, len, secret, r);
}
