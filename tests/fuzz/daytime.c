/* Fuzz target: dates given on the command line (daytime_parse_date). */
#include "daytime.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	int64_t day;

	if (daytime_parse_date(s, &day) == 0) {
		char back[11];

		/* A date read back prints as it was read. */
		daytime_date(day * 86400, back);
		if (strcmp(back, s) != 0)
			abort();
	}
	free(s);
	return 0;
}
