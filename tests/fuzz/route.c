/* Fuzz target: slapmonitor's request path check and log redaction
 * (route_parse, route_redact). */
#include "fuzz.h"
#include "route.h"

static const char secret[ROUTE_SECRET_LEN + 1] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy without a terminator: both take a length. */
	char *raw = malloc(size ? size : 1);
	struct route r;
	char out[256];
	size_t used;

	if (!raw)
		abort();
	if (size)
		memcpy(raw, data, size);
	route_parse(raw, size, secret, &r);
	/* A file path below the prefix is relative and never climbs. */
	if ((r.kind == ROUTE_FILES || r.kind == ROUTE_STATIC) &&
	    (r.path[0] == '/' || strncmp(r.path, "../", 3) == 0 || strstr(r.path, "/../") ||
	     strcmp(r.path, "..") == 0))
		abort();
	used = route_redact(raw, size, secret, out, sizeof(out));
	if (used > size || strnlen(out, sizeof(out)) == sizeof(out))
		abort();
	/* No log line keeps the secret whole. */
	if (strstr(out, secret))
		abort();
	free(raw);
	return 0;
}
