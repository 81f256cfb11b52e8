/* slapmonitor: serves "OK" on /, and node-report's files and plot pages
 * under a secret path. main parses the flags and wires the parts together. */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "file.h"
#include "landlock.h"
#include "listen.h"
#include "log.h"
#include "metricsrv.h"
#include "paths.h"
#include "privdrop.h"
#include "secret.h"
#include "server.h"

#define EXIT_FAILED 1
#define EXIT_USAGE  2

/* TLS 1.2 and 1.3 only, forward-secret key exchange (ECDHE) and AEAD
 * ciphers only: without the SHA MACs no CBC suite is left. */
#define TLS_PRIORITIES                                                                             \
	"SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-RSA:-DHE-RSA:-SHA1:-SHA256:-SHA384:"       \
	"-AES-128-CCM-8:-AES-256-CCM-8:%SERVER_PRECEDENCE"

struct options {
	char *listen;
	char *root;
	char *secret_file;
	char *tls_cert;
	char *tls_key;
	char *tls_priorities;
	char *user;
	char *dygraph_dir;
	char *db; /* the collector's database, for /metrics */
	int print_url;
	int landlock;
	unsigned long max_connections;
	unsigned long max_per_client;
	unsigned long max_waiting;
	unsigned long head_timeout;
	unsigned long ipv6_prefix;
	unsigned long timeout;
	unsigned long header_limit;
	unsigned long threads;
	unsigned long log_burst;
};

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: slapmonitor [--config FILE] [--listen ADDR:PORT[,ADDR:PORT...]] [--root DIR]\n"
	    "                   [--secret-file FILE] [--tls-cert FILE --tls-key FILE]\n"
	    "                   [--tls-priorities STRING] [--user NAME] [--db PATH] [--print-url]\n"
	    "Serves GET / with \"OK\", and under http://ADDR:PORT/<secret>/ the plot page of\n"
	    "today's files of DIR (default %s), with the files themselves\n"
	    "under <secret>/server-log/, and the latest samples of the database PATH\n"
	    "(default %s) for Prometheus under <secret>/metrics.\n"
	    "The secret is read from FILE (default %s), which is created if missing.\n"
	    "Listens on 127.0.0.1:9685 by default; IPv6 addresses go in brackets.\n"
	    "--user drops root's privileges once the sockets are bound. --print-url prints\n"
	    "the private URL of each address.\n"
	    "Exit: 0 stopped by SIGTERM or SIGINT, 1 could not start, 2 usage error.\n",
	    PATHS_OUT, PATHS_DB, PATHS_SECRET);
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const char *const flags[] = {"listen",  "root", "secret-file",	 "tls-cert",
					    "tls-key", "user", "tls-priorities", "print-url",
					    "db",      NULL};
	const struct config_key keys[] = {
	    {"slapmonitor", "listen", CONFIG_STR, &o->listen, 0},
	    {"slapmonitor", "root", CONFIG_PATH, &o->root, 0},
	    {"slapmonitor", "secret_file", CONFIG_PATH, &o->secret_file, 0},
	    {"slapmonitor", "tls_cert", CONFIG_STR, &o->tls_cert, 0},
	    {"slapmonitor", "tls_key", CONFIG_STR, &o->tls_key, 0},
	    {"slapmonitor", "tls_priorities", CONFIG_STR, &o->tls_priorities, 0},
	    {"slapmonitor", "user", CONFIG_STR, &o->user, 0},
	    {"slapmonitor", "print_url", CONFIG_BOOL, &o->print_url, 0},
	    {"slapmonitor", "landlock", CONFIG_BOOL, &o->landlock, 0},
	    {"slapmonitor", "dygraph_dir", CONFIG_STR, &o->dygraph_dir, 0},
	    {"slapmonitor", "db", CONFIG_PATH, &o->db, 0},
	    {"slapmonitor", "max_connections", CONFIG_UINT, &o->max_connections, 100000},
	    {"slapmonitor", "max_per_client", CONFIG_UINT, &o->max_per_client, 100000},
	    {"slapmonitor", "max_waiting", CONFIG_UINT, &o->max_waiting, 100000},
	    {"slapmonitor", "head_timeout", CONFIG_UINT, &o->head_timeout, 3600},
	    {"slapmonitor", "ipv6_prefix", CONFIG_UINT, &o->ipv6_prefix, 128},
	    {"slapmonitor", "timeout", CONFIG_UINT, &o->timeout, 3600},
	    {"slapmonitor", "header_limit", CONFIG_UINT, &o->header_limit, 1048576},
	    {"slapmonitor", "threads", CONFIG_UINT, &o->threads, 64},
	    {"slapmonitor", "log_burst", CONFIG_UINT, &o->log_burst, 1000000},
	    {NULL, NULL, CONFIG_STR, NULL, 0},
	};
	struct cli cli = {
	    .prog = "slapmonitor", .usage = usage, .keys = keys, .flags = flags, .without_now = 1};

	if (cli_parse(&cli, argc, argv) < 0)
		return -1;
	if ((*o->tls_cert == '\0') != (*o->tls_key == '\0'))
		return log_warnx("--tls-cert and --tls-key go together");
	if (o->max_connections == 0 || o->max_per_client == 0 || o->timeout == 0 ||
	    o->head_timeout == 0 || o->ipv6_prefix == 0 || o->log_burst == 0)
		return log_warnx("max_connections, max_per_client, timeout, head_timeout, "
				 "ipv6_prefix and log_burst want 1 or more");
	if (o->max_waiting > o->max_connections)
		return log_warnx("max_waiting wants at most max_connections (%lu)",
				 o->max_connections);
	if (o->header_limit < 4096)
		return log_warnx("header_limit wants 4096 bytes or more");
	return 0;
}

