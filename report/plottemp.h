/* plottemp: today's temperature plot files, one per sensor. */
#ifndef NM_PLOTTEMP_H
#define NM_PLOTTEMP_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "plotfile.h"

/* 1 when name is a temperature plot file: temperature_<sensor>.csv. */
int plottemp_is_kind(const char *name);

/* The file name of a sensor: "temperature_" and the sensor id without its
 * trailing ':', every byte but [A-Za-z0-9._] made '_', then ".csv"
 * ("coretemp-isa-0000 Core 0:" gives
 * temperature_coretemp_isa_0000_Core_0.csv). */
void plottemp_name(char *dst, size_t len, const char *sensor_id);

/* Appends to (or rebuilds) every temperature_<sensor>.csv of today in p,
 * in degrees Celsius. Returns 0, or -1 (logged). */
int plottemp_write(sqlite3 *db, struct plots *p, int64_t day_start);

#endif
