/* thermal: the temperature sensors that libsensors reports. */
#include "thermal.h"

#include <sensors/error.h>
#include <sensors/sensors.h>
#include <stdio.h>
#include <stdlib.h>

#include "list.h"
#include "log.h"

int thermal_alarm(double temperature, int has_high, double high, int has_crit, double crit)
{
	int alarm = 0;

	/* As SlapOS counts it: each limit reached adds one. */
	if (has_high && temperature >= high)
		alarm++;
	if (has_crit && temperature >= crit)
		alarm++;
	return alarm;
}

/* Reads one subfeature of f into *v; returns 1 if it was read. */
static int thermal_value(const sensors_chip_name *chip, const sensors_feature *f,
			 sensors_subfeature_type type, double *v)
{
	const sensors_subfeature *sf = sensors_get_subfeature(chip, f, type);

	return sf && (sf->flags & SENSORS_MODE_R) && sensors_get_value(chip, sf->number, v) == 0;
}

static void thermal_add(const sensors_chip_name *chip, const char *chip_id,
			const sensors_feature *f, struct temp_list *out)
{
	struct temp_sample t = {0};
	char *label;

	if (!thermal_value(chip, f, SENSORS_SUBFEATURE_TEMP_INPUT, &t.temperature))
		return;
	t.has_high = thermal_value(chip, f, SENSORS_SUBFEATURE_TEMP_MAX, &t.high);
	t.has_crit = thermal_value(chip, f, SENSORS_SUBFEATURE_TEMP_CRIT, &t.crit);
	t.alarm = thermal_alarm(t.temperature, t.has_high, t.high, t.has_crit, t.crit);
	label = sensors_get_label(chip, f);
	snprintf(t.sensor_id, sizeof(t.sensor_id), "%s %s:", chip_id, label ? label : f->name);
	free(label);
	*LIST_PUSH(out) = t;
}

int thermal_read(struct temp_list *out)
{
	const sensors_chip_name *chip;
	int nr = 0, rc;

	rc = sensors_init(NULL);
	if (rc == -SENSORS_ERR_KERNEL)
		return 0; /* no sysfs: no sensors to read */
	if (rc != 0)
		return log_warnx("libsensors: %s", sensors_strerror(rc));
	while ((chip = sensors_get_detected_chips(NULL, &nr))) {
		const sensors_feature *f;
		char chip_id[128];
		int fnr = 0;

		if (sensors_snprintf_chip_name(chip_id, sizeof(chip_id), chip) < 0)
			continue;
		while ((f = sensors_get_features(chip, &fnr)))
			if (f->type == SENSORS_FEATURE_TEMP)
				thermal_add(chip, chip_id, f, out);
	}
	sensors_cleanup();
	return 0;
}
