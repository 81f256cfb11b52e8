/* collect: one run of the collector: read every scope, then store it. */
#include "collect.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "computer.h"
#include "disk.h"
#include "log.h"
#include "netdev.h"
#include "procfs.h"
#include "procio.h"
#include "proctask.h"
#include "rate.h"
#include "sample.h"
#include "store.h"
#include "store_folder.h"
#include "thermal.h"
#include "vm.h"

struct collect_snapshot {
	unsigned ok;  /* scopes read successfully */
	int have_cpu; /* system.cpu was read, even if its scope failed */
	struct run_clock clock;
	struct system_sample system;
	struct proc_list procs;
	struct computer_sample computer;
	struct disk_list disks;
	struct vm_list vms;
	struct temp_list temps;
	struct folder_list folders;
};

void proc_list_release(struct proc_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].command);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

const char *collect_scope_name(unsigned scope)
{
	switch (scope) {
	case SCOPE_USER:
		return "user";
	case SCOPE_SYSTEM:
		return "system";
	case SCOPE_COMPUTER:
		return "computer";
	case SCOPE_DISK:
		return "disk";
	case SCOPE_VM:
		return "vm";
	case SCOPE_TEMP:
		return "temperature";
	case SCOPE_FOLDER:
		return "folder";
	default:
		return "?";
	}
}

static void collect_read_procs(struct collect_snapshot *s, const struct users *users,
			       int want_command, int have_cpu, int have_mem)
{
	if (!have_cpu || !have_mem)
		return; /* start times and memory shares need both */
	if (procfs_read_procs(users, s->system.cpu.boot_time, want_command, &s->procs,
			      &s->clock.boottime_ns) < 0)
		return;
	s->clock.has_boottime = s->clock.boottime_ns >= 0;
	for (size_t i = 0; i < s->procs.n; i++) {
		struct proc_sample *p = &s->procs.v[i];
		struct procio io;
		int tid = 0;

		/* The leader's files show no memory once the main thread has
		 * exited: a live thread shows the process'. /proc/<pid>/io still
		 * sums every thread; a live thread's own is the fallback. */
		if (p->leader_gone && proctask_read_live(p->pid, &tid, &p->rss_kib) < 0)
			tid = 0;
		p->mem_ppm = rate_mem_ppm(p->rss_kib, s->system.mem.total_bytes);
		if (procio_read(p->pid, 0, &io) == 0 ||
		    (tid && procio_read(p->pid, tid, &io) == 0)) {
			p->has_io = 1;
			p->io_rw_bytes = io.read_bytes + io.write_bytes;
			p->io_cycles = io.syscr + io.syscw;
		}
	}
	s->ok |= SCOPE_USER;
}

/* Reads every scope; what fails is logged by its reader and left out. */
static void collect_read(struct collect_snapshot *s, const struct users *users, int want_command,
			 const struct collect_vm *vm)
{
	struct system_sample *sys = &s->system;
	struct diskstat_list stats = {0};
	struct vm_reader vr = {.pid = -1, .fd = -1};
	int have_cpu, have_mem, have_load, have_net;

	/* libvirt answers in a child process while the other scopes are read. */
	if (vm->libvirt_uri)
		vm_read_start(vm->libvirt_uri, vm->timeout_s, &vr);
	have_cpu = procfs_read_cpu(&sys->cpu) == 0;
	s->have_cpu = have_cpu;
	have_mem = procfs_read_mem(&sys->mem) == 0;
	have_load = procfs_read_loadavg(&sys->loadavg1) == 0;
	have_net = netdev_read(&sys->net, &sys->net_total) == 0;
	sys->boot_time = sys->cpu.boot_time;
	if (have_cpu && have_mem && have_load && have_net)
		s->ok |= SCOPE_SYSTEM;

	collect_read_procs(s, users, want_command, have_cpu, have_mem);
	s->clock.has_boot_id = clock_read_boot_id(s->clock.boot_id, sizeof(s->clock.boot_id)) == 0;

	/* Missing diskstats only leaves the I/O counters empty. */
	if (procfs_read_diskstats(&stats) < 0)
		stats.n = 0;
	if (disk_read(&stats, &s->disks) >= 0)
		s->ok |= SCOPE_DISK;

	if (have_mem && computer_read(users, sys->mem.total_bytes, &s->computer) == 0) {
		s->computer.partition_list = disk_partition_list(&s->disks);
		s->ok |= SCOPE_COMPUTER;
	}
	free(stats.v);
	if (thermal_read(&s->temps) == 0)
		s->ok |= SCOPE_TEMP;
	if (vm->libvirt_uri && vm_read_finish(&vr, &s->vms) == 0)
		s->ok |= SCOPE_VM;
}

/* What the previous run left, emptied when rates cannot be computed
 * against it: no run, no clock reading, or another boot. Returns 0 or -1. */
static int collect_load_prev(sqlite3 *db, const struct collect_snapshot *s, struct rate_prev *prev)
{
	if (store_load_prev(db, prev) < 0)
		return -1;
	if (!rate_same_boot(prev, &s->clock, s->have_cpu ? &s->system.cpu : NULL)) {
		prev->has_system = 0;
		prev->n = 0;
		prev->has_run = 0;
	}
	return 0;
}

