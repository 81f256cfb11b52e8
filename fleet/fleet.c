/* fleet: the hosts' figures and the hot hosts' VMs, from PromQL. */
#include "fleet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "log.h"
#include "sandpiper.h"
#include "sbuf.h"
#include "xalloc.h"

#define FLEET_HAVE_CPU	 1u
#define FLEET_HAVE_CORES 2u
#define FLEET_HAVE_SIZE	 4u
#define FLEET_HAVE_USED	 8u
#define FLEET_HAVE_NET	 16u
#define FLEET_HAVE_ALL	 31u

/* The rate of a counter: its last two samples, as node-report computes
 * it between two runs, tolerating one missed scrape at 1 minute. */
#define FLEET_RATE_WINDOW "3m"

#define FLEET_HOST_GAUGES                                                                          \
	"{__name__=~\"node_monitor_(info|cpu_ratio|cpu_cores|memory_size_bytes|memory_used_bytes)" \
	"\"}"
#define FLEET_HOST_NET                                                                             \
	"sum by (instance) (irate(node_monitor_network_receive_bytes_total[" FLEET_RATE_WINDOW     \
	"]) + irate(node_monitor_network_transmit_bytes_total[" FLEET_RATE_WINDOW "]))"
#define FLEET_HOST_MEM_RATIO "node_monitor_memory_used_bytes / node_monitor_memory_size_bytes"

static uint64_t fleet_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The slot of instance in the hash table: its host's, or the empty one
 * where it would go. */
static size_t *fleet_slot(const struct fleet *f, const char *instance)
{
	size_t i = fleet_hash(instance) & (f->nslot - 1);

	while (f->slot[i] && strcmp(f->v[f->slot[i] - 1].instance, instance) != 0)
		i = (i + 1) & (f->nslot - 1);
	return &f->slot[i];
}

struct fleet_host *fleet_find(const struct fleet *f, const char *instance)
{
	size_t *slot;

	if (!f->nslot || !instance)
		return NULL;
	slot = fleet_slot(f, instance);
	return *slot ? &f->v[*slot - 1] : NULL;
}

static void fleet_rehash(struct fleet *f)
{
	free(f->slot);
	f->nslot = f->nslot ? f->nslot * 2 : 64;
	f->slot = xcalloc(f->nslot, sizeof(*f->slot));
	for (size_t i = 0; i < f->n; i++)
		*fleet_slot(f, f->v[i].instance) = i + 1;
}

struct fleet_host *fleet_add(struct fleet *f, const char *instance)
{
	struct fleet_host *h = fleet_find(f, instance);

	if (h)
		return h;
	h = LIST_PUSH(f);
	h->instance = xstrdup(instance);
	if (f->n * 2 > f->nslot)
		fleet_rehash(f);
	else
		*fleet_slot(f, instance) = f->n;
	return h;
}

/* One series of FLEET_HOST_GAUGES into its host. */
static void fleet_gauge(struct fleet *f, const struct prom_series *s)
{
	struct fleet_host *h;
	double v;

	if (!s->instance || !s->name || !s->n)
		return;
	v = s->v[s->n - 1];
	h = fleet_add(f, s->instance);
	if (strcmp(s->name, "node_monitor_info") == 0 && s->host && !h->name) {
		h->name = xstrdup(s->host);
	} else if (strcmp(s->name, "node_monitor_cpu_ratio") == 0) {
		h->p.cpu = v;
		h->have |= FLEET_HAVE_CPU;
	} else if (strcmp(s->name, "node_monitor_cpu_cores") == 0) {
		h->p.cores = v;
		h->have |= FLEET_HAVE_CORES;
	} else if (strcmp(s->name, "node_monitor_memory_size_bytes") == 0) {
		h->p.mem_size = v;
		h->have |= FLEET_HAVE_SIZE;
	} else if (strcmp(s->name, "node_monitor_memory_used_bytes") == 0) {
		h->p.mem_used = v;
		h->have |= FLEET_HAVE_USED;
	}
}

