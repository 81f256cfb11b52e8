/* plotfile: one of today's plot files, appended to or rebuilt. */
#include "plotfile.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "log.h"

/* out/name into path; -1 (errno set) when it does not fit. */
static int plot_path(const struct plots *p, const char *name, char *path, size_t len)
{
	if ((size_t)snprintf(path, len, "%s/%s", p->out, name) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* Logs the failure of out/name, unless the out directory was found full
 * already: a full directory is said once, and no more files are tried. */
static void plot_fail(struct plots *p, const char *name)
{
	int err = errno;

	if (!p->full)
		log_warn("%s/%s", p->out, name);
	if (err == ENOSPC || err == EDQUOT)
		p->full = 1;
}

int plot_file_matches(const struct plots *p, const char *name, int64_t *last_ts)
{
	const struct plotstate_rec *r = plotstate_find(&p->old, name);
	char path[4096];
	struct stat sb;

	if (!r || r->day != p->day || r->size < 0 || plot_path(p, name, path, sizeof(path)) < 0 ||
	    stat(path, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size != r->size ||
	    (int64_t)sb.st_ino != r->ino)
		return 0;
	*last_ts = r->last_ts;
	return 1;
}

void plot_file_begin(struct plots *p, struct plot_file *pf, const char *name)
{
	char path[4096];

	memset(pf, 0, sizeof(*pf));
	pf->f.fd = -1;
	snprintf(pf->name, sizeof(pf->name), "%s", name);
	if (p->full) {
		pf->mode = PLOT_FAILED;
		return;
	}
	if (plot_file_matches(p, name, &pf->cutoff)) {
		pf->mode = PLOT_KEEP;
		return;
	}
	pf->cutoff = INT64_MIN;
	pf->mode = PLOT_REBUILD;
	if (plot_path(p, name, path, sizeof(path)) < 0 || afile_open(&pf->f, path) < 0) {
		plot_fail(p, name);
		pf->mode = PLOT_FAILED;
		return;
	}
	afile_puts(&pf->f, "time,entry\n");
}

struct afile *plot_file_row(struct plots *p, struct plot_file *pf, int64_t ts)
{
	if (ts <= pf->cutoff || pf->mode == PLOT_FAILED)
		return NULL;
	if (pf->mode == PLOT_KEEP) {
		char path[4096];

		if (plot_path(p, pf->name, path, sizeof(path)) < 0 ||
		    afile_open_append(&pf->f, path) < 0) {
			plot_fail(p, pf->name);
			pf->mode = PLOT_FAILED;
			return NULL;
		}
		pf->mode = PLOT_APPEND;
	}
	return &pf->f;
}

void plot_file_end(struct plots *p, struct plot_file *pf, const char *key, int64_t last_ts)
{
	int64_t size = -1, ino = 0;
	char path[4096];
	struct stat sb;

	if (pf->mode == PLOT_APPEND || pf->mode == PLOT_REBUILD) {
		if (afile_commit(&pf->f) < 0) {
			plot_fail(p, pf->name);
			pf->mode = PLOT_FAILED;
		}
	}
	if (pf->mode != PLOT_FAILED && plot_path(p, pf->name, path, sizeof(path)) == 0 &&
	    stat(path, &sb) == 0) {
		size = (int64_t)sb.st_size;
		ino = (int64_t)sb.st_ino;
	}
	if (size < 0)
		p->failed = 1;
	plotstate_set(&p->next, pf->name, key, p->day, last_ts, size, ino);
	pf->mode = PLOT_FAILED;
}

void plot_file_abort(struct plot_file *pf)
{
	if (pf->mode == PLOT_APPEND || pf->mode == PLOT_REBUILD)
		afile_abort(&pf->f);
	pf->mode = PLOT_FAILED;
}

/* 1 when out holds a file of the kind without a record of today. */
static int plot_kind_unrecorded(const struct plots *p, plot_kind_fn *is_kind)
{
	const struct plotstate_rec *r;
	struct dirent *e;
	DIR *d = opendir(p->out);
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d)) != NULL) {
		if (is_kind(e->d_name)) {
			r = plotstate_find(&p->old, e->d_name);
			found = !r || r->day != p->day;
		}
	}
	closedir(d);
	return found;
}

int64_t plot_kind_from(const struct plots *p, plot_kind_fn *is_kind)
{
	int64_t from = INT64_MAX, last;

	for (size_t i = 0; i < p->old.n; i++) {
		const struct plotstate_rec *r = &p->old.v[i];

		if (!is_kind(r->name) || r->day != p->day)
			continue;
		if (!plot_file_matches(p, r->name, &last))
			return INT64_MIN;
		if (last < from)
			from = last;
	}
	if (from == INT64_MAX || plot_kind_unrecorded(p, is_kind))
		return INT64_MIN;
	return from;
}

void plot_kind_carry(struct plots *p, plot_kind_fn *is_kind, int64_t last_ts)
{
	int64_t last;

	for (size_t i = 0; i < p->old.n; i++) {
		const struct plotstate_rec *r = &p->old.v[i];

		if (is_kind(r->name) && !plotstate_find(&p->next, r->name) &&
		    plot_file_matches(p, r->name, &last))
			plotstate_set(&p->next, r->name, r->key, p->day, last_ts, r->size, r->ino);
	}
}

static void plot_stamp(struct afile *f, int64_t ts)
{
	csv_stamp(f, ts);
	afile_write(f, ",", 1);
}

void plot_int(struct afile *f, int64_t ts, int64_t v)
{
	if (!f)
		return;
	plot_stamp(f, ts);
	csv_int(f, v);
	afile_write(f, "\n", 1);
}

void plot_real(struct afile *f, int64_t ts, double v)
{
	if (!f)
		return;
	plot_stamp(f, ts);
	csv_real(f, v);
	afile_write(f, "\n", 1);
}
