/* collect: one run of the collector: read every scope, then store it. */
#ifndef NM_COLLECT_H
#define NM_COLLECT_H

#include <sqlite3.h>
#include <stdint.h>

#include "folder.h"
#include "users.h"

enum collect_scope {
	SCOPE_USER = 1 << 0,
	SCOPE_SYSTEM = 1 << 1,
	SCOPE_COMPUTER = 1 << 2,
	SCOPE_DISK = 1 << 3,
	SCOPE_VM = 1 << 4,
	SCOPE_TEMP = 1 << 5,
	SCOPE_FOLDER = 1 << 6,
	SCOPE_ALL = (1 << 7) - 1,
};

/* The VM scope: enabled when libvirt_uri is not NULL. */
struct collect_vm {
	const char *libvirt_uri;
	unsigned timeout_s; /* the most the libvirt read may take */
};

/* The instants of one run. Only main() reads the wall clock; tests replace
 * the monotonic one too. */
struct collect_clock {
	int64_t ts;	  /* the run's UTC second: its rows' ts */
	int has_boottime; /* 1: use boottime_ns instead of reading CLOCK_BOOTTIME */
	int64_t boottime_ns;
};

struct collect_result {
	int refused;	 /* the run was refused (already logged): see store_check_run */
	unsigned stored; /* scopes whose rows were committed */
	unsigned failed; /* scopes that could not be read or stored */
	int procs, disks, ifaces, vms, temps;
	int folders; /* folder walks finished this run */
};

/* Takes one snapshot at when->ts of every scope and stores it, with its run
 * row, in one transaction (users: the matching partition users,
 * want_command: keep command names; vm: the VM scope's settings; folder: the
 * folder sizes scope's). A scope that fails is left out
 * and named in result->failed; the others are stored. A run that may not be stored (not after the
 * last one, or into a reported day) stores nothing and sets result->refused. Returns 0 if anything
 * was committed, else -1. */
int collect_run(sqlite3 *db, const struct users *users, int want_command,
		const struct collect_vm *vm, const struct folder_conf *folder,
		const struct collect_clock *when, struct collect_result *result);

/* The name of one scope bit, for messages. */
const char *collect_scope_name(unsigned scope);

#endif
