/* pstatus: each partition's status files. A partition's folder belongs to
 * an untrusted tenant: every name under it is opened relative to a
 * descriptor, without following a symbolic link, and files are replaced by
 * rename, never written through. */
#include "pstatus.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "pstatusfmt.h"
#include "xalloc.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
/* An old series file larger than this is not read (a new one starts). */
#define ENTRY_BYTES 160

enum { ST_PARTS, ST_SUMS, ST_DISK, ST_PROCS, ST_N };

static const char *const SQL[ST_N] = {
    /* The partitions: those node-collect resolved, and any with processes. */
    "SELECT partition, path FROM partition_folder UNION SELECT DISTINCT partition, NULL"
    " FROM user_sample WHERE ts = ?1 AND partition NOT IN (SELECT partition FROM"
    " partition_folder) ORDER BY 1",
    "SELECT COUNT(*), SUM(cpu_centipercent), COALESCE(SUM(cpu_time_cs), 0),"
    " COALESCE(SUM(cpu_num_threads), 0), COALESCE(SUM(memory_ppm), 0),"
    " COALESCE(SUM(memory_rss_kib), 0), COALESCE(SUM(io_rw_counter), 0),"
    " COALESCE(SUM(io_cycles_counter), 0) FROM user_sample WHERE ts = ?1 AND partition = ?2",
    /* The latest finished folder walk: SlapOS took only one of the same
     * minute, which is 0 on all but one run a day. */
    "SELECT disk_used FROM folder_sample WHERE partition = ?2 AND ts <= ?1"
    " ORDER BY ts DESC LIMIT 1",
    "SELECT pid, cpu_centipercent, cpu_time_cs, cpu_num_threads, memory_ppm, memory_rss_kib,"
    " COALESCE(io_rw_counter, 0), COALESCE(io_cycles_counter, 0), start_time, command"
    " FROM user_sample WHERE ts = ?1 AND partition = ?2 ORDER BY cpu_centipercent DESC, pid"};

struct run {
	sqlite3 *db;
	sqlite3_stmt *st[ST_N];
	int64_t ts;
	const char *out;
	size_t max_entries;
};

static int sql_fail(sqlite3 *db, const char *what)
{
	return log_warnx("partition status: %s: %s", what, sqlite3_errmsg(db));
}

/* Writes text as dirfd/name: a temporary beside it, fsynced, renamed. */
static int write_at(int dirfd, const char *where, const char *name, const char *text, size_t len)
{
	char tmp[256];
	int fd;
	size_t off = 0;

	snprintf(tmp, sizeof(tmp), ".nm-tmp.%s.%ld", name, (long)getpid());
	unlinkat(dirfd, tmp, 0);
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return log_warn("%s/%s", where, tmp);
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (off < len || fsync(fd) < 0 || close(fd) < 0 || renameat(dirfd, tmp, dirfd, name) < 0) {
		int err = errno;

		if (off < len)
			close(fd);
		unlinkat(dirfd, tmp, 0);
		errno = err ? err : EIO;
		return log_warn("%s/%s", where, name);
	}
	return 0;
}

/* Reads dirfd/name if it is a regular file of at most max bytes, and no
 * hard link of a file elsewhere, whose lines would be copied into a file
 * the partition can read. */
static char *read_at(int dirfd, const char *name, size_t max, size_t *len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat sb;
	char *buf = NULL;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_nlink == 1 &&
	    (size_t)sb.st_size <= max) {
		ssize_t r;

		buf = xmalloc((size_t)sb.st_size + 1);
		r = read(fd, buf, (size_t)sb.st_size + 1);
		if (r < 0 || (size_t)r > (size_t)sb.st_size) {
			free(buf);
			buf = NULL;
		} else {
			*len = (size_t)r;
		}
	}
	close(fd);
	return buf;
}

