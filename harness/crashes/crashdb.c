// SPDX-License-Identifier: GPL-2.0
/*
 * The crash database of a campaign: every raw crash file is replayed once on
 * the host executor; a new BUG title gets OUT/crashes/ID/ with a minimized
 * reproducer and its host report, a known title one more hit in meta.txt.
 * Files in a crash directory are created once and never overwritten, except
 * meta.txt, which is replaced whole. Each is written to a temporary name,
 * fsync'ed and renamed, and meta.txt comes last: a directory without it is
 * unfinished (a full disk, a kill), and its raw file is not marked triaged,
 * so the next run replays it and writes the files still missing. The next
 * run reads them back in crashdb_load.c.
 */
#define _GNU_SOURCE /* tsearch(), open_memstream() */
#include "bugs.h"
#include "campaign.h"

#include <errno.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bisect.h"
#include "crashdb_impl.h"
#include "minimize.h"
#include "progfile.h"

struct crash_entry *crashdb_entry_new(struct crashdb *db)
{
	struct crash_entry *e = db->e;

	if (db->n == db->cap) {
		db->cap = db->cap ? db->cap * 2 : 16;
		e = realloc(db->e, db->cap * sizeof(*e));
		if (!e)
			return NULL;
		db->e = e;
	}
	e = &db->e[db->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

void crashdb_entry_cause(struct crashdb *db, struct crash_entry *e)
{
	char path[CAMPAIGN_PATH + 64], err[CAMPAIGN_PATH + 128];
	struct bisect_result r;
	struct prog_input in;

	snprintf(e->cause, sizeof(e->cause), "?");
	snprintf(path, sizeof(path), "%s/crashes/%s/repro.bin", db->out, e->id);
	if (progfile_load(path, &in, err, sizeof(err)))
		return;
	if (!bisect_host(&in, &db->cfg, false, &r) && r.kind != BISECT_NONE)
		bisect_cause_name(r.cause, e->cause, sizeof(e->cause));
	free(in.data);
	e->dirty = true;
}

/* DIR/known-titles.txt: every title so far, one per line. The engines'
 * targets return instead of crashing on these (VMFUZZ_KNOWN_TITLES), so a
 * bug found once stops costing a crash and a restart per hit. */
void crashdb_write_known(const struct crashdb *db)
{
	char path[CAMPAIGN_PATH + 32], *text;
	size_t len = 0;
	unsigned i;

	text = malloc((size_t)db->n * sizeof(db->e[0].title) + 1);
	if (!text)
		return;
	for (i = 0; i < db->n; i++)
		len += (size_t)sprintf(text + len, "%s\n", db->e[i].title);
	snprintf(path, sizeof(path), "%s/known-titles.txt", db->out);
	if (replace_file(path, text, len))
		fprintf(stderr, "vmfuzz: %s: cannot write: %s\n", path,
			strerror(errno));
	free(text);
}

int crashdb_cmp_keys(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* A node of db->seen: the key, its NUL, then the crash id (13 bytes). */
void crashdb_seen_add(struct crashdb *db, const char *path, const char *id)
{
	const char *k = raw_crash_key(path);
	size_t n = strlen(k) + 1;
	char *key = malloc(n + 13);
	void *node;

	if (key) {
		memcpy(key, k, n);
		snprintf(key + n, 13, "%s", id);
	}
	node = key ? tsearch(key, &db->seen, crashdb_cmp_keys) : NULL;
	if (!node || *(char **)node != key)
		free(key); /* there already, or out of memory */
}

static int meta_write(struct crashdb *db, struct crash_entry *e)
{
	char path[CAMPAIGN_PATH + 64], text[2 * CAMPAIGN_PATH + 768];
	char knobs[BUGS_FORMAT_MAX + 32];
	int n;

	min_format_knobs(&db->cfg, knobs, sizeof(knobs));
	n = snprintf(text, sizeof(text),
		     "title: %s\nhits: %u\nfirst_seen: %s\nfirst_seen_s: %.3f\n"
		     "ops: %u\nraw_ops: %u\nqemu: %s\nbochs: %s\nexample: %s\n"
		     "cause: %s\nknobs: %s\n",
		     e->title, e->hits, e->first_seen, e->first_s, e->ops,
		     e->ops_before, e->qemu, e->bochs,
		     raw_crash_key(e->example), e->cause, knobs);
	snprintf(path, sizeof(path), "%s/crashes/%s/meta.txt", db->out, e->id);
	if (n > 0 && replace_file(path, text, strlen(text))) {
		fprintf(stderr, "vmfuzz: %s: cannot write: %s\n", path,
			strerror(errno));
		return -1;
	}
	e->dirty = false;
	return 0;
}

void crashdb_flush(struct crashdb *db)
{
	unsigned i;

	for (i = 0; i < db->n; i++)
		if (db->e[i].dirty)
			meta_write(db, &db->e[i]);
	if (db->triaged)
		fflush(db->triaged);
}

/* Create dir/name with data unless it exists with some content (an empty
 * one is what an older run left on a full disk). Returns 0 or -1. */
static int crash_file(const char *dir, const char *name, const void *data,
		      size_t len)
{
	char path[CAMPAIGN_PATH + 64], err[CAMPAIGN_PATH + 128];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!stat(path, &st)) {
		if (st.st_size > 0)
			return 0;
		unlink(path);
	}
	if (!write_new_file_sync(path, data, len, err, sizeof(err)))
		return 0;
	fprintf(stderr, "vmfuzz: %s\n", err);
	return -1;
}

/* repro.vmf's text: min_format_repro() with a "# found:" line after the
 * knobs (first_seen, first_seen_s and raw_ops survive a lost meta.txt). */
static char *repro_text(struct crashdb *db, const struct crash_entry *e,
			const struct vmf_program *p)
{
	char *text = min_format_repro(p, e->title, &db->cfg), *at, *out;
	char found[128];
	size_t n, fl;

	if (!text || !(at = strstr(text, "\n# minimized by ")))
		return text;
	fl = (size_t)snprintf(found, sizeof(found),
			      "\n# found: %s, %.3f s into its run, minimized "
			      "from %u ops",
			      e->first_seen, e->first_s, e->ops_before);
	n = (size_t)(at - text);
	out = malloc(strlen(text) + fl + 1);
	if (out) {
		memcpy(out, text, n);
		memcpy(out + n, found, fl);
		strcpy(out + n + fl, at);
	}
	free(text);
	return out;
}

int crashdb_write_repro(struct crashdb *db, const struct crash_entry *e,
			const char *dir, const struct vmf_program *p)
{
	static u8 bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	struct prog_input in = { "repro.bin", bin, 0 };
	struct exec_result r;
	char *text = repro_text(db, e, p), *rep = NULL;
	size_t replen = 0;
	int rc;
	FILE *f;

	in.len = prog_encode(p, bin, sizeof(bin));
	rc = text ? crash_file(dir, "repro.vmf", text, strlen(text)) : -1;
	rc |= crash_file(dir, "repro.bin", bin, in.len);
	free(text);
	memset(&r, 0, sizeof(r));
	softmmu_exec(&in, 1, &db->cfg, &r);
	f = open_memstream(&rep, &replen);
	if (f) {
		fputs(r.text ? r.text : "", f);
		exec_print_summary(f, in.name, &r);
		fclose(f);
	}
	rc |= rep ? crash_file(dir, "report.txt", rep, replen) : -1;
	free(rep);
	exec_result_free(&r);
	return rc;
}

void crashdb_format_time(double t, char *buf, size_t n)
{
	time_t s = (time_t)t;
	struct tm tm;

	localtime_r(&s, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
}

/* A new title, entry e (just added by crashdb_classify() or entry_add()):
 * minimize the raw program, fill its crash directory, find its cause.
 * Returns 0, or -1 when a file could not be written: the entry is dropped
 * and the directory left without meta.txt, for the next run to complete. */
int crashdb_new_entry(struct crashdb *db, struct crash_entry *e, const u8 *data,
		      size_t len, double mtime)
{
	static struct vmf_program p;
	const char *title = e->title;
	char dir[CAMPAIGN_PATH + 32];
	struct min_stats st = { 0 };

	e->first_s = mtime > db->t0_wall ? mtime - db->t0_wall : 0;
	crashdb_format_time(mtime, e->first_seen, sizeof(e->first_seen));
	prog_decode(data, (u32)len, &p);
	vmf_minimize(&p, &db->cfg, &st);
	e->ops_before = st.ops_before;
	e->ops = p.nops;
	snprintf(dir, sizeof(dir), "%s/crashes/%s", db->out, e->id);
	if (mkdir(dir, 0755) && errno != EEXIST)
		fprintf(stderr, "vmfuzz: %s: %s\n", dir, strerror(errno));
	if (crashdb_write_repro(db, e, dir, &p) ||
	    (crashdb_entry_cause(db, e), meta_write(db, e))) {
		fprintf(stderr,
			"vmfuzz: %s: unfinished (%s); the next run "
			"completes it\n",
			dir, e->example);
		db->n--;
		return -1;
	}
	printf("new: %s -> %s (%u ops, from %u, cause %s) after %.1fs\n", title,
	       dir, e->ops, e->ops_before, e->cause, e->first_s);
	fflush(stdout);
	return 0;
}

/* A new entry for title, first seen in raw file path; NULL when out of
 * memory. */
struct crash_entry *crashdb_entry_add(struct crashdb *db, const char *title,
				      const char *path)
{
	struct crash_entry *e = crashdb_entry_new(db);

	if (!e)
		return NULL;
	crash_id(title, e->id);
	snprintf(e->title, sizeof(e->title), "%s", title);
	snprintf(e->example, sizeof(e->example), "%s", path);
	e->hits = 1;
	return e;
}

struct crash_entry *crashdb_classify(struct crashdb *db, const char *path,
				     const u8 *data, size_t len, bool *fresh)
{
	struct prog_input in = { path, (unsigned char *)data, (unsigned)len };
	struct crash_entry *e;
	struct exec_result r;
	unsigned i;

	db->raw++;
	*fresh = false;
	memset(&r, 0, sizeof(r));
	softmmu_exec(&in, 1, &db->cfg, &r);
	exec_result_free(&r);
	if (r.outcome != EXEC_BUG) {
		db->unreproduced++;
		return NULL;
	}
	for (i = 0; i < db->n; i++) {
		if (!strcmp(db->e[i].title, r.title)) {
			db->e[i].hits++;
			return &db->e[i];
		}
	}
	if (!(e = crashdb_entry_add(db, r.title, path)))
		return NULL;
	*fresh = true;
	return e;
}
