// SPDX-License-Identifier: GPL-2.0
/*
 * The end of a campaign's crash database: the QEMU cross-check of every
 * minimized reproducer (qemu.txt, all of them in one boot) and the summary
 * table.
 */
#define _XOPEN_SOURCE 700
#include "campaign.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* The verdict line of qemu.txt; sets e->qemu. */
static void verdict(struct crash_entry *e, const struct exec_result *h,
		    const struct exec_result *q, FILE *f)
{
	if (exec_agree(h, q)) {
		fprintf(f, "qemu: agree (same title and digest)\n");
		snprintf(e->qemu, sizeof(e->qemu), "agree");
	} else {
		fprintf(f,
			"qemu: DISAGREE (host %s digest=%016llx '%s', qemu "
			"%s digest=%016llx '%s')\n",
			exec_outcome_word(h->outcome), h->digest, h->title,
			exec_outcome_word(q->outcome), q->digest, q->title);
		snprintf(e->qemu, sizeof(e->qemu), "DISAGREE");
	}
	e->dirty = true;
}

/* qemu.txt of a reproducer QEMU ran; one it did not run gets none (the
 * next run retries), only "qemu: error" in meta.txt. */
static void write_qemu_txt(struct crashdb *db, struct crash_entry *e,
			   const struct exec_result *h,
			   const struct exec_result *q)
{
	char path[CAMPAIGN_PATH + 64], err[CAMPAIGN_PATH + 128], *text = NULL;
	size_t len = 0;
	FILE *f;

	if (q->outcome == EXEC_NOTRUN) {
		snprintf(e->qemu, sizeof(e->qemu), "error");
		e->dirty = true;
		return;
	}
	f = open_memstream(&text, &len);
	if (!f)
		return;
	fputs(q->text ? q->text : "", f);
	exec_print_summary(f, "repro.bin", q);
	verdict(e, h, q, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/crashes/%s/qemu.txt", db->out, e->id);
	if (write_new_file_sync(path, text, len, err, sizeof(err)))
		fprintf(stderr, "vmfuzz: %s\n", err);
	free(text);
}

/* Say why QEMU left reproducers unchecked, if it did. */
static void report_notrun(const struct exec_result *q, unsigned n,
			  const char *why)
{
	unsigned i, notrun = 0;

	for (i = 0; i < n; i++)
		notrun += q[i].outcome == EXEC_NOTRUN;
	if (notrun)
		fprintf(stderr,
			"vmfuzz: %s; %u reproducer%s not cross-checked (no "
			"qemu.txt; the next run retries)\n",
			why[0] ? why : "qemu did not run", notrun,
			notrun == 1 ? "" : "s");
}

/* Indices of the entries without qemu.txt whose repro.bin loads. */
static unsigned pending(struct crashdb *db, struct prog_input *in,
			unsigned *idx)
{
	char path[CAMPAIGN_PATH + 64], err[CAMPAIGN_PATH + 128];
	struct stat st;
	unsigned i, n = 0;

	for (i = 0; i < db->n; i++) {
		snprintf(path, sizeof(path), "%s/crashes/%s/qemu.txt", db->out,
			 db->e[i].id);
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

void crashdb_qemu(struct crashdb *db)
{
	struct prog_input *in = calloc(db->n + 1, sizeof(*in));
	struct exec_result *h = calloc(db->n + 1, sizeof(*h));
	struct exec_result *q = calloc(db->n + 1, sizeof(*q));
	unsigned *idx = calloc(db->n + 1, sizeof(*idx)), i, n = 0;
	char why[512] = "";

	if (in && h && q && idx && (n = pending(db, in, idx))) {
		printf("replaying %u reproducer%s in QEMU\n", n,
		       n == 1 ? "" : "s");
		fflush(stdout);
		softmmu_exec(in, n, &db->cfg, h);
		qemu_exec(cli_firmware(), in, n, &db->cfg, q, why, sizeof(why));
	}
	report_notrun(q, n, why);
	for (i = 0; i < n; i++) {
		write_qemu_txt(db, &db->e[idx[i]], &h[i], &q[i]);
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

void crashdb_summary(const struct crashdb *db, FILE *out)
{
	struct crash_entry *e = malloc((db->n + 1) * sizeof(*e));
	unsigned i;

	if (!e)
		return;
	memcpy(e, db->e, db->n * sizeof(*e));
	qsort(e, db->n, sizeof(*e), by_first_seen);
	fprintf(out, "%-12s  %-56s %-19s %7s %4s  %s\n", "ID", "TITLE",
		"FIRST SEEN", "HITS", "OPS", "QEMU");
	for (i = 0; i < db->n; i++)
		fprintf(out, "%-12s  %-56s %-19s %7u %4u  %s\n", e[i].id,
			e[i].title, e[i].first_seen, e[i].hits, e[i].ops,
			e[i].qemu[0] ? e[i].qemu : "-");
	fprintf(out,
		"%u distinct BUG%s; this run: %u raw crash files, %u not "
		"reproduced on the host\n",
		db->n, db->n == 1 ? "" : "s", db->raw, db->unreproduced);
	free(e);
}

void crashdb_close(struct crashdb *db)
{
	crashdb_flush(db);
	if (db->triaged)
		fclose(db->triaged);
	free(db->e);
	free(db->seen);
	memset(db, 0, sizeof(*db));
}
