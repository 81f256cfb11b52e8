/* procfs: everything node-collect reads through libproc2 (procps 4). */
#include "procfs.h"

#include <errno.h>
#include <libproc2/diskstats.h>
#include <libproc2/meminfo.h>
#include <libproc2/misc.h>
#include <libproc2/pids.h>
#include <libproc2/stat.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "list.h"
#include "log.h"
#include "xalloc.h"

/* PF_KTHREAD from the kernel's sched.h: the task is a kernel thread. */
#define PROCFS_PF_KTHREAD 0x00200000UL

/* Indexes into the item list below; keep the two in the same order. */
enum { P_PID, P_RUID, P_FLAGS, P_TICS, P_BEGAN, P_NLWP, P_RSS, P_STATE, P_CMD };

long procfs_hz(void)
{
	long hz = procps_hertz_get();

	return hz > 0 ? hz : 100;
}

/* Reaps every task, reading CLOCK_BOOTTIME just before and just after:
 * the midpoint is the instant the processes' counters belong to, within
 * half the reap's length. Returns NULL (logged) on failure. */
static struct pids_fetch *procfs_reap(struct pids_info *info, int64_t *boottime_ns)
{
	struct pids_fetch *fetch;
	int64_t before, after;
	int have = clock_boottime_ns(&before) == 0;

	fetch = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY);
	if (!fetch) {
		log_warn("libproc2: cannot list /proc");
		return NULL;
	}
	if (have && clock_boottime_ns(&after) == 0)
		*boottime_ns = before + (after - before) / 2;
	else
		*boottime_ns = -1;
	return fetch;
}

int procfs_read_procs(const struct users *users, int64_t boot_time, int want_command,
		      struct proc_list *out, int64_t *boottime_ns)
{
	enum pids_item items[] = {PIDS_ID_PID,	 PIDS_ID_RUID,	  PIDS_FLAGS,
				  PIDS_TICS_ALL, PIDS_TICS_BEGAN, PIDS_NLWP,
				  PIDS_VM_RSS,	 PIDS_STATE,	  PIDS_CMD};
	int nitems = want_command ? P_CMD + 1 : P_CMD;
	struct pids_info *info = NULL;
	struct pids_fetch *fetch;
	long hz = procfs_hz();
	int count = 0;

	if (procps_pids_new(&info, items, nitems) < 0) {
		errno = errno ? errno : EIO;
		return log_warn("libproc2: cannot read processes");
	}
	fetch = procfs_reap(info, boottime_ns);
	if (!fetch) {
		procps_pids_unref(&info);
		return -1;
	}
	for (int i = 0; i < fetch->counts->total; i++) {
		struct pids_stack *s = fetch->stacks[i];
		unsigned uid = PIDS_VAL(P_RUID, u_int, s, info);
		const char *owner = users_find(users, uid);
		struct proc_sample *p;

		if (!owner || (PIDS_VAL(P_FLAGS, ul_int, s, info) & PROCFS_PF_KTHREAD))
			continue;
		/* libproc2 leaves fields of a short stat file at zero. No user
		 * process starts at the very tick of boot, so a zero start time
		 * means a truncated or unreadable stat: leave the process out
		 * rather than store invented values. */
		if (PIDS_VAL(P_BEGAN, ull_int, s, info) == 0)
			continue;
		p = LIST_PUSH(out);
		p->pid = PIDS_VAL(P_PID, s_int, s, info);
		p->uid = uid;
		p->partition = owner;
		p->start_ticks = (int64_t)PIDS_VAL(P_BEGAN, ull_int, s, info);
		p->start_cs = boot_time * 100 + p->start_ticks * 100 / hz;
		p->cpu_time_cs =
		    (int64_t)(PIDS_VAL(P_TICS, ull_int, s, info) * 100 / (unsigned long)hz);
		p->threads = PIDS_VAL(P_NLWP, s_int, s, info);
		p->rss_kib = (int64_t)PIDS_VAL(P_RSS, ul_int, s, info);
		p->leader_gone = PIDS_VAL(P_STATE, s_ch, s, info) == 'Z' && p->threads > 1;
		if (want_command)
			p->command = xstrdup(PIDS_VAL(P_CMD, str, s, info));
		count++;
	}
	procps_pids_unref(&info);
	return count;
}

