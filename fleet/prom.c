/* prom: the HTTP API client (libcurl); answers are parsed by promjson. */
#include "prom.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "sbuf.h"

static double prom_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t prom_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
	sbuf_add(arg, ptr, size * nmemb);
	return size * nmemb;
}

int prom_open(struct prom *p, const char *url, unsigned long timeout)
{
	p->url = url;
	p->timeout = timeout;
	p->queries = 0;
	p->http_s = p->json_s = 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return log_warnx("libcurl does not start");
	p->curl = curl_easy_init();
	if (!p->curl) {
		curl_global_cleanup();
		return log_warnx("libcurl does not start");
	}
	return 0;
}

/* POSTs form to url/api/v1/<path> and parses the answer. A 4xx or 5xx
 * answer carries Prometheus' error in its body: that is the line logged
 * when there is one. */
static int prom_post(struct prom *p, const char *path, const char *form, struct prom_result *r)
{
	struct sbuf url = SBUF_INIT, body = SBUF_INIT;
	char err[1024], cerr[CURL_ERROR_SIZE] = "";
	CURL *c = p->curl;
	CURLcode rc;
	long code = 0;
	double t0 = prom_clock();
	int status = -1;

	size_t ulen = strlen(p->url);

	/* http://host:9090/ and http://host:9090 name the same API. */
	while (ulen && p->url[ulen - 1] == '/')
		ulen--;
	sbuf_printf(&url, "%.*s/api/v1/%s", (int)ulen, p->url, path);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url.s);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, prom_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)p->timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	rc = curl_easy_perform(c);
	p->queries++;
	p->http_s += prom_clock() - t0;
	if (rc != CURLE_OK) {
		log_warnx("prometheus %s: %s", url.s, cerr[0] ? cerr : curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	t0 = prom_clock();
	status = promjson_parse(body.s ? body.s : "", body.len, r, err, sizeof(err));
	p->json_s += prom_clock() - t0;
	if (status == PROMJSON_API_ERROR && code != 200)
		log_warnx("prometheus %s: HTTP %ld: %s", url.s, code, err);
	else if (status < 0 && code != 200)
		log_warnx("prometheus %s: HTTP %ld", url.s, code);
	else if (status < 0)
		log_warnx("prometheus %s: %s", url.s, err);
out:
	sbuf_release(&url);
	sbuf_release(&body);
	return status;
}

/* "query=<escaped promql>" followed by the rest of the form. */
static char *prom_form(struct prom *p, const char *promql, struct sbuf *form)
{
	char *q = curl_easy_escape(p->curl, promql, 0);

	sbuf_printf(form, "query=%s", q ? q : "");
	curl_free(q);
	return form->s;
}

int prom_query(struct prom *p, const char *promql, double at, struct prom_result *r)
{
	struct sbuf form = SBUF_INIT;
	int rc;

	prom_form(p, promql, &form);
	sbuf_printf(&form, "&time=%.3f", at);
	rc = prom_post(p, "query", form.s, r);
	sbuf_release(&form);
	return rc;
}

int prom_query_range(struct prom *p, const char *promql, double start, double end, double step,
		     struct prom_result *r)
{
	struct sbuf form = SBUF_INIT;
	int rc;

	prom_form(p, promql, &form);
	sbuf_printf(&form, "&start=%.3f&end=%.3f&step=%.3f", start, end, step);
	rc = prom_post(p, "query_range", form.s, r);
	sbuf_release(&form);
	return rc;
}

void prom_close(struct prom *p)
{
	if (p->curl) {
		curl_easy_cleanup(p->curl);
		curl_global_cleanup();
	}
	p->curl = NULL;
}
