/* sbuf: a growable, always NUL-terminated byte string. */
#ifndef NM_SBUF_H
#define NM_SBUF_H

#include <stddef.h>

struct sbuf {
	char *s;    /* NUL-terminated once anything was added; owned */
	size_t len; /* bytes before the NUL */
	size_t cap;
};

#define SBUF_INIT                                                                                  \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void sbuf_add(struct sbuf *b, const void *p, size_t n);
void sbuf_puts(struct sbuf *b, const char *s);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends s with the five HTML and XML specials (& < > " ') escaped. */
void sbuf_markup(struct sbuf *b, const char *s);

/* Hands the string to the caller, who frees it; b is empty again. Never
 * returns NULL. */
char *sbuf_detach(struct sbuf *b, size_t *len);

/* Frees what b holds; b is empty again. */
void sbuf_release(struct sbuf *b);

#endif
