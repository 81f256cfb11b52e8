/* cli: the command line the programs share. */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "version.h"

#define CLI_MAX_FLAGS 16
#define CLI_FLAG_BASE 256 /* getopt values of the flags, past any letter */

/* The key a flag sets: its name with '-' for '_'. */
static const struct config_key *cli_key(const struct config_key *keys, const char *flag)
{
	for (const struct config_key *k = keys; k->name; k++) {
		size_t i;

		for (i = 0; flag[i] && k->name[i]; i++) {
			if (flag[i] != (k->name[i] == '_' ? '-' : k->name[i]))
				break;
		}
		if (flag[i] == '\0' && k->name[i] == '\0')
			return k;
	}
	return NULL;
}

/* Fills longopts (CLI_MAX_FLAGS + 5 entries) with the program's flags and
 * the common ones, and bound[] with the key of each flag. Returns 0, or -1
 * with a line logged. */
static int cli_options(const struct cli *c, struct option *longopts,
		       const struct config_key **bound)
{
	size_t n;

	for (n = 0; c->flags[n]; n++) {
		if (n == CLI_MAX_FLAGS)
			return log_warnx("more than %d flags", CLI_MAX_FLAGS);
		bound[n] = cli_key(c->keys, c->flags[n]);
		if (!bound[n])
			return log_warnx("--%s: no such setting", c->flags[n]);
		longopts[n] = (struct option){
		    c->flags[n], bound[n]->type == CONFIG_BOOL ? no_argument : required_argument,
		    NULL, CLI_FLAG_BASE + (int)n};
	}
	longopts[n++] = (struct option){"config", required_argument, NULL, 'c'};
	if (!c->without_now)
		longopts[n++] = (struct option){"now", required_argument, NULL, 'n'};
	longopts[n++] = (struct option){"help", no_argument, NULL, 'h'};
	longopts[n++] = (struct option){"version", no_argument, NULL, 'V'};
	longopts[n] = (struct option){NULL, 0, NULL, 0};
	return 0;
}

/* The first pass: only --config, --help and --version, so that the other
 * flags, read next, override the file. */
static int cli_first_pass(const struct cli *c, int argc, char **argv, const struct option *longopts)
{
	char err[512];
	int opt;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == 'h') {
			c->usage(stdout);
			exit(EXIT_SUCCESS);
		}
		if (opt == 'V') {
			printf("%s %s\n", c->prog, NM_VERSION);
			exit(EXIT_SUCCESS);
		}
		if (opt == 'c' && config_load(optarg, c->keys, err, sizeof(err)) < 0)
			return log_warnx("%s", err);
	}
	return 0;
}

/* The second pass: every other flag, over what the file set. */
static int cli_second_pass(struct cli *c, int argc, char **argv, const struct option *longopts,
			   const struct config_key *const *bound)
{
	struct config_key key;
	char err[512];
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == 'c')
			continue;
		if (opt == 'n') {
			if (parse_ulong(optarg, LONG_MAX / 100, &c->now) < 0)
				return log_warnx("--now wants seconds since 1970, not '%s'",
						 optarg);
			c->has_now = 1;
			continue;
		}
		if (opt < CLI_FLAG_BASE)
			return log_warnx("option '%s' is unknown or wants a value; try '%s --help'",
					 argv[optind - 1], c->prog);
		/* The key under its flag's name, for the message. */
		key = *bound[opt - CLI_FLAG_BASE];
		key.name = c->flags[opt - CLI_FLAG_BASE];
		if (config_set(&key, optarg ? optarg : "true", err, sizeof(err)) < 0)
			return log_warnx("--%s", err);
	}
	if (optind < argc)
		return log_warnx("unexpected argument '%s'; try '%s --help'", argv[optind],
				 c->prog);
	return 0;
}

int cli_parse(struct cli *c, int argc, char **argv)
{
	struct option longopts[CLI_MAX_FLAGS + 5];
	const struct config_key *bound[CLI_MAX_FLAGS];

	if (cli_options(c, longopts, bound) < 0 || cli_first_pass(c, argc, argv, longopts) < 0)
		return -1;
	return cli_second_pass(c, argc, argv, longopts, bound);
}
