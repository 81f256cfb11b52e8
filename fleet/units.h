/* units: the quantities of node-fleet's command line. Pure. */
#ifndef NM_UNITS_H
#define NM_UNITS_H

/* A size or a rate: a decimal number, then an optional suffix: K, M, G, T
 * (powers of 1000) or Ki, Mi, Gi, Ti (powers of 1024), optionally followed
 * by B ("4G", "512Mi", "1.5GiB", "100M"). Returns 0 with the value in
 * *out, or -1 when s is not such a quantity or is negative. */
int units_parse(const char *s, double *out);

/* A plain non-negative decimal number, all of s. */
int units_number(const char *s, double *out);

#endif
