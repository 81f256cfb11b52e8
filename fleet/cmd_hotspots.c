/* cmd_hotspots: the hot hosts and a migration plan for each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "log.h"
#include "sandpiper.h"
#include "xalloc.h"

static const struct vmout_col cmd_hot_cols[] = {
    {"host", 0},	 {"instance", 0},     {"samples", 1},	{"cpu_above", 1},
    {"memory_above", 1}, {"net_above", 1},    {"moves", 1},	{"unplaced", 1},
    {"cpu_after", 1},	 {"memory_after", 1}, {"net_after", 1}, {"relieved", 0},
};

static const struct vmout_col cmd_move_cols[] = {
    {"host", 0},	   {"rank", 1},		{"vm", 0},
    {"host_cpu_ratio", 1}, {"memory_bytes", 1}, {"net_bytes_per_second", 1},
    {"volume", 1},	   {"vsr_per_gib", 1},	{"target", 0},
    {"command", 0},
};

struct cmd_out {
	struct vmout hot, moves;
	size_t unplaced;
};

static void cmd_move_cells(struct cmd_out *out, const struct fleet *f, const struct fleet_host *h,
			   const struct plan_move *m, size_t rank)
{
	const struct fleet_vm *vm = &h->vms.v[m->vm];

	vmout_add(&out->moves, "%s", h->name);
	vmout_add(&out->moves, "%zu", rank);
	vmout_add(&out->moves, "%s", vm->name);
	vmout_add(&out->moves, "%.4f", vm->cpu);
	vmout_add(&out->moves, "%.0f", vm->mem);
	vmout_add(&out->moves, "%.0f", vm->net);
	vmout_add(&out->moves, "%.4f", m->volume);
	vmout_add(&out->moves, "%.4f", m->vsr);
	if (m->target < 0) {
		vmout_none(&out->moves);
		vmout_add(&out->moves, "no host fits");
		out->unplaced++;
		return;
	}
	vmout_add(&out->moves, "%s", f->v[m->target].name);
	vmout_add(&out->moves, "virsh migrate --live %s qemu+ssh://%s/system", vm->name,
		  f->v[m->target].name);
}

/* Plans the moves off hot host i (f->plan holds the hosts as the plan
 * leaves them) and adds its rows. */
static void cmd_plan_host(struct cmd_out *out, struct fleet *f, size_t i,
			  const struct fleet_opts *o)
{
	const struct fleet_host *h = &f->v[i];
	struct plan_vm *vms = xcalloc(h->vms.n ? h->vms.n : 1, sizeof(*vms));
	struct plan_move *moves = xcalloc(h->vms.n ? h->vms.n : 1, sizeof(*moves));
	const struct plan_host *after = &f->plan[i];
	size_t n, before = out->unplaced;
	int relieved;

	for (size_t v = 0; v < h->vms.n; v++)
		vms[v] = (struct plan_vm){h->vms.v[v].name, h->vms.v[v].cpu, h->vms.v[v].mem,
					  h->vms.v[v].net};
	n = plan_hotspot(f->plan, f->n, i, vms, h->vms.n, &o->lim, moves, &relieved);
	for (size_t m = 0; m < n; m++)
		cmd_move_cells(out, f, h, &moves[m], m + 1);
	vmout_add(&out->hot, "%s", h->name);
	vmout_add(&out->hot, "%s", h->instance);
	vmout_add(&out->hot, "%zu", h->samples[0]);
	for (size_t r = 0; r < FLEET_NRES; r++)
		vmout_add(&out->hot, "%zu", h->above[r]);
	vmout_add(&out->hot, "%zu", n - (out->unplaced - before));
	vmout_add(&out->hot, "%zu", out->unplaced - before);
	vmout_add(&out->hot, "%.4f", after->cpu);
	vmout_add(&out->hot, "%.4f", after->mem_size > 0 ? after->mem_used / after->mem_size : 0);
	vmout_add(&out->hot, "%.0f", after->net);
	vmout_add(&out->hot, "%s", relieved ? "yes" : "no");
	free(vms);
	free(moves);
}

