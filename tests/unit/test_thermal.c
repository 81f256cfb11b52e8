/* Unit tests: SlapOS' alarm level of a temperature (thermal_alarm), and
 * the plot file name of a sensor (plottemp_name). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plottemp.h"
#include "thermal.h"

static void test_alarm_levels(void **state)
{
	(void)state;
	/* 0 below high, 1 at or above high, 2 at or above critical. */
	assert_int_equal(thermal_alarm(79.9, 1, 80, 1, 95), 0);
	assert_int_equal(thermal_alarm(80.0, 1, 80, 1, 95), 1);
	assert_int_equal(thermal_alarm(94.9, 1, 80, 1, 95), 1);
	assert_int_equal(thermal_alarm(95.0, 1, 80, 1, 95), 2);
	assert_int_equal(thermal_alarm(120.0, 1, 80, 1, 95), 2);
	assert_int_equal(thermal_alarm(-10.0, 1, 80, 1, 95), 0);
}

static void test_alarm_missing_limits(void **state)
{
	(void)state;
	/* A missing limit is never reached, whatever its stored value. */
	assert_int_equal(thermal_alarm(200.0, 0, 0, 0, 0), 0);
	assert_int_equal(thermal_alarm(200.0, 0, 80, 1, 95), 1);
	assert_int_equal(thermal_alarm(90.0, 1, 80, 0, 85), 1);
	assert_int_equal(thermal_alarm(99.5, 0, 0, 1, 99), 1);
	assert_int_equal(thermal_alarm(98.0, 0, 0, 1, 99), 0);
	/* No limit below the reading when both are unset at zero. */
	assert_int_equal(thermal_alarm(0.0, 0, 0, 0, 0), 0);
}

static void test_alarm_limits_inverted(void **state)
{
	(void)state;
	/* A sensor whose critical limit is below its high one: each limit
	 * reached adds one, as SlapOS counts. */
	assert_int_equal(thermal_alarm(85.0, 1, 90, 1, 80), 1);
	assert_int_equal(thermal_alarm(95.0, 1, 90, 1, 80), 2);
}

static void test_plot_names(void **state)
{
	char name[128];

	(void)state;
	plottemp_name(name, sizeof(name), "coretemp-isa-0000 Core 0:");
	assert_string_equal(name, "temperature_coretemp_isa_0000_Core_0.csv");
	plottemp_name(name, sizeof(name), "acpitz-virtual-0 temp1:");
	assert_string_equal(name, "temperature_acpitz_virtual_0_temp1.csv");
	/* No way out of the folder, nothing a URL must escape. */
	plottemp_name(name, sizeof(name), "../../etc/passwd x/y:");
	assert_string_equal(name, "temperature_.._.._etc_passwd_x_y.csv");
	plottemp_name(name, sizeof(name), "nvme-pci-0100 Composite");
	assert_string_equal(name, "temperature_nvme_pci_0100_Composite.csv");
	assert_true(plottemp_is_kind("temperature_nvme_pci_0100_Composite.csv"));
	assert_false(plottemp_is_kind("temperature_.csv"));
	assert_false(plottemp_is_kind("temperature_x.csv.tmp"));
	assert_false(plottemp_is_kind("system_cpu_percent.csv"));
	/* A name too long for the buffer is cut, still a string. */
	plottemp_name(name, 20, "coretemp-isa-0000 Core 0:");
	assert_int_equal(strlen(name), 19);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alarm_levels),
	    cmocka_unit_test(test_alarm_missing_limits),
	    cmocka_unit_test(test_alarm_limits_inverted),
	    cmocka_unit_test(test_plot_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
