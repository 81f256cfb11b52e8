/* procio: /proc/<pid>/io, the one per-process file libproc2 does not report
 * as missing (it leaves zeros), so that an unreadable file stays NULL. */
#ifndef NM_PROCIO_H
#define NM_PROCIO_H

#include <stddef.h>
#include <stdint.h>

struct procio {
	int64_t read_bytes, write_bytes, syscr, syscw;
};

/* Parses the text of an io file. Returns 0, or -1 if a field is missing.
 * Pure. */
int procio_parse(const char *buf, struct procio *out);

/* Reads /proc/<pid>/io, or with tid > 0 /proc/<pid>/task/<tid>/io (that
 * thread's own I/O). Returns 0, or -1 (vanished, unreadable, malformed)
 * without logging: a missing datum is normal for other users' processes. */
int procio_read(int pid, int tid, struct procio *out);

#endif