/* A host's history of one resource: samples and how many are over. */
static void fleet_history(struct fleet *f, const struct prom_result *r, size_t res,
			  const struct fleet_opts *o)
{
	const double limit[FLEET_NRES] = {o->lim.cpu, o->lim.mem, o->lim.net};

	for (size_t i = 0; i < r->n; i++) {
		struct fleet_host *h = fleet_find(f, r->s[i].instance);
		const double *v = r->s[i].v;
		size_t n = r->s[i].n;

		if (!h)
			continue;
		/* The last n samples only: a range may hold one more. */
		if (n > o->hotspot_n) {
			v += n - o->hotspot_n;
			n = o->hotspot_n;
		}
		h->samples[res] = n;
		h->above[res] = sandpiper_count_above(v, n, limit[res]);
		if (sandpiper_hot(v, n, limit[res], o->hotspot_k))
			h->p.hot = 1;
	}
}

static int fleet_load_history(struct fleet *f, struct prom *p, const struct fleet_opts *o)
{
	static const char *const expr[FLEET_NRES] = {"node_monitor_cpu_ratio", FLEET_HOST_MEM_RATIO,
						     FLEET_HOST_NET};
	double start = o->now - 60.0 * (double)(o->hotspot_n ? o->hotspot_n - 1 : 0);

	for (size_t res = 0; res < FLEET_NRES; res++) {
		struct prom_result r;

		if (prom_query_range(p, expr[res], start, o->now, 60, &r) < 0)
			return -1;
		fleet_history(f, &r, res, o);
		prom_result_release(&r);
	}
	return 0;
}

/* The first figure a host lacks, for its "no data" line. */
static const char *fleet_missing(unsigned have)
{
	if (!(have & FLEET_HAVE_CPU))
		return "node_monitor_cpu_ratio";
	if (!(have & FLEET_HAVE_CORES))
		return "node_monitor_cpu_cores";
	if (!(have & FLEET_HAVE_SIZE))
		return "node_monitor_memory_size_bytes";
	if (!(have & FLEET_HAVE_USED))
		return "node_monitor_memory_used_bytes";
	return "node_monitor_network_*_bytes_total";
}

/* Names every host, and skips (with one line each) those lacking data. */
static int fleet_check_hosts(struct fleet *f)
{
	int skipped = 0;

	for (size_t i = 0; i < f->n; i++) {
		struct fleet_host *h = &f->v[i];

		if (!h->name)
			h->name = xstrdup(h->instance);
		h->p.name = h->name;
		if ((h->have & FLEET_HAVE_ALL) == FLEET_HAVE_ALL && h->p.cores > 0 &&
		    h->p.mem_size > 0)
			continue;
		log_warnx("host %s (instance %s): no data for %s; left out", h->name, h->instance,
			  fleet_missing(h->have));
		h->p.skip = 1;
		h->p.hot = 0;
		skipped++;
	}
	return skipped;
}

/* The hosts' latest figures: the gauges, then the network rates. */
static int fleet_latest(struct fleet *f, struct prom *p, const struct fleet_opts *o)
{
	struct prom_result r;

	if (prom_query(p, FLEET_HOST_GAUGES, o->now, &r) < 0)
		return -1;
	for (size_t i = 0; i < r.n; i++)
		fleet_gauge(f, &r.s[i]);
	prom_result_release(&r);
	if (prom_query(p, FLEET_HOST_NET, o->now, &r) < 0)
		return -1;
	for (size_t i = 0; i < r.n; i++) {
		struct fleet_host *h = fleet_find(f, r.s[i].instance);

		if (h && r.s[i].n) {
			h->p.net = r.s[i].v[0];
			h->have |= FLEET_HAVE_NET;
		}
	}
	prom_result_release(&r);
	return 0;
}

int fleet_load_hosts(struct fleet *f, struct prom *p, const struct fleet_opts *o, int history)
{
	struct fleet l = {0};
	int rc = -1;

	/* Built in a local, handed over at the end, failure or not. */
	if (fleet_latest(&l, p, o) == 0 && (!history || fleet_load_history(&l, p, o) == 0))
		rc = fleet_check_hosts(&l);
	*f = l;
	return rc;
}

void fleet_plan_hosts(struct fleet *f)
{
	free(f->plan);
	f->plan = xcalloc(f->n ? f->n : 1, sizeof(*f->plan));
	for (size_t i = 0; i < f->n; i++)
		f->plan[i] = f->v[i].p;
}

void fleet_release(struct fleet *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct fleet_host *h = &f->v[i];

		for (size_t j = 0; j < h->vms.n; j++)
			free(h->vms.v[j].name);
		free(h->vms.v);
		free(h->instance);
		free(h->name);
	}
	free(f->v);
	free(f->slot);
	free(f->plan);
	memset(f, 0, sizeof(*f));
}
