/* budget: the bytes of memory that bodies and listings may hold at once,
 * counted in cache.c (CACHE_COPY_BUDGET). */
#ifndef NM_BUDGET_H
#define NM_BUDGET_H

#include <stddef.h>

/* Counts len more bytes held, if the budget has room. Returns 1 when it
 * did, 0 when they do not fit (nothing is counted then). */
int budget_take(size_t len);

/* Gives back len bytes that budget_take counted. */
void budget_give(size_t len);

#endif
