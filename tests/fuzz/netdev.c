/* Fuzz target: /proc/net/dev text (netdev_parse). */
#include "fuzz.h"
#include "netdev.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct net_list l = {0};
	int n = netdev_parse(s, &l);

	/* Every interface kept has a name that ends inside its field. */
	for (int i = 0; i < n; i++)
		if (memchr(l.v[i].iface, '\0', sizeof(l.v[i].iface)) == NULL)
			abort();
	free(l.v);
	free(s);
	return 0;
}
