// SPDX-License-Identifier: GPL-2.0
/*
 * OUT/triaged.txt at a resume (after the entries, crashdb_load.c): lines
 * "KEY\tID", the raw crash file below OUT and the crash id it gave ("-":
 * no BUG). The hits of an entry are its keys, so a lost triaged.txt (every
 * raw file replayed again) does not count them twice; a key whose ID names
 * no entry (a deleted crash directory) is dropped and triaged again, so
 * the bug is found again. Lines of older runs hold the key alone: they are
 * dropped too, and their files triaged again once.
 */
#define _GNU_SOURCE /* tsearch(), tdelete(), twalk(), getline() */
#include "campaign.h"

#include <errno.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "crashdb_impl.h"

/* The entry of crash id `id`, or NULL. */
static struct crash_entry *entry_of(struct crashdb *db, const char *id)
{
	unsigned i;

	for (i = 0; i < db->n; i++)
		if (!strcmp(db->e[i].id, id))
			return &db->e[i];
	return NULL;
}

/* One line of triaged.txt, "KEY\tID" (or "KEY" of an older run, or its
 * full path), into the seen set: a later line of a key wins. */
static void triaged_line(struct crashdb *db, char *line)
{
	/* the last tab: a key may hold one, an id never does */
	char *tab = strrchr(line, '\t'), *id = tab ? tab + 1 : "";
	void *node;

	line[strcspn(line, "\r\n")] = '\0';
	if (tab)
		*tab = '\0';
	if (!line[0])
		return;
	node = tfind(raw_crash_key(line), &db->seen, crashdb_cmp_keys);
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

/* twalk() callback: count a key's hit, or note it for a new triage (its
 * crash directory gone, or a line of an older run, without an id). */
static void triaged_node(const void *node, VISIT v, int depth)
{
	struct triaged_walk *w = walk_state;
	const char *key = *(char *const *)node, *id = key + strlen(key) + 1;
	struct crash_entry *e = NULL;

	(void)depth;
	if (v != postorder && v != leaf)
		return;
	if (!strcmp(id, "-") || (id[0] && (e = entry_of(w->db, id)))) {
		if (e) {
			e->hits_seen++;
			if (!e->example[0])
				snprintf(e->example, sizeof(e->example), "%s",
					 key);
		}
		if (w->keep)
			fprintf(w->keep, "%s\t%s\n", key, id);
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

/* Say once per crash directory (and once for the lines without an id)
 * why its raw crash files are triaged again. */
static void say_dropped(const struct crashdb *db, const struct triaged_walk *w)
{
	unsigned i, j, old = 0;

	for (i = 0; i < w->ndrop; i++) {
		const char *id = w->drop[i] + strlen(w->drop[i]) + 1;

		old += !id[0];
		for (j = 0; j < i; j++)
			if (!strcmp(id, w->drop[j] + strlen(w->drop[j]) + 1))
				break;
		if (j == i && id[0])
			fprintf(stderr,
				"vmfuzz: %s/crashes/%s is missing or "
				"unfinished: its raw crash files are triaged "
				"again\n",
				db->out, id);
	}
	if (old)
		fprintf(stderr,
			"vmfuzz: %s/triaged.txt: %u line%s of an older run, "
			"without a crash id: triaged again\n",
			db->out, old, old == 1 ? "" : "s");
}

/* Drop the keys to triage again from the seen set and from triaged.txt
 * (rewritten with the lines kept, `text`). */
static void drop_keys(struct crashdb *db, struct triaged_walk *w,
		      const char *text, size_t len)
{
	char path[CAMPAIGN_PATH + 32];
	unsigned i;

	say_dropped(db, w);
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

void crashdb_load_triaged(struct crashdb *db)
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
	for (i = 0; i < db->n; i++) { /* the hits are the keys */
		struct crash_entry *e = &db->e[i];

		e->dirty |= e->hits != e->hits_seen;
		e->hits = e->hits_seen;
	}
	db->triaged = fopen(path, "a");
}
