/* xalloc: allocation that aborts the program when memory runs out. */
#ifndef NM_XALLOC_H
#define NM_XALLOC_H

#include <stddef.h>

/* Never return NULL: out of memory prints one line and exits 1. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);

#endif
