/* csv: the value formats of the files node-report writes. */
#ifndef NM_CSV_H
#define NM_CSV_H

#include <stdint.h>

#include "afile.h"

/* A decimal integer. */
void csv_int(struct afile *f, int64_t v);

/* A real number, shortest exact form up to 15 digits ("12.5", "0.0009765625"). */
void csv_real(struct afile *f, double v);

/* An integer in hundredths (decimals 2) or ten-thousandths (4), as SQLite
 * prints the REAL it stands for: "0.0", "0.01", "12.5", "-3.25". */
void csv_fixed(struct afile *f, int64_t v, int decimals);

/* A text field, quoted as RFC 4180 says when it holds a comma, a quote, CR
 * or LF (quotes are doubled). */
void csv_text(struct afile *f, const char *s);

/* "YYYY-MM-DD HH:MM:SS" in UTC. */
void csv_stamp(struct afile *f, int64_t ts);

/* Writes src into dst (size len) with every byte other than ASCII letters,
 * digits, '.' and '_' replaced by '_', so that it can be part of a file
 * name: "/dev/sda1" gives "_dev_sda1". */
void csv_name_part(char *dst, size_t len, const char *src);

#endif
