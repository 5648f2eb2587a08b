// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz triage DIR_OR_FILES`: replay raw crash files on the host and group
 * them by BUG title and root cause (each file bisected on the host, about
 * ten runs), then the titles by cause. A campaign directory stands for its raw
 * crash files (raw-crashes/, afl/NAME/crashes/) and, unless --bugs or --vmalloc
 * is given, the knobs recorded in its campaign.txt; another directory stands
 * for every file below it.
 */
#define _XOPEN_SOURCE 700
#include "campaign.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bisect.h"
#include "bugs.h"
#include "progfile.h"

#define OK_TITLE "ok (no BUG on the host)"

struct group {
	char title[VMF_TITLE_MAX];
	unsigned count;
	char *example;
	char cause[64]; /* its root cause (bisect.h); "-" for ok */
};

struct triage {
	struct vmf_config cfg;
	struct group *g;
	unsigned n, files, errors;
};

/* The group of (title, cause), created when new. */
static struct group *group_of(struct triage *t, const char *title,
			      const char *cause)
{
	struct group *g;
	unsigned i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->g[i].title, title) &&
		    !strcmp(t->g[i].cause, cause))
			return &t->g[i];
	g = realloc(t->g, (t->n + 1) * sizeof(*g));
	if (!g)
		return NULL;
	t->g = g;
	g = &t->g[t->n++];
	memset(g, 0, sizeof(*g));
	snprintf(g->title, sizeof(g->title), "%s", title);
	snprintf(g->cause, sizeof(g->cause), "%s", cause);
	return g;
}

static void triage_file(void *arg, const char *path)
{
	struct triage *t = arg;
	struct prog_input in;
	struct bisect_result b;
	struct exec_result r;
	struct group *g;
	char err[512], cause[64];

	memset(&r, 0, sizeof(r));
	if (progfile_load(path, &in, err, sizeof(err))) {
		fprintf(stderr, "vmfuzz: %s\n", err);
		t->errors++;
		return;
	}
	t->files++;
	softmmu_exec(&in, 1, &t->cfg, &r);
	snprintf(cause, sizeof(cause), "-");
	if (r.outcome == EXEC_BUG && !bisect_host(&in, &t->cfg, false, &b))
		bisect_cause_name(b.cause, cause, sizeof(cause));
	g = group_of(t, r.outcome == EXEC_BUG ? r.title : OK_TITLE, cause);
	if (g && !g->count++)
		g->example = strdup(path);
	exec_result_free(&r);
	free(in.data);
}

int campaign_knobs(const char *out, struct vmf_config *cfg)
{
	char path[CAMPAIGN_PATH + 32], line[512], *end;
	const char *bad;
	u32 badlen;
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/campaign.txt", out);
	f = fopen(path, "r");
	while (f && !rc && fgets(line, sizeof(line), f)) {
		end = line + strcspn(line, "\r\n");
		*end = '\0';
		if (!strncmp(line, "bugs: ", 6))
			rc = bugs_parse(line + 6, (u32)(end - line - 6),
					&cfg->bugs, &bad, &badlen);
		else if (!strncmp(line, "vmalloc: ", 9) && line[9])
			rc = vmf_parse_vmalloc(line + 9, (u32)(end - line - 9),
					       &cfg->vmalloc_reserve);
	}
	if (f)
		fclose(f);
	if (rc)
		fprintf(stderr, "vmfuzz: %s: bad knob line '%s'\n", path, line);
	return rc;
}

static bool is_campaign(const char *dir)
{
	char path[CAMPAIGN_PATH + 32];
	struct stat st;

	snprintf(path, sizeof(path), "%s/raw-crashes", dir);
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return true;
	snprintf(path, sizeof(path), "%s/afl", dir);
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static struct triage *walking;

static int walk_one(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	if (type == FTW_F && S_ISREG(st->st_mode) &&
	    !skip_name(path + ftw->base))
		triage_file(walking, path);
	return 0;
}

static int triage_path(struct triage *t, const char *path, bool knobs_given)
{
	struct vmf_config saved = t->cfg;
	struct stat st;

	if (stat(path, &st)) {
		fprintf(stderr, "vmfuzz: %s: no such file or directory\n",
			path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		triage_file(t, path);
		return 0;
	}
	if (!is_campaign(path)) {
		walking = t;
		return nftw(path, walk_one, 16, FTW_PHYS) ? -1 : 0;
	}
	if (!knobs_given && campaign_knobs(path, &t->cfg))
		return -1;
	raw_crash_walk(path, triage_file, t);
	t->cfg = saved;
	return 0;
}

static int by_count(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->title, y->title);
}

/* The BUG titles grouped by cause (crashdb_print_causes). */
static void print_causes(const struct triage *t)
{
	struct crash_entry *e = calloc(t->n + 1, sizeof(*e));
	unsigned i, n = 0;

	for (i = 0; e && i < t->n; i++) {
		if (!strcmp(t->g[i].title, OK_TITLE))
			continue;
		snprintf(e[n].title, sizeof(e[n].title), "%s", t->g[i].title);
		snprintf(e[n].cause, sizeof(e[n].cause), "%s", t->g[i].cause);
		n++;
	}
	if (e && n)
		crashdb_print_causes(e, n, stdout);
	free(e);
}

static int print_groups(struct triage *t)
{
	unsigned i, j, bugs = 0;

	qsort(t->g, t->n, sizeof(*t->g), by_count);
	printf("%-60s %7s  %-24s %s\n", "TITLE", "COUNT", "CAUSE", "EXAMPLE");
	for (i = 0; i < t->n; i++) {
		bool ok = !strcmp(t->g[i].title, OK_TITLE);

		printf("%-60s %7u  %-24s %s\n", t->g[i].title, t->g[i].count,
		       t->g[i].cause, t->g[i].example ? t->g[i].example : "");
		for (j = 0; j < i && strcmp(t->g[j].title, t->g[i].title); j++)
			;
		bugs += !ok && j == i;
	}
	printf("%u files, %u distinct BUG titles\n", t->files, bugs);
	print_causes(t);
	for (i = 0; i < t->n; i++)
		free(t->g[i].example);
	free(t->g);
	return bugs ? EXIT_BUG : EXIT_OK;
}

int cmd_triage(int argc, char **argv)
{
	struct triage t;
	const char *bugs = NULL, *vmalloc = NULL;
	char **paths = calloc((size_t)argc + 1, sizeof(*paths));
	int i, k, n = 0, rc = EXIT_USAGE;

	memset(&t, 0, sizeof(t));
	for (i = 0; paths && i < argc; i++) {
		k = knob_option(argc, argv, &i, &t.cfg, &bugs, &vmalloc);
		if (k < 0)
			goto out;
		if (!k && argv[i][0] == '-') {
			fprintf(stderr, "vmfuzz: triage: unknown option '%s'\n",
				argv[i]);
			goto out;
		}
		if (!k)
			paths[n++] = argv[i];
	}
	if (!n) {
		fprintf(stderr, "vmfuzz: triage needs a directory or files\n");
		goto out;
	}
	for (i = 0; i < n; i++)
		if (triage_path(&t, paths[i], bugs || vmalloc))
			goto out;
	rc = t.errors ? EXIT_USAGE : print_groups(&t);
out:
	free(paths);
	return rc;
}
