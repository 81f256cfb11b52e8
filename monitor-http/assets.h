/* assets: the plot page's own script and stylesheet, compiled in from
 * monitor-http/assets/ by the Makefile. */
#ifndef NM_ASSETS_H
#define NM_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name; /* "plots.js" */
	const char *data;
	size_t len;
	const char *etag; /* quoted: CRC and length of the bytes */
};

extern const struct asset assets[];
extern const size_t assets_count;

#endif
