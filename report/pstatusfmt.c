/* pstatusfmt: the text of a partition's status files. */
#include "pstatusfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "consumfmt.h"

#define MIB_KIB 1024.0

static const char *const series_file[] = {"monitor_resource_process.data.json",
					  "monitor_resource_memory.data.json",
					  "monitor_resource_io.data.json"};
static const char *const series_header[] = {
    "date, total process, CPU percent, CPU time, CPU threads",
    "date, memory used percent, memory used", "date, io rw counter, io cycles counter, disk used"};

const char *pstatus_series_file(enum pstatus_series s)
{
	return series_file[s];
}

/* The figures as SlapOS' Python prints them: sums of integer columns stay
 * integers, divisions and sums of real columns are floats rounded to 2. */
struct figs {
	char cpu_percent[40], cpu_time[40], memory_percent[40], memory_rss[40], disk_used[40];
};

static void figs(const struct pstatus_sums *p, struct figs *f)
{
	if (p->has_cpu)
		consum_round2((double)p->cpu_centipercent / 100, f->cpu_percent,
			      sizeof(f->cpu_percent));
	else
		snprintf(f->cpu_percent, sizeof(f->cpu_percent), "0");
	consum_round2((double)p->cpu_time_cs / 100 / 60, f->cpu_time, sizeof(f->cpu_time));
	if (p->total_process)
		consum_round2((double)p->memory_ppm / 10000, f->memory_percent,
			      sizeof(f->memory_percent));
	else
		snprintf(f->memory_percent, sizeof(f->memory_percent), "0");
	consum_round2((double)p->memory_rss_kib / MIB_KIB, f->memory_rss, sizeof(f->memory_rss));
	if (p->has_disk)
		consum_round2((double)p->disk_used_kib / MIB_KIB, f->disk_used,
			      sizeof(f->disk_used));
	else
		snprintf(f->disk_used, sizeof(f->disk_used), "0");
}

int pstatus_entry(const struct pstatus_sums *p, enum pstatus_series s, struct sbuf *b)
{
	struct figs f;

	figs(p, &f);
	switch (s) {
	case PSTATUS_PROCESS:
		if (!p->total_process)
			return 0;
		sbuf_printf(b, "%s, %lld, %s, %s, %lld", p->date, (long long)p->total_process,
			    f.cpu_percent, f.cpu_time, (long long)p->cpu_num_threads);
		return 1;
	case PSTATUS_MEMORY:
		if (!p->memory_rss_kib)
			return 0;
		sbuf_printf(b, "%s, %s, %s", p->date, f.memory_percent, f.memory_rss);
		return 1;
	default:
		if (!p->io_rw_counter)
			return 0;
		sbuf_printf(b, "%s, %lld, %lld, %s", p->date, (long long)p->io_rw_counter,
			    (long long)p->io_cycles_counter, f.disk_used);
		return 1;
	}
}

/* A JSON string of ours: printable ASCII, no quote or backslash. Returns
 * its length with the quotes, or 0. */
static size_t plain_string(const char *s, const char *end)
{
	const char *p = s + 1;

	if (s >= end || *s != '"')
		return 0;
	for (; p < end && *p != '"'; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '\\')
			return 0;
	return p < end ? (size_t)(p - s + 1) : 0;
}

/* Splits an old series file: its date and the offsets of its entries
 * (header excluded). Returns the number of entries, or -1 if the file is
 * not one this layout writes. */
static long parse_old(const char *old, size_t len, char *date, size_t datelen, const char ***ent)
{
	static const char head[] = "{\"date\": ", mid[] = ", \"data\": [";
	const char *end = old + len, *p = old + sizeof(head) - 1, *d;
	long n = 0, cap = 0;
	size_t k;

	*ent = NULL;
	if (len < sizeof(head) || memcmp(old, head, sizeof(head) - 1) != 0)
		return -1;
	for (d = p; p < end && (strchr("0123456789.e+-", *p) && *p); p++)
		;
	if (p == d || (size_t)(p - d) >= datelen || (size_t)(end - p) < sizeof(mid) ||
	    memcmp(p, mid, sizeof(mid) - 1) != 0)
		return -1;
	memcpy(date, d, (size_t)(p - d));
	date[p - d] = '\0';
	for (p += sizeof(mid) - 1;; p += k + 1) {
		k = plain_string(p, end);
		if (!k)
			break;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			*ent = realloc(*ent, (size_t)cap * sizeof(**ent));
			if (!*ent)
				abort();
		}
		(*ent)[n++] = p;
		if (p + k < end && p[k] == ',')
			continue;
		if ((size_t)(end - p) >= k + 2 && memcmp(p + k, "]}", 2) == 0)
			return n;
		break;
	}
	free(*ent);
	*ent = NULL;
	return -1;
}

