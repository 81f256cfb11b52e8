/* node-collect: flags and configuration, then one run (or one per interval). */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "cli.h"
#include "clock.h"
#include "collect.h"
#include "daytime.h"
#include "db.h"
#include "dbcheck.h"
#include "lock.h"
#include "log.h"
#include "paths.h"
#include "promfile.h"
#include "slapcfg.h"
#include "users.h"
#include "vm.h"
#include "xalloc.h"

#define EXIT_NOTHING 1
#define EXIT_USAGE   2
#define EXIT_PARTIAL 3

struct options {
	char *db;
	char *users;	      /* NULL: the base name followed by digits */
	char *partition_base; /* SlapOS' partition users' base name */
	char *libvirt;	      /* --libvirt */
	char *libvirt_uri;    /* the configuration's, which --libvirt overrides */
	char *prom_textfile;  /* --prom-textfile: the metrics for node_exporter */
	char *slapos_config;  /* --slapos-config: SlapOS' slapos.cfg, or NULL */
	/* What slapos_config holds. users and partition_base come from it when
	 * neither a flag nor node-monitor's file set them; instance_root,
	 * computer_id, partition_base_name and the [collect] folder size
	 * settings are kept here for the partition folder sizes and the
	 * consumption reports. */
	struct slapos_config slapos;
	unsigned long libvirt_timeout;
	/* The folder sizes scope: [collect] folder_* keys, then slapos.cfg. */
	int folder_sizes;
	unsigned long folder_cycle; /* 0 until a key sets it */
	unsigned long folder_budget_ms, folder_budget_entries, folder_max_runs;
	char *folder_lock_dir;
	struct folder_conf folder;
	int store_command;
	unsigned long interval;
	int has_now;
	unsigned long now;
	int has_boottime; /* NODE_COLLECT_BOOTTIME was set (tests) */
	int64_t boottime_ns;
	int benchmark;	      /* --benchmark: benchmark now, no snapshot */
	char *benchmark_hour; /* the daily benchmark's UTC hour, or "off" */
	char *benchmark_peer; /* a slapmonitor's private URL, for the network */
	int bench_hour;	      /* benchmark_hour parsed: -1 off */
};

static volatile sig_atomic_t stop_requested;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: node-collect [--config FILE] [--db PATH] [--users GLOB[,GLOB...]]\n"
		"                    [--libvirt URI] [--libvirt-timeout SECONDS]\n"
		"                    [--now EPOCH] [--interval SECONDS] [--prom-textfile PATH]\n"
		"                    [--slapos-config SLAPOS_CFG] [--benchmark]\n"
		"Takes one snapshot of user processes, system, computer, disks and, with\n"
		"--libvirt, virtual machines into the SQLite database PATH (default %s).\n"
		"--prom-textfile writes the latest metrics to PATH for node_exporter.\n"
		"--slapos-config takes the partition users from SlapOS' slapos.cfg.\n"
		"--benchmark benchmarks the machine now instead of taking a snapshot.\n"
		"Exit: 0 stored, 1 nothing stored, 2 usage error, 3 a scope failed.\n",
		PATHS_DB);
}

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* The benchmark, with --benchmark or when the daily one is due, after the
 * snapshot. Returns the exit status, which status was before. */
static int run_bench(const struct options *o, sqlite3 *db, int64_t ts, int status, int print)
{
	int due = o->benchmark ? 1 : bench_due(db, ts, o->bench_hour), rows;

	if (due == 0)
		return status;
	if (due < 0)
		return EXIT_PARTIAL;
	rows = bench_collect(db, ts, o->db, o->benchmark_peer, print || o->benchmark);
	if (rows >= 0)
		return !o->benchmark ? status : rows > 0 ? EXIT_SUCCESS : EXIT_NOTHING;
	return o->benchmark && db_stuck() ? EXIT_NOTHING : EXIT_PARTIAL;
}

