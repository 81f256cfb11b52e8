/* promjson: Prometheus API answers parsed into series (jansson). */
#include "promjson.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* A sample value: Prometheus writes it as a string ("0.5", "NaN",
 * "+Inf"). Returns 0, or -1 when it is not a number. */
static int promjson_number(const json_t *j, double *out)
{
	const char *s = json_string_value(j);
	char *end;

	if (!s)
		return -1;
	*out = strtod(s, &end);
	return end == s || *end ? -1 : 0;
}

/* One [time, "value"] pair into t and v. */
static int promjson_pair(const json_t *pair, double *t, double *v)
{
	const json_t *jt = json_array_get(pair, 0);

	if (json_array_size(pair) != 2 || !json_is_number(jt))
		return -1;
	*t = json_number_value(jt);
	return promjson_number(json_array_get(pair, 1), v);
}

static char *promjson_label(const json_t *metric, const char *key)
{
	const char *s = json_string_value(json_object_get(metric, key));

	return s ? xstrdup(s) : NULL;
}

/* One element of "result": its labels, then "value" or "values". */
static int promjson_series(const json_t *el, struct prom_series *s)
{
	const json_t *metric = json_object_get(el, "metric");
	const json_t *values = json_object_get(el, "values");
	const json_t *value = json_object_get(el, "value");

	if (!json_is_object(metric))
		return -1;
	s->name = promjson_label(metric, "__name__");
	s->instance = promjson_label(metric, "instance");
	s->vm = promjson_label(metric, "vm");
	s->host = promjson_label(metric, "host");
	if (value)
		values = NULL;
	else if (!json_is_array(values))
		return -1;
	s->n = value ? 1 : json_array_size(values);
	s->t = xrealloc(NULL, s->n ? s->n : 1, sizeof(*s->t));
	s->v = xrealloc(NULL, s->n ? s->n : 1, sizeof(*s->v));
	for (size_t i = 0; i < s->n; i++) {
		const json_t *pair = value ? value : json_array_get(values, i);

		if (promjson_pair(pair, &s->t[i], &s->v[i]) < 0)
			return -1;
	}
	return 0;
}

/* The "data" of a successful answer. */
static int promjson_data(const json_t *data, struct prom_result *r, char *err, size_t errlen)
{
	const char *type = json_string_value(json_object_get(data, "resultType"));
	const json_t *result = json_object_get(data, "result");
	double t;

	if (!type || !result) {
		snprintf(err, errlen, "no resultType or result in data");
		return -1;
	}
	if (strcmp(type, "scalar") == 0) {
		if (promjson_pair(result, &t, &r->scalar) < 0) {
			snprintf(err, errlen, "a scalar that is not [time, \"value\"]");
			return -1;
		}
		return 0;
	}
	if ((strcmp(type, "vector") != 0 && strcmp(type, "matrix") != 0) ||
	    !json_is_array(result)) {
		snprintf(err, errlen, "unexpected resultType '%s'", type);
		return -1;
	}
	r->n = json_array_size(result);
	r->s = xcalloc(r->n ? r->n : 1, sizeof(*r->s));
	for (size_t i = 0; i < r->n; i++) {
		if (promjson_series(json_array_get(result, i), &r->s[i]) < 0) {
			snprintf(err, errlen, "series %zu of the result is malformed", i);
			return -1;
		}
	}
	return 0;
}

int promjson_parse(const char *body, size_t len, struct prom_result *r, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root;
	const char *status;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	root = json_loadb(body, len, JSON_ALLOW_NUL, &jerr);
	if (!root) {
		snprintf(err, errlen, "not JSON: %s (line %d)", jerr.text, jerr.line);
		return -1;
	}
	status = json_string_value(json_object_get(root, "status"));
	if (status && strcmp(status, "error") == 0) {
		const char *type = json_string_value(json_object_get(root, "errorType"));
		const char *msg = json_string_value(json_object_get(root, "error"));

		snprintf(err, errlen, "%s: %s", type ? type : "error", msg ? msg : "(no message)");
		rc = PROMJSON_API_ERROR;
	} else if (!status || strcmp(status, "success") != 0) {
		snprintf(err, errlen, "no status \"success\" in the answer");
	} else {
		rc = promjson_data(json_object_get(root, "data"), r, err, errlen);
	}
	json_decref(root);
	if (rc < 0)
		prom_result_release(r);
	return rc;
}

void prom_result_release(struct prom_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct prom_series *s = &r->s[i];

		free(s->name);
		free(s->instance);
		free(s->vm);
		free(s->host);
		free(s->t);
		free(s->v);
	}
	free(r->s);
	memset(r, 0, sizeof(*r));
}
