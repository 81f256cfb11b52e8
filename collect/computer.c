/* computer: the machine's hardware, from /proc/cpuinfo and DMI. */
#include "computer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "log.h"

/* Copies the value after "key<blanks>: " on a cpuinfo line, or returns 0. */
static int computer_value(const char *line, const char *key, char *out, size_t outlen)
{
	size_t klen = strlen(key);
	const char *v;
	size_t n;

	if (strncmp(line, key, klen) != 0 ||
	    (line[klen] != ' ' && line[klen] != '\t' && line[klen] != ':'))
		return 0;
	v = strchr(line, ':');
	if (!v)
		return 0;
	v++;
	while (*v == ' ' || *v == '\t')
		v++;
	n = strcspn(v, "\n");
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, v, n);
	out[n] = '\0';
	return 1;
}

int computer_parse_cpuinfo(const char *buf, int *ncpu, char *model, size_t modellen, int *has_mhz,
			   double *mhz)
{
	const char *line = buf;
	double mhz_sum = 0;
	int nmhz = 0;
	char v[256];

	*ncpu = 0;
	model[0] = '\0';
	while (line && *line) {
		if (computer_value(line, "processor", v, sizeof(v)))
			(*ncpu)++;
		else if (!model[0] && computer_value(line, "model name", v, sizeof(v)))
			snprintf(model, modellen, "%s", v);
		else if (computer_value(line, "cpu MHz", v, sizeof(v))) {
			char *end;
			double f = strtod(v, &end);

			if (end != v && f > 0) {
				mhz_sum += f;
				nmhz++;
			}
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	*has_mhz = nmhz > 0;
	*mhz = nmhz ? mhz_sum / nmhz : 0;
	return *ncpu > 0 ? 0 : -1;
}

const char *computer_dmi_memory_type(const unsigned char *raw, size_t len)
{
	/* SMBIOS 3.x, table 76 "Memory Device - Type", from code 0x01. */
	static const char *const types[] = {
	    "Other",
	    "Unknown",
	    "DRAM",
	    "EDRAM",
	    "VRAM",
	    "SRAM",
	    "RAM",
	    "ROM",
	    "FLASH",
	    "EEPROM",
	    "FEPROM",
	    "EPROM",
	    "CDRAM",
	    "3DRAM",
	    "SDRAM",
	    "SGRAM",
	    "RDRAM",
	    "DDR",
	    "DDR2",
	    "DDR2 FB-DIMM",
	    "Reserved",
	    "Reserved",
	    "Reserved",
	    "DDR3",
	    "FBD2",
	    "DDR4",
	    "LPDDR",
	    "LPDDR2",
	    "LPDDR3",
	    "LPDDR4",
	    "Logical non-volatile device",
	    "HBM",
	    "HBM2",
	    "DDR5",
	    "LPDDR5",
	    "HBM3",
	};
	unsigned size;
	unsigned char code;

	/* Type byte, length byte; the Memory Type field sits at offset 0x12. */
	if (len < 0x13 || raw[0] != 17 || raw[1] < 0x13)
		return NULL;
	size = (unsigned)raw[0x0C] | (unsigned)raw[0x0D] << 8;
	if (size == 0)
		return NULL; /* no module in this slot */
	code = raw[0x12];
	if (code < 1 || code > sizeof(types) / sizeof(types[0]))
		return NULL;
	return types[code - 1];
}

/* The type of the first populated memory slot, or "" when DMI is not
 * readable (non-root, no SMBIOS, a container). */
static void computer_read_dmi(char *out, size_t outlen)
{
	out[0] = '\0';
	for (int i = 0; i < 256; i++) {
		char path[96];
		const char *type;
		size_t len;
		char *raw;

		snprintf(path, sizeof(path), "/sys/firmware/dmi/entries/17-%d/raw", i);
		raw = file_read(path, &len);
		if (!raw)
			return;
		type = computer_dmi_memory_type((const unsigned char *)raw, len);
		if (type)
			snprintf(out, outlen, "%s", type);
		free(raw);
		if (type)
			return;
	}
}

int computer_read(const struct users *users, int64_t memory_total_bytes,
		  struct computer_sample *out)
{
	char *buf;
	int rc;

	buf = file_read("/proc/cpuinfo", NULL);
	if (!buf)
		return log_warn("read /proc/cpuinfo");
	rc = computer_parse_cpuinfo(buf, &out->cpu_num_core, out->cpu_type, sizeof(out->cpu_type),
				    &out->has_cpu_frequency, &out->cpu_frequency_mhz);
	free(buf);
	if (rc < 0)
		return log_warnx("/proc/cpuinfo: no processor listed");
	out->memory_size_bytes = memory_total_bytes;
	computer_read_dmi(out->memory_type, sizeof(out->memory_type));
	out->partition_users = users_join(users);
	return 0;
}

void computer_sample_release(struct computer_sample *out)
{
	free(out->partition_list);
	free(out->partition_users);
	out->partition_list = out->partition_users = NULL;
}
