/* file: whole-file reads. */
#ifndef NM_FILE_H
#define NM_FILE_H

#include <stddef.h>

/* Reads all of path (which may be a /proc file of unknown size) into a
 * NUL-terminated heap buffer; *len, if given, gets the byte count. The
 * caller frees it. Returns NULL with errno set; never logs. */
char *file_read(const char *path, size_t *len);

#endif