/* --benchmark: the benchmark alone, then the metrics file. */
static int run_bench_only(const struct options *o, sqlite3 *db, int64_t ts, int print)
{
	int status = run_bench(o, db, ts, EXIT_NOTHING, print);

	if (status != EXIT_NOTHING && o->prom_textfile && *o->prom_textfile &&
	    promfile_write(db, o->prom_textfile) < 0)
		status = EXIT_PARTIAL;
	return status;
}

/* One snapshot under the lock. Returns the exit status of that run. */
static int run_once(const struct options *o, const struct collect_clock *when, int chatty)
{
	struct users users = {0};
	struct collect_result r;
	struct collect_vm vm = {o->libvirt, (unsigned)o->libvirt_timeout};
	char err[512], date[11], at[9];
	sqlite3 *db = NULL;
	int lockfd, status = EXIT_NOTHING;
	unsigned failures = db_failures();

	lockfd = lock_acquire(o->db, ".lock");
	if (lockfd < 0) {
		if (errno == EWOULDBLOCK)
			log_warnx("another run holds %s.lock; this run stores nothing", o->db);
		else
			log_warn("lock %s.lock", o->db);
		return EXIT_NOTHING;
	}
	db = db_open(o->db, DB_CREATE, err, sizeof(err));
	if (!db) {
		log_warnx("%s; nothing stored", err);
		goto out;
	}
	if (db_check_due(db, when->ts) && db_check_full(db, o->db, err, sizeof(err)) < 0) {
		log_warnx("%s; nothing stored", err);
		goto out;
	}
	if (o->benchmark) {
		status = run_bench_only(o, db, when->ts, chatty);
		goto out;
	}
	if (users_load(o->users, o->partition_base, &users) < 0)
		goto out;
	if (collect_run(db, &users, o->store_command, &vm, &o->folder, when, &r) < 0) {
		if (!r.refused && db_failures() == failures)
			log_warnx("nothing stored in %s", o->db);
		goto out;
	}
	status = EXIT_SUCCESS;
	for (unsigned bit = 1; bit < SCOPE_ALL; bit <<= 1) {
		if (r.failed & bit) {
			log_warnx("scope %s failed; the others were stored",
				  collect_scope_name(bit));
			status = EXIT_PARTIAL;
		}
	}
	if (o->prom_textfile && *o->prom_textfile && promfile_write(db, o->prom_textfile) < 0)
		status = EXIT_PARTIAL;
	status = run_bench(o, db, when->ts, status, chatty);
	if (chatty) {
		daytime_date(when->ts, date);
		daytime_time(when->ts, at);
		printf("%s %s stored %d processes, %d disks, %d interfaces", date, at, r.procs,
		       r.disks, r.ifaces);
		if (o->libvirt)
			printf(", %d VMs", r.vms);
		putchar('\n');
		fflush(stdout);
	}
out:
	users_release(&users);
	sqlite3_close(db);
	close(lockfd);
	return status;
}

/* Refuses a database path that cannot be written, before anything is. */
static int check_writable(const char *path)
{
	char copy[PATH_MAX];
	const char *dir;

	if (access(path, F_OK) == 0) {
		if (access(path, R_OK | W_OK) < 0)
			return log_warn("database %s", path);
	} else if (errno != ENOENT) {
		return log_warn("database %s", path);
	}
	if ((size_t)snprintf(copy, sizeof(copy), "%s", path) >= sizeof(copy))
		return log_warnx("database path too long");
	dir = dirname(copy);
	if (access(dir, W_OK | X_OK) < 0)
		return log_warn("database directory %s", dir);
	return 0;
}

/* NODE_COLLECT_BOOTTIME, for tests: CLOCK_BOOTTIME in seconds, as --now
 * replaces the wall clock. Read here only, like every clock. */
static int parse_boottime(struct options *o)
{
	const char *v = getenv("NODE_COLLECT_BOOTTIME");

	if (!v)
		return 0;
	if (clock_parse_seconds(v, &o->boottime_ns) < 0)
		return log_warnx("NODE_COLLECT_BOOTTIME wants seconds since boot, not '%s'", v);
	o->has_boottime = 1;
	return 0;
}

