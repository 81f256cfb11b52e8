/* sandpiper: hotspot detection and the choice of the VMs to move off a
 * hot host, as Sandpiper ranks them (Wood et al., NSDI 2007). Pure: no
 * I/O, reusable by fleet code. */
#ifndef NM_SANDPIPER_H
#define NM_SANDPIPER_H

#include <stddef.h>

/* Utilizations are fractions of the host's capacity, 0 to 1; each is
 * clamped to [0, SANDPIPER_MAX_UTIL] so that a saturated resource gives a
 * large volume instead of a division by zero. */
#define SANDPIPER_MAX_UTIL 0.99

/* One VM: its figures in, its volume and ratio out. */
struct sandpiper_vm {
	const char *name;
	double cpu, mem, net; /* utilizations, 0 to 1 */
	double size_kib;      /* memory footprint */
	double volume;	      /* out: 1 / ((1 - cpu)(1 - mem)(1 - net)) */
	double vsr;	      /* out: volume / size in GiB; 0 when size is 0 */
};

/* 1 / ((1 - cpu)(1 - mem)(1 - net)), after clamping. */
double sandpiper_volume(double cpu, double mem, double net);

/* Computes each VM's volume and ratio, then sorts v so that the VM to move
 * first comes first: highest volume-to-size ratio, then highest volume,
 * then name. */
void sandpiper_rank(struct sandpiper_vm *v, size_t n);

/* How many of the n values exceed threshold; a NaN counts as not. */
size_t sandpiper_count_above(const double *v, size_t n, double threshold);

/* 1 when at least k of the last n samples exceed the threshold: a
 * hotspot by that resource. k 0 never fires. */
int sandpiper_hot(const double *v, size_t n, double threshold, size_t k);

#endif
