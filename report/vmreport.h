/* vmreport: node-report's VM reports (vms, reclaim) and the settings that
 * the VM reports, alerts and hotspots share. */
#ifndef NM_VMREPORT_H
#define NM_VMREPORT_H

#include <sqlite3.h>
#include <stdint.h>

#include "vmout.h"

/* The [report] settings of the VM reports and alerts (see node-report(1)). */
struct vmreport_opts {
	unsigned long vm_cpu_percent;	    /* a VM's CPU, share of its vCPUs */
	unsigned long vm_memory_percent;    /* a VM's memory, used by its guest */
	unsigned long host_cpu_percent;	    /* the host's CPU, share of all cores */
	unsigned long host_memory_percent;  /* the host's memory used */
	unsigned long disk_free_percent;    /* a file system's free space (below) */
	unsigned long net_bytes_per_second; /* the host's network, in + out */
	unsigned long net_capacity;	    /* the host's network capacity, bytes/s */
	unsigned long alert_samples;	    /* consecutive samples that raise an alert */
	unsigned long clear_samples;	    /* consecutive samples that clear it */
	unsigned long hotspot_k;	    /* samples over a threshold, out of */
	unsigned long hotspot_n;	    /* the last hotspot_n host samples */
	unsigned long below;		    /* reclaim: CPU % to stay under */
	unsigned long days;		    /* reclaim: days of history */
	unsigned long top;		    /* reclaim: at most this many recommended; 0 all */
	int by_mem;			    /* vms: sort by memory, not CPU */
	enum vmout_format format;
};

/* The one line printed when the database holds no VM sample yet. */
#define VMREPORT_NO_DATA "no VM data yet: node-collect stores VMs when run with --libvirt"

/* Prints the VMs of the latest sample at or before now. Returns 0, or -1
 * (logged). */
int vmreport_vms(sqlite3 *db, int64_t now, const struct vmreport_opts *o);

/* Prints the reclamation list over the o->days days before now. Returns 0,
 * or -1 (logged). */
int vmreport_reclaim(sqlite3 *db, int64_t now, const struct vmreport_opts *o);

#endif
