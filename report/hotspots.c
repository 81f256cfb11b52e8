/* hotspots: whether the host is a hotspot (k of its last n samples over a
 * threshold), and which VMs to move first, ranked by sandpiper.c. */
#include "hotspots.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "list.h"
#include "query_vm.h"
#include "sandpiper.h"

#define HOTSPOTS_NRES 3

struct hotspots_host {
	size_t want; /* n: the samples looked at */
	size_t n;    /* rows read, at most want + 1 */
	int64_t *ts;
	double *v[HOTSPOTS_NRES]; /* cpu %, memory %, network bytes/s; NAN unknown */
};

struct hotspots_vms {
	const struct vmreport_opts *o;
	struct {
		struct sandpiper_vm *v;
		// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
		size_t n, cap;
	} l;
};

/* A row of query_vm_host_recent: cpu %, memory %, network bytes/s. */
static int hotspots_host_row(void *arg, int64_t ts, const struct query_value *v, size_t n)
{
	struct hotspots_host *h = arg;

	if (n < HOTSPOTS_NRES || h->n > h->want)
		return 0;
	h->ts[h->n] = ts;
	for (size_t r = 0; r < HOTSPOTS_NRES; r++)
		h->v[r][h->n] = v[r].type == QUERY_NULL ? NAN : v[r].r;
	h->n++;
	return 0;
}

/* A row of query_vm_hot: name, host CPU centipercent, memory_kib, network
 * bytes/s, the host's memory in KiB. */
static int hotspots_vm_row(void *arg, int64_t ts, const struct query_value *v, size_t n)
{
	struct hotspots_vms *h = arg;
	struct sandpiper_vm *vm;

	(void)ts;
	if (n < 5)
		return 0;
	vm = LIST_PUSH(&h->l);
	vm->name = xstrdup(v[0].text ? v[0].text : "");
	vm->cpu = v[1].r / 10000;
	vm->mem = v[4].r > 0 ? v[2].r / v[4].r : 0;
	vm->net = h->o->net_capacity ? v[3].r / (double)h->o->net_capacity : 0;
	vm->size_kib = v[2].r;
	return 0;
}

static const struct vmout_col hotspots_res_cols[] = {
    {"resource", 0}, {"samples_above", 1}, {"samples", 1}, {"k", 1}, {"threshold", 1}, {"hot", 0},
};

static const struct vmout_col hotspots_vm_cols[] = {
    {"rank", 1}, {"name", 0},	{"cpu", 1},	 {"mem", 1},
    {"net", 1},	 {"volume", 1}, {"size_kib", 1}, {"vsr_per_gib", 1},
};

/* Fills res with one row per resource; returns 1 on a hotspot. */
static int hotspots_resources(const struct hotspots_host *h, size_t skip,
			      const struct vmreport_opts *o, struct vmout *res)
{
	static const char *const names[HOTSPOTS_NRES] = {"cpu_percent", "memory_percent",
							 "net_bytes_per_second"};
	const double limits[HOTSPOTS_NRES] = {(double)o->host_cpu_percent,
					      (double)o->host_memory_percent,
					      (double)o->net_bytes_per_second};
	int hot = 0;

	for (size_t r = 0; r < HOTSPOTS_NRES; r++) {
		const double *v = h->v[r] + skip;
		int this_hot = sandpiper_hot(v, h->n - skip, limits[r], o->hotspot_k);

		vmout_add(res, "%s", names[r]);
		vmout_add(res, "%zu", sandpiper_count_above(v, h->n - skip, limits[r]));
		vmout_add(res, "%zu", h->n - skip);
		vmout_add(res, "%lu", o->hotspot_k);
		vmout_add(res, "%.15g", limits[r]);
		vmout_add(res, "%s", this_hot ? "yes" : "no");
		hot |= this_hot;
	}
	return hot;
}

static void hotspots_vm_cells(const struct hotspots_vms *h, struct vmout *vms)
{
	for (size_t i = 0; i < h->l.n; i++) {
		const struct sandpiper_vm *vm = &h->l.v[i];

		vmout_add(vms, "%zu", i + 1);
		vmout_add(vms, "%s", vm->name);
		vmout_add(vms, "%.4f", vm->cpu);
		vmout_add(vms, "%.4f", vm->mem);
		vmout_add(vms, "%.4f", vm->net);
		vmout_add(vms, "%.4f", vm->volume);
		vmout_add(vms, "%.0f", vm->size_kib);
		vmout_add(vms, "%.4f", vm->vsr);
	}
}

static void hotspots_print(int hot, const struct vmout *res, const struct vmout *vms,
			   enum vmout_format f)
{
	if (f == VMOUT_JSON) {
		printf("{\"hotspot\": %s, \"resources\": ", hot ? "true" : "false");
		vmout_print_json_array(res, stdout);
		fputs(", \"vms\": ", stdout);
		vmout_print_json_array(vms, stdout);
		puts("}");
		return;
	}
	if (f == VMOUT_TABLE)
		puts(hot ? "the host is a hotspot; VMs to move first:"
			 : "the host is not a hotspot");
	vmout_print(res, f, stdout);
	if (hot) {
		putchar('\n');
		vmout_print(vms, f, stdout);
	}
}

int hotspots_report(sqlite3 *db, int64_t now, const struct vmreport_opts *o)
{
	struct hotspots_host h = {.want = o->hotspot_n};
	struct hotspots_vms vms = {.o = o};
	struct vmout res, vmo;
	int64_t ts;
	size_t skip;
	int hot, status = -1, found = query_vm_latest_ts(db, now, &ts);

	if (found <= 0) {
		if (found == 0)
			puts(VMREPORT_NO_DATA);
		return found;
	}
	h.ts = xrealloc(NULL, h.want + 1, sizeof(*h.ts));
	for (size_t r = 0; r < HOTSPOTS_NRES; r++)
		h.v[r] = xrealloc(NULL, h.want + 1, sizeof(double));
	vmout_init(&res, hotspots_res_cols,
		   sizeof(hotspots_res_cols) / sizeof(hotspots_res_cols[0]));
	vmout_init(&vmo, hotspots_vm_cols, sizeof(hotspots_vm_cols) / sizeof(hotspots_vm_cols[0]));
	if (query_vm_host_recent(db, now, (int64_t)h.want, hotspots_host_row, &h) < 0)
		goto out;
	/* The oldest of n + 1 rows only gave the next its network rate. */
	skip = h.n > h.want ? 1 : 0;
	hot = hotspots_resources(&h, skip, o, &res);
	if (hot && h.n > skip && query_vm_hot(db, h.ts[skip], now, hotspots_vm_row, &vms) < 0)
		goto out;
	sandpiper_rank(vms.l.v, vms.l.n);
	hotspots_vm_cells(&vms, &vmo);
	hotspots_print(hot, &res, &vmo, o->format);
	status = 0;
out:
	for (size_t i = 0; i < vms.l.n; i++)
		free((char *)vms.l.v[i].name);
	free(vms.l.v);
	free(h.ts);
	for (size_t r = 0; r < HOTSPOTS_NRES; r++)
		free(h.v[r]);
	vmout_release(&res);
	vmout_release(&vmo);
	return status;
}
