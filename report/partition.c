/* partition: per-partition totals of each sample of a day, from process rows; pure. */
#include "partition.h"

#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "xalloc.h"

/* The series of the partition called name, added if new. */
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

/* The point being summed for a series: the last one, at the open sample. */
static struct partition_point *partition_open_point(struct partition_day *d, size_t series)
{
	struct partition_series *s = &d->v[series];

	if (s->n == 0 || s->v[s->n - 1].ts != d->ts)
		LIST_PUSH(s)->ts = d->ts;
	return &s->v[s->n - 1];
}

/* Closes the open sample: every partition seen so far gets its point,
 * zeros where it had no process. */
static void partition_close(struct partition_day *d)
{
	int64_t dt = d->has_prev ? d->ts - d->prev_ts : 0;

	for (size_t i = 0; i < d->n; i++)
		partition_open_point(d, i)->dt = dt;
	d->prev_ts = d->ts;
	d->has_prev = 1;
	d->cur = !d->cur;
}

/* Starts the sample at ts, closing the one before. */
static void partition_start(struct partition_day *d, int64_t ts)
{
	if (d->has_cur)
		partition_close(d);
	d->seen[d->cur].n = 0;
	d->walk = 0;
	d->ts = ts;
	d->has_cur = 1;
}

/* The same process (pid and start time) in the previous sample, or NULL.
 * Both samples are in pid order, so d->walk only moves forward. */
static const struct partition_seen *partition_match(struct partition_day *d, int pid,
						    int64_t start_time)
{
	const struct partition_seen_list *prev = &d->seen[!d->cur];

	if (!d->has_prev)
		return NULL;
	while (d->walk < prev->n && prev->v[d->walk].pid < pid)
		d->walk++;
	if (d->walk < prev->n && prev->v[d->walk].pid == pid &&
	    prev->v[d->walk].start_time == start_time)
		return &prev->v[d->walk];
	return NULL;
}

/* The bytes a process read and wrote since the previous sample. */
static int64_t partition_io(const struct partition_day *d, const struct partition_proc *p,
			    const struct partition_seen *old)
{
	if (!p->has_io || !d->has_prev)
		return 0;
	if (old)
		return old->has_io && p->io_rw_counter >= old->io_rw_counter
			   ? p->io_rw_counter - old->io_rw_counter
			   : 0;
	return p->start_time >= d->prev_ts ? p->io_rw_counter : 0;
}

void partition_add(struct partition_day *d, const struct partition_proc *p)
{
	const struct partition_seen *old;
	struct partition_point *pt;
	struct partition_seen *c;

	if (!d->has_cur || p->ts != d->ts)
		partition_start(d, p->ts);
	old = partition_match(d, p->pid, p->start_time);
	c = LIST_PUSH(&d->seen[d->cur]);
	c->pid = p->pid;
	c->start_time = p->start_time;
	c->has_io = p->has_io;
	c->io_rw_counter = p->io_rw_counter;
	c->series = old ? old->series : partition_find(d, p->partition);
	pt = partition_open_point(d, c->series);
	pt->process_count++;
	if (p->has_cpu) {
		pt->has_cpu = 1;
		pt->cpu_centipercent += p->cpu_centipercent;
	}
	pt->memory_rss_kib += p->memory_rss_kib;
	pt->io_bytes += partition_io(d, p, old);
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
