/* metrics: reads the latest sample of every scope and writes it in the
 * Prometheus text format (the names are fleet/METRICS.md's). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "version.h"

#define METRICS_LABELS_MAX 4
#define METRICS_TICKS	   (-1.0) /* divide by sysconf(_SC_CLK_TCK) */

/* A family read from one column (after the label columns) of a query: the
 * value times mul, or divided by div when div is not 0. */
struct metrics_col {
	struct metrics_def def;
	long long mul;
	double div;
};

/* A query whose first nlabels columns are the labels' values. */
struct metrics_query {
	const char *sql;
	const char *labels[METRICS_LABELS_MAX];
	size_t nlabels;
	const struct metrics_col *cols;
	size_t ncols;
};

#define G(name, help, mul, div)                                                                    \
	{                                                                                          \
		{"node_monitor_" name, "gauge", help}, mul, div                                    \
	}
#define C(name, help, mul, div)                                                                    \
	{                                                                                          \
		{"node_monitor_" name, "counter", help}, mul, div                                  \
	}
#define LATEST(t) "ts = (SELECT max(ts) FROM " t ")"
#define COUNT(a)  (sizeof(a) / sizeof((a)[0]))

static const struct metrics_col cols_info[] = {
    G("info", "node-monitor on this host: the host name and the version", 1, 0),
};
static const struct metrics_col cols_run[] = {
    G("last_run_timestamp_seconds", "UTC epoch seconds of the newest stored run", 1, 0),
};
static const struct metrics_col cols_system[] = {
    G("boot_time_seconds", "UTC epoch seconds of the boot", 1, 0),
    G("load1", "load average over 1 minute", 1, 0),
    G("cpu_ratio", "busy share of all cores over the last interval (1 = all busy)", 1, 100),
    C("cpu_busy_seconds_total", "busy CPU time over all cores since boot", 1, METRICS_TICKS),
    C("cpu_seconds_total", "CPU time over all cores since boot", 1, METRICS_TICKS),
    G("memory_used_bytes", "memory in use: total minus available", 1, 0),
    G("memory_available_bytes", "memory available", 1, 0),
    G("swap_used_bytes", "swap in use", 1, 0),
};
static const struct metrics_col cols_computer[] = {
    G("cpu_cores", "online logical CPUs", 1, 0),
    G("memory_size_bytes", "memory size", 1, 0),
};
static const struct metrics_col cols_net[] = {
    C("network_receive_bytes_total", "bytes received", 1, 0),
    C("network_receive_errors_total", "receive errors", 1, 0),
    C("network_receive_drop_total", "received packets dropped", 1, 0),
    C("network_transmit_bytes_total", "bytes sent", 1, 0),
    C("network_transmit_errors_total", "transmit errors", 1, 0),
    C("network_transmit_drop_total", "sent packets dropped", 1, 0),
};
static const struct metrics_col cols_fs[] = {
    G("filesystem_used_bytes", "bytes used on the filesystem", 1, 0),
    G("filesystem_free_bytes", "bytes available to unprivileged users", 1, 0),
};
static const struct metrics_col cols_disk[] = {
    C("disk_read_bytes_total", "bytes read from the device", 1, 0),
    C("disk_written_bytes_total", "bytes written to the device", 1, 0),
    C("disk_io_time_seconds_total", "time the device spent doing I/O", 1, 1000),
};
static const struct metrics_col cols_part[] = {
    G("partition_processes", "processes of the partition", 1, 0),
    G("partition_threads", "threads of the partition's processes", 1, 0),
    G("partition_cpu_ratio", "CPU of the partition's processes (1 = one core busy)", 1, 10000),
    G("partition_memory_rss_bytes", "resident memory of the partition's processes", 1024, 0),
};
static const struct metrics_col cols_vm[] = {
    G("vm_state", "libvirt domain state: 1 running, 3 paused, 5 shut off", 1, 0),
    G("vm_vcpus", "current vCPUs", 1, 0),
    G("vm_vcpus_max", "maximum vCPUs", 1, 0),
    C("vm_cpu_seconds_total", "CPU time of the VM", 1, 1e9),
    G("vm_cpu_ratio", "busy share of the VM's own vCPUs (1 = all busy)", 1, 10000),
    G("vm_host_cpu_ratio", "the VM's CPU as a share of the host's cores", 1, 10000),
    G("vm_memory_bytes", "current memory (the balloon's target)", 1024, 0),
    G("vm_memory_max_bytes", "maximum memory", 1024, 0),
    G("vm_memory_usable_bytes", "memory usable by the guest (balloon)", 1024, 0),
    G("vm_memory_unused_bytes", "memory unused by the guest (balloon)", 1024, 0),
    G("vm_memory_available_bytes", "memory the guest sees (balloon)", 1024, 0),
    G("vm_memory_rss_bytes", "resident memory of the VM (balloon)", 1024, 0),
    G("vm_qemu_rss_bytes", "resident memory of the VM's emulator process", 1024, 0),
};
static const struct metrics_col cols_vm_net[] = {
    C("vm_network_receive_bytes_total", "bytes received by the VM's interface", 1, 0),
    C("vm_network_transmit_bytes_total", "bytes sent by the VM's interface", 1, 0),
    C("vm_network_receive_packets_total", "packets received by the VM's interface", 1, 0),
    C("vm_network_transmit_packets_total", "packets sent by the VM's interface", 1, 0),
    C("vm_network_receive_errors_total", "receive errors of the VM's interface", 1, 0),
    C("vm_network_transmit_errors_total", "transmit errors of the VM's interface", 1, 0),
    C("vm_network_receive_drop_total", "received packets dropped", 1, 0),
    C("vm_network_transmit_drop_total", "sent packets dropped", 1, 0),
};
static const struct metrics_col cols_vm_disk[] = {
    C("vm_disk_read_bytes_total", "bytes read by the VM's disk", 1, 0),
    C("vm_disk_written_bytes_total", "bytes written by the VM's disk", 1, 0),
    C("vm_disk_reads_total", "read requests of the VM's disk", 1, 0),
    C("vm_disk_writes_total", "write requests of the VM's disk", 1, 0),
    G("vm_disk_capacity_bytes", "capacity of the VM's disk", 1, 0),
    G("vm_disk_allocation_bytes", "bytes allocated to the VM's disk on the host", 1, 0),
};
static const struct metrics_col cols_alert[] = {
    G("alert_active", "1 for each alert whose latest transition is ALERT", 1, 0),
    G("alert_value", "the value that raised the alert", 1, 0),
    G("alert_threshold", "the alert's threshold", 1, 0),
};
static const struct metrics_col cols_temp[] = {
    G("temperature_celsius", "the sensor's temperature", 1, 0),
    G("temperature_alarm", "0 below the high limit, 1 from it, 2 from the critical one", 1, 0),
    G("temperature_high_celsius", "the sensor's high limit (absent when it has none)", 1, 0),
    G("temperature_critical_celsius", "the sensor's critical limit (absent when it has none)", 1,
      0),
};
static const struct metrics_col cols_folder[] = {
    G("partition_folder_bytes", "disk used by the partition's folder and DATA/ disks (du -s)", 1024,
      0),
    G("partition_folder_data_bytes", "the DATA/ disks' share of partition_folder_bytes", 1024, 0),
};
static const struct metrics_col cols_bench[] = {
    G("benchmark_score",
      "the latest machine benchmark's score of the part, in unit (higher is better)", 1, 0),
    G("benchmark_elapsed_seconds", "how long the part of the latest benchmark ran", 1, 1000),
    G("benchmark_timestamp_seconds", "UTC epoch seconds of the part's latest benchmark", 1, 0),
};

