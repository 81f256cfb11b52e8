/* Fuzz target: the metrics text format: numbers and label values
 * (metrics_double, metrics_escape). The first 8 bytes are a double. */
#include <math.h>

#include "fuzz.h"
#include "metrics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	struct sbuf b = {0};
	double v;

	if (size >= sizeof(v)) {
		char num[METRICS_NUM_LEN], *end;

		memcpy(&v, data, sizeof(v));
		metrics_double(v, num);
		/* strtod gives the value back. */
		if (!isnan(v) && strcmp(num, "+Inf") != 0 && strcmp(num, "-Inf") != 0 &&
		    (strtod(num, &end) != v || *end != '\0'))
			abort();
	}
	s = fuzz_str(data, size);
	metrics_escape(&b, s);
	/* The escaped value holds no raw newline and no lone quote. */
	for (size_t i = 0; i < b.len; i++) {
		if (b.s[i] == '\n')
			abort();
		if (b.s[i] == '\\')
			i++;
		else if (b.s[i] == '"')
			abort();
	}
	sbuf_release(&b);
	free(s);
	return 0;
}
