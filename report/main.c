/* node-report: today's plot files, the archives of complete days, and the
 * deletion of old reported rows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "daytime.h"
#include "db.h"
#include "dump.h"
#include "lock.h"
#include "log.h"
#include "paths.h"
#include "plots.h"
#include "retention.h"

#define EXIT_FAILED 1
#define EXIT_USAGE  2

struct options {
	char *db;
	char *out;
	unsigned long keep_days;
	unsigned long level;
	int has_now;
	unsigned long now;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: node-report [--config FILE] [--db PATH] [--out DIR] [--keep-days N]\n"
		"                   [--now EPOCH]\n"
		"Writes today's plot files into DIR (default %s), archives every complete\n"
		"day not yet reported as DIR/YYYY-MM-DD.tar.gz, marks it reported, and\n"
		"deletes reported rows older than N days (default 3) from the database PATH\n"
		"(default %s).\n"
		"Exit: 0 done, 1 something failed (the message says what), 2 usage error.\n",
		PATHS_OUT, PATHS_DB);
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const char *const flags[] = {"db", "out", "keep-days", NULL};
	const struct config_key keys[] = {
	    {"report", "db", CONFIG_STR, &o->db, 0},
	    {"report", "out", CONFIG_STR, &o->out, 0},
	    {"report", "keep_days", CONFIG_UINT, &o->keep_days, 36500},
	    {"report", "gzip_level", CONFIG_UINT, &o->level, 9},
	    {NULL, NULL, CONFIG_STR, NULL, 0},
	};
	struct cli cli = {.prog = "node-report", .usage = usage, .keys = keys, .flags = flags};

	if (cli_parse(&cli, argc, argv) < 0)
		return -1;
	o->has_now = cli.has_now;
	o->now = cli.now;
	if (*o->db == '\0' || *o->out == '\0')
		return log_warnx("--db and --out want a path");
	if (strlen(o->out) > 2048)
		return log_warnx("--out: path too long");
	if (o->level == 0)
		return log_warnx("gzip_level wants 1 to 9");
	return 0;
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
	if (check_out(o->out) < 0)
		goto out;
	status = EXIT_SUCCESS;
	if (dump_sweep(db, o->out) < 0)
		status = EXIT_FAILED;
	if (dump_days(db, &d) < 0)
		status = EXIT_FAILED;
	if (plots_write(db, o->out, daytime_day_start(now)) < 0)
		status = EXIT_FAILED;
	if (retention_expire(db, now, o->keep_days) < 0)
		status = EXIT_FAILED;
out:
	sqlite3_close(db);
	close(lockfd);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {.keep_days = 3, .level = 1};
	int status = EXIT_USAGE;

	log_init("node-report");
	o.db = strdup(PATHS_DB);
	o.out = strdup(PATHS_OUT);
	if (o.db && o.out && parse_args(argc, argv, &o) == 0)
		status = report(&o, o.has_now ? (int64_t)o.now : (int64_t)time(NULL));
	free(o.db);
	free(o.out);
	return status;
}
