/* node-fleet: plans for a fleet of hypervisors from Prometheus: the hot
 * hosts and where their VMs should go (hotspots), the host for a new VM
 * (place), the VMs to reclaim (reclaim). It prints plans and never
 * migrates anything. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmd.h"
#include "log.h"
#include "units.h"

struct options {
	char *prometheus, *format, *memory, *net, *cpu;
	unsigned long cpu_pct, mem_pct, net_limit, net_capacity, vcpus, timeout;
	int timings;
	const char *command;
	struct cmd c;
};

static void usage(FILE *f)
{
	fprintf(f, "usage: node-fleet [--config FILE] [--prometheus URL] COMMAND [--format "
		   "table|csv|json]\n"
		   "  hotspots                 the hot hosts and a migration plan for each\n"
		   "  place --vcpus N --memory SIZE [--net RATE] [--cpu RATIO] [--top X]\n"
		   "                           the host to start a new VM on, and why\n"
		   "  reclaim [--below PCT] [--days N] [--top X]\n"
		   "                           the VMs idle enough to be reclaimed\n"
		   "Other flags: --timeout SECONDS (per query), --timings, --now EPOCH, --help,\n"
		   "--version. Reads Prometheus' HTTP API (default http://127.0.0.1:9090);\n"
		   "prints plans, never migrates. See node-fleet(1).\n"
		   "Exit: 0 done, 1 failed or no host fits, 2 usage error, 3 done but hosts\n"
		   "or VMs were left out for lack of data (one line each).\n");
}

static const char *const *command_flags(const char *command)
{
	static const char *const hotspots[] = {"prometheus", "format", "timeout", "timings", NULL};
	static const char *const place[] = {"prometheus", "format", "timeout", "timings", "vcpus",
					    "memory",	  "net",    "cpu",     "top",	  NULL};
	static const char *const reclaim[] = {"prometheus", "format", "timeout", "timings",
					      "below",	    "days",   "top",	 NULL};

	if (strcmp(command, "hotspots") == 0)
		return hotspots;
	if (strcmp(command, "place") == 0)
		return place;
	if (strcmp(command, "reclaim") == 0)
		return reclaim;
	return NULL;
}

/* Takes the command word out of argv, wherever it stands among the flags
 * ("node-fleet --prometheus URL place ..." or "node-fleet place ..."). */
static const char *take_command(int *argc, char **argv)
{
	static const char *const bare[] = {"--help", "--version", "--timings", NULL};

	for (int i = 1; i < *argc; i++) {
		int is_bare = 0;

		if (strcmp(argv[i], "--") == 0)
			return NULL;
		if (argv[i][0] != '-') {
			const char *w = argv[i];

			memmove(&argv[i], &argv[i + 1], (size_t)(*argc - i) * sizeof(*argv));
			(*argc)--;
			return w;
		}
		for (size_t b = 0; bare[b]; b++)
			is_bare |= strcmp(argv[i], bare[b]) == 0;
		if (!is_bare && !strchr(argv[i], '='))
			i++; /* the flag's value */
	}
	return NULL;
}

