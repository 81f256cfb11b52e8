/* vmout: the rows of a VM report, printed as an aligned table, CSV or JSON. */
#include "vmout.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "xalloc.h"

int vmout_parse_format(const char *s, enum vmout_format *f)
{
	if (strcmp(s, "table") == 0)
		*f = VMOUT_TABLE;
	else if (strcmp(s, "csv") == 0)
		*f = VMOUT_CSV;
	else if (strcmp(s, "json") == 0)
		*f = VMOUT_JSON;
	else
		return -1;
	return 0;
}

void vmout_init(struct vmout *o, const struct vmout_col *cols, size_t ncols)
{
	memset(o, 0, sizeof(*o));
	o->cols = cols;
	o->ncols = ncols;
}

/* The column of cell i. */
static size_t vmout_col_of(const struct vmout *o, size_t i)
{
	return o->ncols ? i % o->ncols : 0;
}

void vmout_add(struct vmout *o, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	/* The analyzer loses track of ap through the variadic call. */
	vsnprintf(buf, sizeof(buf), fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	va_end(ap);
	*LIST_PUSH(&o->cells) = xstrdup(buf);
}

void vmout_none(struct vmout *o)
{
	*LIST_PUSH(&o->cells) = NULL;
}

/* The width of each column: its name's or its widest cell's. The caller
 * frees it. */
static size_t *vmout_widths(const struct vmout *o)
{
	size_t *width = xrealloc(NULL, o->ncols ? o->ncols : 1, sizeof(*width));

	for (size_t c = 0; c < o->ncols; c++)
		width[c] = strlen(o->cols[c].name);
	for (size_t i = 0; i < o->cells.n; i++) {
		size_t len = o->cells.v[i] ? strlen(o->cells.v[i]) : 1;

		if (len > width[vmout_col_of(o, i)])
			width[vmout_col_of(o, i)] = len;
	}
	return width;
}

/* Columns two spaces apart; numbers right-aligned, text left-aligned and
 * the last column unpadded when it is text. */
static void vmout_table(const struct vmout *o, FILE *out)
{
	size_t *width = vmout_widths(o);

	for (size_t c = 0; c < o->ncols; c++) {
		int last = c + 1 == o->ncols;

		int w = !last || o->cols[c].numeric ? (int)width[c] : 0;

		fprintf(out, "%s%*s", c ? "  " : "", o->cols[c].numeric ? w : -w, o->cols[c].name);
	}
	fputc('\n', out);
	for (size_t i = 0; i < o->cells.n; i++) {
		size_t c = vmout_col_of(o, i);
		const char *s = o->cells.v[i] ? o->cells.v[i] : "-";
		int last = c + 1 == o->ncols;
		int w = !last || o->cols[c].numeric ? (int)width[c] : 0;

		fprintf(out, "%s%*s", c ? "  " : "", o->cols[c].numeric ? w : -w, s);
		if (last)
			fputc('\n', out);
	}
	free(width);
}

static void vmout_csv_field(const char *s, FILE *out)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void vmout_csv(const struct vmout *o, FILE *out)
{
	for (size_t c = 0; c < o->ncols; c++) {
		fputs(c ? "," : "", out);
		vmout_csv_field(o->cols[c].name, out);
	}
	fputc('\n', out);
	for (size_t i = 0; i < o->cells.n; i++) {
		size_t c = vmout_col_of(o, i);

		fputs(c ? "," : "", out);
		vmout_csv_field(o->cells.v[i] ? o->cells.v[i] : "", out);
		if (c + 1 == o->ncols)
			fputc('\n', out);
	}
}

static void vmout_json_string(const char *s, FILE *out)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

void vmout_print_json_array(const struct vmout *o, FILE *out)
{
	fputc('[', out);
	for (size_t i = 0; i < o->cells.n; i++) {
		size_t c = vmout_col_of(o, i);

		fputs(c ? ", " : (i ? ",\n {" : "{"), out);
		vmout_json_string(o->cols[c].name, out);
		fputs(": ", out);
		if (!o->cells.v[i])
			fputs("null", out);
		else if (o->cols[c].numeric)
			fputs(o->cells.v[i], out);
		else
			vmout_json_string(o->cells.v[i], out);
		if (c + 1 == o->ncols)
			fputc('}', out);
	}
	fputc(']', out);
}

void vmout_print(const struct vmout *o, enum vmout_format f, FILE *out)
{
	if (f == VMOUT_TABLE)
		vmout_table(o, out);
	else if (f == VMOUT_CSV)
		vmout_csv(o, out);
	else
		vmout_print_json_array(o, out);
}

void vmout_release(struct vmout *o)
{
	for (size_t i = 0; i < o->cells.n; i++)
		free(o->cells.v[i]);
	free(o->cells.v);
	memset(&o->cells, 0, sizeof(o->cells));
}
