/* node-report: today's plot files, the archives of complete days, the
 * deletion of old reported rows and the alerts; and the VM reports (vms,
 * reclaim, hotspots) as subcommands. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "daytime.h"
#include "db.h"
#include "dbcheck.h"
#include "alerts.h"
#include "consum.h"
#include "dump.h"
#include "hotspots.h"
#include "lock.h"
#include "log.h"
#include "paths.h"
#include "plotbench.h"
#include "plots.h"
#include "pstatus.h"
#include "query.h"
#include "retention.h"
#include "vmreport.h"

#define EXIT_FAILED 1
#define EXIT_USAGE  2

struct options {
	char *db;
	char *out;
	unsigned long keep_days;
	unsigned long level;
	int has_now;
	unsigned long now;
	const char *command; /* NULL for the normal run, else vms, reclaim or hotspots */
	char *format, *sort;
	struct vmreport_opts vm;
	char *computer_id;
	unsigned long consumption_keep_days, status_entries;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: node-report [--config FILE] [--db PATH] [--out DIR] [--keep-days N]\n"
		"                   [--now EPOCH]\n"
		"       node-report vms [--sort cpu|mem] [--format table|csv|json] [--db PATH]\n"
		"       node-report reclaim [--below PCT] [--days N] [--top X] [--format F]\n"
		"       node-report hotspots [--format F] [--db PATH]\n"
		"Writes today's plot files into DIR (default %s), archives every complete\n"
		"day not yet reported as DIR/YYYY-MM-DD.tar.gz, marks it reported, and\n"
		"deletes reported rows older than N days (default 3) from the database PATH\n"
		"(default %s), and raises or clears alerts (DIR/alerts.log, alerts.csv).\n"
		"The subcommands print VM reports from the database; see node-report(1).\n"
		"Exit: 0 done, 1 something failed (the message says what), 2 usage error.\n",
		PATHS_OUT, PATHS_DB);
}

/* The flags of each subcommand; NULL name for the normal run. */
static const char *const *command_flags(const char *command)
{
	static const char *const run[] = {"db", "out", "keep-days", NULL};
	static const char *const vms[] = {"db", "format", "sort", NULL};
	static const char *const reclaim[] = {"db", "format", "below", "days", "top", NULL};
	static const char *const hotspots[] = {"db", "format", NULL};

	if (!command)
		return run;
	if (strcmp(command, "vms") == 0)
		return vms;
	if (strcmp(command, "reclaim") == 0)
		return reclaim;
	if (strcmp(command, "hotspots") == 0)
		return hotspots;
	return NULL;
}