#define Q(sql, cols, ...)                                                                          \
	{                                                                                          \
		sql, {__VA_ARGS__}, COUNT(((const char *[]){__VA_ARGS__})), cols, COUNT(cols)      \
	}
#define VM_JOIN " JOIN vm_sample s ON s.ts = x.ts AND s.vm = x.vm JOIN vm_domain d ON d.vm = x.vm"

static const struct metrics_query queries[] = {
    Q("SELECT ?1, ?2, 1", cols_info, "host", "version"),
    {"SELECT max(ts) FROM run", {NULL}, 0, cols_run, COUNT(cols_run)},
    {"SELECT boot_time, loadavg, cpu_percent, cpu_busy_ticks, cpu_total_ticks, memory_used,"
     " memory_free, swap_used FROM system_sample WHERE " LATEST("system_sample"),
     {NULL},
     0,
     cols_system,
     COUNT(cols_system)},
    {"SELECT cpu_num_core, memory_size FROM computer_sample WHERE " LATEST("computer_sample"),
     {NULL},
     0,
     cols_computer,
     COUNT(cols_computer)},
    Q("SELECT interface, in_bytes, in_errors, in_dropped, out_bytes, out_errors, out_dropped"
      " FROM net_sample WHERE " LATEST("net_sample") " ORDER BY interface",
      cols_net, "interface"),
    Q("SELECT partition, mountpoint, used, free FROM disk_sample WHERE " LATEST(
	  "disk_sample") " ORDER BY partition",
      cols_fs, "device", "mountpoint"),
    Q("SELECT partition, read_bytes, write_bytes, io_time_ms FROM disk_sample WHERE " LATEST(
	  "disk_sample") " ORDER BY partition",
      cols_disk, "device"),
    Q("SELECT partition, count(*), sum(cpu_num_threads), sum(cpu_centipercent),"
      " sum(memory_rss_kib) FROM user_sample WHERE " LATEST(
	  "user_sample") " GROUP BY partition ORDER BY partition",
      cols_part, "partition"),
    Q("SELECT s.name, d.uuid, state, vcpus, vcpus_max, cpu_time_ns, cpu_centipercent,"
      " host_cpu_centipercent, memory_kib, memory_max_kib, balloon_usable_kib,"
      " balloon_unused_kib, balloon_available_kib, balloon_rss_kib, qemu_rss_kib"
      " FROM vm_sample s JOIN vm_domain d USING (vm) WHERE s." LATEST(
	  "vm_sample") " ORDER BY s.name, d.uuid",
      cols_vm, "vm", "uuid"),
    Q("SELECT s.name, d.uuid, x.device, rx_bytes, tx_bytes, rx_packets, tx_packets, rx_errors,"
      " tx_errors, rx_drops, tx_drops FROM vm_net_sample x" VM_JOIN
      " WHERE x." LATEST("vm_net_sample") " ORDER BY s.name, d.uuid, x.device",
      cols_vm_net, "vm", "uuid", "interface"),
    Q("SELECT s.name, d.uuid, x.target, rd_bytes, wr_bytes, rd_reqs, wr_reqs, capacity,"
      " allocation FROM vm_disk_sample x" VM_JOIN
      " WHERE x." LATEST("vm_disk_sample") " ORDER BY s.name, d.uuid, x.target",
      cols_vm_disk, "vm", "uuid", "device"),
    Q("SELECT subject, metric, 1, value, threshold FROM alert a WHERE state = 'ALERT' AND"
      " ts = (SELECT max(ts) FROM alert b WHERE b.subject = a.subject AND b.metric = a.metric)"
      " ORDER BY subject, metric",
      cols_alert, "subject", "metric"),
    Q("SELECT sensor_id, temperature, alarm, high, critical FROM temperature_sample WHERE " LATEST(
	  "temperature_sample") " ORDER BY sensor_id",
      cols_temp, "sensor"),
    Q("SELECT partition, disk_used, data_used FROM folder_sample f WHERE ts = (SELECT max(ts)"
      " FROM folder_sample g WHERE g.partition = f.partition) ORDER BY partition",
      cols_folder, "partition"),
    Q("SELECT part, unit, score, elapsed_ms, ts FROM benchmark_sample a WHERE"
      " ts = (SELECT max(ts) FROM benchmark_sample b WHERE b.part = a.part) ORDER BY part",
      cols_bench, "part", "unit"),
};

