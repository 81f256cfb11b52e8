/* plotfile: one of today's plot files, appended to while it matches its
 * record, else rebuilt whole under a temporary name. */
#ifndef NM_PLOTFILE_H
#define NM_PLOTFILE_H

#include <stdint.h>

#include "afile.h"
#include "plotstate.h"

#define PLOT_NAME_MAX 384

/* A run of plots_write: the out directory, today, the record as found and
 * the record this run leaves. */
struct plots {
	const char *out;
	int64_t day; /* UTC day number of today */
	struct plotstate old, next;
	int failed;
	int full; /* out had no room: said once, and no more files are tried */
};

enum plot_mode {
	PLOT_KEEP,    /* matches its record: rows after cutoff are appended */
	PLOT_APPEND,  /* being appended to */
	PLOT_REBUILD, /* being written whole under a temporary name */
	PLOT_FAILED,
};

struct plot_file {
	struct afile f;
	enum plot_mode mode;
	int64_t cutoff; /* the file holds every row up to this ts */
	char name[PLOT_NAME_MAX];
};

/* 1 when name's record is of today and the file is there with the size
 * recorded: its rows up to *last_ts need not be written again. */
int plot_file_matches(const struct plots *p, const char *name, int64_t *last_ts);

/* Starts the file called name: kept for appending if it matches its
 * record, else rebuilt (the temporary file opened and its header written).
 * A failure is logged and makes the file's rows go nowhere. */
void plot_file_begin(struct plots *p, struct plot_file *pf, const char *name);

/* Where a row of ts goes: the file's writer, or NULL when the file holds
 * that row already or failed. */
struct afile *plot_file_row(struct plots *p, struct plot_file *pf, int64_t ts);

/* Ends the file: rebuilt ones are renamed into place, appended ones made
 * durable; records it in p->next as holding rows up to last_ts (-1 size
 * when it failed, so that the next run rebuilds it). */
void plot_file_end(struct plots *p, struct plot_file *pf, const char *key, int64_t last_ts);

/* Forgets the file's changes (the run failed before its end). */
void plot_file_abort(struct plot_file *pf);

/* Tells whether a file name is of one kind of plot file (system, disk,
 * partition). */
typedef int plot_kind_fn(const char *name);

/* The last ts that every file of a kind holds when all of today's files of
 * that kind match their records, and no file of the kind is in the out
 * directory without a record; INT64_MIN when some file must be rebuilt or
 * none is recorded: then the whole day is read again. */
int64_t plot_kind_from(const struct plots *p, plot_kind_fn *is_kind);

/* Records in p->next, as holding rows up to last_ts, the files of a kind
 * that match their record and that this run did not write (a device or
 * partition without new rows). */
void plot_kind_carry(struct plots *p, plot_kind_fn *is_kind, int64_t last_ts);

/* Rows "YYYY-MM-DD HH:MM:SS,value\n"; f may be NULL (no row). */
void plot_int(struct afile *f, int64_t ts, int64_t v);
void plot_real(struct afile *f, int64_t ts, double v);

#endif
