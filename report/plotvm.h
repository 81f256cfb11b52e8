/* plotvm: today's per-VM plot files: vm_<name>_cpu_percent.csv (of its
 * vCPUs), _memory_used.csv (KiB), _net_in_bytes.csv, _net_out_bytes.csv,
 * _disk_read_bytes.csv and _disk_write_bytes.csv (bytes per second). */
#ifndef NM_PLOTVM_H
#define NM_PLOTVM_H

#include <sqlite3.h>
#include <stdint.h>

#include "plotfile.h"

/* 1 when name is a VM plot file's. */
int plotvm_is_kind(const char *name);

/* Appends to (or rebuilds) every vm_<name>_*.csv of today in p. Returns 0,
 * or -1 (logged). */
int plotvm_write(sqlite3 *db, struct plots *p, int64_t day_start);

#endif