/* NODE_COLLECT_BENCHMARK_MS, for tests: how long each benchmark part may
 * run, so that a test sees the parts cut at their deadline. */
static int parse_bench_ms(void)
{
	const char *v = getenv("NODE_COLLECT_BENCHMARK_MS");
	unsigned long ms;

	if (!v)
		return 0;
	if (parse_ulong(v, 60000, &ms) < 0)
		return log_warnx("NODE_COLLECT_BENCHMARK_MS wants 0 to 60000 ms, not '%s'", v);
	bench_set_part_ms(ms);
	return 0;
}

/* Reads --slapos-config, if given, into o->slapos, and takes from it the
 * partition users and their base name where no flag nor node-monitor's
 * file set them; then the default base name where nothing did. */
static int apply_slapos(struct options *o)
{
	if (o->slapos_config) {
		char err[512];

		if (slapcfg_load(o->slapos_config, &o->slapos, err, sizeof(err)) < 0)
			return log_warnx("%s", err);
		if (!o->users && o->slapos.has_partition_amount)
			o->users = slapcfg_users(o->slapos.user_base_name ? o->slapos.user_base_name
									  : "slapuser",
						 o->slapos.partition_amount);
		if (!o->partition_base && o->slapos.user_base_name)
			o->partition_base = xstrdup(o->slapos.user_base_name);
	}
	if (!o->partition_base)
		o->partition_base = xstrdup("slapuser");
	return 0;
}

/* The folder sizes scope's settings: node-monitor's keys first, then what
 * slapos.cfg says (report_disk_usage, disk_snapshot_time_cycle), then the
 * defaults. */
static void apply_folder(struct options *o)
{
	struct folder_conf *f = &o->folder;
	int slapos = o->slapos_config != NULL;

	f->enabled = o->folder_sizes && (!slapos || o->slapos.report_disk_usage);
	f->cycle_s = o->folder_cycle ? o->folder_cycle
		     : slapos && o->slapos.disk_snapshot_time_cycle
			 ? o->slapos.disk_snapshot_time_cycle
			 : DAYTIME_DAY_SECONDS;
	f->budget_ms = o->folder_budget_ms;
	f->budget_entries = o->folder_budget_entries;
	f->max_runs = o->folder_max_runs;
	f->lock_dir = o->folder_lock_dir ? o->folder_lock_dir : FOLDER_LOCK_DIR;
	if (slapos) {
		f->instance_root = o->slapos.instance_root;
		f->partition_base = o->slapos.partition_base_name;
		f->user_base = o->slapos.user_base_name;
	}
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const char *const flags[] = {
	    "db",	"users",	 "libvirt",	  "libvirt-timeout",
	    "interval", "prom-textfile", "slapos-config", "benchmark",
	    NULL};
	const struct config_key keys[] = {
	    {"collect", "db", CONFIG_PATH, &o->db, 0},
	    {"collect", "users", CONFIG_STR, &o->users, 0},
	    {"collect", "partition_base", CONFIG_STR, &o->partition_base, 0},
	    {"collect", "libvirt", CONFIG_STR, &o->libvirt, 0},
	    {"collect", "libvirt_uri", CONFIG_STR, &o->libvirt_uri, 0},
	    {"collect", "libvirt_timeout", CONFIG_UINT, &o->libvirt_timeout, 3600},
	    {"collect", "interval", CONFIG_UINT, &o->interval, DAYTIME_DAY_SECONDS},
	    {"collect", "store_command", CONFIG_BOOL, &o->store_command, 0},
	    {"collect", "prom_textfile", CONFIG_STR, &o->prom_textfile, 0},
	    {"collect", "slapos_config", CONFIG_PATH, &o->slapos_config, 0},
	    {"collect", "folder_sizes", CONFIG_BOOL, &o->folder_sizes, 0},
	    {"collect", "folder_cycle", CONFIG_POSITIVE, &o->folder_cycle,
	     366UL * DAYTIME_DAY_SECONDS},
	    {"collect", "folder_budget_ms", CONFIG_POSITIVE, &o->folder_budget_ms, 50000},
	    {"collect", "folder_budget_entries", CONFIG_UINT, &o->folder_budget_entries,
	     1000000000},
	    {"collect", "folder_max_runs", CONFIG_POSITIVE, &o->folder_max_runs, 100000},
	    {"collect", "folder_lock_dir", CONFIG_PATH, &o->folder_lock_dir, 0},
	    {"collect", "benchmark", CONFIG_BOOL, &o->benchmark, 0},
	    {"collect", "benchmark_hour", CONFIG_STR, &o->benchmark_hour, 0},
	    {"collect", "benchmark_peer", CONFIG_STR, &o->benchmark_peer, 0},
	    {NULL, NULL, CONFIG_STR, NULL, 0},
	};
	struct cli cli = {.prog = "node-collect", .usage = usage, .keys = keys, .flags = flags};
	char err[512];

	if (cli_parse(&cli, argc, argv) < 0)
		return -1;
	o->has_now = cli.has_now;
	o->now = cli.now;
	if (parse_boottime(o) < 0 || parse_bench_ms() < 0 || apply_slapos(o) < 0)
		return -1;
	apply_folder(o);
	if (!o->libvirt && o->libvirt_uri) {
		o->libvirt = o->libvirt_uri;
		o->libvirt_uri = NULL;
	}
	if (o->libvirt && *o->libvirt == '\0')
		return log_warnx("--libvirt wants a URI");
	if (o->libvirt && o->libvirt_timeout < 1)
		return log_warnx("libvirt_timeout wants 1 to 3600 seconds, not 0");
	if (bench_parse_hour(o->benchmark_hour, &o->bench_hour) < 0)
		return log_warnx("benchmark_hour wants off or an hour 0 to 23 (UTC), not '%s'",
				 o->benchmark_hour);
	if (o->users && users_globs_check(o->users, err, sizeof(err)) < 0)
		return log_warnx("--users: %s", err);
	if (users_base_check(o->partition_base, err, sizeof(err)) < 0)
		return log_warnx("partition_base: %s", err);
	return check_writable(o->db);
}

