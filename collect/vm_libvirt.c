/* vm_libvirt: every domain over one read-only libvirt connection and one
 * bulk statistics call; the only file that includes libvirt's headers. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "list.h"
#include "log.h"
#include "vm.h"

/* Bulk statistics asked for; drivers fill what they can. */
#define VM_STATS                                                                                   \
	(VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_BALLOON |          \
	 VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK)

/* libvirt prints its errors on stderr unless told otherwise; they are
 * logged once, with context, from virGetLastErrorMessage instead. */
static void vm_libvirt_quiet(void *data, virErrorPtr err)
{
	(void)data;
	(void)err;
}

/* The integer parameter name of a record: 1 and *v set, or 0 if absent. */
static int vm_param(const virDomainStatsRecord *rec, const char *name, int64_t *v)
{
	for (int i = 0; i < rec->nparams; i++) {
		const virTypedParameter *p = &rec->params[i];

		if (strcmp(p->field, name) != 0)
			continue;
		switch (p->type) {
		case VIR_TYPED_PARAM_INT:
			*v = p->value.i;
			return 1;
		case VIR_TYPED_PARAM_UINT:
			*v = p->value.ui;
			return 1;
		case VIR_TYPED_PARAM_LLONG:
			*v = p->value.l;
			return 1;
		case VIR_TYPED_PARAM_ULLONG:
			*v = p->value.ul > INT64_MAX ? INT64_MAX : (int64_t)p->value.ul;
			return 1;
		default:
			return 0;
		}
	}
	return 0;
}

/* The string parameter name of a record, or NULL. */
static const char *vm_param_str(const virDomainStatsRecord *rec, const char *name)
{
	for (int i = 0; i < rec->nparams; i++)
		if (rec->params[i].type == VIR_TYPED_PARAM_STRING &&
		    strcmp(rec->params[i].field, name) == 0)
			return rec->params[i].value.s;
	return NULL;
}

/* The counter "<prefix>.<i>.<key>", or -1 when absent. */
static int64_t vm_counter(const virDomainStatsRecord *rec, const char *prefix, size_t i,
			  const char *key)
{
	char name[96];
	int64_t v;

	if ((size_t)snprintf(name, sizeof(name), "%s.%zu.%s", prefix, i, key) >= sizeof(name))
		return -1;
	return vm_param(rec, name, &v) ? v : -1;
}

static void vm_copy(char *dst, size_t len, const char *src)
{
	if ((size_t)snprintf(dst, len, "%s", src ? src : "") >= len)
		dst[0] = '\0'; /* a truncated name would name something else */
}

static void vm_read_nets(const virDomainStatsRecord *rec, size_t vm, struct vm_list *out)
{
	int64_t count = 0;
	char name[64];

	vm_param(rec, "net.count", &count);
	for (size_t i = 0; i < (size_t)count; i++) {
		struct vm_net *n;

		snprintf(name, sizeof(name), "net.%zu.name", i);
		if (!vm_param_str(rec, name))
			continue;
		if (out->n_nets == out->cap_nets) {
			out->cap_nets = out->cap_nets ? out->cap_nets * 2 : 16;
			out->nets = xrealloc(out->nets, out->cap_nets, sizeof(*out->nets));
		}
		n = &out->nets[out->n_nets++];
		memset(n, 0, sizeof(*n));
		n->vm = vm;
		vm_copy(n->device, sizeof(n->device), vm_param_str(rec, name));
		n->rx_bytes = vm_counter(rec, "net", i, "rx.bytes");
		n->rx_packets = vm_counter(rec, "net", i, "rx.pkts");
		n->rx_errors = vm_counter(rec, "net", i, "rx.errs");
		n->rx_drops = vm_counter(rec, "net", i, "rx.drop");
		n->tx_bytes = vm_counter(rec, "net", i, "tx.bytes");
		n->tx_packets = vm_counter(rec, "net", i, "tx.pkts");
		n->tx_errors = vm_counter(rec, "net", i, "tx.errs");
		n->tx_drops = vm_counter(rec, "net", i, "tx.drop");
	}
}

static void vm_read_disks(const virDomainStatsRecord *rec, size_t vm, struct vm_list *out)
{
	int64_t count = 0;
	char name[64], path[64];

	vm_param(rec, "block.count", &count);
	for (size_t i = 0; i < (size_t)count; i++) {
		struct vm_disk *d;

		snprintf(name, sizeof(name), "block.%zu.name", i);
		snprintf(path, sizeof(path), "block.%zu.path", i);
		if (!vm_param_str(rec, name))
			continue;
		if (out->n_disks == out->cap_disks) {
			out->cap_disks = out->cap_disks ? out->cap_disks * 2 : 16;
			out->disks = xrealloc(out->disks, out->cap_disks, sizeof(*out->disks));
		}
		d = &out->disks[out->n_disks++];
		memset(d, 0, sizeof(*d));
		d->vm = vm;
		vm_copy(d->target, sizeof(d->target), vm_param_str(rec, name));
		vm_copy(d->source, sizeof(d->source), vm_param_str(rec, path));
		d->rd_reqs = vm_counter(rec, "block", i, "rd.reqs");
		d->rd_bytes = vm_counter(rec, "block", i, "rd.bytes");
		d->rd_times_ns = vm_counter(rec, "block", i, "rd.times");
		d->wr_reqs = vm_counter(rec, "block", i, "wr.reqs");
		d->wr_bytes = vm_counter(rec, "block", i, "wr.bytes");
		d->wr_times_ns = vm_counter(rec, "block", i, "wr.times");
		d->fl_reqs = vm_counter(rec, "block", i, "fl.reqs");
		d->fl_times_ns = vm_counter(rec, "block", i, "fl.times");
		d->capacity = vm_counter(rec, "block", i, "capacity");
		d->allocation = vm_counter(rec, "block", i, "allocation");
		d->physical = vm_counter(rec, "block", i, "physical");
	}
}

