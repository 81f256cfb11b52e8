/* fuzz: what every libFuzzer harness shares: the entry point's prototype
 * and a NUL-terminated copy of the input. */
#ifndef NM_FUZZ_H
#define NM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A heap copy of the size bytes at data with a NUL after them, so that
 * AddressSanitizer catches a read past the end. The caller frees it. */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
