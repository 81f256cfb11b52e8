/* lister: folder listings built by a few worker threads of their own, the
 * connection suspended meanwhile, so that libmicrohttpd's threads never
 * wait on a large folder. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "budget.h"
#include "files.h"
#include "log.h"
#include "mhd.h"
#include "xalloc.h"

#define LISTER_WORKERS 2
#define LISTER_QUEUE   32 /* listings waiting for a worker, at most */
#define LISTER_NICE    10

struct lister_job {
	struct MHD_Connection *c;
	int dirfd;
	struct stat sb;
	char path[ROUTE_PATH_MAX];
	size_t page;
	/* What the worker made: the page (its bytes counted against the
	 * budget), or the status and why of a refusal. */
	char *html;
	size_t len;
	unsigned status;
	const char *why;
	struct lister_job *next;
};

struct lister {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct lister_job *head, *tail;
	unsigned queued;
	int stopping;
	pthread_t workers[LISTER_WORKERS];
	unsigned started;
};

/* Builds the page of a job, or says why not. */
static void lister_build(struct lister_job *job)
{
	struct names *l = names_get(job->dirfd, &job->sb);
	int err;

	if (!l) {
		err = errno;
		job->status =
		    err == ENOMEM ? MHD_HTTP_SERVICE_UNAVAILABLE : refuse_errno_status(err);
		job->why =
		    err == ENOMEM ? "the folder's names are over the memory budget" : strerror(err);
		return;
	}
	job->html = files_listing(job->dirfd, job->path, l, job->page, &job->len);
	err = errno;
	names_release(l);
	if (job->html)
		return;
	job->status = err == ERANGE   ? MHD_HTTP_NOT_FOUND
		      : err == ENOMEM ? MHD_HTTP_SERVICE_UNAVAILABLE
				      : MHD_HTTP_INTERNAL_SERVER_ERROR;
	job->why = err == ERANGE   ? "no such page of the listing"
		   : err == ENOMEM ? "the listing is over the memory budget"
				   : strerror(err);
}

static void *lister_work(void *arg)
{
	struct lister *ls = arg;

	/* Listings yield the processors to the threads that answer every
	 * other request (Linux's nice value is per thread). */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), LISTER_NICE) < 0)
		log_warn("cannot lower the priority of a listing thread");

	for (;;) {
		struct lister_job *job;

		pthread_mutex_lock(&ls->lock);
		while (!ls->head && !ls->stopping)
			pthread_cond_wait(&ls->wake, &ls->lock);
		job = ls->head;
		if (ls->stopping || !job) {
			pthread_mutex_unlock(&ls->lock);
			return NULL;
		}
		ls->head = job->next;
		if (!ls->head)
			ls->tail = NULL;
		ls->queued--;
		pthread_mutex_unlock(&ls->lock);
		lister_build(job);
		/* The job belongs to the connection again from here: it may
		 * be freed at once, by another thread. */
		MHD_resume_connection(job->c);
	}
}

struct lister *lister_start(void)
{
	struct lister *ls = xcalloc(1, sizeof(*ls));

	pthread_mutex_init(&ls->lock, NULL);
	pthread_cond_init(&ls->wake, NULL);
	for (; ls->started < LISTER_WORKERS; ls->started++) {
		int err = pthread_create(&ls->workers[ls->started], NULL, lister_work, ls);

		if (err) {
			errno = err;
			log_warn("cannot start a listing thread");
			lister_stop(ls);
			return NULL;
		}
	}
	return ls;
}

void lister_stop(struct lister *ls)
{
	struct lister_job *job;

	if (!ls)
		return;
	pthread_mutex_lock(&ls->lock);
	ls->stopping = 1;
	pthread_cond_broadcast(&ls->wake);
	pthread_mutex_unlock(&ls->lock);
	/* Each worker ends the job it holds, which resumes its connection. */
	for (unsigned i = 0; i < ls->started; i++)
		pthread_join(ls->workers[i], NULL);
	/* libmicrohttpd stops no daemon with a connection suspended. */
	while ((job = ls->head) != NULL) {
		ls->head = job->next;
		job->status = MHD_HTTP_SERVICE_UNAVAILABLE;
		job->why = "the server is stopping";
		MHD_resume_connection(job->c);
	}
	pthread_cond_destroy(&ls->wake);
	pthread_mutex_destroy(&ls->lock);
	free(ls);
}

int lister_submit(struct lister *ls, struct MHD_Connection *c, int dirfd, const struct stat *sb,
		  const char *path, size_t page, void **req_cls)
{
	struct lister_job *job;

	pthread_mutex_lock(&ls->lock);
	if (ls->queued >= LISTER_QUEUE || ls->stopping) {
		pthread_mutex_unlock(&ls->lock);
		return -1;
	}
	job = xcalloc(1, sizeof(*job));
	job->c = c;
	job->dirfd = dirfd;
	job->sb = *sb;
	job->page = page;
	/* path is a route's, of the same size. */
	memcpy(job->path, path, strnlen(path, sizeof(job->path) - 1));
	/* Suspended before a worker can see the job, so that no resume comes
	 * before its suspend. */
	MHD_suspend_connection(c);
	if (ls->tail)
		ls->tail->next = job;
	else
		ls->head = job;
	ls->tail = job;
	ls->queued++;
	pthread_cond_signal(&ls->wake);
	pthread_mutex_unlock(&ls->lock);
	*req_cls = job;
	return 0;
}

struct lister_body {
	char *html;
	size_t len;
};

static void lister_body_free(void *cls)
{
	struct lister_body *b = cls;

	budget_give(b->len);
	free(b->html);
	free(b);
}

enum MHD_Result lister_answer(const struct server_conf *conf, struct MHD_Connection *c,
			      const char *method, const char *url, struct lister_job *job)
{
	struct lister_body *b;
	struct MHD_Response *r;

	if (!job->html)
		return refuse_request(conf, c, method, url, job->status, job->why);
	b = xcalloc(1, sizeof(*b));
	b->html = job->html;
	b->len = job->len;
	job->html = NULL;
	r = MHD_create_response_from_buffer_with_free_callback_cls(b->len, b->html,
								   lister_body_free, b);
	if (!r) {
		lister_body_free(b);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return respond_queue(c, MHD_HTTP_OK, r);
}

void lister_job_free(struct lister_job *job)
{
	if (job->html) {
		budget_give(job->len);
		free(job->html);
	}
	close(job->dirfd);
	free(job);
}
