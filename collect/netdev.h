/* netdev: per-interface counters from /proc/net/dev. */
#ifndef NM_NETDEV_H
#define NM_NETDEV_H

#include "sample.h"

/* Parses the text of /proc/net/dev, appending one sample per interface.
 * Returns the count, or -1 on a malformed line. Pure. */
int netdev_parse(const char *buf, struct net_list *out);

/* Whether an interface is a real one: not loopback, not a virtual device
 * of the kernel (bridges, veth, tun/tap and the like). */
int netdev_is_real(const char *iface);

/* Reads /proc/net/dev and keeps real interfaces; sums them into total.
 * Returns 0 or -1. */
int netdev_read(struct net_list *out, struct net_sample *total);

#endif
