/* vmreport: node-report's VM reports: the VMs of the latest sample (vms)
 * and the VMs idle enough to be reclaimed (reclaim). */
#include "vmreport.h"

#include <stdio.h>

#include "query_vm.h"

#define VMREPORT_SLACK 3600 /* reclaim: a history may start this late in its window */

/* A cell from a value: missing when NULL, else divided by div and printed
 * with that many decimals (div 0: an integer as it is). */
static void vmreport_cell(struct vmout *o, const struct query_value *v, double div, int decimals)
{
	if (v->type == QUERY_NULL)
		vmout_none(o);
	else if (div == 0)
		vmout_add(o, "%lld", (long long)v->i);
	else
		vmout_add(o, "%.*f", decimals, v->r / div);
}

static const char *vmreport_state(int64_t state)
{
	static const char *const names[] = {"nostate",	"running", "blocked", "paused",
					    "shutdown", "shutoff", "crashed", "pmsuspended"};

	return state >= 0 && state < 8 ? names[state] : "unknown";
}

static const struct vmout_col vmreport_vms_cols[] = {
    {"name", 0},       {"id", 1},	   {"state", 0},
    {"vcpus", 1},      {"memory_kib", 1},  {"memory_max_kib", 1},
    {"cpu_time_s", 1}, {"cpu_percent", 1}, {"available_kib", 1},
    {"usable_kib", 1}, {"qemu_pid", 1},
};

/* A row of query_vm_list: name, domain_id, state, vcpus, memory_kib,
 * memory_max_kib, cpu_time_ns, cpu_centipercent, balloon_available_kib,
 * balloon_usable_kib, qemu_pid. */
static int vmreport_vms_row(void *arg, int64_t ts, const struct query_value *v, size_t n)
{
	struct vmout *o = arg;

	(void)ts;
	if (n < 11)
		return 0;
	vmout_add(o, "%s", v[0].text ? v[0].text : "");
	vmreport_cell(o, &v[1], 0, 0);
	vmout_add(o, "%s", vmreport_state(v[2].i));
	vmreport_cell(o, &v[3], 0, 0);
	vmreport_cell(o, &v[4], 0, 0);
	vmreport_cell(o, &v[5], 0, 0);
	vmreport_cell(o, &v[6], 1e9, 2);
	vmreport_cell(o, &v[7], 100, 2);
	vmreport_cell(o, &v[8], 0, 0);
	vmreport_cell(o, &v[9], 0, 0);
	vmreport_cell(o, &v[10], 0, 0);
	return 0;
}

/* Prints o in the chosen format, then releases it. */
static void vmreport_print(struct vmout *o, enum vmout_format f)
{
	vmout_print(o, f, stdout);
	if (f == VMOUT_JSON)
		putchar('\n');
	vmout_release(o);
}

int vmreport_vms(sqlite3 *db, int64_t now, const struct vmreport_opts *o)
{
	struct vmout out;
	int64_t ts;
	int found = query_vm_latest_ts(db, now, &ts);

	if (found <= 0) {
		if (found == 0)
			puts(VMREPORT_NO_DATA);
		return found;
	}
	vmout_init(&out, vmreport_vms_cols,
		   sizeof(vmreport_vms_cols) / sizeof(vmreport_vms_cols[0]));
	if (query_vm_list(db, ts, o->by_mem, vmreport_vms_row, &out) < 0) {
		vmout_release(&out);
		return -1;
	}
	vmreport_print(&out, o->format);
	return 0;
}

static const struct vmout_col vmreport_reclaim_cols[] = {
    {"rank", 1},
    {"name", 0},
    {"status", 0},
    {"samples", 1},
    {"history_hours", 1},
    {"mean_cpu_percent", 1},
    {"p95_cpu_percent", 1},
    {"memory_kib", 1},
    {"net_bytes_per_second", 1},
    {"disk_bytes_per_second", 1},
};

struct vmreport_reclaim {
	const struct vmreport_opts *o;
	int64_t from, now;
	int pass; /* 0: the recommended VMs, 1: those with too little history */
	unsigned long ranked;
	struct vmout out;
};

/* A row of query_vm_reclaim: name, samples, mean %, p95 %, memory_kib,
 * network and disk bytes per second; ts is the VM's first sample. */
static int vmreport_reclaim_row(void *arg, int64_t first_ts, const struct query_value *v, size_t n)
{
	struct vmreport_reclaim *r = arg;
	int short_history = first_ts > r->from + VMREPORT_SLACK || v[3].type == QUERY_NULL;
	double below = (double)r->o->below;

	if (n < 7 || short_history != r->pass)
		return 0;
	if (!short_history && (v[2].r >= below || v[3].r >= below))
		return 0;
	if (!short_history && r->o->top && r->ranked == r->o->top)
		return 0;
	if (short_history)
		vmout_none(&r->out);
	else
		vmout_add(&r->out, "%lu", ++r->ranked);
	vmout_add(&r->out, "%s", v[0].text ? v[0].text : "");
	vmout_add(&r->out, "%s", short_history ? "too little history" : "recommended");
	vmreport_cell(&r->out, &v[1], 0, 0);
	vmout_add(&r->out, "%.1f", (double)(r->now - first_ts) / 3600);
	vmreport_cell(&r->out, &v[2], 1, 2);
	vmreport_cell(&r->out, &v[3], 1, 2);
	vmreport_cell(&r->out, &v[4], 0, 0);
	vmreport_cell(&r->out, &v[5], 1, 1);
	vmreport_cell(&r->out, &v[6], 1, 1);
	return 0;
}

int vmreport_reclaim(sqlite3 *db, int64_t now, const struct vmreport_opts *o)
{
	struct vmreport_reclaim r = {.o = o, .now = now, .from = now - (int64_t)o->days * 86400};
	int64_t ts;
	int found = query_vm_latest_ts(db, now, &ts);

	if (found <= 0) {
		if (found == 0)
			puts(VMREPORT_NO_DATA);
		return found;
	}
	vmout_init(&r.out, vmreport_reclaim_cols,
		   sizeof(vmreport_reclaim_cols) / sizeof(vmreport_reclaim_cols[0]));
	for (r.pass = 0; r.pass < 2; r.pass++) {
		if (query_vm_reclaim(db, r.from, now, vmreport_reclaim_row, &r) < 0) {
			vmout_release(&r.out);
			return -1;
		}
	}
	vmreport_print(&r.out, o->format);
	return 0;
}