static void vm_read_balloon(const virDomainStatsRecord *rec, struct vm_sample *s)
{
	static const char *const keys[VM_BALLOON_N] = {
	    "balloon.current", "balloon.available",   "balloon.usable",	     "balloon.unused",
	    "balloon.rss",     "balloon.disk_caches", "balloon.minor_fault", "balloon.major_fault",
	};

	for (size_t i = 0; i < VM_BALLOON_N; i++)
		if (vm_param(rec, keys[i], &s->balloon[i]))
			s->balloon_has |= 1U << i;
	s->has_memory = vm_param(rec, "balloon.current", &s->memory_kib);
	s->has_memory_max = vm_param(rec, "balloon.maximum", &s->memory_max_kib);
}

/* What bulk left out, per domain (the test driver fills little of it). A
 * domain gone since the listing keeps what bulk said, or is recorded as
 * shut off for an unknown reason. */
static void vm_read_fallback(virDomainPtr dom, int has_state, struct vm_sample *s)
{
	virDomainInfo info;
	int state, reason, n;

	if (!has_state) {
		if (virDomainGetState(dom, &state, &reason, 0) == 0) {
			s->state = state;
			s->state_reason = reason;
		} else {
			s->state = VIR_DOMAIN_SHUTOFF;
			s->state_reason = VIR_DOMAIN_SHUTOFF_UNKNOWN;
			return;
		}
	}
	if (!s->has_vcpus && (n = virDomainGetVcpusFlags(dom, 0)) >= 0) {
		s->has_vcpus = 1;
		s->vcpus = n;
	}
	if (!s->has_vcpus_max && (n = virDomainGetVcpusFlags(dom, VIR_DOMAIN_VCPU_MAXIMUM)) >= 0) {
		s->has_vcpus_max = 1;
		s->vcpus_max = n;
	}
	if ((s->has_memory && s->has_memory_max && s->has_cpu_time) ||
	    virDomainGetInfo(dom, &info) < 0)
		return;
	if (!s->has_memory) {
		s->has_memory = 1;
		s->memory_kib = (int64_t)info.memory;
	}
	if (!s->has_memory_max) {
		s->has_memory_max = 1;
		s->memory_max_kib = (int64_t)info.maxMem;
	}
	if (!s->has_cpu_time && s->state != VIR_DOMAIN_SHUTOFF) {
		s->has_cpu_time = 1;
		s->cpu_time_ns = (int64_t)info.cpuTime;
	}
}

static void vm_read_record(const virDomainStatsRecord *rec, struct vm_list *out)
{
	struct vm_sample *s = LIST_PUSH(out);
	unsigned id = virDomainGetID(rec->dom);
	int64_t v = 0;
	int has_state;

	vm_copy(s->name, sizeof(s->name), virDomainGetName(rec->dom));
	if (virDomainGetUUIDString(rec->dom, s->uuid) < 0)
		s->uuid[0] = '\0';
	s->has_id = id != (unsigned)-1;
	s->id = id;
	has_state = vm_param(rec, "state.state", &v);
	s->state = (int)v;
	if (has_state && vm_param(rec, "state.reason", &v))
		s->state_reason = (int)v;
	s->has_vcpus = vm_param(rec, "vcpu.current", &s->vcpus);
	s->has_vcpus_max = vm_param(rec, "vcpu.maximum", &s->vcpus_max);
	s->has_cpu_time = vm_param(rec, "cpu.time", &s->cpu_time_ns);
	s->has_cpu_user = vm_param(rec, "cpu.user", &s->cpu_user_ns);
	s->has_cpu_system = vm_param(rec, "cpu.system", &s->cpu_system_ns);
	vm_read_balloon(rec, s);
	vm_read_fallback(rec->dom, has_state, s);
	vm_read_nets(rec, out->n - 1, out);
	vm_read_disks(rec, out->n - 1, out);
}

int vm_libvirt_read(const char *uri, struct vm_list *out)
{
	virDomainStatsRecordPtr *recs = NULL;
	virConnectPtr conn;
	int n, rc = -1;

	virSetErrorFunc(NULL, vm_libvirt_quiet);
	conn = virConnectOpenReadOnly(uri);
	if (!conn)
		return log_warnx("libvirt %s: %s", uri, virGetLastErrorMessage());
	n = virConnectGetAllDomainStats(conn, VM_STATS, &recs, 0);
	if (n < 0) {
		log_warnx("libvirt %s: domain statistics: %s", uri, virGetLastErrorMessage());
		goto out;
	}
	for (int i = 0; i < n; i++)
		vm_read_record(recs[i], out);
	rc = 0;
out:
	virDomainStatsRecordListFree(recs);
	virConnectClose(conn);
	return rc;
}
