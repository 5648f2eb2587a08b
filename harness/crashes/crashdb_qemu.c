// SPDX-License-Identifier: GPL-2.0
/*
 * The end of a campaign's crash database: the emulator cross-checks of every
 * minimized reproducer (qemu.txt and bochs.txt, all of them in one boot per
 * emulator) and the summary table.
 */
#define _GNU_SOURCE /* tdestroy() */
#include "campaign.h"

#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bugs.h"

/* The entry's verdict field for emulator w (e->qemu or e->bochs). */
static char *verdict_of(struct crash_entry *e, enum exec_world w)
{
	return w == WORLD_BOCHS ? e->bochs : e->qemu;
}

/* The verdict line of W.txt; sets the entry's verdict for w. */
static void verdict(struct crash_entry *e, const struct exec_result *h,
		    const struct exec_result *q, FILE *f, enum exec_world w)
{
	const char *name = exec_world_names[w];
	char *v = verdict_of(e, w);

	const char *why;
	enum exec_verdict vd = exec_verdict(h, q, true, &why);

	if (vd == VERDICT_AGREE) {
		fprintf(f, "%s: agree (same title and digest)\n", name);
		snprintf(v, sizeof(e->qemu), "agree");
	} else if (vd == VERDICT_EXPLAINED) {
		fprintf(f, "%s: explained (host '%s' at op %u, %s %s '%s'): %s\n",
			name, h->title, h->nops, name,
			exec_outcome_word(q->outcome), q->title, why);
		snprintf(v, sizeof(e->qemu), "explained");
	} else {
		fprintf(f,
			"%s: DISAGREE (host %s digest=%016llx '%s', %s "
			"%s digest=%016llx '%s')\n",
			name, exec_outcome_word(h->outcome), h->digest,
			h->title, name, exec_outcome_word(q->outcome),
			q->digest, q->title);
		snprintf(v, sizeof(e->qemu), "DISAGREE");
	}
	e->dirty = true;
}

/* W.txt of a reproducer the emulator ran; one it did not run gets none
 * (the next run retries), only "W: error" in meta.txt. */
static void write_txt(struct crashdb *db, struct crash_entry *e,
		      const struct exec_result *h, const struct exec_result *q,
		      enum exec_world w)
{
	char path[CAMPAIGN_PATH + 64], err[CAMPAIGN_PATH + 128], *text = NULL;
	size_t len = 0;
	FILE *f;

	if (q->outcome == EXEC_NOTRUN) {
		snprintf(verdict_of(e, w), sizeof(e->qemu), "error");
		e->dirty = true;
		return;
	}
	f = open_memstream(&text, &len);
	if (!f)
		return;
	fputs(q->text ? q->text : "", f);
	exec_print_summary(f, "repro.bin", q);
	verdict(e, h, q, f, w);
	fclose(f);
	snprintf(path, sizeof(path), "%s/crashes/%s/%s.txt", db->out, e->id,
		 exec_world_names[w]);
	if (write_new_file_sync(path, text, len, err, sizeof(err)))
		fprintf(stderr, "vmfuzz: %s\n", err);
	free(text);
}

/* Say why the emulator left reproducers unchecked, if it did. */
static void report_notrun(const struct exec_result *q, unsigned n,
			  const char *why, enum exec_world w)
{
	unsigned i, notrun = 0;

	for (i = 0; i < n; i++)
		notrun += q[i].outcome == EXEC_NOTRUN;
	if (notrun)
		fprintf(stderr,
			"vmfuzz: %s; %u reproducer%s not cross-checked (no "
			"%s.txt; the next run retries)\n",
			why[0] ? why : "the emulator did not run", notrun,
			notrun == 1 ? "" : "s", exec_world_names[w]);
}

/* Indices of the entries without W.txt whose repro.bin loads. */
static unsigned pending(struct crashdb *db, struct prog_input *in,
			unsigned *idx, enum exec_world w)
{
	char path[CAMPAIGN_PATH + 64], err[CAMPAIGN_PATH + 128];
	struct stat st;
	unsigned i, n = 0;

	for (i = 0; i < db->n; i++) {
		snprintf(path, sizeof(path), "%s/crashes/%s/%s.txt", db->out,
			 db->e[i].id, exec_world_names[w]);
		if (!stat(path, &st))
			continue;
		snprintf(path, sizeof(path), "%s/crashes/%s/repro.bin", db->out,
			 db->e[i].id);
		if (progfile_load(path, &in[n], err, sizeof(err)))
			continue;
		in[n].name = db->e[i].title;
		idx[n++] = i;
	}
	return n;
}