int pstatus_data(const char *old, size_t oldlen, enum pstatus_series s, const char *entry,
		 size_t max_entries, double now, struct sbuf *out)
{
	char date[40];
	const char **ent = NULL;
	long n = old ? parse_old(old, oldlen, date, sizeof(date), &ent) : -1, from = 1;
	long max = max_entries < 1 ? 1 : (long)max_entries;

	if (n < 1) {
		n = 1;
		consum_pyfloat(now, date, sizeof(date));
	} else if (!entry && n - 1 <= max) {
		free(ent);
		return 0;
	}
	/* ent[0] is the header; a last entry of the same run goes. */
	if (entry && n > 1 && strncmp(ent[n - 1] + 1, entry, 19) == 0)
		n--;
	if (n - 1 + (entry != NULL) > max)
		from = n - max + (entry != NULL);
	sbuf_printf(out, "{\"date\": %s, \"data\": [\"%s\"", date, series_header[s]);
	for (long i = from; i < n; i++)
		sbuf_printf(out, ",%.*s", (int)plain_string(ent[i], old + oldlen), ent[i]);
	if (entry)
		sbuf_printf(out, ",\"%s\"", entry);
	sbuf_puts(out, "]}");
	free(ent);
	return 1;
}

void pstatus_status(const struct pstatus_sums *p, struct sbuf *b)
{
	struct figs f;
	int any = 0;

	figs(p, &f);
	sbuf_puts(b, "{");
	/* Python's dict.update keeps the first position of "date". */
	if (p->total_process) {
		sbuf_printf(b,
			    "\"total_process\": %lld, \"cpu_percent\": %s, \"cpu_time\": %s, "
			    "\"cpu_num_threads\": %lld, \"date\": \"%s\"",
			    (long long)p->total_process, f.cpu_percent, f.cpu_time,
			    (long long)p->cpu_num_threads, p->date);
		any = 1;
	}
	if (p->memory_rss_kib) {
		sbuf_printf(b, "%s\"memory_percent\": %s, \"memory_rss\": %s", any ? ", " : "",
			    f.memory_percent, f.memory_rss);
		if (!any)
			sbuf_printf(b, ", \"date\": \"%s\"", p->date);
		any = 1;
	}
	if (p->io_rw_counter) {
		sbuf_printf(b,
			    "%s\"io_rw_counter\": %lld, \"io_cycles_counter\": %lld, "
			    "\"disk_used\": %s",
			    any ? ", " : "", (long long)p->io_rw_counter,
			    (long long)p->io_cycles_counter, f.disk_used);
		if (!any)
			sbuf_printf(b, ", \"date\": \"%s\"", p->date);
	}
	sbuf_puts(b, "}");
}

void pstatus_proc(const struct pstatus_proc *p, struct sbuf *b)
{
	char cpu[40], cpu_time[40], threads[40], mem[40], rss[40], rw[40], cycles[40], date[20];
	time_t t = (time_t)p->start_time;
	struct tm tm;

	consum_round2(p->has_cpu ? (double)p->cpu_centipercent / 100 : 0, cpu, sizeof(cpu));
	consum_round2((double)p->cpu_time_cs / 100 / 60, cpu_time, sizeof(cpu_time));
	consum_round2((double)p->cpu_num_threads, threads, sizeof(threads));
	consum_round2((double)p->memory_ppm / 10000, mem, sizeof(mem));
	consum_round2((double)p->memory_rss_kib / MIB_KIB, rss, sizeof(rss));
	consum_round2((double)p->io_rw_counter, rw, sizeof(rw));
	consum_round2((double)p->io_cycles_counter, cycles, sizeof(cycles));
	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm);
	sbuf_printf(
	    b,
	    "{\"pid\": %lld, \"cpu_percent\": %s, \"cpu_time\": %s, \"cpu_num_threads\": %s, "
	    "\"memory_percent\": %s, \"memory_rss\": %s, \"io_rw_counter\": %s, "
	    "\"io_cycles_counter\": %s",
	    (long long)p->pid, cpu, cpu_time, threads, mem, rss, rw, cycles);
	if (p->name) {
		sbuf_puts(b, ", \"name\": ");
		consum_json_str(b, p->name);
	}
	sbuf_puts(b, ", \"user\": ");
	consum_json_str(b, p->user);
	sbuf_printf(b, ", \"date\": \"%s\"}", date);
}
