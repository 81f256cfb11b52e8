/* partition: per-partition totals of each sample of a day, from process rows; pure. */
#include "partition.h"

#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "xalloc.h"

#define NS_PER_SECOND 1000000000LL
#define NS_PER_TICK   (NS_PER_SECOND / PARTITION_TICKS_PER_SECOND)

/* The series of the partition called name, added (inactive) if new. */
static size_t partition_find(struct partition_day *d, const char *name)
{
	if (d->last < d->n && strcmp(d->v[d->last].name, name) == 0)
		return d->last;
	for (size_t i = 0; i < d->n; i++) {
		if (strcmp(d->v[i].name, name) == 0)
			return d->last = i;
	}
	LIST_PUSH(d)->name = xstrdup(name);
	return d->last = d->n - 1;
}

void partition_seed(struct partition_day *d, const char *name)
{
	size_t i = partition_find(d, name);

	d->v[i].active = 1;
}

/* Both samples are of one boot, as far as their boot ids tell. */
static int partition_same_boot(const struct partition_clock *a, const struct partition_clock *b)
{
	return a->boot_id[0] && strcmp(a->boot_id, b->boot_id) == 0;
}

/* The boot ids say the machine rebooted between the samples. */
static int partition_rebooted(const struct partition_clock *a, const struct partition_clock *b)
{
	return a->boot_id[0] && b->boot_id[0] && strcmp(a->boot_id, b->boot_id) != 0;
}

/* The open sample's interval since the previous one, in ns; 0 for none. */
static int64_t partition_interval(const struct partition_day *d)
{
	if (!d->has_prev)
		return 0;
	if (d->now.has_boottime && d->prev.has_boottime && partition_same_boot(&d->now, &d->prev))
		return d->now.boottime_ns - d->prev.boottime_ns;
	return (d->now.ts - d->prev.ts) * NS_PER_SECOND;
}

/* The point being summed for a series: the last one, at the open sample. */
static struct partition_point *partition_open_point(struct partition_day *d, size_t series)
{
	struct partition_series *s = &d->v[series];

	if (s->n == 0 || s->v[s->n - 1].ts != d->now.ts)
		LIST_PUSH(s)->ts = d->now.ts;
	s->active = 1;
	return &s->v[s->n - 1];
}

/* Closes the open sample: every active partition gets its point, zeros
 * where it had no process; a baseline sample gives none. */
static void partition_close(struct partition_day *d)
{
	int64_t interval = partition_interval(d);

	for (size_t i = 0; i < d->n && d->now.ts >= d->from; i++) {
		if (d->v[i].active)
			partition_open_point(d, i)->interval_ns = interval > 0 ? interval : 0;
	}
	d->prev = d->now;
	d->has_prev = 1;
	d->cur = !d->cur;
}

/* Starts the sample of p's run, closing the one before. */
static void partition_start(struct partition_day *d, const struct partition_proc *p)
{
	if (d->has_cur)
		partition_close(d);
	d->seen[d->cur].n = 0;
	d->walk = 0;
	memset(&d->now, 0, sizeof(d->now));
	d->now.ts = p->ts;
	d->now.has_boottime = p->has_boottime;
	d->now.boottime_ns = p->boottime_ns;
	if (p->boot_id && strlen(p->boot_id) < sizeof(d->now.boot_id))
		strcpy(d->now.boot_id, p->boot_id);
	d->has_cur = 1;
}

/* The same process in the previous sample, or NULL. Both samples are in
 * pid order, so d->walk only moves forward. */
static const struct partition_seen *partition_match(struct partition_day *d,
						    const struct partition_proc *p)
{
	const struct partition_seen_list *prev = &d->seen[!d->cur];
	const struct partition_seen *s;

	if (!d->has_prev || partition_rebooted(&d->now, &d->prev))
		return NULL;
	while (d->walk < prev->n && prev->v[d->walk].pid < p->pid)
		d->walk++;
	if (d->walk == prev->n || prev->v[d->walk].pid != p->pid)
		return NULL;
	s = &prev->v[d->walk];
	if (s->has_start_ticks && p->has_start_ticks)
		return s->start_ticks == p->start_ticks ? s : NULL;
	return s->start_time == p->start_time ? s : NULL;
}

/* The process started after the previous sample was read: in the same
 * clock when the runs say so, else by the wall-clock seconds. */
static int partition_born_since(const struct partition_day *d, const struct partition_proc *p)
{
	if (partition_rebooted(&d->now, &d->prev))
		return 1;
	if (p->has_start_ticks && d->prev.has_boottime && partition_same_boot(&d->now, &d->prev))
		return p->start_ticks * NS_PER_TICK >= d->prev.boottime_ns;
	return p->start_time >= d->prev.ts;
}

/* How much a counter grew since the previous sample: from the matched
 * process, or all of it for a process born since; else nothing. */
static int64_t partition_growth(int has_old, int64_t old, int born, int64_t cur)
{
	if (has_old)
		return cur >= old ? cur - old : 0;
	return born ? cur : 0;
}

void partition_add(struct partition_day *d, const struct partition_proc *p)
{
	const struct partition_seen *old;
	struct partition_point *pt;
	struct partition_seen *c;
	int born;

	if (!d->has_cur || p->ts != d->now.ts)
		partition_start(d, p);
	old = partition_match(d, p);
	born = !old && d->has_prev && partition_born_since(d, p);
	c = LIST_PUSH(&d->seen[d->cur]);
	c->pid = p->pid;
	c->start_time = p->start_time;
	c->has_start_ticks = p->has_start_ticks;
	c->start_ticks = p->start_ticks;
	c->cpu_time_cs = p->cpu_time_cs;
	c->has_io = p->has_io;
	c->io_rw_counter = p->io_rw_counter;
	c->series = old ? old->series : partition_find(d, p->partition);
	if (p->ts < d->from)
		return;
	pt = partition_open_point(d, c->series);
	pt->process_count++;
	pt->memory_rss_kib += p->memory_rss_kib;
	if (!d->has_prev)
		return;
	pt->cpu_time_cs +=
	    partition_growth(old != NULL, old ? old->cpu_time_cs : 0, born, p->cpu_time_cs);
	if (p->has_io)
		pt->io_bytes += partition_growth(old && old->has_io, old ? old->io_rw_counter : 0,
						 born, p->io_rw_counter);
}

void partition_end(struct partition_day *d)
{
	if (d->has_cur)
		partition_close(d);
	d->has_cur = 0;
}

void partition_day_free(struct partition_day *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].name);
		free(d->v[i].v);
	}
	free(d->v);
	free(d->seen[0].v);
	free(d->seen[1].v);
	memset(d, 0, sizeof(*d));
}
