/* Fuzz target: node-fleet's Prometheus API answers (promjson_parse). */
#include "fuzz.h"
#include "promjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy without a terminator: the parser takes a length. */
	char *body = malloc(size ? size : 1);
	struct prom_result r;
	char err[256];

	if (!body)
		abort();
	if (size)
		memcpy(body, data, size);
	memset(&r, 0, sizeof(r));
	if (promjson_parse(body, size, &r, err, sizeof(err)) != 0 && r.n != 0)
		abort();
	prom_result_release(&r);
	free(body);
	return 0;
}
