/* mainexit: a process whose main thread exits while another runs on.
 * usage: mainexit MIB. A second thread allocates and touches MIB MiB,
 * writes "ready" and a newline on stdout, then sleeps; the main thread
 * calls pthread_exit at once, leaving a zombie leader (the case where
 * /proc/<pid>/stat shows no memory). Ends when killed, or after 60 s. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t mainexit_bytes;
/* Where the memory is kept, so that the compiler cannot drop it. */
static char *volatile mainexit_mem;

static void *mainexit_worker(void *arg)
{
	char *p = malloc(mainexit_bytes);

	(void)arg;
	if (!p) {
		perror("mainexit: malloc");
		exit(1);
	}
	memset(p, 0x5a, mainexit_bytes);
	mainexit_mem = p;
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	long mib;

	if (argc != 2 || (mib = strtol(argv[1], NULL, 10)) <= 0 || mib > 4096) {
		fprintf(stderr, "usage: mainexit MIB\n");
		return 2;
	}
	mainexit_bytes = (size_t)mib << 20;
	alarm(60);
	if (pthread_create(&t, NULL, mainexit_worker, NULL) != 0) {
		fprintf(stderr, "mainexit: cannot start a thread\n");
		return 1;
	}
	pthread_exit(NULL);
}