/* Each domain's CPU shares against the previous run, same boot. */
static int collect_vm_rates(sqlite3 *db, const struct rate_prev *prev, struct collect_snapshot *s)
{
	struct rate_prev_vm *old = NULL;
	size_t n = 0;
	int64_t cores =
	    s->ok & SCOPE_COMPUTER ? s->computer.cpu_num_core : sysconf(_SC_NPROCESSORS_ONLN);

	if (!prev->has_run || !s->clock.has_boottime)
		return 0;
	if (store_load_prev_vms(db, prev->ts, &old, &n) < 0)
		return -1;
	for (size_t i = 0; i < s->vms.n; i++)
		rate_vm(old, n, s->clock.boottime_ns - prev->clock.boottime_ns, cores,
			&s->vms.v[i]);
	free(old);
	return 0;
}

static void collect_rates(const struct rate_prev *prev, struct collect_snapshot *s)
{
	long hz = procfs_hz();

	s->system.has_cpu_percent =
	    prev->has_run && rate_system_cpu(prev, &s->system.cpu, &s->system.cpu_percent) == 0;
	for (size_t i = 0; i < s->procs.n; i++) {
		s->procs.v[i].has_cpu = 0;
		if (prev->has_run)
			rate_proc(prev, s->clock.boottime_ns, hz, &s->procs.v[i]);
	}
}

/* The folder sizes, in a savepoint of their own: a failure leaves the
 * other scopes stored. Returns SCOPE_FOLDER if they were, else 0. */
static unsigned collect_store_folders(sqlite3 *db, const struct collect_snapshot *s, int64_t ts,
				      struct collect_result *r)
{
	int n;

	if (!(s->ok & SCOPE_FOLDER))
		return 0;
	n = store_folder(db, ts, &s->folders);
	if (n < 0)
		return 0;
	r->folders = n;
	return SCOPE_FOLDER;
}

/* Stores what was read; returns the scopes written. */
static unsigned collect_store(sqlite3 *db, struct collect_snapshot *s, int64_t ts,
			      struct collect_result *r)
{
	struct rate_prev prev = {0};
	unsigned stored = 0;
	int n;

	n = store_check_run(db, ts);
	if (n != 0) {
		r->refused = n > 0;
		return 0;
	}
	if (collect_load_prev(db, s, &prev) < 0 || store_insert_run(db, ts, &s->clock) < 0)
		goto out;
	collect_rates(&prev, s);
	if (s->ok & SCOPE_SYSTEM) {
		n = store_insert_system(db, ts, &s->system);
		if (n < 0)
			goto out;
		r->ifaces = n - 1;
		stored |= SCOPE_SYSTEM;
	}
	if (s->ok & SCOPE_USER) {
		n = store_insert_procs(db, ts, &s->procs);
		if (n < 0)
			goto out;
		r->procs = n;
		stored |= SCOPE_USER;
	}
	if (s->ok & SCOPE_COMPUTER) {
		if (store_insert_computer(db, ts, &s->computer) < 0)
			goto out;
		stored |= SCOPE_COMPUTER;
	}
	if (s->ok & SCOPE_DISK) {
		n = store_insert_disks(db, ts, &s->disks);
		if (n < 0)
			goto out;
		r->disks = n;
		stored |= SCOPE_DISK;
	}
	if (s->ok & SCOPE_TEMP) {
		n = store_insert_temps(db, ts, &s->temps);
		if (n < 0)
			goto out;
		r->temps = n;
		stored |= SCOPE_TEMP;
	}
	stored |= collect_store_folders(db, s, ts, r);
	if (s->ok & SCOPE_VM) {
		if (collect_vm_rates(db, &prev, s) < 0)
			goto out;
		n = store_insert_vms(db, ts, &s->vms);
		if (n < 0)
			goto out;
		r->vms = n;
		stored |= SCOPE_VM;
	}
	rate_prev_release(&prev);
	return stored;
out:
	rate_prev_release(&prev);
	return 0;
}

int collect_run(sqlite3 *db, const struct users *users, int want_command,
		const struct collect_vm *vm, const struct folder_conf *folder,
		const struct collect_clock *when, struct collect_result *r)
{
	struct collect_snapshot s;
	unsigned stored = 0, expected = SCOPE_ALL;

	memset(&s, 0, sizeof(s));
	memset(r, 0, sizeof(*r));
	collect_read(&s, users, want_command, vm);
	if (when->has_boottime) {
		s.clock.has_boottime = 1;
		s.clock.boottime_ns = when->boottime_ns;
	}
	/* The walks read their saved state before the run's transaction, so
	 * that the database is not held while they walk; not for a run that
	 * will be refused. */
	if (folder->enabled && store_run_allowed(db, when->ts) &&
	    folder_read(db, when->ts, users, folder, &s.folders) == 0)
		s.ok |= SCOPE_FOLDER;
	/* Temperatures or folders alone do not make a run. */
	if ((s.ok & ~(unsigned)(SCOPE_TEMP | SCOPE_FOLDER)) && store_begin(db) == 0) {
		stored = collect_store(db, &s, when->ts, r);
		if (stored && store_commit(db) < 0)
			stored = 0;
		if (!stored)
			store_rollback(db);
	}
	r->stored = stored;
	if (!vm->libvirt_uri)
		expected &= ~(unsigned)SCOPE_VM;
	if (!folder->enabled)
		expected &= ~(unsigned)SCOPE_FOLDER;
	r->failed = expected & ~stored;
	proc_list_release(&s.procs);
	free(s.system.net.v);
	free(s.disks.v);
	free(s.temps.v);
	folder_list_release(&s.folders);
	vm_list_release(&s.vms);
	computer_sample_release(&s.computer);
	return stored ? 0 : -1;
}
