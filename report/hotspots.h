/* hotspots: whether the host is a hotspot, and which VMs to move first. */
#ifndef NM_HOTSPOTS_H
#define NM_HOTSPOTS_H

#include <sqlite3.h>
#include <stdint.h>

#include "vmreport.h"

/* The host is a hotspot when its CPU %, memory % or network rate exceeds
 * its threshold in at least o->hotspot_k of its last o->hotspot_n samples
 * at or before now. Prints each resource's count, then, on a hotspot, the
 * running VMs ranked by Sandpiper's volume-to-size ratio over those
 * samples, with the figures behind it. Returns 0, or -1 (logged). */
int hotspots_report(sqlite3 *db, int64_t now, const struct vmreport_opts *o);

#endif
