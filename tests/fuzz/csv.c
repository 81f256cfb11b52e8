/* Fuzz target: node-report's CSV fields (csv_text quoting, read back as
 * RFC 4180 has it; csv_name_part; the number formats). */
#include <fcntl.h>
#include <unistd.h>

#include "csv.h"
#include "fuzz.h"

/* The field that the text at q (n bytes) stands for, as a CSV reader
 * sees it, into out. Returns -1 when it is not one well-formed field. */
static int csv_unquote(const char *q, size_t n, char *out)
{
	size_t o = 0;

	if (n == 0 || q[0] != '"') {
		if (memchr(q, ',', n) || memchr(q, '"', n) || memchr(q, '\n', n) ||
		    memchr(q, '\r', n))
			return -1;
		memcpy(out, q, n);
		out[n] = '\0';
		return 0;
	}
	if (n < 2 || q[n - 1] != '"')
		return -1;
	for (size_t i = 1; i < n - 1; i++) {
		if (q[i] == '"' && (i + 1 >= n - 1 || q[++i] != '"'))
			return -1;
		out[o++] = q[i];
	}
	out[o] = '\0';
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct afile f;
	char *s, *back, name[64];
	int64_t v = 0;

	/* Writes go to /dev/null; inputs are short enough to stay in the
	 * buffer, which is read before it is emptied. */
	if (size > (size_t)16 * 1024)
		return 0;
	if (!f.buf) {
		f.fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		f.buf = malloc((size_t)64 * 1024);
		if (f.fd < 0 || !f.buf)
			abort();
	}
	f.n = 0;
	s = fuzz_str(data, size);
	back = malloc(size + 1);
	if (!back)
		abort();
	csv_text(&f, s);
	if (csv_unquote(f.buf, f.n, back) != 0 || strcmp(back, s) != 0)
		abort();
	csv_name_part(name, sizeof(name), s);
	for (const char *p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._", *p))
			abort();
	if (size >= sizeof(v)) {
		double d;

		memcpy(&v, data, sizeof(v));
		memcpy(&d, data, sizeof(d));
		f.n = 0;
		csv_int(&f, v);
		csv_fixed(&f, v, 2);
		csv_fixed(&f, v, 4);
		csv_real(&f, d);
		csv_stamp(&f, v % ((int64_t)400 * 365 * 86400));
	}
	free(back);
	free(s);
	return 0;
}
