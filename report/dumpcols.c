/* dumpcols: the columns of each daily dump file. A SlapOS consumer reads
 * them by position: its columns come first, in its order, date, time and
 * reported included; ours follow. README.md lists them; keep both equal. */
#include "dumpcols.h"

#define DUMP_COLUMNS(c) (c), sizeof(c) / sizeof((c)[0])

/* date, time, reported: the end of every SlapOS table. */
#define DUMP_STAMP                                                                                 \
	{"date", DUMP_DATE, {NULL}}, {"time", DUMP_TIME, {NULL}},                                  \
	{                                                                                          \
		"reported", DUMP_REPORTED,                                                         \
		{                                                                                  \
			NULL                                                                       \
		}                                                                                  \
	}

static const struct dump_column dump_user[] = {
    {"partition", DUMP_VALUE, {"partition"}},
    {"pid", DUMP_VALUE, {"pid"}},
    {"process", DUMP_PROCESS, {"pid", "start_time"}},
    {"cpu_percent", DUMP_CENTI, {"cpu_centipercent"}},
    {"cpu_time", DUMP_CENTI, {"cpu_time_cs"}},
    {"cpu_num_threads", DUMP_VALUE, {"cpu_num_threads"}},
    {"memory_percent", DUMP_MYRIAD, {"memory_ppm"}},
    {"memory_rss", DUMP_VALUE, {"memory_rss"}},
    {"io_rw_counter", DUMP_VALUE, {"io_rw_counter"}},
    {"io_cycles_counter", DUMP_VALUE, {"io_cycles_counter"}},
    DUMP_STAMP,
    {"start_ticks", DUMP_VALUE, {"start_ticks"}},
    {"command", DUMP_VALUE, {"command"}},
};

static const struct dump_column dump_system[] = {
    {"loadavg", DUMP_VALUE, {"loadavg"}},
    {"cpu_percent", DUMP_VALUE, {"cpu_percent"}},
    {"memory_used", DUMP_VALUE, {"memory_used"}},
    {"memory_free", DUMP_VALUE, {"memory_free"}},
    {"net_in_bytes", DUMP_VALUE, {"net_in_bytes"}},
    {"net_in_errors", DUMP_VALUE, {"net_in_errors"}},
    {"net_in_dropped", DUMP_VALUE, {"net_in_dropped"}},
    {"net_out_bytes", DUMP_VALUE, {"net_out_bytes"}},
    {"net_out_errors", DUMP_VALUE, {"net_out_errors"}},
    {"net_out_dropped", DUMP_VALUE, {"net_out_dropped"}},
    DUMP_STAMP,
    {"swap_used", DUMP_VALUE, {"swap_used"}},
    {"boot_time", DUMP_VALUE, {"boot_time"}},
};

static const struct dump_column dump_net[] = {
    {"interface", DUMP_VALUE, {"interface"}},	  {"in_bytes", DUMP_VALUE, {"in_bytes"}},
    {"in_errors", DUMP_VALUE, {"in_errors"}},	  {"in_dropped", DUMP_VALUE, {"in_dropped"}},
    {"out_bytes", DUMP_VALUE, {"out_bytes"}},	  {"out_errors", DUMP_VALUE, {"out_errors"}},
    {"out_dropped", DUMP_VALUE, {"out_dropped"}}, DUMP_STAMP,
};

static const struct dump_column dump_computer[] = {
    {"cpu_num_core", DUMP_VALUE, {"cpu_num_core"}},
    {"cpu_frequency", DUMP_VALUE, {"cpu_frequency"}},
    {"cpu_type", DUMP_VALUE, {"cpu_type"}},
    {"memory_size", DUMP_VALUE, {"memory_size"}},
    {"memory_type", DUMP_VALUE, {"memory_type"}},
    {"partition_list", DUMP_VALUE, {"partition_list"}},
    DUMP_STAMP,
    {"partition_users", DUMP_VALUE, {"partition_users"}},
};

static const struct dump_column dump_disk[] = {
    {"partition", DUMP_VALUE, {"partition"}},
    {"used", DUMP_VALUE, {"used"}},
    {"free", DUMP_VALUE, {"free"}},
    {"mountpoint", DUMP_VALUE, {"mountpoint"}},
    DUMP_STAMP,
    {"read_bytes", DUMP_VALUE, {"read_bytes"}},
    {"write_bytes", DUMP_VALUE, {"write_bytes"}},
    {"io_time_ms", DUMP_VALUE, {"io_time_ms"}},
};

