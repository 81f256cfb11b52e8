/* promjson: the answers of Prometheus' HTTP API (/api/v1/query and
 * /api/v1/query_range) parsed into series. Pure: no I/O, never logs. */
#ifndef NM_PROMJSON_H
#define NM_PROMJSON_H

#include <stddef.h>

/* One series of a vector (one value) or a matrix (its values in time
 * order). The labels node-fleet reads are kept; a missing one is NULL. */
struct prom_series {
	char *name;	/* __name__ */
	char *instance; /* the scrape target: identifies a host */
	char *vm;	/* a VM's name */
	char *host;	/* node_monitor_info's host: the name for virsh */
	size_t n;	/* values: 1 for a vector */
	double *t;	/* seconds since 1970 */
	double *v;	/* NaN and infinities as Prometheus writes them */
};

/* What a query returned. prom_result_release frees it. */
struct prom_result {
	struct prom_series *s;
	size_t n;
	double scalar; /* a "scalar" answer's value */
};

#define PROMJSON_API_ERROR (-2)

/* Parses the body of an answer. Returns 0; PROMJSON_API_ERROR for status
 * "error", with Prometheus' own "errorType: error" in err; or -1 with what
 * is wrong with the document in err. r is empty after a failure. */
int promjson_parse(const char *body, size_t len, struct prom_result *r, char *err, size_t errlen);

void prom_result_release(struct prom_result *r);

#endif
