/* Fuzz target: /proc/cpuinfo text and raw SMBIOS type 17 structures
 * (computer_parse_cpuinfo, computer_dmi_memory_type). */
#include "computer.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	char model[128];
	int ncpu, has_mhz;
	double mhz;
	/* An exact-size copy: the DMI reader must stay inside len. */
	unsigned char *raw = malloc(size ? size : 1);
	const char *type;

	if (!raw)
		abort();
	if (computer_parse_cpuinfo(s, &ncpu, model, sizeof(model), &has_mhz, &mhz) == 0 &&
	    memchr(model, '\0', sizeof(model)) == NULL)
		abort();
	if (size)
		memcpy(raw, data, size);
	type = computer_dmi_memory_type(raw, size);
	if (type && strlen(type) == 0)
		abort();
	free(raw);
	free(s);
	return 0;
}