/* <out>/partition-status/<name>, created if missing. */
static int open_out(const struct run *r, const char *name, char *where, size_t wlen)
{
	int fd;

	if (strchr(name, '/') || name[0] == '.' || !name[0])
		return log_warnx("partition '%s': not a name for a folder", name);
	snprintf(where, wlen, "%s/%s", r->out, PSTATUS_OUT_DIR);
	if (mkdir(where, 0755) < 0 && errno != EEXIST)
		return log_warn("%s", where);
	snprintf(where, wlen, "%s/%s/%s", r->out, PSTATUS_OUT_DIR, name);
	if (mkdir(where, 0755) < 0 && errno != EEXIST)
		return log_warn("%s", where);
	fd = open(where, DIR_FLAGS);
	if (fd < 0)
		return log_warn("%s", where);
	return fd;
}

/* <path>/.slapgrid, or -1 (a line said why, unless it is missing). */
static int open_slapgrid(const char *path)
{
	int fd = open(path, DIR_FLAGS), sg;

	if (fd < 0) {
		if (errno != ENOENT)
			log_warn("%s: refused, not a folder of its own", path);
		return -1;
	}
	sg = openat(fd, ".slapgrid", DIR_FLAGS);
	if (sg < 0 && errno != ENOENT)
		log_warn("%s/.slapgrid: refused, not a folder of its own", path);
	close(fd);
	return sg;
}

/* The folder the files go in: <path>/.slapgrid/monitor if <path>/.slapgrid
 * is a folder, else <out>/partition-status/<name>. */
static int open_target(const struct run *r, const char *name, const char *path, char *where,
		       size_t wlen)
{
	int sg = path ? open_slapgrid(path) : -1;

	if (sg >= 0) {
		int fd;

		snprintf(where, wlen, "%s/.slapgrid/monitor", path);
		if (mkdirat(sg, "monitor", 0755) < 0 && errno != EEXIST)
			log_warn("%s", where);
		fd = openat(sg, "monitor", DIR_FLAGS);
		close(sg);
		if (fd >= 0)
			return fd;
		log_warn("%s: refused, not a folder of its own", where);
	}
	return open_out(r, name, where, wlen);
}

static sqlite3_stmt *bind(const struct run *r, int k, const char *name)
{
	sqlite3_stmt *st = r->st[k];

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, r->ts);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	return st;
}

static int load_sums(const struct run *r, const char *name, struct pstatus_sums *p)
{
	sqlite3_stmt *st = bind(r, ST_SUMS, name);
	int64_t minute = r->ts - r->ts % 60;
	time_t t = (time_t)minute;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(p->date, sizeof(p->date), "%Y-%m-%d %H:%M:%S", &tm);
	if (sqlite3_step(st) != SQLITE_ROW)
		return sql_fail(r->db, "sums");
	p->total_process = sqlite3_column_int64(st, 0);
	p->has_cpu = sqlite3_column_type(st, 1) != SQLITE_NULL;
	p->cpu_centipercent = sqlite3_column_int64(st, 1);
	p->cpu_time_cs = sqlite3_column_int64(st, 2);
	p->cpu_num_threads = sqlite3_column_int64(st, 3);
	p->memory_ppm = sqlite3_column_int64(st, 4);
	p->memory_rss_kib = sqlite3_column_int64(st, 5);
	p->io_rw_counter = sqlite3_column_int64(st, 6);
	p->io_cycles_counter = sqlite3_column_int64(st, 7);
	st = bind(r, ST_DISK, name);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		p->has_disk = 1;
		p->disk_used_kib = sqlite3_column_int64(st, 0);
		return 0;
	case SQLITE_DONE:
		return 0;
	default:
		return sql_fail(r->db, "folder");
	}
}

/* monitor_process_resource.status.json: the run's processes, busiest
 * first (an empty list when there are none: SlapOS left the last one). */
static int procs_text(const struct run *r, const char *name, struct sbuf *b)
{
	sqlite3_stmt *st = bind(r, ST_PROCS, name);
	int rc, n = 0;

	sbuf_puts(b, "[");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct pstatus_proc p = {.pid = sqlite3_column_int64(st, 0),
					 .has_cpu = sqlite3_column_type(st, 1) != SQLITE_NULL,
					 .cpu_centipercent = sqlite3_column_int64(st, 1),
					 .cpu_time_cs = sqlite3_column_int64(st, 2),
					 .cpu_num_threads = sqlite3_column_int64(st, 3),
					 .memory_ppm = sqlite3_column_int64(st, 4),
					 .memory_rss_kib = sqlite3_column_int64(st, 5),
					 .io_rw_counter = sqlite3_column_int64(st, 6),
					 .io_cycles_counter = sqlite3_column_int64(st, 7),
					 .start_time = sqlite3_column_int64(st, 8),
					 .name = (const char *)sqlite3_column_text(st, 9),
					 .user = name};

		if (n++)
			sbuf_puts(b, ", ");
		pstatus_proc(&p, b);
	}
	sbuf_puts(b, "]");
	return rc == SQLITE_DONE ? 0 : sql_fail(r->db, "processes");
}

