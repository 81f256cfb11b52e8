/* cli: the command line the programs share. --config FILE is read first,
 * then the other flags override it; --help, --version and --now are common. */
#ifndef NM_CLI_H
#define NM_CLI_H

#include <stdio.h>

#include "config.h"

struct cli {
	const char *prog;	       /* "node-report", for messages and --version */
	void (*usage)(FILE *f);	       /* prints --help */
	const struct config_key *keys; /* the configuration keys (NULL name ends) */
	/* The flags that set a key, by name: "keep-days" sets key keep_days.
	 * NULL ends the list. Keys without a flag are set from the file only.
	 * The flag of a CONFIG_BOOL key takes no value and sets it true. */
	const char *const *flags;
	int without_now; /* in: the program takes no --now */
	int has_now;	 /* out: --now was given, with this value */
	unsigned long now;
};

/* Parses argv into the keys' destinations. --help and --version print and
 * exit 0. Returns 0, or -1 with one line logged (a usage error). */
int cli_parse(struct cli *c, int argc, char **argv);

#endif
