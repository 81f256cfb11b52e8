/* consumfmt: the text of the daily consumption reports (SlapOS' XML
 * journal and its JSON twin) and the numbers as SlapOS' Python prints
 * them. Pure: no file, no database. */
#ifndef NM_CONSUMFMT_H
#define NM_CONSUMFMT_H

#include <stddef.h>

#include "sbuf.h"

/* A figure that may be missing (no rows for it that day). */
struct consum_fig {
	int has;
	double v;
};

/* One partition's daily averages: CPU percent, memory and disk in MiB. */
struct consum_part {
	char *name;
	struct consum_fig cpu, mem, disk;
};

/* One UTC day's report. */
struct consum_day {
	char date[11]; /* "YYYY-MM-DD" */
	const char *computer_id;
	struct consum_fig cpu, mem, disk; /* the computer's */
	struct consum_part *parts;	  /* sorted by name */
	size_t nparts;
};

/* Writes v as Python's str(float) does: the shortest text that reads back
 * as v, with ".0" on whole numbers and an exponent from 1e16 up or below
 * 1e-4 (e.g. "12.5", "3.0", "1e-05"). out holds at least 32 bytes. */
void consum_pyfloat(double v, char *out, size_t len);

/* Python's str(round(v, 2)): v rounded to 2 decimals, then as above. */
void consum_round2(double v, char *out, size_t len);

/* Appends s to b as a JSON string, quotes included. */
void consum_json_str(struct sbuf *b, const char *s);

/* The XML journal of a day, as SlapOS' ConsumptionReport.buildXMLReport
 * lays it out (see the README for what differs and why). */
void consum_xml(struct sbuf *b, const struct consum_day *d);

/* The same movements as JSON. */
void consum_json(struct sbuf *b, const struct consum_day *d);

#endif
