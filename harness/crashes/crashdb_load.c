// SPDX-License-Identifier: GPL-2.0
/*
 * The crash database rebuilt from a campaign directory at a resume. The
 * repro files on disk are the truth; meta.txt, triaged.txt and
 * known-titles.txt are caches of them:
 *
 * - an entry is a directory OUT/crashes/ID whose name is a crash id and
 *   whose title hashes to it; anything else (a backup "ID.bak") is ignored
 *   with one warning;
 * - a meta.txt that is missing, garbage or cut is rebuilt by replaying
 *   repro.bin (or repro.vmf) under the campaign's knobs: the title from the
 *   replay, first seen and raw_ops from repro.vmf's "# found:" line, the
 *   emulator verdicts from qemu.txt / bochs.txt, the cause bisected again;
 * - triaged.txt holds "KEY\tID" lines (ID "-": no BUG): the hits of an
 *   entry are its keys, and a key whose ID names no entry (a deleted crash
 *   directory) is triaged again, so the bug is found again. Lines of older
 *   runs hold the key alone; then meta.txt's hits stand.
 */
#define _GNU_SOURCE /* tsearch(), tdelete() */
#include "campaign.h"

#include <dirent.h>
#include <errno.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "crashdb_impl.h"
#include "progfile.h"

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

/* Twelve lower-case hex digits: the name of a crash directory. */
static bool is_crash_id(const char *name)
{
	return strlen(name) == 12 && strspn(name, "0123456789abcdef") == 12;
}

/* Does title name crash directory id? */
static bool title_names(const char *title, const char *id)
{
	char want[13];

	if (!title[0])
		return false;
	crash_id(title, want);
	return !strcmp(want, id);
}

/* Is dir/name there with some content? */
static bool has_file(const char *dir, const char *name)
{
	char path[CAMPAIGN_PATH + 64];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return !stat(path, &st) && st.st_size > 0;
}

/* Read meta.txt of dir into e (what of it parses). */
static void read_meta(const char *dir, struct crash_entry *e)
{
	char path[CAMPAIGN_PATH + 64], line[CAMPAIGN_PATH + 32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/meta.txt", dir);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		meta_line(e, line);
	if (f)
		fclose(f);
}

/* The verdict word of W.txt's "W: WORD (...)" line, into v (16 bytes),
 * unless v is known already. True when v was set. */
static bool read_verdict(const char *dir, const char *w, char *v)
{
	char path[CAMPAIGN_PATH + 64], line[1024];
	size_t n = strlen(w);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.txt", dir, w);
	f = v[0] ? NULL : fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, w, n) && line[n] == ':' &&
		    line[n + 1] == ' ')
			snprintf(v, 16, "%.*s",
				 (int)strcspn(line + n + 2, " \r\n"),
				 line + n + 2);
	if (f)
		fclose(f);
	return f && v[0];
}

/* repro.vmf's "# found: TIME, S s into its run, minimized from N ops". */
static void read_found(const char *dir, struct crash_entry *e)
{
	char path[CAMPAIGN_PATH + 64], line[256];
	struct stat st;
	FILE *f;

	snprintf(path, sizeof(path), "%s/repro.vmf", dir);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f) && line[0] == '#')
		if (sscanf(line,
			   "# found: %31[^,], %lf s into its run, "
			   "minimized from %u ops",
			   e->first_seen, &e->first_s, &e->ops_before) >= 2)
			break;
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "%s/repro.bin", dir);
	if (!e->first_seen[0] && !stat(path, &st)) /* a campaign before it */
		crashdb_format_time((double)st.st_mtim.tv_sec, e->first_seen,
				    sizeof(e->first_seen));
}

/* The program of dir: repro.bin, else repro.vmf. */
static int load_repro(const char *dir, struct vmf_program *p)
{
	char path[CAMPAIGN_PATH + 64], err[CAMPAIGN_PATH + 128];

	snprintf(path, sizeof(path), "%s/repro.bin", dir);
	if (has_file(dir, "repro.bin") &&
	    !progfile_program(path, p, err, sizeof(err)))
		return 0;
	snprintf(path, sizeof(path), "%s/repro.vmf", dir);
	return has_file(dir, "repro.vmf")
		       ? progfile_program(path, p, err, sizeof(err))
		       : -1;
}

