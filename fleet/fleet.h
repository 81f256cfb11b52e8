/* fleet: the hosts and VMs of the fleet, read from Prometheus into the
 * figures that plan.c works on. */
#ifndef NM_FLEET_H
#define NM_FLEET_H

#include <stddef.h>

#include "plan.h"
#include "prom.h"

#define FLEET_NRES 3 /* cpu ratio, memory ratio, network bytes/s */

/* The settings of [fleet] that the queries use. */
struct fleet_opts {
	struct plan_limits lim;
	unsigned long hotspot_k, hotspot_n;
	double now; /* the time the queries are evaluated at */
};

struct fleet_vm {
	char *name;
	double cpu, mem, net; /* as struct plan_vm */
	int has_cpu, has_mem, running;
};

struct fleet_host {
	char *instance;
	char *name; /* node_monitor_info{host}, or a copy of instance */
	struct plan_host p;
	unsigned have; /* FLEET_HAVE_* of the figures found */
	size_t above[FLEET_NRES], samples[FLEET_NRES];
	struct {
		struct fleet_vm *v;
		// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
		size_t n, cap;
	} vms;
};

struct fleet {
	struct fleet_host *v; /* the hosts; v[i] owns its strings */
	size_t n, cap;
	size_t *slot; /* the hash table of instances: index + 1, 0 empty */
	size_t nslot;
	struct plan_host *plan; /* fleet_plan_hosts: h[i].p side by side */
};

/* Fills f, empty on entry (fleet_release frees it, also after a failure),
 * with every host's latest figures (and, with history, its last n
 * one-minute samples, which set p.hot by the k-of-n rule). A host that
 * lacks a figure is logged once, naming it, and marked p.skip. Returns
 * the number of hosts skipped, or -1 when a query failed (logged). */
int fleet_load_hosts(struct fleet *f, struct prom *p, const struct fleet_opts *o, int history);

/* Reads the VMs of the hot hosts. A running VM without its CPU or memory
 * figure is logged and left out. Returns how many were left out, or -1
 * when a query failed. */
int fleet_load_vms(struct fleet *f, struct prom *p, const struct fleet_opts *o);

/* The hosts' plan_host copied side by side into f->plan (for plan.c);
 * f->plan[i] belongs to f->v[i]. */
void fleet_plan_hosts(struct fleet *f);

/* The host of an instance label: found, or added empty. */
struct fleet_host *fleet_add(struct fleet *f, const char *instance);

/* The host of an instance label, or NULL. */
struct fleet_host *fleet_find(const struct fleet *f, const char *instance);

void fleet_release(struct fleet *f);

#endif