static unsigned long long procfs_tic(struct stat_info *info, enum stat_item item)
{
	struct stat_result *r = procps_stat_get(info, item);

	return r ? r->result.ull_int : 0;
}

int procfs_read_cpu(struct cpu_counters *out)
{
	struct stat_info *info = NULL;
	struct stat_result *boot;
	unsigned long long idle, busy;

	if (procps_stat_new(&info) < 0)
		return log_warn("libproc2: cannot read /proc/stat");
	/* Busy and total as top and psutil count them: guest time is already
	 * inside user time, so it is not added again. */
	busy = procfs_tic(info, STAT_TIC_USER) + procfs_tic(info, STAT_TIC_NICE) +
	       procfs_tic(info, STAT_TIC_SYSTEM) + procfs_tic(info, STAT_TIC_IRQ) +
	       procfs_tic(info, STAT_TIC_SOFTIRQ) + procfs_tic(info, STAT_TIC_STOLEN);
	idle = procfs_tic(info, STAT_TIC_IDLE) + procfs_tic(info, STAT_TIC_IOWAIT);
	boot = procps_stat_get(info, STAT_SYS_TIME_OF_BOOT);
	out->busy_ticks = (int64_t)busy;
	out->total_ticks = (int64_t)(busy + idle);
	out->boot_time = boot ? (int64_t)boot->result.ul_int : 0;
	procps_stat_unref(&info);
	if (out->total_ticks == 0 || out->boot_time == 0)
		return log_warnx("/proc/stat: no cpu line or no btime");
	return 0;
}

static int64_t procfs_kib(struct meminfo_info *info, enum meminfo_item item)
{
	struct meminfo_result *r = procps_meminfo_get(info, item);

	return r ? (int64_t)r->result.ul_int : 0;
}

int procfs_read_mem(struct mem_info *out)
{
	struct meminfo_info *info = NULL;

	if (procps_meminfo_new(&info) < 0)
		return log_warn("libproc2: cannot read /proc/meminfo");
	out->total_bytes = procfs_kib(info, MEMINFO_MEM_TOTAL) * 1024;
	out->available_bytes = procfs_kib(info, MEMINFO_MEM_AVAILABLE) * 1024;
	out->swap_used_bytes = procfs_kib(info, MEMINFO_SWAP_USED) * 1024;
	procps_meminfo_unref(&info);
	if (out->total_bytes == 0)
		return log_warnx("/proc/meminfo: no MemTotal");
	return 0;
}

int procfs_read_loadavg(double *out)
{
	double av5, av15;

	if (procps_loadavg(out, &av5, &av15) < 0)
		return log_warn("libproc2: cannot read /proc/loadavg");
	return 0;
}

int procfs_read_diskstats(struct diskstat_list *out)
{
	enum diskstats_item items[] = {DISKSTATS_NAME, DISKSTATS_READ_SECTORS,
				       DISKSTATS_WRITE_SECTORS, DISKSTATS_IO_TIME};
	struct diskstats_info *info = NULL;
	struct diskstats_reaped *r;

	if (procps_diskstats_new(&info) < 0)
		return log_warn("libproc2: cannot read /proc/diskstats");
	r = procps_diskstats_reap(info, items, 4);
	if (!r) {
		log_warn("libproc2: cannot read /proc/diskstats");
		procps_diskstats_unref(&info);
		return -1;
	}
	for (int i = 0; i < r->total; i++) {
		struct diskstats_stack *s = r->stacks[i];
		struct diskstat *d = LIST_PUSH(out);

		snprintf(d->name, sizeof(d->name), "%s", DISKSTATS_VAL(0, str, s, info));
		d->read_sectors = (int64_t)DISKSTATS_VAL(1, ul_int, s, info);
		d->write_sectors = (int64_t)DISKSTATS_VAL(2, ul_int, s, info);
		d->io_time_ms = (int64_t)DISKSTATS_VAL(3, ul_int, s, info);
	}
	procps_diskstats_unref(&info);
	return (int)out->n;
}
