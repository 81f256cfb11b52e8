/* netdev: per-interface counters from /proc/net/dev. */
#include "netdev.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "list.h"
#include "log.h"
#include "xalloc.h"

/* Parses up to n decimal fields separated by blanks. Returns how many. */
static int netdev_fields(const char *p, int64_t *f, int n)
{
	int got = 0;

	while (got < n) {
		char *end;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p < '0' || *p > '9')
			break;
		f[got++] = strtoll(p, &end, 10);
		p = end;
	}
	return got;
}

int netdev_parse(const char *buf, struct net_list *out)
{
	const char *line = buf;
	int count = 0;

	while (line && *line) {
		const char *colon = strchr(line, ':');
		const char *eol = strchr(line, '\n');
		const char *name = line;
		int64_t f[16];
		struct net_sample *s;
		size_t len;
		int got;

		/* The two header lines hold no colon before the end of line. */
		if (!colon || (eol && colon > eol)) {
			line = eol ? eol + 1 : NULL;
			continue;
		}
		while (*name == ' ')
			name++;
		len = (size_t)(colon - name);
		if (len == 0 || len >= sizeof(s->iface))
			return -1;
		got = netdev_fields(colon + 1, f, 16);
		if (got != 16)
			return -1;
		s = LIST_PUSH(out);
		memcpy(s->iface, name, len);
		s->iface[len] = '\0';
		s->in_bytes = f[0];
		s->in_errors = f[2];
		s->in_dropped = f[3];
		s->out_bytes = f[8];
		s->out_errors = f[10];
		s->out_dropped = f[11];
		count++;
		line = eol ? eol + 1 : NULL;
	}
	return count;
}

int netdev_is_real(const char *iface)
{
	char path[128];

	if (strcmp(iface, "lo") == 0)
		return 0;
	snprintf(path, sizeof(path), "/sys/devices/virtual/net/%s", iface);
	return access(path, F_OK) != 0;
}

int netdev_read(struct net_list *out, struct net_sample *total)
{
	struct net_list all = {0};
	char *buf;
	int rc = -1;

	buf = file_read("/proc/net/dev", NULL);
	if (!buf)
		return log_warn("read /proc/net/dev");
	if (netdev_parse(buf, &all) < 0) {
		log_warnx("/proc/net/dev: malformed line");
		goto out;
	}
	memset(total, 0, sizeof(*total));
	for (size_t i = 0; i < all.n; i++) {
		const struct net_sample *s = &all.v[i];

		if (!netdev_is_real(s->iface))
			continue;
		*LIST_PUSH(out) = *s;
		total->in_bytes += s->in_bytes;
		total->in_errors += s->in_errors;
		total->in_dropped += s->in_dropped;
		total->out_bytes += s->out_bytes;
		total->out_errors += s->out_errors;
		total->out_dropped += s->out_dropped;
	}
	rc = 0;
out:
	free(buf);
	free(all.v);
	return rc;
}