/* One row per collector run: the clock its rates were computed in. */
static const struct dump_column dump_run[] = {
    {"boottime_ns", DUMP_VALUE, {"boottime_ns"}},
    {"boot_id", DUMP_VALUE, {"boot_id"}},
    DUMP_STAMP,
};

/* The virtual machines, keyed by uuid; cpu_percent of the VM's vCPUs,
 * host_cpu_percent of the host's cores, cpu times in ns, memory in KiB,
 * qemu_cpu_time in seconds (the emulator process's own). */
static const struct dump_column dump_vm[] = {
    {"uuid", DUMP_VALUE, {"uuid"}},
    {"name", DUMP_VALUE, {"name"}},
    {"domain_id", DUMP_VALUE, {"domain_id"}},
    {"state", DUMP_VALUE, {"state"}},
    {"state_reason", DUMP_VALUE, {"state_reason"}},
    {"vcpus", DUMP_VALUE, {"vcpus"}},
    {"vcpus_max", DUMP_VALUE, {"vcpus_max"}},
    {"cpu_time_ns", DUMP_VALUE, {"cpu_time_ns"}},
    {"cpu_user_ns", DUMP_VALUE, {"cpu_user_ns"}},
    {"cpu_system_ns", DUMP_VALUE, {"cpu_system_ns"}},
    {"cpu_percent", DUMP_CENTI, {"cpu_centipercent"}},
    {"host_cpu_percent", DUMP_CENTI, {"host_cpu_centipercent"}},
    {"memory_kib", DUMP_VALUE, {"memory_kib"}},
    {"memory_max_kib", DUMP_VALUE, {"memory_max_kib"}},
    {"balloon_actual_kib", DUMP_VALUE, {"balloon_actual_kib"}},
    {"balloon_available_kib", DUMP_VALUE, {"balloon_available_kib"}},
    {"balloon_usable_kib", DUMP_VALUE, {"balloon_usable_kib"}},
    {"balloon_unused_kib", DUMP_VALUE, {"balloon_unused_kib"}},
    {"balloon_rss_kib", DUMP_VALUE, {"balloon_rss_kib"}},
    {"balloon_disk_caches_kib", DUMP_VALUE, {"balloon_disk_caches_kib"}},
    {"balloon_minor_faults", DUMP_VALUE, {"balloon_minor_faults"}},
    {"balloon_major_faults", DUMP_VALUE, {"balloon_major_faults"}},
    {"qemu_pid", DUMP_VALUE, {"qemu_pid"}},
    {"qemu_cpu_time", DUMP_CENTI, {"qemu_cpu_time_cs"}},
    {"qemu_rss_kib", DUMP_VALUE, {"qemu_rss_kib"}},
    {"qemu_io_rw_bytes", DUMP_VALUE, {"qemu_io_rw_bytes"}},
    DUMP_STAMP,
};

static const struct dump_column dump_vm_net[] = {
    {"uuid", DUMP_VALUE, {"uuid"}},
    {"name", DUMP_VALUE, {"name"}},
    {"device", DUMP_VALUE, {"device"}},
    {"rx_bytes", DUMP_VALUE, {"rx_bytes"}},
    {"rx_packets", DUMP_VALUE, {"rx_packets"}},
    {"rx_errors", DUMP_VALUE, {"rx_errors"}},
    {"rx_drops", DUMP_VALUE, {"rx_drops"}},
    {"tx_bytes", DUMP_VALUE, {"tx_bytes"}},
    {"tx_packets", DUMP_VALUE, {"tx_packets"}},
    {"tx_errors", DUMP_VALUE, {"tx_errors"}},
    {"tx_drops", DUMP_VALUE, {"tx_drops"}},
    DUMP_STAMP,
};