struct cmd_hot {
	size_t i;
	double volume;
	const char *name;
};

static int cmd_hot_cmp(const void *a, const void *b)
{
	const struct cmd_hot *x = a, *y = b;

	if (x->volume != y->volume)
		return x->volume > y->volume ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The plans of the hot hosts, the hottest (highest Sandpiper volume)
 * first, so that it has the pick of the targets. */
static void cmd_plan_all(struct cmd_out *out, struct fleet *f, size_t nhot,
			 const struct fleet_opts *o)
{
	struct cmd_hot *hot = xcalloc(nhot ? nhot : 1, sizeof(*hot));
	size_t n = 0;

	for (size_t i = 0; i < f->n && n < nhot; i++) {
		const struct plan_host *h = &f->plan[i];

		if (!h->hot)
			continue;
		hot[n].i = i;
		hot[n].name = h->name;
		hot[n].volume =
		    sandpiper_volume(h->cpu, h->mem_used / h->mem_size,
				     o->lim.net_capacity > 0 ? h->net / o->lim.net_capacity : 0);
		n++;
	}
	qsort(hot, n, sizeof(*hot), cmd_hot_cmp);
	for (size_t k = 0; k < n; k++)
		cmd_plan_host(out, f, hot[k].i, o);
	free(hot);
}

static void cmd_hotspots_print(const struct cmd_out *out, size_t nhot, size_t nhosts,
			       enum vmout_format fmt)
{
	if (fmt == VMOUT_JSON) {
		printf("{\"hosts\": %zu, \"hotspots\": ", nhosts);
		vmout_print_json_array(&out->hot, stdout);
		fputs(", \"moves\": ", stdout);
		vmout_print_json_array(&out->moves, stdout);
		puts("}");
		return;
	}
	if (fmt == VMOUT_TABLE && nhot == 0) {
		printf("no host is a hotspot (%zu hosts checked)\n", nhosts);
		return;
	}
	if (fmt == VMOUT_TABLE)
		printf("%zu of %zu hosts are hotspots:\n", nhot, nhosts);
	vmout_print(&out->hot, fmt, stdout);
	putchar('\n');
	vmout_print(&out->moves, fmt, stdout);
}

int cmd_hotspots(struct cmd *c, struct prom *p)
{
	struct fleet f = {0};
	struct cmd_out out;
	size_t nhot = 0;
	int skipped, dropped = 0, status = CMD_FAILED;
	double t0;

	vmout_init(&out.hot, cmd_hot_cols, sizeof(cmd_hot_cols) / sizeof(cmd_hot_cols[0]));
	vmout_init(&out.moves, cmd_move_cols, sizeof(cmd_move_cols) / sizeof(cmd_move_cols[0]));
	out.unplaced = 0;
	skipped = fleet_load_hosts(&f, p, &c->o, 1);
	if (skipped < 0)
		goto out;
	for (size_t i = 0; i < f.n; i++)
		nhot += f.v[i].p.hot ? 1 : 0;
	if (nhot)
		dropped = fleet_load_vms(&f, p, &c->o);
	if (dropped < 0)
		goto out;
	if ((size_t)skipped == f.n) {
		log_warnx("prometheus %s: no host with data at %.0f", p->url, c->o.now);
		goto out;
	}
	t0 = cmd_clock();
	fleet_plan_hosts(&f);
	cmd_plan_all(&out, &f, nhot, &c->o);
	c->plan_s = cmd_clock() - t0;
	cmd_hotspots_print(&out, nhot, f.n - (size_t)skipped, c->format);
	status = skipped || dropped ? CMD_PARTIAL : CMD_OK;
out:
	vmout_release(&out.hot);
	vmout_release(&out.moves);
	fleet_release(&f);
	return status;
}
