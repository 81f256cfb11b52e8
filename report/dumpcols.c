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

const struct dump_table dumpcols_tables[DUMPCOLS_NTABLES] = {
    {"user", "user_sample", "pid", DUMP_COLUMNS(dump_user)},
    {"system", "system_sample", NULL, DUMP_COLUMNS(dump_system)},
    {"net", "net_sample", "interface", DUMP_COLUMNS(dump_net)},
    {"computer", "computer_sample", NULL, DUMP_COLUMNS(dump_computer)},
    {"disk", "disk_sample", "partition", DUMP_COLUMNS(dump_disk)},
    {"run", "run", NULL, DUMP_COLUMNS(dump_run)},
};
