/* promfile: the metrics of the stored runs, written for node_exporter's
 * textfile collector. */
#include "promfile.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "log.h"
#include "metrics.h"

int promfile_write(sqlite3 *db, const char *path)
{
	struct metrics_out m = {SBUF_INIT, NULL, 0};
	struct afile f;
	char host[256], err[512];

	if (gethostname(host, sizeof(host)) < 0)
		strcpy(host, "node");
	host[sizeof(host) - 1] = '\0';
	if (metrics_collect(db, host, &m, err, sizeof(err)) < 0) {
		metrics_release(&m);
		return log_warnx("--prom-textfile %s: reading the database: %s; the run was stored",
				 path, err);
	}
	/* A temporary name in the same folder, then a rename: the textfile
	 * collector reads the old file or the new one, never half of one.
	 * Its name starts with '.', which the collector skips (it reads
	 * *.prom only). */
	if (afile_open(&f, path) < 0) {
		metrics_release(&m);
		return log_warn("--prom-textfile %s: cannot write it; the run was stored", path);
	}
	afile_write(&f, m.buf.s ? m.buf.s : "", m.buf.len);
	metrics_release(&m);
	if (afile_commit(&f) < 0)
		return log_warn("--prom-textfile %s: cannot write it; the run was stored", path);
	return 0;
}
