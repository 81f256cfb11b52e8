/* rate: CPU and memory percentages from cumulative counters; pure. */
#include "rate.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"

int rate_centipct(int64_t delta_cs, int64_t interval_ns, int64_t *out)
{
	/* In microseconds, delta_cs * 2e8 stays within 64 bits up to 14 years
	 * of one core's time in one interval; beyond, long double is exact
	 * enough. */
	int64_t interval_us = interval_ns / 1000;

	if (interval_us <= 0 || delta_cs < 0)
		return -1;
	if (delta_cs <= INT64_MAX / 200000000)
		*out = (delta_cs * 200000000 + interval_us) / (2 * interval_us);
	else
		*out = (int64_t)((long double)delta_cs * 1e8L / (long double)interval_us + 0.5L);
	return 0;
}

int rate_same_boot(const struct rate_prev *prev, const struct run_clock *now,
		   const struct cpu_counters *cpu)
{
	if (!prev->has_run || !prev->clock.has_boottime || !now->has_boottime)
		return 0;
	if (prev->clock.has_boot_id && now->has_boot_id)
		return strcmp(prev->clock.boot_id, now->boot_id) == 0;
	if (now->boottime_ns < prev->clock.boottime_ns)
		return 0;
	if (cpu && prev->has_system &&
	    (cpu->busy_ticks < prev->cpu.busy_ticks || cpu->total_ticks < prev->cpu.total_ticks))
		return 0;
	return 1;
}

static int rate_prev_cmp(const void *key, const void *elem)
{
	int pid = *(const int *)key;
	const struct rate_prev_proc *e = elem;

	return (pid > e->pid) - (pid < e->pid);
}

void rate_proc(const struct rate_prev *prev, int64_t now_ns, long hz, struct proc_sample *p)
{
	const struct rate_prev_proc *old = NULL;
	int64_t start_ns;

	p->has_cpu = 0;
	if (prev->n)
		old = bsearch(&p->pid, prev->v, prev->n, sizeof(*prev->v), rate_prev_cmp);
	if (old && old->start_ticks == p->start_ticks) {
		p->has_cpu = rate_centipct(p->cpu_time_cs - old->cpu_time_cs,
					   now_ns - prev->clock.boottime_ns, &p->cpu_centipct) == 0;
		return;
	}
	start_ns = clock_ticks_ns(p->start_ticks, hz);
	if (start_ns >= prev->clock.boottime_ns)
		p->has_cpu =
		    rate_centipct(p->cpu_time_cs, now_ns - start_ns, &p->cpu_centipct) == 0;
}

int rate_system_cpu(const struct rate_prev *prev, const struct cpu_counters *now, double *percent)
{
	int64_t busy = now->busy_ticks, total = now->total_ticks;

	if (!prev->has_system)
		return -1;
	if (busy >= prev->cpu.busy_ticks && total >= prev->cpu.total_ticks) {
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

int rate_share_centipct(int64_t delta_ns, int64_t interval_ns, int64_t cpus, int64_t *out)
{
	long double whole;

	if (interval_ns < 1000 || cpus < 1 || delta_ns < 0)
		return -1;
	whole = (long double)interval_ns * (long double)cpus;
	*out = (int64_t)((long double)delta_ns * 10000.0L / whole + 0.5L);
	return 0;
}

static int rate_vm_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct rate_prev_vm *)elem)->uuid);
}

void rate_vm(const struct rate_prev_vm *prev, size_t n, int64_t interval_ns, int64_t host_cores,
	     struct vm_sample *vm)
{
	const struct rate_prev_vm *old;
	int64_t delta;

	vm->has_cpu_centipct = vm->has_host_cpu_centipct = 0;
	if (!vm->has_cpu_time || n == 0)
		return;
	old = bsearch(vm->uuid, prev, n, sizeof(*prev), rate_vm_cmp);
	if (!old)
		return;
	delta = vm->cpu_time_ns - old->cpu_time_ns;
	vm->has_cpu_centipct = vm->has_vcpus && rate_share_centipct(delta, interval_ns, vm->vcpus,
								    &vm->cpu_centipct) == 0;
	vm->has_host_cpu_centipct =
	    rate_share_centipct(delta, interval_ns, host_cores, &vm->host_cpu_centipct) == 0;
}
