/* secret: the 256-bit secret that prefixes every private URL. */
#ifndef NM_SECRET_H
#define NM_SECRET_H

#include "route.h"

/* Reads the secret from path into out (64 lowercase hex digits and a NUL).
 * A missing file is created first, mode 0600, from getrandom(2). A file
 * that its group or others may read or write, that is not a regular file,
 * or that does not hold exactly one 64-digit hex line is refused. Returns 0,
 * or -1 with one line logged. */
int secret_load(const char *path, char out[ROUTE_SECRET_LEN + 1]);

#endif
