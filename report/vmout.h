/* vmout: the rows of a VM report, printed as an aligned table, CSV or JSON. */
#ifndef NM_VMOUT_H
#define NM_VMOUT_H

#include <stdio.h>

enum vmout_format { VMOUT_TABLE, VMOUT_CSV, VMOUT_JSON };

/* A column: its name (the CSV header and the JSON key) and whether its
 * cells are numbers (bare in JSON, right-aligned in the table). */
struct vmout_col {
	const char *name;
	int numeric;
};

/* The cells of a report, row after row. vmout_release frees them. */
struct vmout {
	const struct vmout_col *cols;
	size_t ncols;
	struct {
		char **v; /* NULL for a missing value: "-", "" or null */
		// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
		size_t n, cap;
	} cells;
};

/* "table", "csv" or "json" into *f: 0, or -1 for another word. */
int vmout_parse_format(const char *s, enum vmout_format *f);

void vmout_init(struct vmout *o, const struct vmout_col *cols, size_t ncols);

/* Appends the next cell, printf-style; vmout_none appends a missing one. */
void vmout_add(struct vmout *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vmout_none(struct vmout *o);

/* The rows of the report: "name": [...] in JSON without the braces around
 * it, the table or CSV with its header row. */
void vmout_print(const struct vmout *o, enum vmout_format f, FILE *out);

/* A whole JSON document of one array: [ {...}, ... ]. */
void vmout_print_json_array(const struct vmout *o, FILE *out);

void vmout_release(struct vmout *o);

#endif
