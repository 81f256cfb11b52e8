/* clock: the run's place in CLOCK_BOOTTIME and the boot it belongs to. */
#ifndef NM_CLOCK_H
#define NM_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#define CLOCK_NS_PER_S 1000000000LL

/* Parses seconds with an optional fraction ("10000", "10060.25", at most
 * nine decimals) into nanoseconds. Returns 0, or -1 for anything else,
 * negative values included. Pure. */
int clock_parse_seconds(const char *s, int64_t *ns);

/* Clock ticks after boot (a process' start, as /proc gives it) in
 * nanoseconds of CLOCK_BOOTTIME; hz is the ticks per second. Pure. */
int64_t clock_ticks_ns(int64_t ticks, long hz);

/* CLOCK_BOOTTIME now, in nanoseconds. Returns 0, or -1 (logged). */
int clock_boottime_ns(int64_t *ns);

/* The kernel's boot id, from /proc/sys/kernel/random/boot_id, without its
 * newline, into out (at least 37 bytes for a UUID). Returns 0, or -1 when it
 * is unreadable or malformed, without logging: callers fall back to other
 * signs of a reboot. */
int clock_read_boot_id(char *out, size_t outlen);

#endif
