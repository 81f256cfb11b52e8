/* list: growable arrays of the shape { T *v; size_t n, cap; }. */
#ifndef NM_LIST_H
#define NM_LIST_H

#include <string.h>

#include "xalloc.h"

/* Appends one zeroed element to list l and evaluates to a pointer to it.
 * The array is owned by the list; free(l->v) releases it. */
#define LIST_PUSH(l)                                                                               \
	((l)->n == (l)->cap ? ((l)->cap = (l)->cap ? (l)->cap * 2 : 16,                            \
			       (l)->v = xrealloc((l)->v, (l)->cap, sizeof(*(l)->v)))               \
			    : (l)->v,                                                              \
	 memset(&(l)->v[(l)->n], 0, sizeof(*(l)->v)), &(l)->v[(l)->n++])

#endif