int main(int argc, char **argv)
{
	struct options o = {0};
	struct sigaction sa;
	struct collect_clock when = {0};
	int status;

	log_init("node-collect");
	db_set_fail_note("; nothing stored");
	vm_set_program(argv[0]);
	o.db = strdup(PATHS_DB);
	o.libvirt_timeout = 10;
	o.folder_sizes = 1;
	o.folder_budget_ms = 5000;
	o.folder_max_runs = 60;
	status = EXIT_USAGE;
	if (!o.db || parse_args(argc, argv, &o) < 0)
		goto out;
	when.ts = o.has_now ? (int64_t)o.now : (int64_t)time(NULL);
	when.has_boottime = o.has_boottime;
	when.boottime_ns = o.boottime_ns;
	if (o.interval == 0) {
		status = run_once(&o, &when, isatty(STDOUT_FILENO));
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	do {
		struct timespec pause = {.tv_sec = (time_t)o.interval};

		status = run_once(&o, &when, 1);
		/* Sleep to the next multiple of the interval, so that samples of
		 * many nodes line up; --now steps by the interval instead. */
		if (!o.has_now)
			pause.tv_sec =
			    (time_t)(o.interval - (unsigned long)time(NULL) % o.interval);
		while (!stop_requested && nanosleep(&pause, &pause) < 0 && errno == EINTR)
			;
		when.ts = o.has_now ? when.ts + (int64_t)o.interval : (int64_t)time(NULL);
		/* A driven monotonic clock advances with the interval too. */
		when.boottime_ns += (int64_t)o.interval * CLOCK_NS_PER_S;
	} while (!stop_requested);
out:
	free(o.db);
	free(o.users);
	free(o.partition_base);
	free(o.libvirt);
	free(o.libvirt_uri);
	free(o.prom_textfile);
	free(o.slapos_config);
	free(o.benchmark_hour);
	free(o.benchmark_peer);
	free(o.folder_lock_dir);
	slapcfg_release(&o.slapos);
	return status;
}
