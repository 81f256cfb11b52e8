/* metricsrv: slapmonitor's /<secret>/metrics (see metricsrv.c for how the
 * database is read). */
#ifndef NM_METRICSRV_H
#define NM_METRICSRV_H

#include "mhd.h"

/* Opens the collector's database at path (kept) read-only, before the
 * privileges are dropped and the process confined; a failure is logged,
 * and retried at each scrape. */
void metricsrv_open(const char *path);

/* Closes it. */
void metricsrv_close(void);

/* Answers a scrape: 200 with the metrics, or 503 with one line logged
 * naming the file when the database cannot be read. */
enum MHD_Result metricsrv_respond(const struct server_conf *conf, struct MHD_Connection *c,
				  const char *method, const char *url);

#endif
