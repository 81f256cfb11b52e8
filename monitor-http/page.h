/* page: the pages of a folder's listing: the ?page= argument and which
 * entries a page holds. Pure: no I/O, no logging. */
#ifndef NM_PAGE_H
#define NM_PAGE_H

#include <stddef.h>

/* Entries on one page of a listing. */
#define PAGE_ENTRIES 1000

/* Reads the value of ?page= (NULL when the argument is absent: page 1).
 * A page number is 1 to 1,000,000,000 in decimal digits, without sign,
 * spaces or leading zeros. Returns 0 with *page set, or -1 when s is
 * malformed (an argument without a value included). */
int page_parse(const char *s, size_t *page);

/* The number of pages of n entries: at least 1, so that an empty folder
 * has its one, empty, page. */
size_t page_count(size_t n);

/* The entries of page (from 1) of n entries: the first's index in *first
 * and how many in *count. Returns 0, or -1 when the page is past the last
 * one. */
int page_range(size_t n, size_t page, size_t *first, size_t *count);

#endif
