/* cmd_reclaim: the VMs across the fleet that stay idle enough to be
 * reclaimed, by node-report reclaim's rule, from PromQL over the window. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "fleet.h"
#include "list.h"
#include "sbuf.h"
#include "xalloc.h"

/* A history may start this late in its window (node-report's slack). */
#define CMD_RECLAIM_SLACK 3600

/* A VM's figures, each from a query of its own. */
enum cmd_field {
	CMD_MEAN,    /* ratio */
	CMD_P95,     /* ratio */
	CMD_SAMPLES, /* over the window */
	CMD_FULL,    /* 1: samples in the first hour of the window */
	CMD_MEM,     /* bytes; NaN unknown */
	CMD_NFIELDS
};

struct cmd_vm {
	const char *instance, *vm; /* borrowed from the first result */
	double f[CMD_NFIELDS];
};

static int cmd_vm_cmp_key(const char *instance, const char *vm, const struct cmd_vm *y)
{
	int c = strcmp(instance, y->instance);

	return c ? c : strcmp(vm, y->vm);
}

static int cmd_vm_cmp(const void *a, const void *b)
{
	const struct cmd_vm *x = a;

	return cmd_vm_cmp_key(x->instance, x->vm, b);
}

static struct cmd_vm *cmd_vm_find(struct cmd_vm *v, size_t n, const struct prom_series *s)
{
	size_t lo = 0, hi = n;

	if (!s->instance || !s->vm || !s->n)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmd_vm_cmp_key(s->instance, s->vm, &v[mid]);

		if (c == 0)
			return &v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The recommended first (lowest p95, then mean, then host and name), then
 * those with too little history. */
static int cmd_reclaim_cmp(const void *a, const void *b)
{
	const struct cmd_vm *x = a, *y = b;

	if (x->f[CMD_FULL] != y->f[CMD_FULL])
		return x->f[CMD_FULL] ? -1 : 1;
	if (x->f[CMD_P95] != y->f[CMD_P95])
		return x->f[CMD_P95] < y->f[CMD_P95] ? -1 : 1;
	if (x->f[CMD_MEAN] != y->f[CMD_MEAN])
		return x->f[CMD_MEAN] < y->f[CMD_MEAN] ? -1 : 1;
	return cmd_vm_cmp(a, b);
}

static const struct vmout_col cmd_reclaim_cols[] = {
    {"rank", 1},
    {"host", 0},
    {"vm", 0},
    {"status", 0},
    {"samples", 1},
    {"mean_cpu_percent", 1},
    {"p95_cpu_percent", 1},
    {"memory_bytes", 1},
};

/* Runs one query and stores field f of each VM it names. Returns 0 or -1. */
static int cmd_reclaim_field(struct prom *p, const char *q, double now, struct cmd_vm *v, size_t n,
			     enum cmd_field f)
{
	struct prom_result r;

