/* computer: the machine's hardware, from /proc/cpuinfo and DMI. */
#ifndef NM_COMPUTER_H
#define NM_COMPUTER_H

#include <stddef.h>

#include "sample.h"
#include "users.h"

/* Parses /proc/cpuinfo text: the count of processors, the first model name
 * and the mean "cpu MHz" (has_mhz 0 when no CPU reports one). Returns 0, or
 * -1 when no processor is listed. Pure. */
int computer_parse_cpuinfo(const char *buf, int *ncpu, char *model, size_t modellen, int *has_mhz,
			   double *mhz);

/* The memory type named by one raw SMBIOS type 17 (Memory Device)
 * structure, or NULL if the slot is empty or the structure too short or of
 * another type. Pure. */
const char *computer_dmi_memory_type(const unsigned char *raw, size_t len);

/* Fills out from /proc/cpuinfo, /sys/firmware/dmi (when readable), the
 * total memory and the matching users (partition_users); partition_list
 * is left to the caller. Returns 0 or -1. */
int computer_read(const struct users *users, int64_t memory_total_bytes,
		  struct computer_sample *out);

/* Frees what out holds. */
void computer_sample_release(struct computer_sample *out);

#endif