/* The value text of column i of the current row, or NULL when it is NULL. */
static const char *metrics_value(sqlite3_stmt *st, int i, const struct metrics_col *c,
				 char num[METRICS_NUM_LEN])
{
	int type = sqlite3_column_type(st, i);
	double div = c->div == METRICS_TICKS ? (double)sysconf(_SC_CLK_TCK) : c->div;

	if (type == SQLITE_NULL)
		return NULL;
	if (type == SQLITE_INTEGER && div == 0) {
		snprintf(num, METRICS_NUM_LEN, "%lld", sqlite3_column_int64(st, i) * c->mul);
		return num;
	}
	if (div == 0)
		metrics_double(sqlite3_column_double(st, i) * (double)c->mul, num);
	else
		metrics_double(sqlite3_column_double(st, i) * (double)c->mul / div, num);
	return num;
}

/* Runs q once per family, so that each family's samples come together. */
static int metrics_query(sqlite3 *db, const struct metrics_query *q, const char *host,
			 struct metrics_out *m, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(db, q->sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(st, 1, host, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, NM_VERSION, -1, SQLITE_STATIC);
	for (size_t c = 0; c < q->ncols && rc == SQLITE_DONE; c++) {
		sqlite3_reset(st);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *values[METRICS_LABELS_MAX];
			char num[METRICS_NUM_LEN];
			int i = (int)(q->nlabels + c);

			if (!metrics_value(st, i, &q->cols[c], num))
				continue;
			for (size_t l = 0; l < q->nlabels; l++) {
				const unsigned char *v = sqlite3_column_text(st, (int)l);

				values[l] = v ? (const char *)v : "";
			}
			metrics_sample(m, &q->cols[c].def, q->labels, values, q->nlabels, num);
		}
	}
	if (rc != SQLITE_DONE)
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static double metrics_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int metrics_collect(sqlite3 *db, const char *host, struct metrics_out *m, char *err, size_t errlen)
{
	static const struct metrics_def scrape = {
	    "node_monitor_scrape_duration_seconds", "gauge",
	    "seconds spent building this output from the database"};
	double start = metrics_now();
	char num[METRICS_NUM_LEN];
	int rc = 0;

	/* One read transaction: every figure comes from the same snapshot,
	 * and a WAL reader never blocks the collector. */
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	for (size_t i = 0; i < COUNT(queries) && rc == 0; i++)
		rc = metrics_query(db, &queries[i], host, m, err, errlen);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc < 0)
		return -1;
	metrics_double(metrics_now() - start, num);
	metrics_sample(m, &scrape, NULL, NULL, 0, num);
	return 0;
}
