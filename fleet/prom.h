/* prom: a client of Prometheus' HTTP API (libcurl), that times its round
 * trips. The only file that includes curl's headers. */
#ifndef NM_PROM_H
#define NM_PROM_H

#include "promjson.h"

struct prom {
	const char *url;       /* the base URL, e.g. http://127.0.0.1:9090 */
	unsigned long timeout; /* seconds per query */
	void *curl;	       /* the easy handle, kept between queries */
	unsigned queries;      /* round trips made */
	double http_s, json_s; /* time spent in them, and parsing answers */
};

/* Starts a client of url; url is borrowed. Returns 0, or -1 logged. */
int prom_open(struct prom *p, const char *url, unsigned long timeout);

/* An instant query evaluated at time at (seconds since 1970). Returns 0
 * with r filled, or -1 with one line logged naming the URL and the cause
 * (not reachable, an HTTP error, Prometheus' errorType and error). */
int prom_query(struct prom *p, const char *promql, double at, struct prom_result *r);

/* A range query from start to end, one point every step seconds. */
int prom_query_range(struct prom *p, const char *promql, double start, double end, double step,
		     struct prom_result *r);

void prom_close(struct prom *p);

#endif