void crashdb_replay(struct crashdb *db, enum exec_world w)
{
	struct prog_input *in = calloc(db->n + 1, sizeof(*in));
	struct exec_result *h = calloc(db->n + 1, sizeof(*h));
	struct exec_result *q = calloc(db->n + 1, sizeof(*q));
	unsigned *idx = calloc(db->n + 1, sizeof(*idx)), i, n = 0;
	char why[512] = "";

	if (in && h && q && idx && (n = pending(db, in, idx, w))) {
		printf("replaying %u reproducer%s in %s\n", n,
		       n == 1 ? "" : "s", w == WORLD_BOCHS ? "Bochs" : "QEMU");
		fflush(stdout);
		softmmu_exec(in, n, &db->cfg, h);
		exec_world(w, emu_firmware(), in, n, &db->cfg, q, why,
			   sizeof(why));
	}
	report_notrun(q, n, why, w);
	for (i = 0; i < n; i++) {
		write_txt(db, &db->e[idx[i]], &h[i], &q[i], w);
		exec_result_free(&h[i]);
		exec_result_free(&q[i]);
		free(in[i].data);
	}
	crashdb_flush(db);
	free(in);
	free(h);
	free(q);
	free(idx);
}

static int by_first_seen(const void *a, const void *b)
{
	const struct crash_entry *x = a, *y = b;
	int c = strcmp(x->first_seen, y->first_seen);

	return c ? c : strcmp(x->title, y->title);
}

static int by_cause(const void *a, const void *b)
{
	const struct crash_entry *x = a, *y = b;
	int c = strcmp(x->cause, y->cause);

	return c ? c : strcmp(x->title, y->title);
}

/* " (releases 2.6.0 .. 2.6.11)" for a single knob with a release range. */
static void cause_releases(const char *cause, char *buf, size_t n)
{
	const char *first, *last;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < NR_BUGS; i++)
		if (!strcmp(cause, bug_knobs[i].name) &&
		    bug_release_range(i, &first, &last))
			snprintf(buf, n, " (releases %s .. %s)", first, last);
}

/* The second grouping: "N root causes, M titles", then each cause and its
 * titles. e is sorted by cause. */
void crashdb_print_causes(struct crash_entry *e, unsigned n, FILE *out)
{
	unsigned i, j, causes = 0, titles = 0;
	char rel[64];

	qsort(e, n, sizeof(*e), by_cause);
	for (i = 0; i < n; i++) {
		causes += !i || strcmp(e[i].cause, e[i - 1].cause);
		for (j = 0; j < i && strcmp(e[j].title, e[i].title); j++)
			;
		titles += j == i;
	}
	fprintf(out, "%u root cause%s, %u title%s\n", causes,
		causes == 1 ? "" : "s", titles, titles == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		if (!i || strcmp(e[i].cause, e[i - 1].cause)) {
			cause_releases(e[i].cause, rel, sizeof(rel));
			fprintf(out, "  cause %s%s%s:\n",
				e[i].cause[0] ? e[i].cause : "?", rel,
				strcmp(e[i].cause, "none")
					? ""
					: " -- BUG WITH NO KNOB: core or "
					  "oracle "
					  "bug");
		}
		fprintf(out, "    %s\n", e[i].title);
	}
}

void crashdb_summary(const struct crashdb *db, FILE *out)
{
	struct crash_entry *e = malloc((db->n + 1) * sizeof(*e));
	unsigned i;

	if (!e)
		return;
	memcpy(e, db->e, db->n * sizeof(*e));
	qsort(e, db->n, sizeof(*e), by_first_seen);
	fprintf(out, "%-12s  %-56s %-19s %7s %4s  %-8s  %-8s  %s\n", "ID",
		"TITLE", "FIRST SEEN", "HITS", "OPS", "QEMU", "BOCHS", "CAUSE");
	for (i = 0; i < db->n; i++)
		fprintf(out, "%-12s  %-56s %-19s %7u %4u  %-8s  %-8s  %s\n",
			e[i].id, e[i].title, e[i].first_seen, e[i].hits,
			e[i].ops, e[i].qemu[0] ? e[i].qemu : "-",
			e[i].bochs[0] ? e[i].bochs : "-",
			e[i].cause[0] ? e[i].cause : "?");
	fprintf(out,
		"%u distinct BUG%s; this run: %u raw crash files, %u not "
		"reproduced on the host\n",
		db->n, db->n == 1 ? "" : "s", db->raw, db->unreproduced);
	crashdb_print_causes(e, db->n, out);
	free(e);
}

void crashdb_close(struct crashdb *db)
{
	crashdb_flush(db);
	if (db->triaged)
		fclose(db->triaged);
	free(db->e);
	tdestroy(db->seen, free);
	memset(db, 0, sizeof(*db));
}
