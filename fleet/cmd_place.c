/* cmd_place: the host to start a new VM on, and why. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "log.h"
#include "xalloc.h"

static const struct vmout_col cmd_place_cols[] = {
    {"rank", 1},	 {"host", 0},	   {"instance", 0},	{"cpu_after", 1},
    {"memory_after", 1}, {"net_after", 1}, {"volume_after", 1}, {"headroom", 1},
};

/* How many hosts each threshold rules out (a host may count twice). */
struct cmd_excluded {
	size_t cpu, mem, net, nodata;
};

static void cmd_place_excluded(const struct fleet *f, const struct plan_demand *d,
			       const struct plan_limits *l, struct cmd_excluded *x)
{
	for (size_t i = 0; i < f->n; i++) {
		unsigned no;

		if (f->plan[i].skip) {
			x->nodata++;
			continue;
		}
		no = plan_fit(&f->plan[i], d, l);
		x->cpu += no & PLAN_NO_CPU ? 1 : 0;
		x->mem += no & PLAN_NO_MEM ? 1 : 0;
		x->net += no & PLAN_NO_NET ? 1 : 0;
	}
}

static void cmd_place_rows(struct vmout *o, const struct fleet *f, const struct plan_rank *r,
			   size_t n, const struct plan_demand *d)
{
	for (size_t k = 0; k < n; k++) {
		const struct plan_host *h = &f->plan[r[k].host];

		vmout_add(o, "%zu", k + 1);
		vmout_add(o, "%s", h->name);
		vmout_add(o, "%s", f->v[r[k].host].instance);
		vmout_add(o, "%.4f", (h->cpu * h->cores + d->cpu_cores) / h->cores);
		vmout_add(o, "%.4f", (h->mem_used + d->mem) / h->mem_size);
		vmout_add(o, "%.0f", h->net + d->net);
		vmout_add(o, "%.4f", r[k].volume);
		vmout_add(o, "%.4f", r[k].headroom);
	}
}

static void cmd_json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void cmd_place_print(const struct vmout *o, const struct fleet *f,
			    const struct plan_rank *best, const struct cmd_excluded *x,
			    enum vmout_format fmt)
{
	const char *name = best ? f->plan[best->host].name : NULL;

	if (fmt == VMOUT_JSON) {
		printf("{\"host\": ");
		if (name)
			cmd_json_string(name);
		else
			fputs("null", stdout);
		printf(", \"excluded\": {\"cpu\": %zu, \"memory\": %zu, \"network\": %zu, "
		       "\"no_data\": %zu}, \"candidates\": ",
		       x->cpu, x->mem, x->net, x->nodata);
		vmout_print_json_array(o, stdout);
		puts("}");
		return;
	}
	if (fmt == VMOUT_TABLE && best)
		printf("place the VM on %s: the lowest Sandpiper volume after placement (%.4f), "
		       "headroom %.4f\n",
		       name, best->volume, best->headroom);
	if (fmt == VMOUT_TABLE && !best)
		puts("no host fits the VM");
	if (fmt == VMOUT_TABLE)
		printf(
		    "excluded: %zu over cpu, %zu over memory, %zu over network, %zu without data\n",
		    x->cpu, x->mem, x->net, x->nodata);
	if (best || fmt == VMOUT_CSV)
		vmout_print(o, fmt, stdout);
}

int cmd_place(struct cmd *c, struct prom *p)
{
	struct fleet f = {0};
	struct plan_demand d = {c->vcpus * c->cpu, c->mem, c->net};
	struct cmd_excluded x = {0, 0, 0, 0};
	struct plan_rank *r = NULL;
	struct vmout o;
	size_t n;
	int skipped, status = CMD_FAILED;
	double t0;

	vmout_init(&o, cmd_place_cols, sizeof(cmd_place_cols) / sizeof(cmd_place_cols[0]));
	skipped = fleet_load_hosts(&f, p, &c->o, 0);
	if (skipped < 0)
		goto out;
	if ((size_t)skipped == f.n) {
		log_warnx("prometheus %s: no host with data at %.0f", p->url, c->o.now);
		goto out;
	}
	t0 = cmd_clock();
	fleet_plan_hosts(&f);
	r = xcalloc(f.n, sizeof(*r));
	n = plan_place(f.plan, f.n, &d, &c->o.lim, r);
	cmd_place_excluded(&f, &d, &c->o.lim, &x);
	cmd_place_rows(&o, &f, r, c->top && n > c->top ? c->top : n, &d);
	c->plan_s = cmd_clock() - t0;
	cmd_place_print(&o, &f, n ? &r[0] : NULL, &x, c->format);
	/* No host fits: the answer is printed, and the status says so. */
	if (n)
		status = skipped ? CMD_PARTIAL : CMD_OK;
out:
	free(r);
	vmout_release(&o);
	fleet_release(&f);
	return status;
}
