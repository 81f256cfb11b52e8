/* cmd: what the subcommands share. */
#include "cmd.h"

#include <time.h>

double cmd_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
