/* Fuzz target: /proc/<pid>/task/<tid>/status text (proctask_parse_status). */
#include "fuzz.h"
#include "proctask.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	int64_t rss;

	proctask_parse_status(s, &rss);
	free(s);
	return 0;
}
