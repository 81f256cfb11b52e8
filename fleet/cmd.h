/* cmd: node-fleet's subcommands, each from its settings to its printed
 * answer. */
#ifndef NM_CMD_H
#define NM_CMD_H

#include "fleet.h"
#include "prom.h"
#include "vmout.h"

/* Exit statuses, as the other programs: 3 is node-collect's "done, but a
 * part failed" (here: hosts or VMs left out for lack of data). */
#define CMD_OK	    0
#define CMD_FAILED  1
#define CMD_USAGE   2
#define CMD_PARTIAL 3

struct cmd {
	struct fleet_opts o;
	enum vmout_format format;
	unsigned long top, below, days;
	double vcpus, mem, net, cpu; /* place: the new VM */
	double plan_s;		     /* out: time spent planning */
};

/* Each returns an exit status; p is open. */
int cmd_hotspots(struct cmd *c, struct prom *p);
int cmd_place(struct cmd *c, struct prom *p);
int cmd_reclaim(struct cmd *c, struct prom *p);

/* Seconds of a monotonic clock. */
double cmd_clock(void);

#endif
