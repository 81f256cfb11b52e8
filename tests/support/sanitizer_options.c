/* sanitizer_options: defaults for the sanitizer build of the tests. The
 * sanitizers read their options from /proc/self/environ and inspect
 * /proc/self; under a fixture /proc (tests/fixtures/proc) neither exists,
 * so there their reports go to /tmp/node-monitor-sanitizer.<pid>, which the
 * end-to-end tests check, and leak checking is left to the real-/proc runs. */
#include <unistd.h>

const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

static const char *sanitizer_options(void)
{
	if (access("/proc/self/environ", R_OK) == 0)
		return "";
	return "detect_leaks=0:log_path=/tmp/node-monitor-sanitizer";
}

const char *__asan_default_options(void)
{
	return sanitizer_options();
}

const char *__ubsan_default_options(void)
{
	return sanitizer_options();
}