/* The VM settings after the flags: the format and sort words. */
static int check_vm_args(struct options *o)
{
	if (vmout_parse_format(o->format, &o->vm.format) < 0)
		return log_warnx("--format wants table, csv or json, not '%s'", o->format);
	/* cli_parse stores the strings through the key table, which the
	 * analyzer does not follow; main() frees them. */
	if (strcmp(o->sort, "cpu") != 0 && // NOLINT(clang-analyzer-unix.Malloc)
	    strcmp(o->sort, "mem") != 0)
		return log_warnx("--sort wants cpu or mem, not '%s'", o->sort);
	o->vm.by_mem = strcmp(o->sort, "mem") == 0;
	return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	struct vmreport_opts *v = &o->vm;
	const struct config_key keys[] = {
	    {"report", "db", CONFIG_PATH, &o->db, 0},
	    {"report", "out", CONFIG_PATH, &o->out, 0},
	    {"report", "keep_days", CONFIG_UINT, &o->keep_days, 36500},
	    {"report", "gzip_level", CONFIG_UINT, &o->level, 9},
	    {"report", "vm_cpu_percent", CONFIG_UINT, &v->vm_cpu_percent, 100},
	    {"report", "vm_memory_percent", CONFIG_UINT, &v->vm_memory_percent, 100},
	    {"report", "host_cpu_percent", CONFIG_UINT, &v->host_cpu_percent, 100},
	    {"report", "host_memory_percent", CONFIG_UINT, &v->host_memory_percent, 100},
	    {"report", "disk_free_percent", CONFIG_UINT, &v->disk_free_percent, 100},
	    {"report", "net_bytes_per_second", CONFIG_UINT, &v->net_bytes_per_second, ULONG_MAX},
	    {"report", "net_capacity", CONFIG_UINT, &v->net_capacity, ULONG_MAX},
	    {"report", "alert_samples", CONFIG_UINT, &v->alert_samples, 10000},
	    {"report", "clear_samples", CONFIG_UINT, &v->clear_samples, 10000},
	    {"report", "hotspot_k", CONFIG_UINT, &v->hotspot_k, 10000},
	    {"report", "hotspot_n", CONFIG_UINT, &v->hotspot_n, 10000},
	    {"report", "below", CONFIG_UINT, &v->below, 100},
	    {"report", "days", CONFIG_UINT, &v->days, 3650},
	    {"report", "top", CONFIG_UINT, &v->top, 1000000},
	    {"report", "format", CONFIG_STR, &o->format, 0},
	    {"report", "sort", CONFIG_STR, &o->sort, 0},
	    {"report", "computer_id", CONFIG_STR, &o->computer_id, 0},
	    {"report", "consumption_keep_days", CONFIG_UINT, &o->consumption_keep_days, 36500},
	    {"report", "status_entries", CONFIG_UINT, &o->status_entries, 1000000},
	    {NULL, NULL, CONFIG_STR, NULL, 0},
	};
	struct cli cli = {.prog = "node-report", .usage = usage, .keys = keys};

	if (argc > 1 && argv[1][0] != '-') {
		o->command = argv[1];
		argc--;
		argv++;
	}
	cli.flags = command_flags(o->command);
	if (!cli.flags)
		return log_warnx("unknown command '%s'; try 'node-report --help'", o->command);
	if (cli_parse(&cli, argc, argv) < 0)
		return -1;
	o->has_now = cli.has_now;
	o->now = cli.now;
	if (strlen(o->out) > 2048)
		return log_warnx("--out: path too long");
	if (o->vm.hotspot_k > o->vm.hotspot_n)
		return log_warnx("hotspot_k wants at most hotspot_n (%lu)", o->vm.hotspot_n);
	return check_vm_args(o);
}

/* The out directory: created if missing (its parent must exist), and it
 * must be writable. */
static int check_out(const char *out)
{
	struct stat sb;

	if (mkdir(out, 0755) < 0 && errno != EEXIST)
		return log_warn("out directory %s", out);
	if (stat(out, &sb) < 0)
		return log_warn("out directory %s", out);
	if (!S_ISDIR(sb.st_mode))
		return log_warnx("out directory %s: not a directory", out);
	if (access(out, W_OK | X_OK) < 0)
		return log_warn("out directory %s", out);
	return 0;
}

/* Takes the lock beside the database, before the database is opened or
 * migrated. A missing or unwritable database is refused first, so that no
 * lock file is left beside a database that is not there. Returns the lock's
 * descriptor, or -1 with one line logged. */
static int report_lock(const char *db)
{
	int fd;

	if (access(db, R_OK | W_OK) < 0)
		return log_warn("%s", db);
	fd = lock_acquire(db, ".report.lock");
	if (fd < 0 && errno == EWOULDBLOCK)
		return log_warnx("another node-report holds %s.report.lock; this one does nothing",
				 db);
	if (fd < 0)
		return log_warn("lock %s.report.lock", db);
	return fd;
}

/* The whole file is checked while it is small and whenever a complete day
 * waits to be archived (the first run of each UTC day), before anything is
 * written in the out dir. Returns 0, or -1 with one line logged. */
static int report_check(sqlite3 *db, const char *path, int64_t now)
{
	struct query_days days = {0};
	char err[512];
	int due = db_check_due(db, now);

	if (!due && query_pending_days(db, daytime_day_start(now) / DAYTIME_DAY_SECONDS, &days) < 0)
		due = 1;
	if (days.n)
		due = 1;
	free(days.v);
	if (due && db_check_full(db, path, err, sizeof(err)) < 0)
		return log_warnx("%s; nothing written", err);
	return 0;
}

/* The steps of a run, each attempted even when one before it failed,
 * unless the database itself is stuck (one line said so already). */