static const struct dump_column dump_vm_disk[] = {
    {"uuid", DUMP_VALUE, {"uuid"}},
    {"name", DUMP_VALUE, {"name"}},
    {"target", DUMP_VALUE, {"target"}},
    {"source", DUMP_VALUE, {"source"}},
    {"rd_reqs", DUMP_VALUE, {"rd_reqs"}},
    {"rd_bytes", DUMP_VALUE, {"rd_bytes"}},
    {"rd_times_ns", DUMP_VALUE, {"rd_times_ns"}},
    {"wr_reqs", DUMP_VALUE, {"wr_reqs"}},
    {"wr_bytes", DUMP_VALUE, {"wr_bytes"}},
    {"wr_times_ns", DUMP_VALUE, {"wr_times_ns"}},
    {"fl_reqs", DUMP_VALUE, {"fl_reqs"}},
    {"fl_times_ns", DUMP_VALUE, {"fl_times_ns"}},
    {"capacity", DUMP_VALUE, {"capacity"}},
    {"allocation", DUMP_VALUE, {"allocation"}},
    {"physical", DUMP_VALUE, {"physical"}},
    DUMP_STAMP,
};

/* Alert transitions: state ALERT or CLEAR. */
static const struct dump_column dump_alert[] = {
    {"subject", DUMP_VALUE, {"subject"}},     {"metric", DUMP_VALUE, {"metric"}},
    {"state", DUMP_VALUE, {"state"}},	      {"value", DUMP_VALUE, {"value"}},
    {"threshold", DUMP_VALUE, {"threshold"}}, DUMP_STAMP,
};

/* The temperature sensors, as SlapOS' temperature table; then the
 * sensor's limits in degrees Celsius, empty when it has none. */
static const struct dump_column dump_temperature[] = {
    {"sensor_id", DUMP_VALUE, {"sensor_id"}}, {"temperature", DUMP_VALUE, {"temperature"}},
    {"alarm", DUMP_VALUE, {"alarm"}},	      DUMP_STAMP,
    {"high", DUMP_VALUE, {"high"}},	      {"critical", DUMP_VALUE, {"critical"}},
};

/* Partition folder sizes, as SlapOS' folder table: disk_used in KiB, as
 * du -s counts them, DATA/ disks included; data_used their share. */
static const struct dump_column dump_folder[] = {
    {"partition", DUMP_VALUE, {"partition"}},
    {"disk_used", DUMP_VALUE, {"disk_used"}},
    DUMP_STAMP,
    {"data_used", DUMP_VALUE, {"data_used"}},
    {"started", DUMP_VALUE, {"started"}},
    {"runs", DUMP_VALUE, {"runs"}},
};

/* Machine benchmarks (node-collect --benchmark, or daily): one row per
 * part, its score (higher is better) in unit; SlapOS has no such table. */
static const struct dump_column dump_benchmark[] = {
    {"part", DUMP_VALUE, {"part"}},
    {"score", DUMP_VALUE, {"score"}},
    {"unit", DUMP_VALUE, {"unit"}},
    {"elapsed_ms", DUMP_VALUE, {"elapsed_ms"}},
    DUMP_STAMP,
};

/* The interface and disk rows carry their VM's name from its sample of the
 * same run (the views give the uuid). */
#define DUMP_VM_NAMED(view) view " LEFT JOIN vm_sample USING (ts, vm)"

const struct dump_table dumpcols_tables[DUMPCOLS_NTABLES] = {
    {"user", "user_sample", "pid", DUMP_COLUMNS(dump_user)},
    {"system", "system_sample", NULL, DUMP_COLUMNS(dump_system)},
    {"net", "net_sample", "interface", DUMP_COLUMNS(dump_net)},
    {"computer", "computer_sample", NULL, DUMP_COLUMNS(dump_computer)},
    {"disk", "disk_sample", "partition", DUMP_COLUMNS(dump_disk)},
    {"vm", "vm", "uuid", DUMP_COLUMNS(dump_vm)},
    {"vm_net", DUMP_VM_NAMED("vm_net"), "uuid, device", DUMP_COLUMNS(dump_vm_net)},
    {"vm_disk", DUMP_VM_NAMED("vm_disk"), "uuid, target", DUMP_COLUMNS(dump_vm_disk)},
    {"alert", "alert", "subject, metric", DUMP_COLUMNS(dump_alert)},
    {"temperature", "temperature_sample", "sensor_id", DUMP_COLUMNS(dump_temperature)},
    {"folder", "folder_sample", "partition", DUMP_COLUMNS(dump_folder)},
    {"benchmark", "benchmark_sample", "part", DUMP_COLUMNS(dump_benchmark)},
    {"run", "run", NULL, DUMP_COLUMNS(dump_run)},
};
