/* sandpiper: hotspot detection and the choice of the VMs to move off a
 * hot host, as Sandpiper ranks them. */
#include "sandpiper.h"

#include <stdlib.h>
#include <string.h>

static double sandpiper_clamp(double u)
{
	if (!(u > 0)) /* NaN too */
		return 0;
	return u > SANDPIPER_MAX_UTIL ? SANDPIPER_MAX_UTIL : u;
}

double sandpiper_volume(double cpu, double mem, double net)
{
	return 1.0 / ((1 - sandpiper_clamp(cpu)) * (1 - sandpiper_clamp(mem)) *
		      (1 - sandpiper_clamp(net)));
}

static int sandpiper_cmp(const void *a, const void *b)
{
	const struct sandpiper_vm *x = a, *y = b;

	if (x->vsr != y->vsr)
		return x->vsr > y->vsr ? -1 : 1;
	if (x->volume != y->volume)
		return x->volume > y->volume ? -1 : 1;
	return strcmp(x->name, y->name);
}

void sandpiper_rank(struct sandpiper_vm *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		v[i].volume = sandpiper_volume(v[i].cpu, v[i].mem, v[i].net);
		v[i].vsr = v[i].size_kib > 0 ? v[i].volume / (v[i].size_kib / 1048576.0) : 0;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), sandpiper_cmp);
}

size_t sandpiper_count_above(const double *v, size_t n, double threshold)
{
	size_t above = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i] > threshold)
			above++;
	return above;
}

int sandpiper_hot(const double *v, size_t n, double threshold, size_t k)
{
	return k > 0 && sandpiper_count_above(v, n, threshold) >= k;
}
