/* sample: the plain structs that readers fill and the store writes. */
#ifndef NM_SAMPLE_H
#define NM_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

/* One matching user process. Strings are owned by the list. */
struct proc_sample {
	int pid;
	unsigned uid;
	const char *partition; /* owner's name; owned by the users table */
	int64_t start_cs;      /* process start, UTC epoch centiseconds */
	int64_t start_ticks;   /* process start, clock ticks after boot: with pid, its identity */
	int64_t cpu_time_cs;   /* user + system CPU time, centiseconds */
	int threads;
	int leader_gone; /* the main thread exited (a zombie leader), others run */
	int64_t rss_kib;
	int has_io;	      /* io fields valid (io file readable) */
	int64_t io_rw_bytes;  /* read_bytes + write_bytes */
	int64_t io_cycles;    /* syscr + syscw */
	char *command;	      /* NULL unless commands are stored */
	int has_cpu;	      /* cpu_centipct valid */
	int64_t cpu_centipct; /* one full core = 10000 */
	int64_t mem_ppm;      /* RSS over total memory, parts per million */
};

struct proc_list {
	struct proc_sample *v;
	size_t n, cap;
};

/* Frees what the list holds and empties it. */
void proc_list_release(struct proc_list *l);

/* Where a run sits in the monotonic clock, and which boot it belongs to.
 * Intervals between runs are only measured within one boot. */
struct run_clock {
	int has_boottime;
	int64_t boottime_ns; /* CLOCK_BOOTTIME next to the process read */
	int has_boot_id;
	char boot_id[40]; /* /proc/sys/kernel/random/boot_id */
};

/* Cumulative CPU ticks of all cores, as top and psutil count them. */
struct cpu_counters {
	int64_t busy_ticks;
	int64_t total_ticks;
	int64_t boot_time; /* UTC epoch seconds */
};

struct mem_info {
	int64_t total_bytes;
	int64_t available_bytes;
	int64_t swap_used_bytes;
};

struct net_sample {
	char iface[32];
	int64_t in_bytes, in_errors, in_dropped;
	int64_t out_bytes, out_errors, out_dropped;
};

struct net_list {
	struct net_sample *v;
	size_t n, cap;
};

struct system_sample {
	int64_t boot_time;
	double loadavg1;
	int has_cpu_percent;
	double cpu_percent;
	struct cpu_counters cpu;
	struct mem_info mem;
	struct net_sample net_total; /* sum over real interfaces; iface unused */
	struct net_list net;	     /* one per real interface */
};

struct computer_sample {
	int cpu_num_core;
	int has_cpu_frequency;
	double cpu_frequency_mhz;
	char cpu_type[128];
	int64_t memory_size_bytes;
	char memory_type[32];
	char *partition_list;  /* "/dev/sda1=<bytes>,...", as SlapOS; heap, like the next */
	char *partition_users; /* matching user names, comma-separated; heap */
};

struct disk_sample {
	char device[256];
	char mountpoint[256];
	int64_t total_bytes; /* filesystem size: f_blocks * f_frsize */
	int64_t used_bytes;
	int64_t free_bytes;
	int has_io;
	int64_t read_bytes, write_bytes, io_time_ms;
};

struct disk_list {
	struct disk_sample *v;
	size_t n, cap;
};

/* One disk line of /proc/diskstats, as far as the collector needs it. */
struct diskstat {
	char name[64];
	int64_t read_sectors, write_sectors, io_time_ms;
};

struct diskstat_list {
	struct diskstat *v;
	size_t n, cap;
};

/* One temperature sensor, as libsensors reports it (degrees Celsius). */
struct temp_sample {
	char sensor_id[192]; /* "<chip> <label>:", as SlapOS names it */
	double temperature;
	int has_high, has_crit;
	double high, crit;
	int alarm; /* thermal_alarm() */
};

struct temp_list {
	struct temp_sample *v;
	size_t n, cap;
};

#endif