	if (prom_query(p, q, now, &r) < 0)
		return -1;
	for (size_t i = 0; i < r.n; i++) {
		struct cmd_vm *vm = cmd_vm_find(v, n, &r.s[i]);

		if (vm)
			vm->f[f] = r.s[i].v[0];
	}
	prom_result_release(&r);
	return 0;
}

static void cmd_reclaim_rows(struct vmout *o, const struct cmd_vm *v, size_t n,
			     const struct fleet *names, const struct cmd *c)
{
	unsigned long ranked = 0;

	for (size_t i = 0; i < n; i++) {
		const struct fleet_host *h = fleet_find(names, v[i].instance);
		double below = (double)c->below / 100;

		if (!(v[i].f[CMD_MEAN] < below && v[i].f[CMD_P95] < below))
			continue;
		if (v[i].f[CMD_FULL] && c->top && ranked == c->top)
			continue;
		if (v[i].f[CMD_FULL])
			vmout_add(o, "%lu", ++ranked);
		else
			vmout_none(o);
		vmout_add(o, "%s", h && h->name ? h->name : v[i].instance);
		vmout_add(o, "%s", v[i].vm);
		vmout_add(o, "%s", v[i].f[CMD_FULL] ? "recommended" : "too little history");
		vmout_add(o, "%.0f", v[i].f[CMD_SAMPLES]);
		vmout_add(o, "%.2f", v[i].f[CMD_MEAN] * 100);
		vmout_add(o, "%.2f", v[i].f[CMD_P95] * 100);
		if (isnan(v[i].f[CMD_MEM]))
			vmout_none(o);
		else
			vmout_add(o, "%.0f", v[i].f[CMD_MEM]);
	}
}

/* The host names of node_monitor_info{host}, by instance. */
static int cmd_reclaim_names(struct prom *p, double now, struct fleet *names)
{
	struct prom_result r;

	if (prom_query(p, "node_monitor_info", now, &r) < 0)
		return -1;
	for (size_t i = 0; i < r.n; i++) {
		struct fleet_host *h;

		if (!r.s[i].instance || !r.s[i].host)
			continue;
		h = fleet_add(names, r.s[i].instance);
		if (!h->name)
			h->name = xstrdup(r.s[i].host);
	}
	prom_result_release(&r);
	return 0;
}

int cmd_reclaim(struct cmd *c, struct prom *p)
{
	const unsigned long w = c->days * 86400;
	struct sbuf q = SBUF_INIT;
	struct prom_result base = {0};
	struct fleet names = {0};
	struct cmd_vm *v = NULL;
	struct vmout o;
	size_t n = 0;
	int status = CMD_FAILED;
	double t0;

	vmout_init(&o, cmd_reclaim_cols, sizeof(cmd_reclaim_cols) / sizeof(cmd_reclaim_cols[0]));
	sbuf_printf(&q, "avg_over_time(node_monitor_vm_cpu_ratio[%lus])", w);
	if (prom_query(p, q.s, c->o.now, &base) < 0)
		goto out;
	v = xcalloc(base.n ? base.n : 1, sizeof(*v));
	for (size_t i = 0; i < base.n; i++) {
		if (!base.s[i].instance || !base.s[i].vm || !base.s[i].n)
			continue;
		v[n] = (struct cmd_vm){base.s[i].instance, base.s[i].vm, {0}};
		v[n].f[CMD_MEAN] = base.s[i].v[0];
		v[n].f[CMD_P95] = NAN;
		v[n].f[CMD_MEM] = NAN;
		n++;
	}
	qsort(v, n, sizeof(*v), cmd_vm_cmp);
	sbuf_release(&q);
	sbuf_printf(&q, "quantile_over_time(0.95, node_monitor_vm_cpu_ratio[%lus])", w);
	if (cmd_reclaim_field(p, q.s, c->o.now, v, n, CMD_P95) < 0)
		goto out;
	sbuf_release(&q);
	sbuf_printf(&q, "count_over_time(node_monitor_vm_cpu_ratio[%lus])", w);
	if (cmd_reclaim_field(p, q.s, c->o.now, v, n, CMD_SAMPLES) < 0)
		goto out;
	sbuf_release(&q);
	sbuf_printf(&q, "present_over_time(node_monitor_vm_cpu_ratio[%ds] offset %lus)",
		    CMD_RECLAIM_SLACK, w - CMD_RECLAIM_SLACK);
	if (cmd_reclaim_field(p, q.s, c->o.now, v, n, CMD_FULL) < 0 ||
	    cmd_reclaim_field(p, "node_monitor_vm_memory_bytes", c->o.now, v, n, CMD_MEM) < 0 ||
	    cmd_reclaim_names(p, c->o.now, &names) < 0)
		goto out;
	t0 = cmd_clock();
	qsort(v, n, sizeof(*v), cmd_reclaim_cmp);
	cmd_reclaim_rows(&o, v, n, &names, c);
	c->plan_s = cmd_clock() - t0;
	if (c->format == VMOUT_JSON) {
		vmout_print_json_array(&o, stdout);
		putchar('\n');
	} else if (c->format == VMOUT_TABLE && o.cells.n == 0) {
		printf("no VM to reclaim (%zu VMs checked)\n", n);
	} else {
		vmout_print(&o, c->format, stdout);
	}
	status = CMD_OK;
out:
	sbuf_release(&q);
	free(v);
	prom_result_release(&base);
	fleet_release(&names);
	vmout_release(&o);
	return status;
}
