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

		if (n < 0 && errno != EINTR) {
			explicit_bzero(raw, sizeof(raw));
			return log_warn("getrandom");
		}
		if (n > 0)
			got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++) {
		hex[2 * i] = digits[raw[i] >> 4];
		hex[2 * i + 1] = digits[raw[i] & 15];
	}
	hex[ROUTE_SECRET_LEN] = '\n';
	explicit_bzero(raw, sizeof(raw));
	if (afile_open_mode(&f, path, 0600) < 0) {
		explicit_bzero(hex, sizeof(hex));
		return log_warn("secret file %s", path);
	}
	afile_write(&f, hex, sizeof(hex));
	explicit_bzero(hex, sizeof(hex));
	if (afile_commit(&f) < 0)
		return log_warn("secret file %s", path);
	return 0;
}

/* Copies the n bytes at buf into out, lowercased, when they are one line
 * of ROUTE_SECRET_LEN hex digits. Returns 0, or -1 with out wiped. */
static int secret_parse(const char *buf, ssize_t n, char out[ROUTE_SECRET_LEN + 1])
{
	if (n < ROUTE_SECRET_LEN || n > ROUTE_SECRET_LEN + 1 ||
	    (n == ROUTE_SECRET_LEN + 1 && buf[ROUTE_SECRET_LEN] != '\n'))
		return -1;
	for (int i = 0; i < ROUTE_SECRET_LEN; i++) {
		char c = buf[i];

		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			explicit_bzero(out, ROUTE_SECRET_LEN + 1);
			return -1;
		}
		out[i] = c;
	}
	out[ROUTE_SECRET_LEN] = '\0';
	return 0;
}

int secret_load(const char *path, char out[ROUTE_SECRET_LEN + 1])
{
	char buf[ROUTE_SECRET_LEN + 2];
	struct stat sb;
	ssize_t n;
	int fd, ok;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		if (secret_create(path) < 0)
			return -1;
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	}
	if (fd < 0)
		return log_warn("secret file %s", path);
	if (fstat(fd, &sb) < 0) {
		log_warn("secret file %s", path);
		close(fd);
		return -1;
	}
	if (!S_ISREG(sb.st_mode) || (sb.st_mode & 077)) {
		close(fd);
		return log_warnx("secret file %s: %s", path,
				 S_ISREG(sb.st_mode)
				     ? "its group or others have access; chmod 600 it"
				     : "not a regular file");
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 0) {
		log_warn("secret file %s", path);
		close(fd);
		return -1;
	}
	close(fd);
	ok = secret_parse(buf, n, out);
	explicit_bzero(buf, sizeof(buf));
	if (ok < 0)
		return log_warnx("secret file %s: wants one line of %d hex digits", path,
				 ROUTE_SECRET_LEN);
	return 0;
}
