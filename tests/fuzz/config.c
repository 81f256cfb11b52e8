/* Fuzz target: configuration files and their values (config_load on a
 * real file, config_set, parse_ulong, parse_bool). */
#include <stdio.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"

static char path[64];

/* One file per fuzzing process, rewritten for each input. */
static void config_path(void)
{
	int fd;

	if (path[0])
		return;
	snprintf(path, sizeof(path), "/tmp/nm-fuzz-config.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		abort();
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *db = NULL, *users = NULL, err[512];
	int flag = 0;
	unsigned long keep = 0, level = 0, v;
	const struct config_key keys[] = {
	    {"collect", "db", CONFIG_STR, &db, 0},
	    {"collect", "users", CONFIG_STR, &users, 0},
	    {"collect", "command", CONFIG_BOOL, &flag, 0},
	    {"report", "keep_days", CONFIG_UINT, &keep, 3650},
	    {"report", "gzip_level", CONFIG_UINT, &level, 9},
	    {NULL, NULL, CONFIG_STR, NULL, 0},
	};
	FILE *f;

	config_path();
	f = fopen(path, "w");
	if (!f)
		abort();
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
	/* A failure says why in one line. */
	if (config_load(path, keys, err, sizeof(err)) != 0 && (err[0] == '\0' || strchr(err, '\n')))
		abort();
	for (size_t i = 0; keys[i].name; i++)
		if (config_set(&keys[i], s, err, sizeof(err)) != 0 && err[0] == '\0')
			abort();
	if (parse_ulong(s, 1000, &v) == 0 && v > 1000)
		abort();
	parse_bool(s, &flag);
	free(db);
	free(users);
	free(s);
	return 0;
}
