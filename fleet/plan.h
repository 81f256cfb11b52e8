/* plan: where VMs go. Migration plans off hot hosts and the placement of a
 * new VM, from the hosts' and VMs' latest figures. Pure: no I/O; the
 * ranking of the VMs to move is sandpiper.c's. */
#ifndef NM_PLAN_H
#define NM_PLAN_H

#include <stddef.h>

/* The thresholds. A host is over one when its figure exceeds it; a move
 * or a placement fits when every figure after it stays at or under. */
struct plan_limits {
	double cpu;	     /* ratio of all the host's cores, e.g. 0.9 */
	double mem;	     /* memory used / memory size */
	double net;	     /* bytes/s, receive + transmit */
	double net_capacity; /* bytes/s of a host's link, for volumes */
};

/* A host's latest figures. The plans change cpu, mem_used and net as they
 * move VMs, so that each move accounts for the ones before it. */
struct plan_host {
	const char *name; /* for virsh: node_monitor_info{host}, else instance */
	double cores;
	double cpu;		   /* ratio of all cores */
	double mem_used, mem_size; /* bytes */
	double net;		   /* bytes/s */
	int hot;		   /* a hotspot: never a target */
	int skip;		   /* no data: never a target */
};

/* What a VM needs of a host: cores busy, bytes of memory, bytes/s. */
struct plan_demand {
	double cpu_cores, mem, net;
};

/* A VM on a hot host. */
struct plan_vm {
	const char *name;
	double cpu; /* node_monitor_vm_host_cpu_ratio: of its host's cores */
	double mem; /* bytes */
	double net; /* bytes/s */
};

/* The reasons a demand does not fit a host. */
#define PLAN_NO_CPU 1u
#define PLAN_NO_MEM 2u
#define PLAN_NO_NET 4u

/* 0 when d fits h, else the PLAN_NO_* of each figure that would go over. */
unsigned plan_fit(const struct plan_host *h, const struct plan_demand *d,
		  const struct plan_limits *l);

/* Sandpiper's volume of h once d is added: the load used to rank targets
 * (lower is less loaded). */
double plan_volume_after(const struct plan_host *h, const struct plan_demand *d,
			 const struct plan_limits *l);

/* The smallest room left under the thresholds once d is added, as a
 * fraction: min(cpu limit - cpu, mem limit - mem ratio, (net limit - net)
 * / net capacity). */
double plan_headroom_after(const struct plan_host *h, const struct plan_demand *d,
			   const struct plan_limits *l);

/* 1 when one of h's latest figures is over its threshold. */
int plan_over(const struct plan_host *h, const struct plan_limits *l);

/* The host d fits best: not hot, not skipped, not `except` (pass nh for
 * none), with the lowest volume after the move, then the lowest name.
 * Returns its index, or -1 when d fits no host. */
long plan_target(const struct plan_host *h, size_t nh, size_t except, const struct plan_demand *d,
		 const struct plan_limits *l);

/* One VM considered by plan_hotspot, in the order considered. */
struct plan_move {
	size_t vm;	    /* index into the VMs given */
	long target;	    /* host index, -1: no host fits */
	double volume, vsr; /* Sandpiper's, of the VM on its host */
};

/* Plans the moves off hot host src: its VMs in Sandpiper's order (highest
 * volume to size first), each to plan_target, until src is no longer over
 * a threshold by its latest figures. Updates the hosts for every move.
 * moves holds nvm entries; returns how many were filled, and *relieved
 * tells whether src ends under its thresholds. */
size_t plan_hotspot(struct plan_host *h, size_t nh, size_t src, const struct plan_vm *vms,
		    size_t nvm, const struct plan_limits *l, struct plan_move *moves,
		    int *relieved);

/* One candidate of plan_place. */
struct plan_rank {
	size_t host;
	double volume, headroom; /* after the placement */
};

/* The hosts d fits, best first (plan_target's order), into out (nh
 * entries). Returns how many. */
size_t plan_place(const struct plan_host *h, size_t nh, const struct plan_demand *d,
		  const struct plan_limits *l, struct plan_rank *out);

#endif
