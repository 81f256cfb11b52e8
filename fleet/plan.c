/* plan: migration plans off hot hosts and placements of new VMs. */
#include "plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sandpiper.h"
#include "xalloc.h"

/* The figures of h once d is added: cpu ratio, memory ratio, bytes/s. */
static void plan_after(const struct plan_host *h, const struct plan_demand *d, double *cpu,
		       double *mem, double *net)
{
	*cpu = h->cores > 0 ? (h->cpu * h->cores + d->cpu_cores) / h->cores : INFINITY;
	*mem = h->mem_size > 0 ? (h->mem_used + d->mem) / h->mem_size : INFINITY;
	*net = h->net + d->net;
}

unsigned plan_fit(const struct plan_host *h, const struct plan_demand *d,
		  const struct plan_limits *l)
{
	double cpu, mem, net;
	unsigned no = 0;

	plan_after(h, d, &cpu, &mem, &net);
	if (!(cpu <= l->cpu))
		no |= PLAN_NO_CPU;
	if (!(mem <= l->mem))
		no |= PLAN_NO_MEM;
	if (!(net <= l->net))
		no |= PLAN_NO_NET;
	return no;
}

double plan_volume_after(const struct plan_host *h, const struct plan_demand *d,
			 const struct plan_limits *l)
{
	double cpu, mem, net;

	plan_after(h, d, &cpu, &mem, &net);
	return sandpiper_volume(cpu, mem, l->net_capacity > 0 ? net / l->net_capacity : 0);
}

double plan_headroom_after(const struct plan_host *h, const struct plan_demand *d,
			   const struct plan_limits *l)
{
	double cpu, mem, net, room;

	plan_after(h, d, &cpu, &mem, &net);
	room = fmin(l->cpu - cpu, l->mem - mem);
	if (l->net_capacity > 0)
		room = fmin(room, (l->net - net) / l->net_capacity);
	return room;
}

int plan_over(const struct plan_host *h, const struct plan_limits *l)
{
	const struct plan_demand none = {0, 0, 0};

	return plan_fit(h, &none, l) != 0;
}

/* 1 when host a ranks before host b: lower volume, then lower name. */
static int plan_better(const struct plan_host *a, double va, const struct plan_host *b, double vb)
{
	if (va != vb)
		return va < vb;
	return strcmp(a->name, b->name) < 0;
}

long plan_target(const struct plan_host *h, size_t nh, size_t except, const struct plan_demand *d,
		 const struct plan_limits *l)
{
	long best = -1;
	double best_v = 0;

	for (size_t i = 0; i < nh; i++) {
		double v;

		if (i == except || h[i].hot || h[i].skip || plan_fit(&h[i], d, l))
			continue;
		v = plan_volume_after(&h[i], d, l);
		if (best < 0 || plan_better(&h[i], v, &h[best], best_v)) {
			best = (long)i;
			best_v = v;
		}
	}
	return best;
}

/* The index in vms of the VM named by pointer name. */
static size_t plan_vm_index(const struct plan_vm *vms, size_t nvm, const char *name)
{
	for (size_t i = 0; i < nvm; i++)
		if (vms[i].name == name)
			return i;
	return 0;
}

/* Moves d from host `from` to host `to`. */
static void plan_apply(struct plan_host *from, struct plan_host *to, const struct plan_demand *d)
{
	if (from->cores > 0)
		from->cpu -= d->cpu_cores / from->cores;
	from->mem_used -= d->mem;
	from->net -= d->net;
	if (to->cores > 0)
		to->cpu += d->cpu_cores / to->cores;
	to->mem_used += d->mem;
	to->net += d->net;
}

size_t plan_hotspot(struct plan_host *h, size_t nh, size_t src, const struct plan_vm *vms,
		    size_t nvm, const struct plan_limits *l, struct plan_move *moves, int *relieved)
{
	struct sandpiper_vm *sp = xcalloc(nvm ? nvm : 1, sizeof(*sp));
	struct plan_host *s = &h[src];
	size_t n = 0;

	/* Utilizations of the source host, as Sandpiper ranks them; the
	 * name pointer finds the VM again after the sort. */
	for (size_t i = 0; i < nvm; i++) {
		sp[i].name = vms[i].name;
		sp[i].cpu = vms[i].cpu;
		sp[i].mem = s->mem_size > 0 ? vms[i].mem / s->mem_size : 0;
		sp[i].net = l->net_capacity > 0 ? vms[i].net / l->net_capacity : 0;
		sp[i].size_kib = vms[i].mem / 1024;
	}
	sandpiper_rank(sp, nvm);
	for (size_t i = 0; i < nvm && plan_over(s, l); i++) {
		size_t v = plan_vm_index(vms, nvm, sp[i].name);
		struct plan_demand d = {vms[v].cpu * s->cores, vms[v].mem, vms[v].net};
		long t = plan_target(h, nh, src, &d, l);

		moves[n] = (struct plan_move){v, t, sp[i].volume, sp[i].vsr};
		n++;
		if (t >= 0)
			plan_apply(s, &h[t], &d);
	}
	*relieved = !plan_over(s, l);
	free(sp);
	return n;
}

static const struct plan_host *plan_sort_hosts;

static int plan_rank_cmp(const void *a, const void *b)
{
	const struct plan_rank *x = a, *y = b;

	const struct plan_host *hx = &plan_sort_hosts[x->host], *hy = &plan_sort_hosts[y->host];

	if (plan_better(hx, x->volume, hy, y->volume))
		return -1;
	return plan_better(hy, y->volume, hx, x->volume) ? 1 : 0;
}

size_t plan_place(const struct plan_host *h, size_t nh, const struct plan_demand *d,
		  const struct plan_limits *l, struct plan_rank *out)
{
	size_t n = 0;

	for (size_t i = 0; i < nh; i++) {
		if (h[i].hot || h[i].skip || plan_fit(&h[i], d, l))
			continue;
		out[n].host = i;
		out[n].volume = plan_volume_after(&h[i], d, l);
		out[n].headroom = plan_headroom_after(&h[i], d, l);
		n++;
	}
	/* qsort takes no context: the hosts are reached through a static,
	 * which is fine in a program with one thread. */
	plan_sort_hosts = h;
	if (n > 1)
		qsort(out, n, sizeof(*out), plan_rank_cmp);
	plan_sort_hosts = NULL;
	return n;
}
