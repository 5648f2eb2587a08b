// SPDX-License-Identifier: GPL-2.0
/*
 * The end of a campaign that found two-CPU BUGs: for each cause, its
 * smallest two-CPU reproducer (fewest ops, then the earliest), printed with
 * the BUG's interleaving, and whether QEMU's and Bochs' reports are the
 * host's byte for byte (report.txt against qemu.txt and bochs.txt less
 * their last line, the verdict).
 */
#include "campaign.h"

#include <stdlib.h>
#include <string.h>

#include "fileio.h"

#define INTERLEAVING "interleaving (cpu, op, yield points in order):\n"

/* OUT/crashes/ID/NAME, read whole; NULL when it cannot be read. */
static char *crash_text(const struct crashdb *db, const struct crash_entry *e,
			const char *name, size_t *len)
{
	char path[CAMPAIGN_PATH + 64], err[CAMPAIGN_PATH + 128], *text;

	snprintf(path, sizeof(path), "%s/crashes/%s/%s", db->out, e->id, name);
	if (read_whole_file(path, &text, len, err, sizeof(err)))
		return NULL;
	return text;
}

/* The entry's report when it has an interleaving (a two-CPU BUG). */
static char *race_report(const struct crashdb *db, const struct crash_entry *e,
			 size_t *len)
{
	char *text = crash_text(db, e, "report.txt", len);

	if (text && !strstr(text, INTERLEAVING)) {
		free(text);
		text = NULL;
	}
	return text;
}

/* "same" when W.txt less its verdict line is the host's report, byte for
 * byte; "differs" or "missing" otherwise. */
static const char *same_bytes(const struct crashdb *db,
			      const struct crash_entry *e, const char *world,
			      const char *host, size_t hlen)
{
	char name[32], *text, *last;
	const char *v;
	size_t len;

	snprintf(name, sizeof(name), "%s.txt", world);
	if (!(text = crash_text(db, e, name, &len)) || !len) {
		free(text);
		return "missing";
	}
	text[len - 1] = '\0'; /* the verdict line's newline */
	last = strrchr(text, '\n');
	len = last ? (size_t)(last - text) + 1 : 0;
	v = len == hlen && !memcmp(text, host, hlen) ? "same" : "differs";
	free(text);
	return v;
}

/* Print the program (no comments), the title and the interleaving. */
static void print_race(const struct crashdb *db, const struct crash_entry *e,
		       const char *report, FILE *out)
{
	const char *il = strstr(report, INTERLEAVING), *end;
	char *prog, *line, *save = NULL;
	size_t len;

	fprintf(out,
		"\ntwo CPUs, cause %s: %s, %s/crashes/%s/repro.vmf "
		"(%u ops, minimized from %u)\n",
		e->cause, e->title, db->out, e->id, e->ops, e->ops_before);
	if ((prog = crash_text(db, e, "repro.vmf", &len))) {
		for (line = strtok_r(prog, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			if (line[0] != '#')
				fprintf(out, "  %s\n", line);
		free(prog);
	}
	for (end = il + strlen(INTERLEAVING);
	     *end == ' ' && (end = strchr(end, '\n')); end++)
		;
	fprintf(out, "%.*s", (int)((end ? end : il + strlen(il)) - il), il);
}

void crashdb_print_races(const struct crashdb *db, FILE *out)
{
	unsigned i, j, best;
	const char *q, *b;
	char *host;
	size_t hlen;

	for (i = 0; i < db->n; i++) {
		for (j = 0; j < i && strcmp(db->e[j].cause, db->e[i].cause);
		     j++)
			;
		if (j < i) /* cause already done */
			continue;
		host = NULL;
		best = db->n;
		for (j = i; j < db->n; j++) {
			char *r;
			size_t len;

			if (strcmp(db->e[j].cause, db->e[i].cause) ||
			    (best < db->n && db->e[j].ops >= db->e[best].ops) ||
			    !(r = race_report(db, &db->e[j], &len)))
				continue;
			free(host);
			host = r, hlen = len, best = j;
		}
		if (!host)
			continue;
		print_race(db, &db->e[best], host, out);
		q = same_bytes(db, &db->e[best], "qemu", host, hlen);
		b = same_bytes(db, &db->e[best], "bochs", host, hlen);
		if (!strcmp(q, "same") && !strcmp(b, "same"))
			fprintf(out,
				"host, QEMU (2 CPUs) and Bochs (2 CPUs): "
				"the same report, byte for byte (%zu bytes)\n",
				hlen);
		else
			fprintf(out,
				"report (%zu bytes) against the host's: "
				"QEMU %s, Bochs %s\n",
				hlen, q, b);
		free(host);
	}
}
