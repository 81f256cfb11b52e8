/* files: open below the served folder; list it; the plot page. */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "budget.h"
#include "list.h"
#include "page.h"
#include "sbuf.h"

/* An empty icon, so that browsers do not ask for /favicon.ico. */
#define FILES_NO_ICON "<link rel=\"icon\" href=\"data:,\">\n"

/* Tries of openat2 that a concurrent rename may make fail with EAGAIN. */
#define FILES_OPEN_TRIES 64

int files_open(int rootfd, const char *path, int want_dir, struct stat *sb)
{
	struct open_how how = {
	    .flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (want_dir ? O_DIRECTORY : 0),
	    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	/* openat2 fails with EAGAIN when a rename anywhere on the machine
	 * raced a lookup through ".." (a symbolic link's target): try again,
	 * a bounded number of times. */
	for (int tries = 0;; tries++) {
		fd = (int)syscall(SYS_openat2, rootfd, *path ? path : ".", &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN || tries == FILES_OPEN_TRIES)
			break;
	}
	if (fd < 0)
		return -1;
	if (fstat(fd, sb) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	if (!want_dir && !S_ISREG(sb->st_mode)) {
		close(fd);
		errno = S_ISDIR(sb->st_mode) ? EISDIR : ENODEV;
		return -1;
	}
	return fd;
}

/* Appends s percent-encoded as one path component. */
static void files_href(struct sbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			sbuf_add(b, s, 1);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};

			sbuf_add(b, e, 3);
		}
	}
}

/* Appends s as the body of a JSON string that is safe inside <script>. */
static void files_json(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&')
			sbuf_printf(b, "\\u%04x", c);
		else
			sbuf_add(b, s, 1);
	}
}

struct files_entry {
	char *name;
	int is_dir;
	long long size;
	time_t mtime;
};

struct files_entries {
	struct files_entry *v;
	size_t n;
	size_t cap;
};

static int files_by_name(const void *a, const void *b)
{
	return strcmp(((const struct files_entry *)a)->name, ((const struct files_entry *)b)->name);
}

static void files_entries_free(struct files_entries *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
}

/* The folder's regular files and folders, dotfiles left out, by name. */
static int files_list_dir(int dirfd, struct files_entries *l)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		struct files_entry *e;
		struct stat sb;

		if (de->d_name[0] == '.' ||
		    fstatat(dirfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !(S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
			continue;
		e = LIST_PUSH(l);
		e->name = xstrdup(de->d_name);
		e->is_dir = S_ISDIR(sb.st_mode);
		e->size = (long long)sb.st_size;
		e->mtime = sb.st_mtime;
	}
	closedir(d);
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), files_by_name);
	return 0;
}

/* Bytes that bound a listing's page before its rows: the head, the path
 * twice escaped (6 bytes a byte at most) and a "../" for each byte. */
static size_t files_head_bound(const char *path)
{
	return 1024 + 15 * strlen(path);
}

/* Bytes that bound one row: the name escaped (6) and encoded (3), the
 * markup, a size and a date. */
static size_t files_row_bound(const char *name)
{
	return 160 + 9 * strlen(name);
}

/* Appends "Page N of M" with links to the pages before and after. */
static void files_pages(struct sbuf *b, size_t page, size_t pages)
{
	sbuf_printf(b, "<p class=\"pages\">Page %zu of %zu", page, pages);
	if (page > 1)
		sbuf_printf(b, " <a href=\"?page=%zu\" rel=\"prev\">previous</a>", page - 1);
	if (page < pages)
		sbuf_printf(b, " <a href=\"?page=%zu\" rel=\"next\">next</a>", page + 1);
	sbuf_puts(b, "</p>\n");
}

