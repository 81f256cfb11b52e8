/* plotvm: today's per-VM plot files, one set per VM name, from the VM
 * rows of the query layer (rates there, over the runs' CLOCK_BOOTTIME
 * within a boot). */
#include "plotvm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "daytime.h"
#include "list.h"
#include "query_vmplot.h"
#include "xalloc.h"

static const char *const vm_series[QUERY_VMPLOT_N] = {
    "cpu_percent",   "memory_used",	"net_in_bytes",
    "net_out_bytes", "disk_read_bytes", "disk_write_bytes",
};

int plotvm_is_kind(const char *name)
{
	size_t len = strlen(name);

	return strncmp(name, "vm_", 3) == 0 && len > 4 && strcmp(name + len - 4, ".csv") == 0;
}

/* The files of one VM name. Two VMs of one name (a uuid that took over a
 * name) share them: of each run, the row of the first (the lower key). */
struct plot_vm {
	char *name;
	int64_t last_ts; /* of its last row */
	struct plot_file f[QUERY_VMPLOT_N];
};

struct plot_vms {
	struct plots *p;
	struct plot_vm *v;
	// cppcheck-suppress unusedStructMember ; LIST_PUSH uses it
	size_t n, cap;
	int64_t last_ts;
};

static struct plot_vm *plotvm_find(struct plot_vms *s, const char *name)
{
	char part[256], file[PLOT_NAME_MAX];
	struct plot_vm *x;

	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	}
	x = LIST_PUSH(s);
	x->name = xstrdup(name);
	x->last_ts = INT64_MIN;
	csv_name_part(part, sizeof(part), name);
	for (size_t f = 0; f < QUERY_VMPLOT_N; f++) {
		snprintf(file, sizeof(file), "vm_%s_%s.csv", part, vm_series[f]);
		plot_file_begin(s->p, &x->f[f], file);
	}
	return x;
}

static int plotvm_row(void *arg, const struct query_vmplot_row *r)
{
	struct plot_vms *s = arg;
	struct plot_vm *x = plotvm_find(s, r->name);

	if (r->ts == x->last_ts)
		return 0;
	x->last_ts = r->ts;
	for (size_t f = 0; f < QUERY_VMPLOT_N; f++) {
		struct afile *out = plot_file_row(s->p, &x->f[f], r->ts);

		if (!r->has[f])
			continue;
		if (f == QUERY_VMPLOT_MEMORY)
			plot_int(out, r->ts, (int64_t)r->v[f]);
		else
			plot_real(out, r->ts, r->v[f]);
	}
	if (r->ts > s->last_ts)
		s->last_ts = r->ts;
	return 0;
}

/* Where the rows are read from: the day's start, or for an update the
 * last VM run the files hold (the baseline of the rates). */
static int plotvm_from(sqlite3 *db, int64_t kind_from, int64_t day_start, int64_t *from)
{
	int64_t base;
	int rc;

	*from = day_start;
	if (kind_from == INT64_MIN)
		return 0;
	rc = query_vmplot_base(db, kind_from, &base);
	if (rc > 0 && base > day_start)
		*from = base;
	return rc < 0 ? -1 : 0;
}

int plotvm_write(sqlite3 *db, struct plots *p, int64_t day_start)
{
	int64_t kind_from = plot_kind_from(p, plotvm_is_kind), from;
	struct plot_vms s = {.p = p, .last_ts = kind_from == INT64_MIN ? day_start - 1 : kind_from};
	int rc = plotvm_from(db, kind_from, day_start, &from);

	if (rc == 0)
		rc = query_vmplot_rows(db, from, day_start + DAYTIME_DAY_SECONDS, plotvm_row, &s);
	for (size_t i = 0; i < s.n; i++) {
		for (size_t f = 0; f < QUERY_VMPLOT_N; f++) {
			if (rc < 0)
				plot_file_abort(&s.v[i].f[f]);
			else
				plot_file_end(p, &s.v[i].f[f], s.v[i].name, s.last_ts);
		}
		free(s.v[i].name);
	}
	free(s.v);
	if (rc == 0)
		plot_kind_carry(p, plotvm_is_kind, s.last_ts);
	return rc;
}
