/* disk: one sample per mounted block-device filesystem. */
#include "disk.h"

#include <inttypes.h>
#include <limits.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "list.h"
#include "sbuf.h"
#include "log.h"

void disk_stat_name(const char *device, char *out, size_t outlen)
{
	char *real = realpath(device, NULL);
	const char *path = real ? real : device;
	const char *base = strrchr(path, '/');

	snprintf(out, outlen, "%s", base ? base + 1 : path);
	free(real);
}

static const struct diskstat *disk_find_stat(const struct diskstat_list *stats, const char *device)
{
	char name[64];

	disk_stat_name(device, name, sizeof(name));
	for (size_t i = 0; i < stats->n; i++)
		if (strcmp(stats->v[i].name, name) == 0)
			return &stats->v[i];
	return NULL;
}

static int disk_seen(const struct disk_list *out, const char *device)
{
	for (size_t i = 0; i < out->n; i++)
		if (strcmp(out->v[i].device, device) == 0)
			return 1;
	return 0;
}

int disk_read(const struct diskstat_list *stats, struct disk_list *out)
{
	struct mntent ent;
	char buf[4096];
	FILE *f;

	f = setmntent("/proc/self/mounts", "r");
	if (!f)
		return log_warn("open /proc/self/mounts");
	while (getmntent_r(f, &ent, buf, sizeof(buf))) {
		const struct diskstat *ds;
		struct statvfs sv;
		struct disk_sample *d;

		if (strncmp(ent.mnt_fsname, "/dev/", 5) != 0 || disk_seen(out, ent.mnt_fsname))
			continue;
		if (statvfs(ent.mnt_dir, &sv) < 0) {
			log_warn("statvfs %s", ent.mnt_dir);
			continue;
		}
		d = LIST_PUSH(out);
		snprintf(d->device, sizeof(d->device), "%s", ent.mnt_fsname);
		snprintf(d->mountpoint, sizeof(d->mountpoint), "%s", ent.mnt_dir);
		d->total_bytes = (int64_t)sv.f_blocks * (int64_t)sv.f_frsize;
		d->used_bytes = (int64_t)(sv.f_blocks - sv.f_bfree) * (int64_t)sv.f_frsize;
		d->free_bytes = (int64_t)sv.f_bavail * (int64_t)sv.f_frsize;
		ds = disk_find_stat(stats, ent.mnt_fsname);
		if (ds) {
			d->has_io = 1;
			d->read_bytes = ds->read_sectors * 512;
			d->write_bytes = ds->write_sectors * 512;
			d->io_time_ms = ds->io_time_ms;
		}
	}
	endmntent(f);
	return (int)out->n;
}

char *disk_partition_list(const struct disk_list *disks)
{
	struct sbuf b = SBUF_INIT;

	for (size_t i = 0; i < disks->n; i++)
		sbuf_printf(&b, "%s%s=%" PRId64, i ? "," : "", disks->v[i].device,
			    disks->v[i].total_bytes);
	return sbuf_detach(&b, NULL);
}
