/* bench: the machine benchmark, a fixed amount of work per part, each part
 * bounded in time, scored higher = better. */
#ifndef NM_BENCH_H
#define NM_BENCH_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* The most milliseconds a part may run; the work loops check it. A part cut
 * short is scored over the work it did, in the time it really took. */
#define BENCH_PART_MS 3000
/* The most bytes the network parts move each way (the peer's cap too). */
#define BENCH_NET_BYTES (64u << 20)

enum bench_part {
	BENCH_CPU,
	BENCH_SQLITE,
	BENCH_DISK_WRITE,
	BENCH_DISK_READ,
	BENCH_NET_UP,
	BENCH_NET_DOWN,
	BENCH_PARTS
};

struct bench_score {
	int done;	    /* measured (0: skipped or failed) */
	double score;	    /* in unit, higher = better */
	int64_t elapsed_ms; /* how long the part ran */
};

struct bench_result {
	struct bench_score part[BENCH_PARTS];
	int failed; /* parts that failed (each logged once) */
};

/* The part's name as stored ("disk_write") and the unit of its score. */
const char *bench_part_name(enum bench_part p);
const char *bench_part_unit(enum bench_part p);

/* Sets how long a part may run instead of BENCH_PART_MS (tests). */
void bench_set_part_ms(unsigned long ms);

/* A monotonic clock in nanoseconds, and a deadline a part's time from now. */
int64_t bench_now_ns(void);
int64_t bench_deadline(void);

/* Sets s from work units done in the time since start_ns (score = units
 * per second, scaled by scale: 1e-6 for millions, 1/MiB for MiB). */
void bench_set(struct bench_score *s, double units, double scale, int64_t start_ns);

/* The parts. Each fills its scores and returns 0, or -1 (logged once,
 * naming what failed). bench_disk and bench_sqlite work in dir (the
 * database's folder) and leave nothing there; bench_net talks to peer, the
 * base URL of a slapmonitor's private path. bench_sqlite uses dbpath
 * with ".bench" appended. */
int bench_cpu(struct bench_score *cpu);
int bench_sqlite(const char *dbpath, struct bench_score *s);
int bench_disk(const char *dir, struct bench_score *w, struct bench_score *r);
int bench_net(const char *peer, struct bench_score *up, struct bench_score *down);

/* Every part (the network only with a peer) into out. Returns 0 when all
 * that ran succeeded, -1 when one failed (out->failed counts them). */
int bench_run(const char *dbpath, const char *peer, struct bench_result *out);

/* Parses benchmark_hour: "off" (or NULL: the default, off) gives -1, a
 * whole hour 0 to 23 that hour. Returns 0, or -1 on a bad value. */
int bench_parse_hour(const char *s, int *hour);

/* Whether the daily benchmark is due at ts: its hour (UTC) is hour or
 * later and the day of ts has no benchmark row yet. Returns 1, 0, or -1
 * (logged). */
int bench_due(sqlite3 *db, int64_t ts, int hour);

/* Stores each measured part at ts in one transaction. Returns the rows
 * written (0 when a benchmark at ts was stored already), or -1 (logged). */
int bench_store(sqlite3 *db, int64_t ts, const struct bench_result *r);

/* Runs the benchmark and stores it at ts in db (whose file is dbpath),
 * printing one line per part measured when print is set. Returns the rows
 * stored (0, logged, when a benchmark at ts is stored already), or -1 when
 * a part failed (the others are stored still) or nothing could be stored
 * (each logged once). */
int bench_collect(sqlite3 *db, int64_t ts, const char *dbpath, const char *peer, int print);

#endif