/* The place flags: the new VM's demand. */
static int check_place(struct options *o)
{
	if (o->vcpus == 0)
		return log_warnx("place wants --vcpus N (1 or more)");
	if (!o->memory || units_parse(o->memory, &o->c.mem) < 0)
		return log_warnx("place wants --memory SIZE (e.g. 4G, 512Mi), not '%s'",
				 o->memory ? o->memory : "");
	if (units_parse(o->net, &o->c.net) < 0)
		return log_warnx("--net wants a rate in bytes/s (e.g. 10M), not '%s'", o->net);
	if (units_number(o->cpu, &o->c.cpu) < 0 || o->c.cpu > 1)
		return log_warnx("--cpu wants the share of its vCPUs busy, 0 to 1, not '%s'",
				 o->cpu);
	o->c.vcpus = (double)o->vcpus;
	return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	struct cmd *c = &o->c;
	const struct config_key keys[] = {
	    {"fleet", "prometheus", CONFIG_PATH, &o->prometheus, 0},
	    {"fleet", "format", CONFIG_STR, &o->format, 0},
	    {"fleet", "timeout", CONFIG_UINT, &o->timeout, 3600},
	    {"fleet", "timings", CONFIG_BOOL, &o->timings, 0},
	    {"fleet", "host_cpu_percent", CONFIG_UINT, &o->cpu_pct, 100},
	    {"fleet", "host_memory_percent", CONFIG_UINT, &o->mem_pct, 100},
	    {"fleet", "net_bytes_per_second", CONFIG_UINT, &o->net_limit, ULONG_MAX},
	    {"fleet", "net_capacity", CONFIG_UINT, &o->net_capacity, ULONG_MAX},
	    {"fleet", "hotspot_k", CONFIG_UINT, &c->o.hotspot_k, 60},
	    {"fleet", "hotspot_n", CONFIG_UINT, &c->o.hotspot_n, 60},
	    {"fleet", "below", CONFIG_UINT, &c->below, 100},
	    {"fleet", "days", CONFIG_UINT, &c->days, 3650},
	    {"fleet", "top", CONFIG_UINT, &c->top, 1000000},
	    {"fleet", "vcpus", CONFIG_UINT, &o->vcpus, 4096},
	    {"fleet", "memory", CONFIG_STR, &o->memory, 0},
	    {"fleet", "net", CONFIG_STR, &o->net, 0},
	    {"fleet", "cpu", CONFIG_STR, &o->cpu, 0},
	    {NULL, NULL, CONFIG_STR, NULL, 0},
	};
	struct cli cli = {.prog = "node-fleet", .usage = usage, .keys = keys};

	o->command = take_command(&argc, argv);
	cli.flags = o->command ? command_flags(o->command) : NULL;
	if (o->command && !cli.flags)
		return log_warnx("unknown command '%s'; try 'node-fleet --help'", o->command);
	if (!o->command) {
		/* --help and --version still answer without a command, and
		 * the flags every command takes are not the error. */
		cli.flags = command_flags("hotspots");
		if (cli_parse(&cli, argc, argv) < 0)
			return -1;
		return log_warnx("a command is wanted: hotspots, place or reclaim; try "
				 "'node-fleet --help'");
	}
	if (cli_parse(&cli, argc, argv) < 0)
		return -1;
	c->o.now = cli.has_now ? (double)cli.now : (double)time(NULL);
	if (vmout_parse_format(o->format, &c->format) < 0)
		return log_warnx("--format wants table, csv or json, not '%s'", o->format);
	if (strncmp(o->prometheus, "http://", 7) != 0 && strncmp(o->prometheus, "https://", 8) != 0)
		return log_warnx("--prometheus wants an http:// or https:// URL, not '%s'",
				 o->prometheus);
	if (c->o.hotspot_k > c->o.hotspot_n || c->o.hotspot_n == 0)
		return log_warnx("hotspot_n wants 1 or more, and hotspot_k at most hotspot_n");
	if (c->days == 0)
		return log_warnx("--days wants 1 or more");
	if (o->timeout == 0)
		return log_warnx("--timeout wants 1 second or more");
	c->o.lim = (struct plan_limits){(double)o->cpu_pct / 100, (double)o->mem_pct / 100,
					(double)o->net_limit, (double)o->net_capacity};
	return strcmp(o->command, "place") == 0 ? check_place(o) : 0;
}

static int run(struct options *o)
{
	struct prom p;
	int status;

	if (prom_open(&p, o->prometheus, o->timeout) < 0)
		return CMD_FAILED;
	if (strcmp(o->command, "hotspots") == 0)
		status = cmd_hotspots(&o->c, &p);
	else if (strcmp(o->command, "place") == 0)
		status = cmd_place(&o->c, &p);
	else
		status = cmd_reclaim(&o->c, &p);
	fflush(stdout);
	if (o->timings)
		log_info(
		    "timings: %u queries, promql %.1f ms (HTTP), json %.1f ms, planning %.2f ms",
		    p.queries, p.http_s * 1e3, p.json_s * 1e3, o->c.plan_s * 1e3);
	prom_close(&p);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {
	    .cpu_pct = 90,
	    .mem_pct = 90,
	    .net_limit = 100000000,
	    .net_capacity = 125000000,
	    .timeout = 10,
	    .c = {.o = {.hotspot_k = 3, .hotspot_n = 5}, .below = 10, .days = 7, .top = 10}};
	int status = CMD_USAGE;

	log_init("node-fleet");
	o.prometheus = strdup("http://127.0.0.1:9090");
	o.format = strdup("table");
	o.net = strdup("0");
	o.cpu = strdup("1");
	if (o.prometheus && o.format && o.net && o.cpu && parse_args(argc, argv, &o) == 0)
		status = run(&o);
	free(o.prometheus);
	free(o.format);
	free(o.memory);
	free(o.net);
	free(o.cpu);
	return status;
}
