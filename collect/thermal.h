/* thermal: the temperature sensors that libsensors reports. */
#ifndef NM_THERMAL_H
#define NM_THERMAL_H

#include "sample.h"

/* SlapOS' alarm level of a reading: 0 below the high limit, 1 at or above
 * it, 2 at or above the critical limit as well. A limit the sensor lacks
 * (has_* 0) is never reached. */
int thermal_alarm(double temperature, int has_high, double high, int has_crit, double crit);

/* Appends every temperature sensor with a readable input to out. No
 * sensors, or no sysfs to find them in, is not an error: out stays empty.
 * Returns 0, or -1 (logged) when libsensors cannot start (a bad
 * configuration file). */
int thermal_read(struct temp_list *out);

#endif
