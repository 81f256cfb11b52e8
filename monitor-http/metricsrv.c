/* metricsrv: /<secret>/metrics, the latest samples of the collector's
 * database in Prometheus' text format.
 *
 * The database is opened read-only at start, before the privileges are
 * dropped and before Landlock confines the process, and the connection is
 * kept. A WAL reader needs the -wal and -shm files beside the database,
 * and creates them when the collector removed them at its exit (which it
 * does when it is the last connection). Opened early, as root, they are
 * created if need be and stay open; and as long as this connection holds
 * its shared lock on the database, the collector no longer removes them.
 * No rule of the Landlock ruleset, no write right on the database's folder
 * is then needed, whatever --user is. A database that is missing at start
 * is opened at the first scrape that finds it, which works without
 * Landlock or when the user may create the -wal and -shm files; otherwise
 * every scrape answers 503 with the reason until slapmonitor restarts. */
#include "metricsrv.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "db.h"
#include "log.h"
#include "metrics.h"
#include "mhd.h"

/* A WAL reader waits only while a writer recovers the WAL: short. */
#define METRICSRV_BUSY_MS 250

static struct {
	pthread_mutex_t lock; /* scrapes one at a time: one connection */
	const char *path;
	sqlite3 *db;
	dev_t dev; /* the file that db reads */
	ino_t ino;
} msrv = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Opens the database, or says why not in err. Returns 0 or -1. */
static int metricsrv_connect(char *err, size_t errlen)
{
	struct stat sb;

	msrv.db = db_open_reader(msrv.path, METRICSRV_BUSY_MS, err, errlen);
	if (!msrv.db)
		return -1;
	if (stat(msrv.path, &sb) == 0) {
		msrv.dev = sb.st_dev;
		msrv.ino = sb.st_ino;
	}
	return 0;
}

void metricsrv_open(const char *path)
{
	struct stat sb;
	char err[512];

	msrv.path = path;
	/* No collector here (yet): the scrapes say so, if any comes. */
	if (stat(path, &sb) < 0 && errno == ENOENT)
		return;
	if (metricsrv_connect(err, sizeof(err)) < 0)
		log_warnx("metrics: %s (/metrics answers 503 until it can be opened)", err);
}

void metricsrv_close(void)
{
	sqlite3_close(msrv.db);
	msrv.db = NULL;
}

/* Writes the metrics into m; a database replaced since it was opened (a
 * new inode under the name) is opened again. Returns 0, or -1 with the
 * reason, naming the file, in err. */
static int metricsrv_collect(const char *host, struct metrics_out *m, char *err, size_t errlen)
{
	struct stat sb;
	char why[512];

	if (msrv.db && stat(msrv.path, &sb) == 0 &&
	    (sb.st_ino != msrv.ino || sb.st_dev != msrv.dev))
		metricsrv_close();
	if (!msrv.db && metricsrv_connect(err, errlen) < 0)
		return -1;
	if (metrics_collect(msrv.db, host, m, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s: %s", msrv.path, why);
		metricsrv_close();
		return -1;
	}
	return 0;
}

enum MHD_Result metricsrv_respond(const struct server_conf *conf, struct MHD_Connection *c,
				  const char *method, const char *url)
{
	struct metrics_out m = {SBUF_INIT, NULL, 0};
	struct MHD_Response *r;
	char err[600];
	size_t len;
	char *body;
	int rc;

	pthread_mutex_lock(&msrv.lock);
	rc = metricsrv_collect(conf->host, &m, err, sizeof(err));
	pthread_mutex_unlock(&msrv.lock);
	if (rc < 0) {
		metrics_release(&m);
		return refuse_request(conf, c, method, url, MHD_HTTP_SERVICE_UNAVAILABLE, err);
	}
	body = sbuf_detach(&m.buf, &len);
	r = MHD_create_response_from_buffer_with_free_callback(len, body, free);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				"text/plain; version=0.0.4; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return respond_queue(c, MHD_HTTP_OK, r);
}