/* The BUG title of *p under db's knobs, into title ("" when ok). */
static void replay_title(struct crashdb *db, const struct vmf_program *p,
			 char *title)
{
	static u8 bin[VMF_MAX_OPS * VMF_OP_MAX_BYTES];
	struct prog_input in = { "repro.bin", bin, 0 };
	struct exec_result r;

	memset(&r, 0, sizeof(r));
	in.len = prog_encode(p, bin, sizeof(bin));
	softmmu_exec(&in, 1, &db->cfg, &r);
	snprintf(title, VMF_TITLE_MAX, "%s",
		 r.outcome == EXEC_BUG ? r.title : "");
	exec_result_free(&r);
}

/*
 * Entry e of dir, its meta.txt unusable (or a repro file missing): rebuild
 * it from the repro program. Returns 0; 1 when there is no program (an
 * unfinished directory); -1 when the program does not give the title
 * naming dir (said).
 */
static int rebuild(struct crashdb *db, struct crash_entry *e, const char *dir)
{
	static struct vmf_program p;
	char title[VMF_TITLE_MAX];

	if (load_repro(dir, &p))
		return 1;
	replay_title(db, &p, title);
	if (!title_names(title, e->id)) {
		fprintf(stderr,
			"vmfuzz: %s: its reproducer gives '%s' under these "
			"knobs, not the title of this id: ignored\n",
			dir, title[0] ? title : "ok");
		return -1;
	}
	if (strcmp(e->title, title)) { /* meta.txt is of no use */
		fprintf(stderr,
			"vmfuzz: %s/meta.txt: missing or damaged, "
			"rebuilt from the reproducer\n",
			dir);
		memset(e, 0, sizeof(*e));
		crash_id(title, e->id);
		snprintf(e->title, sizeof(e->title), "%s", title);
		read_found(dir, e);
	}
	e->ops = p.nops;
	if (!e->ops_before)
		e->ops_before = e->ops;
	e->dirty = true;
	return crashdb_write_repro(db, e, dir, &p) ? 1 : 0;
}

static void load_entry(struct crashdb *db, const char *name)
{
	char dir[CAMPAIGN_PATH + 32];
	struct crash_entry *e;
	struct stat st;
	int rc = 0;

	snprintf(dir, sizeof(dir), "%s/crashes/%s", db->out, name);
	if (!is_crash_id(name) || stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr,
			"vmfuzz: %s: not a crash directory (its name "
			"is no crash id), ignored\n",
			dir);
		return;
	}
	if (!(e = crashdb_entry_new(db)))
		return;
	snprintf(e->id, sizeof(e->id), "%s", name);
	read_meta(dir, e);
	if (!title_names(e->title, e->id) || !has_file(dir, "repro.vmf") ||
	    !has_file(dir, "repro.bin") || !has_file(dir, "report.txt"))
		rc = rebuild(db, e, dir);
	if (rc) {
		db->n--;
		db->unfinished += rc > 0;
		return;
	}
	e->dirty |= read_verdict(dir, "qemu", e->qemu);
	e->dirty |= read_verdict(dir, "bochs", e->bochs);
	if (!e->cause[0]) /* rebuilt, or a campaign from before bisect */
		crashdb_entry_cause(db, e);
}

/* The entry of crash id `id`, or NULL. */
static struct crash_entry *entry_of(struct crashdb *db, const char *id)
{
	unsigned i;

	for (i = 0; i < db->n; i++)
		if (!strcmp(db->e[i].id, id))
			return &db->e[i];
	return NULL;
}

/* One line of triaged.txt, "KEY\tID" (or "KEY" of an older run), into the
 * seen set: a later line of a key wins. */