static int report_steps(sqlite3 *db, const struct options *o, const struct dump_opts *d,
			int64_t now)
{
	int failed = dump_sweep(db, o->out) < 0, full = 0;

	if (!db_stuck())
		failed |= dump_days(db, d, &full) < 0;
	/* An out directory without room was said once; the files are left for
	 * the next run (the alerts too: it replays the samples since the last
	 * transition). */
	if (!db_stuck() && !full && plots_write(db, o->out, daytime_day_start(now)) < 0) {
		failed = 1;
		full = errno == ENOSPC || errno == EDQUOT;
	}
	if (!db_stuck() && !full)
		failed |= plotbench_write(db, o->out) < 0;
	if (!db_stuck() && !full)
		failed |= alerts_run(db, o->out, now, &o->vm) < 0;
	/* Before the retention: a day's report needs its rows. */
	if (!db_stuck() && !full)
		failed |= consum_run(db, o->out, now, o->consumption_keep_days, o->computer_id) < 0;
	if (!db_stuck() && !full)
		failed |= pstatus_run(db, o->out, now, o->status_entries) < 0;
	if (!db_stuck()) {
		int expired = retention_expire(db, now, o->keep_days);
		failed |= expired < 0 || (expired > 0 && db_convert_incremental(db, o->db) < 0);
	}
	return failed ? EXIT_FAILED : EXIT_SUCCESS;
}

static int report(const struct options *o, int64_t now)
{
	struct dump_opts d = {
	    .out = o->out, .now = now, .level = (int)o->level, .progress = isatty(STDERR_FILENO)};
	char err[512];
	sqlite3 *db = NULL;
	int lockfd, status = EXIT_FAILED;

	lockfd = report_lock(o->db);
	if (lockfd < 0)
		return EXIT_FAILED;
	db = db_open(o->db, DB_WRITE, err, sizeof(err));
	if (!db) {
		log_warnx("%s", err);
		goto out;
	}
	if (report_check(db, o->db, now) < 0 || check_out(o->out) < 0)
		goto out;
	status = report_steps(db, o, &d, now);
out:
	sqlite3_close(db);
	close(lockfd);
	return status;
}

/* A VM report: reads the database only, and takes no lock. */
static int vm_command(const struct options *o, int64_t now)
{
	char err[512];
	sqlite3 *db = db_open(o->db, DB_READONLY, err, sizeof(err));
	int rc;

	if (!db) {
		log_warnx("%s", err);
		return EXIT_FAILED;
	}
	if (strcmp(o->command, "vms") == 0)
		rc = vmreport_vms(db, now, &o->vm);
	else if (strcmp(o->command, "reclaim") == 0)
		rc = vmreport_reclaim(db, now, &o->vm);
	else
		rc = hotspots_report(db, now, &o->vm);
	sqlite3_close(db);
	return rc < 0 ? EXIT_FAILED : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	struct options o = {.keep_days = 3,
			    .level = 1,
			    .vm = {.vm_cpu_percent = 90,
				   .vm_memory_percent = 90,
				   .host_cpu_percent = 90,
				   .host_memory_percent = 90,
				   .disk_free_percent = 10,
				   .net_bytes_per_second = 100000000,
				   .net_capacity = 125000000,
				   .alert_samples = 3,
				   .clear_samples = 3,
				   .hotspot_k = 3,
				   .hotspot_n = 5,
				   .below = 10,
				   .days = 7,
				   .top = 10},
			    .consumption_keep_days = 90,
			    .status_entries = 1440};
	char host[256] = "";
	int status = EXIT_USAGE;

	log_init("node-report");
	o.db = strdup(PATHS_DB);
	o.out = strdup(PATHS_OUT);
	o.format = strdup("table");
	o.sort = strdup("cpu");
	if (gethostname(host, sizeof(host) - 1) < 0 || !host[0])
		snprintf(host, sizeof(host), "localhost");
	o.computer_id = strdup(host);
	if (o.db && o.out && o.format && o.sort && o.computer_id &&
	    parse_args(argc, argv, &o) == 0) {
		int64_t now = o.has_now ? (int64_t)o.now : (int64_t)time(NULL);
		status = o.command ? vm_command(&o, now) : report(&o, now);
	}
	free(o.db);
	free(o.out);
	free(o.format);
	free(o.sort);
	free(o.computer_id);
	return status;
}
