/* disk: one sample per mounted block-device filesystem. */
#ifndef NM_DISK_H
#define NM_DISK_H

#include "sample.h"

/* The diskstats name of a device path: the base name of what it resolves
 * to (/dev/mapper/vg-root -> dm-0), else its own base name. Writes into
 * out. */
void disk_stat_name(const char *device, char *out, size_t outlen);

/* Appends one sample per block device mounted (the first mount point of a
 * device that is mounted twice), with usage from statvfs and counters from
 * stats (may be empty). A mount point that cannot be measured is skipped
 * with a warning. Returns the count, or -1 when the mount table is
 * unreadable. */
int disk_read(const struct diskstat_list *stats, struct disk_list *out);

/* computer.partition_list as SlapOS wrote it: "device=size in bytes" per
 * disk, comma-separated, in mount order ("/dev/sda1=270553174016"). The
 * caller frees it. */
char *disk_partition_list(const struct disk_list *disks);

#endif
