/* rate: CPU and memory percentages from cumulative counters; pure. */
#include "rate.h"

#include <stdlib.h>

int rate_centipct(int64_t delta_cs, int64_t interval_cs, int64_t *out)
{
	if (interval_cs <= 0 || delta_cs < 0)
		return -1;
	*out = (delta_cs * 20000 + interval_cs) / (2 * interval_cs);
	return 0;
}

static int rate_prev_cmp(const void *key, const void *elem)
{
	int pid = *(const int *)key;
	const struct rate_prev_proc *e = elem;

	return (pid > e->pid) - (pid < e->pid);
}

void rate_proc(const struct rate_prev *prev, int64_t now, struct proc_sample *p)
{
	const struct rate_prev_proc *old = NULL;
	int64_t start_s = p->start_cs / 100;

	p->has_cpu = 0;
	if (!prev->has_run)
		return;
	if (prev->n)
		old = bsearch(&p->pid, prev->v, prev->n, sizeof(*prev->v), rate_prev_cmp);
	if (old && old->start_time == start_s) {
		p->has_cpu = rate_centipct(p->cpu_time_cs - old->cpu_time_cs,
					   (now - prev->ts) * 100, &p->cpu_centipct) == 0;
		return;
	}
	if (p->start_cs >= prev->ts * 100)
		p->has_cpu =
		    rate_centipct(p->cpu_time_cs, now * 100 - p->start_cs, &p->cpu_centipct) == 0;
}

int rate_system_cpu(const struct rate_prev *prev, const struct cpu_counters *now, double *percent)
{
	int64_t busy = now->busy_ticks, total = now->total_ticks;

	if (!prev->has_system)
		return -1;
	/* Same boot and counters that did not go back: the interval's rate.
	 * Otherwise the counters restarted at boot and count since then. */
	if (prev->cpu.boot_time == now->boot_time && busy >= prev->cpu.busy_ticks &&
	    total >= prev->cpu.total_ticks) {
		busy -= prev->cpu.busy_ticks;
		total -= prev->cpu.total_ticks;
	}
	if (total <= 0)
		return -1;
	*percent = 100.0 * (double)busy / (double)total;
	return 0;
}

int64_t rate_mem_ppm(int64_t rss_kib, int64_t total_bytes)
{
	if (total_bytes <= 0)
		return 0;
	return (rss_kib * 1024 * 2000000 / total_bytes + 1) / 2;
}

void rate_prev_release(struct rate_prev *prev)
{
	free(prev->v);
	prev->v = NULL;
	prev->n = prev->cap = 0;
}
