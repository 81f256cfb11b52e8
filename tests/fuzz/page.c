/* Fuzz target: slapmonitor's ?page= numbers (page_parse, page_range). */
#include "fuzz.h"
#include "page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	size_t page, first, count;
	static const size_t counts[] = {0, 1, 1000, 123456789, SIZE_MAX};

	if (page_parse(s, &page) == 0) {
		if (page < 1 || page > 1000000000)
			abort();
		for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
			if (page_range(counts[i], page, &first, &count) == 0 &&
			    (first > counts[i] || count > counts[i] - first))
				abort();
	}
	free(s);
	return 0;
}