/* Reads a PEM file whole, for libmicrohttpd's in-memory TLS options. */
static char *read_pem(const char *what, const char *path)
{
	char *pem = file_read(path, NULL);

	if (!pem)
		log_warn("%s %s", what, path);
	return pem;
}

/* Wipes a PEM (the key is a secret) and frees it. */
static void free_pem(char *pem)
{
	if (!pem)
		return;
	explicit_bzero(pem, strlen(pem));
	free(pem);
}

static void print_url(const struct listen_addr *a, int tls, const char *secret)
{
	char addr[80];

	listen_format(a, addr, sizeof(addr));
	printf("%s://%s/%s/\n", tls ? "https" : "http", addr, secret);
}

/* What serve opens, and closes when it stops. */
struct serving {
	struct listen_addr addrs[LISTEN_MAX];
	int n; /* addresses */
	int fds[LISTEN_MAX];
	struct server *servers[LISTEN_MAX];
	struct server_conf conf;
	char *tls_cert, *tls_key; /* PEMs in the heap, or NULL */
	char host[256];
	int landlock_abi;	  /* 0: Landlock is off, for landlock_off */
	const char *landlock_off; /* static */
};

/* The server's settings from the options. */
static void serve_conf(const struct options *o, struct serving *sv)
{
	struct server_conf *conf = &sv->conf;

	if (gethostname(sv->host, sizeof(sv->host)) < 0)
		snprintf(sv->host, sizeof(sv->host), "node");
	sv->host[sizeof(sv->host) - 1] = '\0';
	conf->host = sv->host;
	conf->max_connections = (unsigned)o->max_connections;
	conf->max_per_client = (unsigned)o->max_per_client;
	/* By default a quarter of the slots stay for clients that send
	 * whole requests. */
	conf->max_waiting = o->max_waiting ? (unsigned)o->max_waiting
					   : conf->max_connections - conf->max_connections / 4;
	conf->head_timeout = (unsigned)o->head_timeout;
	conf->ipv6_prefix = (unsigned)o->ipv6_prefix;
	conf->timeout = (unsigned)o->timeout;
	conf->header_limit = (unsigned)o->header_limit;
	conf->log_burst = (unsigned)o->log_burst;
	conf->threads = o->threads ? (unsigned)o->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (conf->threads == 0)
		conf->threads = 1;
}

/* Everything that may need root, then the drop: the secret, the TLS files,
 * the folders and the sockets. Returns 0, or -1 with one line logged. */
