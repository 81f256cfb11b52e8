/* consumfmt: the text of the daily consumption reports. */
#include "consumfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shortest digits of v that read back as v: "d.ddd" then the decimal
 * exponent, as %.*e writes them. */
static int shortest_e(double v, char *buf, size_t len)
{
	int p;

	for (p = 0; p < 17; p++) {
		snprintf(buf, len, "%.*e", p, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return p;
}

/* nan, inf and zeros: 1 if v was one of them. */
static int pyfloat_special(double v, char *out, size_t len)
{
	if (isnan(v))
		snprintf(out, len, "nan");
	else if (isinf(v))
		snprintf(out, len, "%s", v > 0 ? "inf" : "-inf");
	else if (v == 0)
		snprintf(out, len, "%s", signbit(v) ? "-0.0" : "0.0");
	else
		return 0;
	return 1;
}

/* The digits of a %e text, without its sign and point; returns the
 * decimal exponent. */
static int e_digits(const char *e, char *digits, int *nd)
{
	const char *s = e + (*e == '-');

	*nd = 0;
	for (; *s && *s != 'e'; s++)
		if (*s != '.')
			digits[(*nd)++] = *s;
	digits[*nd] = '\0';
	return (int)strtol(s + 1, NULL, 10);
}

void consum_pyfloat(double v, char *out, size_t len)
{
	char e[40], digits[24];
	int exp, nd;
	size_t o = 0;

	if (pyfloat_special(v, out, len))
		return;
	shortest_e(v, e, sizeof(e));
	if (*e == '-')
		out[o++] = '-';
	exp = e_digits(e, digits, &nd);
	if (exp < -4 || exp >= 16) {
		snprintf(out + o, len - o, "%c%s%se%c%02d", digits[0], nd > 1 ? "." : "",
			 digits + 1, exp < 0 ? '-' : '+', abs(exp));
		return;
	}
	if (exp < 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (int i = exp + 1; i < 0; i++)
			out[o++] = '0';
		snprintf(out + o, len - o, "%s", digits);
		return;
	}
	/* exp + 1 digits before the point, padded with zeros. */
	for (int i = 0; i <= exp; i++) {
		if (i < nd)
			out[o++] = digits[i];
		else
			out[o++] = '0';
	}
	out[o++] = '.';
	snprintf(out + o, len - o, "%s", nd > exp + 1 ? digits + exp + 1 : "0");
}

void consum_round2(double v, char *out, size_t len)
{
	char buf[40];

	/* %.2f rounds the binary value half-even as Python's round() does. */
	snprintf(buf, sizeof(buf), "%.2f", v);
	consum_pyfloat(strtod(buf, NULL), out, len);
}

void consum_json_str(struct sbuf *b, const char *s)
{
	sbuf_puts(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			sbuf_printf(b, "\\%c", c);
		else if (c < 0x20)
			sbuf_printf(b, "\\u%04x", c);
		else
			sbuf_add(b, s, 1);
	}
	sbuf_puts(b, "\"");
}

/* One movement's fields, shared by both layouts. */
struct movement {
	const char *resource, *unit;
	char title[320];
	const char *reference;
	double quantity;
};

/* The movements of a day, in SlapOS' order: the computer's CPU, memory and
 * disk, then every partition's CPU, then memory, then disk. Returns how
 * many were filled, at most max. */
static size_t movements(const struct consum_day *d, struct movement *m, size_t max)
{
	static const char *const res[] = {"service_module/cpu_load_percent",
					  "service_module/memory_used", "service_module/disk_used"};
	static const char *const unit[] = {"percent", "MiB", "MiB"};
	static const char *const ctitle[] = {"CPU Load Percent Average", "Used Memory",
					     "Disk Used Average"};
	static const char *const ptitle[] = {"CPU Load Percent Average for ",
					     "Memory Used Average for ",
					     "Partition Disk Used Average for "};
	const struct consum_fig *cf[] = {&d->cpu, &d->mem, &d->disk};
	size_t n = 0;

	for (int k = 0; k < 3 && n < max; k++) {
		if (!cf[k]->has)
			continue;
		m[n] = (struct movement){res[k], unit[k], "", d->computer_id, cf[k]->v};
		snprintf(m[n].title, sizeof(m[n].title), "%s", ctitle[k]);
		n++;
	}
	for (int k = 0; k < 3; k++) {
		for (size_t i = 0; i < d->nparts && n < max; i++) {
			const struct consum_part *p = &d->parts[i];
			const struct consum_fig *f = k == 0 ? &p->cpu : k == 1 ? &p->mem : &p->disk;

			if (!f->has)
				continue;
			m[n] = (struct movement){res[k], unit[k], "", p->name, f->v};
			snprintf(m[n].title, sizeof(m[n].title), "%s%s", ptitle[k], p->name);
			n++;
		}
	}
	return n;
}

/* The day's movements, allocated (the caller frees them), n set. */
static struct movement *day_movements(const struct consum_day *d, size_t *n)
{
	size_t max = 3 + 3 * d->nparts;
	struct movement *m = calloc(max, sizeof(*m));

	if (!m)
		abort();
	*n = movements(d, m, max);
	return m;
}

/* An element with text: <name>text</name>. */
static void xml_elem(struct sbuf *b, const char *name, const char *text)
{
	sbuf_printf(b, "<%s>", name);
	sbuf_markup(b, text);
	sbuf_printf(b, "</%s>", name);
}

void consum_xml(struct sbuf *b, const struct consum_day *d)
{
	size_t n;
	struct movement *m = day_movements(d, &n);
	char s[64];

	sbuf_puts(b,
		  "<?xml version='1.0' encoding='utf-8'?>"
		  "<journal><transaction type=\"Sale Packing List\"><title>Eco Information for ");
	sbuf_markup(b, d->computer_id);
	sbuf_puts(b, " </title>");
	sbuf_printf(b, "<start_date>%s 00:00:00</start_date>", d->date);
	sbuf_printf(b, "<stop_date>%s 23:59:59</stop_date>", d->date);
	sbuf_printf(b, "<reference>%s-global</reference>", d->date);
	sbuf_puts(b, "<currency></currency><payment_mode></payment_mode><category></category>"
		     "<arrow type=\"Destination\"/>");
	for (size_t i = 0; i < n; i++) {
		consum_pyfloat(m[i].quantity, s, sizeof(s));
		sbuf_puts(b, "<movement>");
		xml_elem(b, "resource", m[i].resource);
		xml_elem(b, "title", m[i].title);
		xml_elem(b, "reference", m[i].reference);
		xml_elem(b, "quantity", s);
		sbuf_puts(b, "<price>0.0</price><VAT></VAT><category></category></movement>");
	}
	sbuf_puts(b, "</transaction></journal>\n");
	free(m);
}

void consum_json(struct sbuf *b, const struct consum_day *d)
{
	size_t n;
	struct movement *m = day_movements(d, &n);
	char s[64];

	sbuf_puts(b, "{\n  \"computer_id\": ");
	consum_json_str(b, d->computer_id);
	sbuf_printf(b,
		    ",\n  \"date\": \"%s\",\n  \"start_date\": \"%s 00:00:00\",\n"
		    "  \"stop_date\": \"%s 23:59:59\",\n  \"reference\": \"%s-global\",\n"
		    "  \"movement\": [",
		    d->date, d->date, d->date, d->date);
	for (size_t i = 0; i < n; i++) {
		consum_pyfloat(m[i].quantity, s, sizeof(s));
		sbuf_printf(b, "%s\n    {\"resource\": \"%s\", \"title\": ", i ? "," : "",
			    m[i].resource);
		consum_json_str(b, m[i].title);
		sbuf_puts(b, ", \"reference\": ");
		consum_json_str(b, m[i].reference);
		sbuf_printf(b, ", \"quantity\": %s, \"unit\": \"%s\"}", s, m[i].unit);
	}
	sbuf_puts(b, n ? "\n  ]\n}\n" : "]\n}\n");
	free(m);
}
