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
 * - then triaged.txt (crashdb_triaged.c).
 */
#include "campaign.h"

#include <dirent.h>
#include <errno.h>
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
	if (rc) { /* unfinished: its raw files complete it (their keys are
		     triaged again) */
		db->n--;
		return;
	}
	e->dirty |= read_verdict(dir, "qemu", e->qemu);
	e->dirty |= read_verdict(dir, "bochs", e->bochs);
	if (!e->cause[0]) /* rebuilt, or a campaign from before bisect */
		crashdb_entry_cause(db, e);
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
	crashdb_load_triaged(db);
	return 0;
}
