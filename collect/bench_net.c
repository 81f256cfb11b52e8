/* bench_net: throughput up and down against a peer slapmonitor's benchmark
 * endpoint, through libcurl, in MiB per second. libcurl is loaded only when
 * this part runs: node-collect's every-minute run does not link it (with
 * its TLS, HTTP/2, LDAP and SSH libraries it doubled the run's RSS). */
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "log.h"

#define BENCH_URL_MAX 2048

/* Debian's libcurl3-gnutls, the library libcurl4-gnutls-dev builds against. */
#define BENCH_CURL_SONAME "libcurl-gnutls.so.4"

/* The libcurl functions the part calls, looked up once loaded. */
static struct {
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
} curl;

/* Loads libcurl and its functions, once: it stays loaded until the
 * process ends. Returns the handle, or NULL (logged). */
static void *bench_curl_load(void)
{
	static void *loaded;
	void *h = loaded ? loaded : dlopen(BENCH_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	struct {
		const char *name;
		void *fn;
	} * f, fns[] = {
		   {"curl_global_init", &curl.global_init},
		   {"curl_global_cleanup", &curl.global_cleanup},
		   {"curl_easy_init", &curl.easy_init},
		   {"curl_easy_setopt", &curl.easy_setopt},
		   {"curl_easy_perform", &curl.easy_perform},
		   {"curl_easy_getinfo", &curl.easy_getinfo},
		   {"curl_easy_cleanup", &curl.easy_cleanup},
		   {"curl_easy_strerror", &curl.easy_strerror},
	       };

	if (!h) {
		log_warnx("benchmark_peer: cannot load libcurl: %s", dlerror());
		return NULL;
	}
	for (f = fns; f < fns + sizeof(fns) / sizeof(fns[0]); f++) {
		void *sym = dlsym(h, f->name);

		if (!sym) {
			log_warnx("benchmark_peer: %s has no %s", BENCH_CURL_SONAME, f->name);
			dlclose(h);
			return NULL;
		}
		memcpy(f->fn, &sym, sizeof(sym));
	}
	loaded = h;
	return h;
}

struct bench_xfer {
	int64_t deadline;
	curl_off_t sent; /* bytes handed to libcurl for the upload */
	int cut;	 /* stopped at the deadline */
};

static size_t bench_discard(char *ptr, size_t size, size_t n, void *cls)
{
	(void)ptr;
	(void)cls;
	return size * n;
}

static size_t bench_fill(char *ptr, size_t size, size_t n, void *cls)
{
	struct bench_xfer *x = cls;
	size_t len = size * n;
	curl_off_t left = (curl_off_t)BENCH_NET_BYTES - x->sent;

	if ((curl_off_t)len > left)
		len = (size_t)left;
	memset(ptr, 'b', len);
	x->sent += (curl_off_t)len;
	return len;
}

/* Stops a transfer at the part's deadline: what moved until then counts. */
static int bench_progress(void *cls, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	struct bench_xfer *x = cls;

	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	if (bench_now_ns() <= x->deadline)
		return 0;
	x->cut = 1;
	return 1;
}

/* The peer's scheme and authority, for messages: its path holds the secret. */
static void bench_peer_name(const char *peer, char *out, size_t outsize)
{
	const char *p = strstr(peer, "://");
	const char *end = p ? strchr(p + 3, '/') : NULL;
	int len = end ? (int)(end - peer) : (int)strlen(peer);

	snprintf(out, outsize, "%.*s%s", len, peer, end ? "/<secret>/benchmark" : "");
}

/* One transfer; up or down. Fills s and returns 0, or -1 (logged). */
static int bench_xfer(const char *peer, int up, struct bench_score *s)
{
	char url[BENCH_URL_MAX], name[BENCH_URL_MAX];
	const char *slash = peer[strlen(peer) - 1] == '/' ? "" : "/";
	struct bench_xfer x = {.deadline = bench_deadline()};
	curl_off_t moved = 0;
	long status = 0;
	int64_t start;
	CURLcode rc;
	CURL *c;

	bench_peer_name(peer, name, sizeof(name));
	if ((size_t)snprintf(url, sizeof(url), up ? "%s%sbenchmark" : "%s%sbenchmark?bytes=%u",
			     peer, slash, BENCH_NET_BYTES) >= sizeof(url))
		return log_warnx("benchmark_peer %s: URL too long", name);
	c = curl.easy_init();
	if (!c)
		return log_warnx("benchmark_peer %s: libcurl cannot start", name);
	curl.easy_setopt(c, CURLOPT_URL, url);
	curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)BENCH_PART_MS);
	curl.easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)BENCH_PART_MS + 2000);
	curl.easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl.easy_setopt(c, CURLOPT_XFERINFOFUNCTION, bench_progress);
	curl.easy_setopt(c, CURLOPT_XFERINFODATA, &x);
	curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, bench_discard);
	if (up) {
		curl.easy_setopt(c, CURLOPT_POST, 1L);
		curl.easy_setopt(c, CURLOPT_READFUNCTION, bench_fill);
		curl.easy_setopt(c, CURLOPT_READDATA, &x);
		curl.easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)BENCH_NET_BYTES);
	}
	start = bench_now_ns();
	rc = curl.easy_perform(c);
	curl.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl.easy_getinfo(c, up ? CURLINFO_SIZE_UPLOAD_T : CURLINFO_SIZE_DOWNLOAD_T, &moved);
	curl.easy_cleanup(c);
	if (rc != CURLE_OK && !(rc == CURLE_ABORTED_BY_CALLBACK && x.cut && moved > 0))
		return log_warnx("benchmark_peer %s: %s", name, curl.easy_strerror(rc));
	if (rc == CURLE_OK && status != (up ? 204 : 200))
		return log_warnx("benchmark_peer %s: HTTP status %ld", name, status);
	bench_set(s, (double)moved, 1.0 / (1u << 20), start);
	return 0;
}

int bench_net(const char *peer, struct bench_score *up, struct bench_score *down)
{
	const void *lib = bench_curl_load();
	int rc;

	if (!lib)
		return -1;
	if (curl.global_init(CURL_GLOBAL_DEFAULT) != 0)
		return log_warnx("benchmark_peer: libcurl cannot start");
	rc = bench_xfer(peer, 1, up);
	/* An unreachable peer fails once, not once per direction. */
	if (rc == 0)
		rc = bench_xfer(peer, 0, down);
	curl.global_cleanup();
	return rc;
}