/* The three series files: the run's entry added. */
static int write_series(const struct run *r, int fd, const char *where,
			const struct pstatus_sums *p)
{
	int failed = 0;

	for (int s = 0; s < PSTATUS_NSERIES; s++) {
		const char *file = pstatus_series_file((enum pstatus_series)s);
		struct sbuf entry = SBUF_INIT, text = SBUF_INIT;
		size_t len = 0;
		char *old = read_at(fd, file, (r->max_entries + 2) * ENTRY_BYTES, &len);

		pstatus_entry(p, (enum pstatus_series)s, &entry);
		if (pstatus_data(old, len, (enum pstatus_series)s, entry.s, r->max_entries,
				 (double)r->ts, &text))
			failed |= write_at(fd, where, file, text.s, text.len) < 0;
		free(old);
		sbuf_release(&entry);
		sbuf_release(&text);
	}
	return failed ? -1 : 0;
}

static int partition(const struct run *r, const char *name, const char *path)
{
	struct pstatus_sums p = {0};
	struct sbuf b = SBUF_INIT;
	char where[4600];
	int fd, failed;

	if (load_sums(r, name, &p) < 0)
		return -1;
	fd = open_target(r, name, path, where, sizeof(where));
	if (fd < 0)
		return -1;
	failed = write_series(r, fd, where, &p) < 0;
	pstatus_status(&p, &b);
	failed |= write_at(fd, where, "monitor_resource.status.json", b.s, b.len) < 0;
	sbuf_release(&b);
	if (procs_text(r, name, &b) < 0)
		failed = 1;
	else
		failed |=
		    write_at(fd, where, "monitor_process_resource.status.json", b.s, b.len) < 0;
	sbuf_release(&b);
	if (fsync(fd) < 0)
		failed = log_warn("%s", where) < 0;
	close(fd);
	return failed ? -1 : 0;
}

/* The last run at or before now: 0 when there is none. */
static int last_run(sqlite3 *db, int64_t now, int64_t *ts)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "SELECT MAX(ts) FROM run WHERE ts <= ?", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_int64(st, 1, now);
		if (sqlite3_step(st) == SQLITE_ROW) {
			rc = sqlite3_column_type(st, 0) != SQLITE_NULL;
			*ts = sqlite3_column_int64(st, 0);
		}
	}
	sqlite3_finalize(st);
	return rc < 0 ? sql_fail(db, "last run") : rc;
}

int pstatus_run(sqlite3 *db, const char *out, int64_t now, unsigned long max_entries)
{
	struct run r = {.db = db, .out = out, .max_entries = max_entries};
	int rc, failed = 0;

	rc = last_run(db, now, &r.ts);
	if (rc <= 0)
		return rc;
	for (int k = 0; k < ST_N; k++)
		if (sqlite3_prepare_v2(db, SQL[k], -1, &r.st[k], NULL) != SQLITE_OK) {
			failed = sql_fail(db, "prepare");
			goto out;
		}
	sqlite3_bind_int64(r.st[ST_PARTS], 1, r.ts);
	while ((rc = sqlite3_step(r.st[ST_PARTS])) == SQLITE_ROW) {
		char *name = xstrdup((const char *)sqlite3_column_text(r.st[ST_PARTS], 0));
		const char *p = (const char *)sqlite3_column_text(r.st[ST_PARTS], 1);
		char *path = p ? xstrdup(p) : NULL;

		failed |= partition(&r, name, path) < 0;
		free(name);
		free(path);
	}
	if (rc != SQLITE_DONE)
		failed = sql_fail(db, "partitions");
out:
	for (int k = 0; k < ST_N; k++)
		sqlite3_finalize(r.st[k]);
	return failed ? -1 : 0;
}
