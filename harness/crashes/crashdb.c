// SPDX-License-Identifier: GPL-2.0
/*
 * The crash database of a campaign: every raw crash file is replayed once on
 * the host executor; a new BUG title gets OUT/crashes/ID/ with a minimized
 * reproducer and its host report, a known title one more hit in meta.txt.
 * Files in a crash directory are created once and never overwritten, except
 * meta.txt, which is replaced whole. Each is written to a temporary name,
 * fsync'ed and renamed, and meta.txt comes last: a directory without it is
 * unfinished (a full disk, a kill), and its raw file is not marked triaged,
 * so the next run replays it and writes the files still missing.
 */
#define _GNU_SOURCE /* tdestroy() */
#include "campaign.h"

#include <dirent.h>
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

static struct crash_entry *entry_new(struct crashdb *db)
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

static void meta_line(struct crash_entry *e, char *line)
{
	char *v = strchr(line, ':');

	if (!v)
		return;
	*v++ = '\0';
	v += *v == ' ';
	v[strcspn(v, "\r\n")] = '\0';
	if (!strcmp(line, "title"))
		snprintf(e->title, sizeof(e->title), "%s", v);
	else if (!strcmp(line, "hits"))
		e->hits = (unsigned)strtoul(v, NULL, 10);
	else if (!strcmp(line, "first_seen"))
		snprintf(e->first_seen, sizeof(e->first_seen), "%s", v);
	else if (!strcmp(line, "first_seen_s"))
		e->first_s = strtod(v, NULL);
	else if (!strcmp(line, "ops"))
		e->ops = (unsigned)strtoul(v, NULL, 10);
	else if (!strcmp(line, "raw_ops"))
		e->ops_before = (unsigned)strtoul(v, NULL, 10);
	else if (!strcmp(line, "qemu"))
		snprintf(e->qemu, sizeof(e->qemu), "%s", v);
	else if (!strcmp(line, "cause"))
		snprintf(e->cause, sizeof(e->cause), "%s", v);
	else if (!strcmp(line, "bochs"))
		snprintf(e->bochs, sizeof(e->bochs), "%s", v);
	else if (!strcmp(line, "example"))
		snprintf(e->example, sizeof(e->example), "%s", v);
}

/* e->cause: bisect the crash directory's repro.bin under the campaign's
 * knobs ("?" when it cannot be read). */
static void entry_cause(struct crashdb *db, struct crash_entry *e)
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

static void load_entry(struct crashdb *db, const char *id)
{
	char path[CAMPAIGN_PATH + 64], line[CAMPAIGN_PATH + 32];
	struct crash_entry *e;
	FILE *f;

	snprintf(path, sizeof(path), "%s/crashes/%s/meta.txt", db->out, id);
	f = fopen(path, "r");
	if (!f || !(e = entry_new(db))) {
		if (f)
			fclose(f);
		db->unfinished += !f;
		return;
	}
	snprintf(e->id, sizeof(e->id), "%.12s", id);
	while (fgets(line, sizeof(line), f))
		meta_line(e, line);
	fclose(f);
	if (!e->title[0]) {
		db->n--;
		db->unfinished++;
	} else if (!e->cause[0]) { /* a campaign from before bisect */
		entry_cause(db, e);
	}
}

static void load_triaged(struct crashdb *db)
{
	char path[CAMPAIGN_PATH + 32], line[CAMPAIGN_PATH + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/triaged.txt", db->out);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		crashdb_seen_add(db, line); /* older runs: full paths */
	}
	if (f)
		fclose(f);
	db->triaged = fopen(path, "a");
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

void crashdb_seen_add(struct crashdb *db, const char *path)
{
	char *key = strdup(raw_crash_key(path));
	void *node = key ? tsearch(key, &db->seen, crashdb_cmp_keys) : NULL;

	if (!node || *(char **)node != key)
		free(key); /* there already, or out of memory */
}

int crashdb_load(struct crashdb *db, const char *out,
		 const struct vmf_config *cfg)
{
	char path[CAMPAIGN_PATH + 32];
	struct timespec now;
	struct dirent *de;
	DIR *d;

	memset(db, 0, sizeof(*db));
	db->out = out;
	db->cfg = *cfg;
	db->cfg.trace = false;
	clock_gettime(CLOCK_REALTIME, &now);
	db->t0_wall = (double)now.tv_sec + now.tv_nsec / 1e9;
	snprintf(path, sizeof(path), "%s/crashes", out);
	if (mkdir(path, 0755) && errno != EEXIST) {
		fprintf(stderr, "vmfuzz: %s: %s\n", path, strerror(errno));
		return -1;
	}
	d = opendir(path);
	if (!d) { /* crashes/ as a plain file: every crash would be lost */
		fprintf(stderr, "vmfuzz: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			load_entry(db, de->d_name);
	closedir(d);
	load_triaged(db);
	return 0;
}

static int meta_write(struct crashdb *db, struct crash_entry *e)
{
	char path[CAMPAIGN_PATH + 64], text[2 * CAMPAIGN_PATH + 512];
	int n;

	n = snprintf(text, sizeof(text),
		     "title: %s\nhits: %u\nfirst_seen: %s\nfirst_seen_s: %.3f\n"
		     "ops: %u\nraw_ops: %u\nqemu: %s\nbochs: %s\nexample: %s\n"
		     "cause: %s\n",
		     e->title, e->hits, e->first_seen, e->first_s, e->ops,
		     e->ops_before, e->qemu, e->bochs, e->example, e->cause);
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

/* repro.vmf, repro.bin and report.txt of the minimized program *p. Returns
 * 0 when all three are there. */
static int write_repro(struct crashdb *db, const char *dir,
		       const struct vmf_program *p, const char *title)
{
	static u8 bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	struct prog_input in = { "repro.bin", bin, 0 };
	struct exec_result r;
	char *text = min_format_repro(p, title, &db->cfg), *rep = NULL;
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

static void format_time(double t, char *buf, size_t n)
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
	format_time(mtime, e->first_seen, sizeof(e->first_seen));
	prog_decode(data, (u32)len, &p);
	vmf_minimize(&p, &db->cfg, &st);
	e->ops_before = st.ops_before;
	e->ops = p.nops;
	snprintf(dir, sizeof(dir), "%s/crashes/%s", db->out, e->id);
	if (mkdir(dir, 0755) && errno != EEXIST)
		fprintf(stderr, "vmfuzz: %s: %s\n", dir, strerror(errno));
	if (write_repro(db, dir, &p, title) ||
	    (entry_cause(db, e), meta_write(db, e))) {
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
	struct crash_entry *e = entry_new(db);

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
