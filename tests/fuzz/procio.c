/* Fuzz target: /proc/<pid>/io text (procio_parse). */
#include "fuzz.h"
#include "procio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct procio io;

	procio_parse(s, &io);
	free(s);
	return 0;
}
