/* dumpcols: the columns of each daily dump file, SlapOS' own first and in
 * SlapOS' order, then ours in a stable order. */
#ifndef NM_DUMPCOLS_H
#define NM_DUMPCOLS_H

#include <stddef.h>

/* How a column's value is written. */
enum dump_format {
	DUMP_VALUE,    /* as SQLite prints it; text quoted as RFC 4180 says */
	DUMP_CENTI,    /* an integer in hundredths, as the REAL it stands for */
	DUMP_MYRIAD,   /* an integer in ten-thousandths, the same way */
	DUMP_PROCESS,  /* two integers joined by '-': pid and start time */
	DUMP_DATE,     /* the row's UTC date, from its ts */
	DUMP_TIME,     /* the row's UTC time, from its ts */
	DUMP_REPORTED, /* 1: the day is being reported */
};

/* One column of a dump file: its header, its format, and the stored
 * column(s) it is read from (two for DUMP_PROCESS, none for the date, time
 * and reported columns, else one). The process table is large, so its
 * generated columns are formatted from the stored integers, as SQLite
 * would print them. */
struct dump_column {
	const char *name;
	enum dump_format format;
	const char *source[2];
};

/* One table's dump file, dump_<name>.csv: the rows of source in (ts, key)
 * order. */
struct dump_table {
	const char *name;
	const char *source; /* the table (or view, or join) read */
	const char *key;    /* the order within one ts (columns); NULL for none */
	const struct dump_column *columns;
	size_t ncolumns;
};

/* Every dump file, in archive order. */
#define DUMPCOLS_NTABLES 13
extern const struct dump_table dumpcols_tables[DUMPCOLS_NTABLES];

#endif
