/* Fuzz target: a QEMU process' /proc/<pid>/stat and statm as
 * node-collect's VM scope reads them (vm_host_parse_stat). The input is
 * the stat text, a NUL byte, then the statm text. */
#include "fuzz.h"
#include "vm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t stat_len = nul ? (size_t)(nul - data) : size;
	char *stat = fuzz_str(data, stat_len);
	char *statm = nul ? fuzz_str(nul + 1, size - stat_len - 1) : NULL;
	struct vm_sample vm;

	memset(&vm, 0, sizeof(vm));
	vm_host_parse_stat(stat, statm, 100, 4096, &vm);
	free(statm);
	free(stat);
	return 0;
}
