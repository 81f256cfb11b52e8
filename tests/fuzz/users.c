/* Fuzz target: the --users glob list and user-name matching
 * (users_globs_check, users_match, users_base_check). The input is the
 * globs, a NUL byte, then a user name. */
#include "fuzz.h"
#include "users.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t globs_len = nul ? (size_t)(nul - data) : size;
	char *globs = fuzz_str(data, globs_len);
	char *name = nul ? fuzz_str(nul + 1, size - globs_len - 1) : fuzz_str(data, 0);
	char err[256];

	if (users_globs_check(globs, err, sizeof(err)) == 0)
		users_match(globs, name);
	if (users_base_check(globs, err, sizeof(err)) == 0)
		users_match_base(globs, name);
	free(name);
	free(globs);
	return 0;
}