static void triaged_line(struct crashdb *db, char *line)
{
	char *tab = strchr(line, '\t'), *id = tab ? tab + 1 : "";
	void *node;

	line[strcspn(line, "\r\n")] = '\0';
	if (tab)
		*tab = '\0';
	db->legacy |= !tab;
	node = tfind(line, &db->seen, crashdb_cmp_keys);
	if (node) {
		char *k = *(char **)node;

		snprintf(k + strlen(k) + 1, 13, "%s", id);
		return;
	}
	crashdb_seen_add(db, line, id);
}

struct triaged_walk {
	struct crashdb *db;
	char **drop; /* keys whose crash directory is gone */
	unsigned ndrop, cap;
	FILE *keep; /* the lines kept, for triaged.txt again */
};

static struct triaged_walk *walk_state;

/* twalk() callback: count a key's hit, or note it for a new triage. */
static void triaged_node(const void *node, VISIT v, int depth)
{
	struct triaged_walk *w = walk_state;
	const char *key = *(char *const *)node, *id = key + strlen(key) + 1;
	struct crash_entry *e;

	(void)depth;
	if (v != postorder && v != leaf)
		return;
	if (!id[0] || !strcmp(id, "-") || (e = entry_of(w->db, id))) {
		if (id[0] && strcmp(id, "-")) {
			e->hits_seen++;
			if (!e->example[0])
				snprintf(e->example, sizeof(e->example), "%s",
					 key);
		}
		if (w->keep)
			fprintf(w->keep, "%s%s%s\n", key, id[0] ? "\t" : "",
				id);
		return;
	}
	if (w->ndrop == w->cap) {
		char **d = realloc(w->drop, (w->cap * 2 + 16) * sizeof(*d));

		if (!d)
			return;
		w->drop = d;
		w->cap = w->cap * 2 + 16;
	}
	w->drop[w->ndrop++] = (char *)key;
}

/* Drop the keys of crash directories that are gone from the seen set and
 * from triaged.txt (rewritten), saying so once per directory. */
static void drop_keys(struct crashdb *db, struct triaged_walk *w,
		      const char *text, size_t len)
{
	char path[CAMPAIGN_PATH + 32];
	unsigned i, j;

	for (i = 0; i < w->ndrop; i++) {
		const char *id = w->drop[i] + strlen(w->drop[i]) + 1;

		for (j = 0; j < i; j++)
			if (!strcmp(id, w->drop[j] + strlen(w->drop[j]) + 1))
				break;
		if (j == i)
			fprintf(stderr,
				"vmfuzz: %s/crashes/%s is missing or "
				"unfinished: its raw crash files are triaged "
				"again\n",
				db->out, id);
	}
	for (i = 0; i < w->ndrop; i++) {
		char *key = w->drop[i];

		tdelete(key, &db->seen, crashdb_cmp_keys);
		free(key);
	}
	db->dropped = w->ndrop;
	snprintf(path, sizeof(path), "%s/triaged.txt", db->out);
	if (text && replace_file(path, text, len))
		fprintf(stderr, "vmfuzz: %s: cannot write: %s\n", path,
			strerror(errno));
}

static void load_triaged(struct crashdb *db)
{
	struct triaged_walk w = { db, NULL, 0, 0, NULL };
	char path[CAMPAIGN_PATH + 32], *line = NULL, *text = NULL;
	size_t cap = 0, len = 0;
	unsigned i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/triaged.txt", db->out);
	f = fopen(path, "r");
	while (f && getline(&line, &cap, f) > 0)
		triaged_line(db, line);
	if (f)
		fclose(f);
	free(line);
	w.keep = open_memstream(&text, &len);
	walk_state = &w;
	twalk(db->seen, triaged_node);
	walk_state = NULL;
	if (w.keep)
		fclose(w.keep);
	if (w.ndrop)
		drop_keys(db, &w, text, len);
	free(text);
	free(w.drop);
	for (i = 0; i < db->n; i++) { /* keyed lines: the hits are the keys */
		struct crash_entry *e = &db->e[i];

		if (e->hits != e->hits_seen &&
		    (!db->legacy || e->hits < e->hits_seen)) {
			e->hits = e->hits_seen;
			e->dirty = true;
		}
	}
	db->triaged = fopen(path, "a");
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
