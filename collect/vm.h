/* vm: the VM scope: libvirt's domains read in a child process under a
 * deadline, then each running domain's QEMU process read from /proc. */
#ifndef NM_VM_H
#define NM_VM_H

#include <stddef.h>
#include <stdint.h>

/* Absent figures have their has_ flag 0 and are stored as NULL. */
struct vm_sample {
	char uuid[37];
	char name[256];
	int has_id;
	int64_t id;
	int state, state_reason; /* virDomainState and its reason */
	int has_vcpus, has_vcpus_max;
	int64_t vcpus, vcpus_max;
	int has_cpu_time, has_cpu_user, has_cpu_system;
	int64_t cpu_time_ns, cpu_user_ns, cpu_system_ns;
	int has_memory, has_memory_max;
	int64_t memory_kib, memory_max_kib;
	unsigned balloon_has; /* bit i: balloon[i] reported (enum vm_balloon) */
	int64_t balloon[8];
	int has_pid;
	int64_t qemu_pid;
	int has_qemu_cpu, has_qemu_rss, has_qemu_io;
	int64_t qemu_cpu_time_cs, qemu_rss_kib, qemu_io_rw_bytes;
	int has_cpu_centipct, has_host_cpu_centipct; /* set by the rates */
	int64_t cpu_centipct, host_cpu_centipct;
};

/* The balloon figures, in the schema's column order. */
enum vm_balloon {
	VM_BALLOON_ACTUAL,
	VM_BALLOON_AVAILABLE,
	VM_BALLOON_USABLE,
	VM_BALLOON_UNUSED,
	VM_BALLOON_RSS,
	VM_BALLOON_DISK_CACHES,
	VM_BALLOON_MINOR_FAULTS,
	VM_BALLOON_MAJOR_FAULTS,
	VM_BALLOON_N,
};

/* Counters of one interface or disk: a negative value was not reported. */
struct vm_net {
	size_t vm; /* index in vm_list.v */
	char device[64];
	int64_t rx_bytes, rx_packets, rx_errors, rx_drops;
	int64_t tx_bytes, tx_packets, tx_errors, tx_drops;
};

struct vm_disk {
	size_t vm; /* index in vm_list.v */
	char target[64];
	char source[1024]; /* empty: none */
	int64_t rd_reqs, rd_bytes, rd_times_ns;
	int64_t wr_reqs, wr_bytes, wr_times_ns;
	int64_t fl_reqs, fl_times_ns;
	int64_t capacity, allocation, physical;
};

/* Every domain, its interfaces and its disks. Plain arrays without
 * pointers inside, so that they cross a pipe as they are. */
struct vm_list {
	struct vm_sample *v;
	size_t n, cap;
	struct vm_net *nets;
	size_t n_nets, cap_nets;
	struct vm_disk *disks;
	size_t n_disks, cap_disks;
};

/* Frees what the list holds and empties it. */
void vm_list_release(struct vm_list *l);

/* A read of libvirt under way in a child process. */
struct vm_reader {
	const char *uri; /* borrowed */
	unsigned timeout_s;
	int64_t deadline_ms; /* CLOCK_MONOTONIC */
	int pid;	     /* the child; -1 when none */
	int fd;		     /* the pipe it answers through */
};

/* Starts reading every domain of the libvirt at uri over one read-only
 * connection in a child process, so that the caller reads the other scopes
 * meanwhile. Returns 0, or -1 (logged; vm_read_finish then fails too). */
int vm_read_start(const char *uri, unsigned timeout_s, struct vm_reader *r);

/* Waits for the child's answer until timeout_s after the start and kills
 * it (libvirt calls cannot be cancelled), then reads each running domain's
 * QEMU process. Returns 0, or -1 (logged) when the connection was refused,
 * failed or did not answer in time; out is then empty. */
int vm_read_finish(struct vm_reader *r, struct vm_list *out);

/* What the helper writes first, then the three arrays of a vm_list. */
struct vm_header {
	size_t n, n_nets, n_disks;
};

/* The helper that reads libvirt, so that node-collect itself never loads
 * it: installed beside node-collect. */
#define VM_HELPER "node-collect-vm"

/* Remembers where the running node-collect is (its argv[0]), to run the
 * helper from the same folder; without a folder the helper is looked up
 * in PATH. */
void vm_set_program(const char *argv0);

/* The libvirt side, in the helper: fills out over one read-only
 * connection. Returns 0, or -1 (logged). vm_libvirt.c. */
int vm_libvirt_read(const char *uri, struct vm_list *out);

/* The QEMU pid of a running domain from <dir>/<name>.pid, and that
 * process' own CPU time, RSS and I/O from /proc. Fails soft: what cannot be
 * read stays absent. vm_host.c. */
void vm_host_read(const char *dir, struct vm_sample *vm);

/* Sets the QEMU process' CPU time (hundredths of a second) from the text
 * of its /proc/<pid>/stat and its RSS (KiB) from that of statm, either NULL
 * when unread; hz is the clock tick rate and page the page size in bytes.
 * A figure that is missing or malformed keeps its has_ flag 0. Pure. */
void vm_host_parse_stat(const char *stat, const char *statm, long hz, long page,
			struct vm_sample *vm);

#endif