/* Appends the row of name, if it still is a regular file or a folder. */
static void files_row(struct sbuf *b, int dirfd, const char *name)
{
	char when[32];
	struct stat sb;
	struct tm tm;
	int is_dir;

	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !(S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
		return;
	is_dir = S_ISDIR(sb.st_mode);
	gmtime_r(&sb.st_mtime, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	sbuf_puts(b, "<tr><td><a href=\"");
	files_href(b, name);
	sbuf_puts(b, is_dir ? "/\">" : "\">");
	sbuf_markup(b, name);
	sbuf_puts(b, is_dir ? "/</a></td><td>-" : "</a></td><td>");
	if (!is_dir)
		sbuf_printf(b, "%lld", (long long)sb.st_size);
	sbuf_printf(b, "</td><td>%s</td></tr>\n", when);
}

char *files_listing(int dirfd, const char *path, const struct names *l, size_t page, size_t *len)
{
	struct sbuf b = SBUF_INIT;
	size_t first, count, bound = files_head_bound(path), pages = page_count(l->n);

	if (page_range(l->n, page, &first, &count) < 0) {
		errno = ERANGE;
		return NULL;
	}
	for (size_t i = first; i < first + count; i++)
		bound += files_row_bound(l->v[i]);
	if (!budget_take(bound)) {
		errno = ENOMEM;
		return NULL;
	}
	sbuf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		      "<meta name=\"referrer\" content=\"no-referrer\">\n" FILES_NO_ICON
		      "<title>server-log/");
	sbuf_markup(&b, path);
	sbuf_puts(&b, "</title>\n<link rel=\"stylesheet\" href=\"../");
	/* The page is <secret>/server-log/<path>: one more level up for each
	 * folder in path. */
	for (const char *p = path; *p; p++)
		if (*p == '/')
			sbuf_puts(&b, "../");
	sbuf_puts(&b, "static/plots.css\">\n</head><body>\n<h1>server-log/");
	sbuf_markup(&b, path);
	sbuf_puts(&b, "</h1>\n");
	if (pages > 1)
		files_pages(&b, page, pages);
	sbuf_puts(&b, "<table class=\"listing\">\n"
		      "<thead><tr><th>Name</th><th>Size (bytes)</th><th>Modified (UTC)</th></tr>"
		      "</thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++)
		files_row(&b, dirfd, l->v[i]);
	sbuf_puts(&b, "</tbody>\n</table>\n</body></html>\n");
	budget_give(bound - b.len);
	return sbuf_detach(&b, len);
}

static int files_is_plot(const struct files_entry *e)
{
	size_t n = strlen(e->name);

	return !e->is_dir && n > 4 && strcmp(e->name + n - 4, ".csv") == 0;
}

char *files_plot_page(int rootfd, const char *host, size_t *len)
{
	struct files_entries l = {0};
	struct sbuf b = SBUF_INIT;
	int first = 1;

	if (files_list_dir(rootfd, &l) < 0)
		return NULL;
	sbuf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		      "<meta name=\"referrer\" content=\"no-referrer\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width\">\n" FILES_NO_ICON
		      "<title>");
	sbuf_markup(&b, host);
	sbuf_puts(
	    &b, ": node-monitor</title>\n"
		"<link rel=\"stylesheet\" href=\"static/dygraph.min.css\">\n"
		"<link rel=\"stylesheet\" href=\"static/plots.css\">\n</head><body>\n<header><h1>");
	sbuf_markup(&b, host);
	sbuf_puts(
	    &b, "</h1><p>Today, in UTC, minute by minute. Beside each chart, how the day's "
		"values are spread. <a href=\"server-log/\">All files and archives</a></p>"
		"</header>\n<main id=\"plots\"><p id=\"plots-status\">Loading&hellip;</p></main>\n"
		"<script type=\"application/json\" id=\"plot-files\">[");
	for (size_t i = 0; i < l.n; i++) {
		if (!files_is_plot(&l.v[i]))
			continue;
		sbuf_puts(&b, first ? "\"" : ",\"");
		files_json(&b, l.v[i].name);
		sbuf_puts(&b, "\"");
		first = 0;
	}
	sbuf_puts(&b, "]</script>\n<script src=\"static/dygraph.min.js\"></script>\n"
		      "<script src=\"static/alerts.js\"></script>\n"
		      "<script src=\"static/plots.js\"></script>\n</body></html>\n");
	files_entries_free(&l);
	return sbuf_detach(&b, len);
}