static int serve_open(const struct options *o, struct serving *sv)
{
	struct server_conf *conf = &sv->conf;

	if (secret_load(o->secret_file, conf->secret) < 0)
		return -1;
	if (*o->tls_cert) {
		sv->tls_cert = read_pem("--tls-cert", o->tls_cert);
		sv->tls_key = read_pem("--tls-key", o->tls_key);
		conf->tls_cert = sv->tls_cert;
		conf->tls_key = sv->tls_key;
		conf->tls_priorities = o->tls_priorities;
		if (!sv->tls_cert || !sv->tls_key)
			return -1;
	}
	conf->rootfd = open(o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (conf->rootfd < 0)
		return log_warn("--root %s", o->root);
	conf->dygraphfd = open(o->dygraph_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (conf->dygraphfd < 0)
		log_warn("dygraph_dir %s (the plot page will draw no chart)", o->dygraph_dir);
	for (int i = 0; i < sv->n; i++) {
		sv->fds[i] = listen_open(&sv->addrs[i]);
		if (sv->fds[i] < 0)
			return -1;
	}
	/* Before the drop and the confinement: see metricsrv.c. */
	metricsrv_open(o->db);
	privdrop_fd_limit();
	if (!*o->user)
		return 0;
	if (privdrop_user(o->user) < 0)
		return -1;
	/* Open as root, the folder may still be closed to the user, who
	 * would then get an error on every page. */
	if (faccessat(conf->rootfd, ".", R_OK | X_OK, AT_EACCESS) < 0)
		return log_warn("--root %s: user %s cannot read it", o->root, o->user);
	return 0;
}

/* Once everything is open and the privileges dropped, and before any
 * thread starts (Landlock confines the calling thread and those it starts
 * later): reading beneath the root and Dygraph's folder only. Returns 0,
 * or -1 with one line logged. */
static int serve_confine(const struct options *o, struct serving *sv)
{
	const int fds[] = {sv->conf.rootfd, sv->conf.dygraphfd};

	sv->landlock_off = "landlock = no in the configuration";
	if (o->landlock)
		sv->landlock_abi = landlock_confine(fds, 2, &sv->landlock_off);
	return sv->landlock_abi < 0 ? -1 : 0;
}

/* Blocks the stop signals, which the server's threads then inherit: they
 * come to sigwait in serve, and a client that hangs up raises no SIGPIPE.
 * Then starts a server on each socket. Returns 0, or -1 with one line
 * logged. */
static int serve_start(struct serving *sv, sigset_t *stop)
{
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(stop);
	sigaddset(stop, SIGTERM);
	sigaddset(stop, SIGINT);
	sigaddset(stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, stop, NULL);
	for (int i = 0; i < sv->n; i++) {
		sv->servers[i] = server_start(&sv->conf, sv->fds[i]);
		if (!sv->servers[i])
			return -1;
		sv->fds[i] = -1;
	}
	return 0;
}

/* The start lines, and the private URLs with --print-url. */
static void serve_announce(const struct options *o, const struct serving *sv)
{
	if (sv->landlock_abi > 0)
		log_info("Landlock is on (ABI %d): reading beneath the served folders only",
			 sv->landlock_abi);
	else
		log_info("Landlock is off: %s", sv->landlock_off);
	for (int i = 0; i < sv->n; i++) {
		char addr[80];

		listen_format(&sv->addrs[i], addr, sizeof(addr));
		log_info("serving %s on %s://%s/", o->root, sv->tls_cert ? "https" : "http", addr);
		if (o->print_url)
			print_url(&sv->addrs[i], sv->tls_cert != NULL, sv->conf.secret);
	}
	fflush(stdout);
}

/* Stops the servers and closes and wipes what serve opened. */
static void serve_close(struct serving *sv)
{
	for (int i = 0; i < sv->n; i++) {
		server_stop(sv->servers[i]);
		if (sv->fds[i] >= 0)
			close(sv->fds[i]);
	}
	server_cleanup();
	metricsrv_close();
	if (sv->conf.rootfd >= 0)
		close(sv->conf.rootfd);
	if (sv->conf.dygraphfd >= 0)
		close(sv->conf.dygraphfd);
	free_pem(sv->tls_cert);
	free_pem(sv->tls_key);
	explicit_bzero(sv->conf.secret, sizeof(sv->conf.secret));
}

static int serve(const struct options *o)
{
	struct serving sv = {.conf = {.dygraphfd = -1, .rootfd = -1}};
	char err[256];
	int sig = 0, status = EXIT_FAILED;
	sigset_t stop;

	sv.n = listen_parse(o->listen, sv.addrs, LISTEN_MAX, err, sizeof(err));
	if (sv.n < 0) {
		log_warnx("%s", err);
		return EXIT_USAGE;
	}
	if (*o->tls_cert && !server_has_tls()) {
		log_warnx("this libmicrohttpd has no TLS support");
		return EXIT_FAILED;
	}
	serve_conf(o, &sv);
	for (int i = 0; i < sv.n; i++)
		sv.fds[i] = -1;
	if (serve_open(o, &sv) == 0 && serve_confine(o, &sv) == 0 && serve_start(&sv, &stop) == 0) {
		serve_announce(o, &sv);
		while (sigwait(&stop, &sig) == 0 && sig == SIGHUP)
			;
		log_info("stopping on signal %d", sig);
		status = EXIT_SUCCESS;
	}
	serve_close(&sv);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {.max_connections = 512,
			    .max_per_client = 32,
			    .head_timeout = 10,
			    .ipv6_prefix = 64,
			    .timeout = 15,
			    .header_limit = 16384,
			    .log_burst = 5,
			    .landlock = 1};
	int status = EXIT_USAGE;

	log_init("slapmonitor");
	/* File bodies of up to 2 MiB are read into the heap (cache.c): keep
	 * such blocks in the heap for reuse rather than mapping and zeroing
	 * fresh pages for each response. */
	mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
	o.listen = strdup("127.0.0.1:9685");
	o.root = strdup(PATHS_OUT);
	o.secret_file = strdup(PATHS_SECRET);
	o.tls_cert = strdup("");
	o.tls_key = strdup("");
	o.tls_priorities = strdup(TLS_PRIORITIES);
	o.user = strdup("");
	o.dygraph_dir = strdup(PATHS_DYGRAPH);
	o.db = strdup(PATHS_DB);
	if (o.listen && o.root && o.secret_file && o.tls_cert && o.tls_key && o.tls_priorities &&
	    o.user && o.dygraph_dir && o.db && parse_args(argc, argv, &o) == 0)
		status = serve(&o);
	free(o.listen);
	free(o.root);
	free(o.secret_file);
	free(o.tls_cert);
	free(o.tls_key);
	free(o.tls_priorities);
	free(o.user);
	free(o.dygraph_dir);
	free(o.db);
	return status;
}
