/* page: the pages of a folder's listing, and the ?page= argument. */
#include "page.h"

#define PAGE_MAX 1000000000u

int page_parse(const char *s, size_t *page)
{
	size_t v = 0;

	if (!s) {
		*page = 1;
		return 0;
	}
	if (*s < '1' || *s > '9')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (size_t)(*s - '0');
		if (v > PAGE_MAX)
			return -1;
	}
	*page = v;
	return 0;
}

size_t page_count(size_t n)
{
	return n == 0 ? 1 : (n - 1) / PAGE_ENTRIES + 1;
}

int page_range(size_t n, size_t page, size_t *first, size_t *count)
{
	if (page == 0 || page > page_count(n))
		return -1;
	*first = (page - 1) * PAGE_ENTRIES;
	*count = n - *first < PAGE_ENTRIES ? n - *first : PAGE_ENTRIES;
	return 0;
}
