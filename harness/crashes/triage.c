// SPDX-License-Identifier: GPL-2.0
/*
 * `vmfuzz triage DIR_OR_FILES`: replay raw crash files on the host and group
 * them by BUG title, then the titles by root cause (the first file of each
 * title bisected on the host, about ten runs). A campaign directory stands
 * for its raw crash files
 * (raw-crashes/, afl/NAME/crashes/) and, unless --bugs or --vmalloc is
 * given, the knobs recorded in its campaign.txt; another directory stands
 * for every file below it (walk.h). Replay and grouping are the campaign's
 * own (crashdb_classify()).
 */
#include "campaign.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bisect.h"
#include "bugs.h"
#include "progfile.h"
#include "walk.h"

#define OK_TITLE "ok (no BUG on the host)"

/* The crash database of the campaign (crashdb_classify()), in memory: no
 * directory, nothing minimized or written. */
struct triage {
	struct crashdb db;
	char *ok_example; /* first file that is no BUG */
	unsigned files, errors;
};

static int triage_file(void *arg, const char *path)
{
	struct triage *t = arg;
	struct prog_input in;
	char err[512];
	bool fresh;

	if (progfile_load(path, &in, err, sizeof(err))) {
		fprintf(stderr, "vmfuzz: %s\n", err);
		t->errors++;
		return 0;
	}
	t->files++;
	if (!crashdb_classify(&t->db, path, in.data, in.len, &fresh) &&
	    !t->ok_example)
		t->ok_example = strdup(path);
	free(in.data);
	return 0;
}

static void triage_raw(void *arg, const char *path)
{
	triage_file(arg, path);
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

/* e->cause, unless known: the knobs the title's first file needs under the
 * knobs in force now (bisect.h), or "?". */
static void entry_cause(const struct crashdb *db, struct crash_entry *e)
{
	struct prog_input in;
	struct bisect_result b;
	char err[512];

	if (e->cause[0])
		return;
	snprintf(e->cause, sizeof(e->cause), "?");
	if (progfile_load(e->example, &in, err, sizeof(err)))
		return;
	if (!bisect_host(&in, &db->cfg, false, &b))
		bisect_cause_name(b.cause, e->cause, sizeof(e->cause));
	free(in.data);
}

/* Causes of the titles found so far, under the knobs in force. */
static void causes(struct triage *t)
{
	unsigned i;

	for (i = 0; i < t->db.n; i++)
		entry_cause(&t->db, &t->db.e[i]);
}

static int triage_path(struct triage *t, const char *path, bool knobs_given)
{
	struct vmf_config saved = t->db.cfg;
	char err[CAMPAIGN_PATH + 64];
	struct stat st;

	if (!stat(path, &st) && S_ISDIR(st.st_mode) && is_campaign(path)) {
		if (!knobs_given && campaign_knobs(path, &t->db.cfg))
			return -1;
		raw_crash_walk(path, triage_raw, t);
		causes(t);
		t->db.cfg = saved;
		return 0;
	}
	if (walk_programs(path, triage_file, t, err, sizeof(err))) {
		fprintf(stderr, "vmfuzz: %s\n", err);
		return -1;
	}
	causes(t);
	return 0;
}

struct group {
	const char *title, *example, *cause;
	unsigned count;
};


static int by_count(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->title, y->title);
}

/* The table: one line per title (and the files that are no BUG). */
static int print_groups(struct triage *t)
{
	struct group *g = calloc(t->db.n + 1, sizeof(*g));
	unsigned i, n = 0;

	if (!g)
		return EXIT_USAGE;
	for (i = 0; i < t->db.n; i++) {
		g[n++] = (struct group){ t->db.e[i].title, t->db.e[i].example,
					 t->db.e[i].cause, t->db.e[i].hits };
	}
	if (t->db.unreproduced)
		g[n++] = (struct group){ OK_TITLE, t->ok_example, "-",
					 t->db.unreproduced };
	qsort(g, n, sizeof(*g), by_count);
	printf("%-60s %7s  %-24s %s\n", "TITLE", "COUNT", "CAUSE", "EXAMPLE");
	for (i = 0; i < n; i++)
		printf("%-60s %7u  %-24s %s\n", g[i].title, g[i].count,
		       g[i].cause, g[i].example ? g[i].example : "");
	printf("%u files, %u distinct BUG titles\n", t->files, t->db.n);
	if (t->db.n)
		crashdb_print_causes(t->db.e, t->db.n, stdout);
	free(g);
	return t->db.n ? EXIT_BUG : EXIT_OK;
}

int cmd_triage(int argc, char **argv)
{
	struct triage t;
	const char *bugs = NULL, *vmalloc = NULL;
	char **paths = calloc((size_t)argc + 1, sizeof(*paths));
	int i, k, n = 0, rc = EXIT_USAGE;

	memset(&t, 0, sizeof(t));
	for (i = 0; paths && i < argc; i++) {
		k = knob_option(argc, argv, &i, &t.db.cfg, &bugs, &vmalloc);
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
	crashdb_close(&t.db);
	free(t.ok_example);
	free(paths);
	return rc;
}
