/* Unit tests: the collector's pure parsers (io, net/dev, cpuinfo, DMI, a
 * QEMU process' stat and statm). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "computer.h"
#include "netdev.h"
#include "procio.h"
#include "vm.h"

static void test_procio(void **state)
{
	struct procio io;

	(void)state;
	assert_int_equal(procio_parse("rchar: 5\nwchar: 6\nsyscr: 7\nsyscw: 8\n"
				      "read_bytes: 4096\nwrite_bytes: 8192\n"
				      "cancelled_write_bytes: 0\n",
				      &io),
			 0);
	assert_int_equal(io.read_bytes, 4096);
	assert_int_equal(io.write_bytes, 8192);
	assert_int_equal(io.syscr, 7);
	assert_int_equal(io.syscw, 8);
	/* A truncated file lacks fields: no value rather than a wrong one. */
	assert_int_equal(procio_parse("rchar: 5\nwchar: 6\nsyscr: 7\n", &io), -1);
	assert_int_equal(procio_parse("", &io), -1);
	assert_int_equal(procio_parse("syscr: x\nsyscw: 1\nread_bytes: 1\nwrite_bytes: 1\n", &io),
			 -1);
}

static const char netdev_text[] =
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets "
    "errs drop fifo colls carrier compressed\n"
    "    lo:    3267      29    0    0    0     0          0         0     3267      29    "
    "0    0    0     0       0          0\n"
    "  eth0: 18894614     502    1    2    0     0          0         0    28756     343    "
    "3    4    0     0       0          0\n";

static void test_netdev(void **state)
{
	struct net_list l = {0};

	(void)state;
	assert_int_equal(netdev_parse(netdev_text, &l), 2);
	assert_string_equal(l.v[0].iface, "lo");
	assert_string_equal(l.v[1].iface, "eth0");
	assert_int_equal(l.v[1].in_bytes, 18894614);
	assert_int_equal(l.v[1].in_errors, 1);
	assert_int_equal(l.v[1].in_dropped, 2);
	assert_int_equal(l.v[1].out_bytes, 28756);
	assert_int_equal(l.v[1].out_errors, 3);
	assert_int_equal(l.v[1].out_dropped, 4);
	free(l.v);
	memset(&l, 0, sizeof(l));
	assert_int_equal(netdev_parse("  eth0: 1 2 3\n", &l), -1);
	free(l.v);
	assert_false(netdev_is_real("lo"));
}

static void test_cpuinfo(void **state)
{
	char model[64];
	int n, has;
	double mhz;

	(void)state;
	assert_int_equal(computer_parse_cpuinfo("processor\t: 0\nmodel name\t: X @ 2GHz\n"
						"cpu MHz\t\t: 2000.000\n\nprocessor\t: 1\n"
						"model name\t: X @ 2GHz\ncpu MHz\t\t: 2100.000\n",
						&n, model, sizeof(model), &has, &mhz),
			 0);
	assert_int_equal(n, 2);
	assert_string_equal(model, "X @ 2GHz");
	assert_true(has);
	assert_float_equal(mhz, 2050.0, 1e-9);
	/* ARM style: no model name, no MHz. */
	assert_int_equal(computer_parse_cpuinfo("processor\t: 0\nBogoMIPS\t: 50.00\n", &n, model,
						sizeof(model), &has, &mhz),
			 0);
	assert_int_equal(n, 1);
	assert_string_equal(model, "");
	assert_false(has);
	assert_int_equal(computer_parse_cpuinfo("", &n, model, sizeof(model), &has, &mhz), -1);
}

static void test_dmi(void **state)
{
	unsigned char raw[0x28] = {17, 0x28};

	(void)state;
	raw[0x0C] = 0x00;
	raw[0x0D] = 0x40; /* 16 GiB module */
	raw[0x12] = 0x1A;
	assert_string_equal(computer_dmi_memory_type(raw, sizeof(raw)), "DDR4");
	raw[0x12] = 0x22;
	assert_string_equal(computer_dmi_memory_type(raw, sizeof(raw)), "DDR5");
	raw[0x12] = 0x99;
	assert_null(computer_dmi_memory_type(raw, sizeof(raw)));
	raw[0x12] = 0x18;
	raw[0x0D] = 0;
	assert_null(computer_dmi_memory_type(raw, sizeof(raw))); /* empty slot */
	raw[0x0D] = 0x40;
	assert_string_equal(computer_dmi_memory_type(raw, sizeof(raw)), "DDR3");
	assert_null(computer_dmi_memory_type(raw, 0x10)); /* too short */
	raw[0] = 16;
	assert_null(computer_dmi_memory_type(raw, sizeof(raw))); /* another type */
}

/* A QEMU process' stat and statm, each in a heap copy of its own size so
 * that AddressSanitizer sees a read past its end. */
static void vmhost_parse(const char *stat, const char *statm, struct vm_sample *vm)
{
	char *a = strdup(stat), *b = strdup(statm);

	assert_non_null(a);
	assert_non_null(b);
	memset(vm, 0, sizeof(*vm));
	vm_host_parse_stat(a, b, 100, 4096, vm);
	free(a);
	free(b);
}

static void test_vmhost(void **state)
{
	struct vm_sample vm;

	(void)state;
	vmhost_parse("4321 (qemu-system-x86) S 1 4321 4321 0 -1 4194560 100 0 0 0 250 150 0 0 "
		     "20 0 4 0 100 1000 50\n",
		     "1000 200 30 4 0 50 0\n", &vm);
	assert_int_equal(vm.has_qemu_cpu, 1);
	assert_int_equal(vm.qemu_cpu_time_cs, 400);
	assert_int_equal(vm.has_qemu_rss, 1);
	assert_int_equal(vm.qemu_rss_kib, 800);
	/* Found by fuzzing: a stat that ends with the command name was read
	 * past its end. */
	vmhost_parse("4321 (qemu)", "", &vm);
	assert_int_equal(vm.has_qemu_cpu, 0);
	assert_int_equal(vm.has_qemu_rss, 0);
	/* Found by fuzzing: counts near LLONG_MAX overflowed the sums;
	 * negative ones are no counts either. */
	vmhost_parse("1 (q) S 1 1 1 0 -1 0 0 0 0 0 9223372036854775807 9223372036854775807 0\n",
		     "1 9223372036854775807 0\n", &vm);
	assert_int_equal(vm.has_qemu_cpu, 0);
	assert_int_equal(vm.has_qemu_rss, 0);
	vmhost_parse("1 (q) S 1 1 1 0 -1 0 0 0 0 0 -5 3 0\n", "1 -2 0\n", &vm);
	assert_int_equal(vm.has_qemu_cpu, 0);
	assert_int_equal(vm.has_qemu_rss, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_procio),  cmocka_unit_test(test_netdev),
	    cmocka_unit_test(test_cpuinfo), cmocka_unit_test(test_dmi),
	    cmocka_unit_test(test_vmhost),
	};

	return cmocka_run_group_tests_name("collect_parse", tests, NULL, NULL);
}
