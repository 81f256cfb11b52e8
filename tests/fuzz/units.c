/* Fuzz target: node-fleet's sizes and rates (units_parse, units_number). */
#include "fuzz.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	double v;

	if (units_parse(s, &v) == 0 && !(v >= 0))
		abort();
	if (units_number(s, &v) == 0 && !(v >= 0))
		abort();
	free(s);
	return 0;
}
