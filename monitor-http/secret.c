/* secret: load, or create once, the secret of the private URLs. */
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "log.h"

#define SECRET_BYTES (ROUTE_SECRET_LEN / 2)

static int secret_create(const char *path)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char raw[SECRET_BYTES];
	char hex[ROUTE_SECRET_LEN + 1];
	struct afile f;
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);

		if (n < 0 && errno != EINTR)
			return log_warn("getrandom");
		if (n > 0)
			got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++) {
		hex[2 * i] = digits[raw[i] >> 4];
		hex[2 * i + 1] = digits[raw[i] & 15];
	}
	hex[ROUTE_SECRET_LEN] = '\n';
	memset(raw, 0, sizeof(raw));
	if (afile_open_mode(&f, path, 0600) < 0)
		return log_warn("secret file %s", path);
	afile_write(&f, hex, sizeof(hex));
	memset(hex, 0, sizeof(hex));
	if (afile_commit(&f) < 0)
		return log_warn("secret file %s", path);
	return 0;
}

int secret_load(const char *path, char out[ROUTE_SECRET_LEN + 1])
{
	char buf[ROUTE_SECRET_LEN + 2];
	struct stat sb;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		if (secret_create(path) < 0)
			return -1;
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	}
	if (fd < 0)
		return log_warn("secret file %s", path);
	if (fstat(fd, &sb) < 0) {
		close(fd);
		return log_warn("secret file %s", path);
	}
	if (!S_ISREG(sb.st_mode) || (sb.st_mode & 077)) {
		close(fd);
		return log_warnx("secret file %s: %s", path,
				 S_ISREG(sb.st_mode)
				     ? "its group or others have access; chmod 600 it"
				     : "not a regular file");
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return log_warn("secret file %s", path);
	if (n < ROUTE_SECRET_LEN || n > ROUTE_SECRET_LEN + 1 ||
	    (n == ROUTE_SECRET_LEN + 1 && buf[ROUTE_SECRET_LEN] != '\n'))
		return log_warnx("secret file %s: wants one line of %d hex digits", path,
				 ROUTE_SECRET_LEN);
	for (int i = 0; i < ROUTE_SECRET_LEN; i++) {
		char c = buf[i];

		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return log_warnx("secret file %s: wants one line of %d hex digits", path,
					 ROUTE_SECRET_LEN);
		out[i] = c;
	}
	out[ROUTE_SECRET_LEN] = '\0';
	memset(buf, 0, sizeof(buf));
	return 0;
}
