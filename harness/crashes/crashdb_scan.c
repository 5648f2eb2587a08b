// SPDX-License-Identifier: GPL-2.0
/*
 * The crash database's side that reads raw crash files (see crashdb.c): the
 * set of files replayed already, the scan of OUT for new ones (skipping
 * files an engine may still be writing), and the completion of crash
 * directories that a full disk or a kill left without meta.txt.
 */
#define _GNU_SOURCE /* tsearch() */
#include "campaign.h"

#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "crashdb_impl.h"

#define SETTLE_S 1.0

/* Was the raw crash file at path (its key below OUT) replayed already? */
static bool seen_has(const struct crashdb *db, const char *path)
{
	return tfind(raw_crash_key(path), &db->seen, crashdb_cmp_keys) != NULL;
}

/* Does OUT/crashes/<id of title> exist without its meta.txt? */
static bool unfinished_dir(const struct crashdb *db, const char *title)
{
	char id[13], path[CAMPAIGN_PATH + 64];
	struct stat st;

	crash_id(title, id);
	snprintf(path, sizeof(path), "%s/crashes/%s/meta.txt", db->out, id);
	if (!stat(path, &st) && st.st_size > 0)
		return false;
	snprintf(path, sizeof(path), "%s/crashes/%s", db->out, id);
	return !stat(path, &st);
}

/* A triaged raw file whose title's crash directory a full disk or a kill
 * left unfinished: complete it. Returns -1 when it still cannot be written. */
static int finish_replay(struct crashdb *db, const char *path, const u8 *data,
			 size_t len, double mtime)
{
	struct prog_input in = { path, (unsigned char *)data, (unsigned)len };
	struct crash_entry *e;
	struct exec_result r;
	unsigned i;

	memset(&r, 0, sizeof(r));
	softmmu_exec(&in, 1, &db->cfg, &r);
	exec_result_free(&r);
	if (r.outcome != EXEC_BUG || !unfinished_dir(db, r.title))
		return 0;
	for (i = 0; i < db->n; i++)
		if (!strcmp(db->e[i].title, r.title))
			return 0;
	e = crashdb_entry_add(db, r.title, path);
	return e ? crashdb_new_entry(db, e, data, len, mtime) : -1;
}

/*
 * Replay one raw crash file: a hit, a new entry, or not reproduced. With
 * `finish_only`, only a title whose directory is unfinished counts (an
 * already triaged file, replayed to complete what a full disk cut short).
 * Returns -1 when the crash directory could not be written.
 */
static int replay(struct crashdb *db, const char *path, char *data, size_t len,
		  const struct stat *st, bool finish_only, char id[13])
{
	struct crash_entry *e;
	bool fresh;

	if (finish_only)
		return finish_replay(db, path, (u8 *)data, len,
				     (double)st->st_mtim.tv_sec);
	e = crashdb_classify(db, path, (u8 *)data, len, &fresh);
	snprintf(id, 13, "%s", e ? e->id : "-");
	if (e && fresh)
		return crashdb_new_entry(db, e, (u8 *)data, len,
					 (double)st->st_mtim.tv_sec +
						 st->st_mtim.tv_nsec / 1e9);
	if (e)
		e->dirty = true;
	return 0;
}

/* Written less than SETTLE_S ago: an engine may still be writing it. */
static bool young(const struct stat *st)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return (double)(now.tv_sec - st->st_mtim.tv_sec) +
		       (now.tv_nsec - st->st_mtim.tv_nsec) / 1e9 <
	       SETTLE_S;
}

static void scan_one(void *arg, const char *path)
{
	struct crashdb *db = arg;
	char *data, err[CAMPAIGN_PATH + 128], id[13];
	struct stat st;
	size_t len;

	if (seen_has(db, path) || stat(path, &st) || (!db->all && young(&st)) ||
	    read_whole_file(path, &data, &len, err, sizeof(err)))
		return;
	if (!replay(db, path, data, len, &st, false, id) && db->triaged)
		/* only now: a file is never half triaged */
		fprintf(db->triaged, "%s\t%s\n", raw_crash_key(path), id);
	crashdb_seen_add(db, path, id);
	free(data);
}

/* A triaged raw file: replayed only while crash dirs are unfinished. */
static void finish_one(void *arg, const char *path)
{
	struct crashdb *db = arg;
	char *data, err[CAMPAIGN_PATH + 128];
	struct stat st;
	size_t len;

	if (!db->unfinished || !seen_has(db, path) || stat(path, &st) ||
	    read_whole_file(path, &data, &len, err, sizeof(err)))
		return;
	if (!replay(db, path, data, len, &st, true, NULL) && db->n &&
	    !strcmp(db->e[db->n - 1].example, path))
		db->unfinished--;
	free(data);
}

int crashdb_open(struct crashdb *db, const char *out,
		 const struct vmf_config *cfg)
{
	if (crashdb_load(db, out, cfg))
		return -1;
	if (db->unfinished && db->legacy) /* older keys without an id; raw
		files not triaged complete theirs anyway */
		raw_crash_walk(db->out, finish_one, db);
	if (db->dropped) /* found again before the engines start, so that
		known-titles.txt lists them */
		crashdb_scan(db, true);
	crashdb_write_known(db);
	return 0;
}

unsigned crashdb_scan(struct crashdb *db, bool all)
{
	unsigned before = db->n;

	db->all = all;
	raw_crash_walk(db->out, scan_one, db);
	if (db->n != before)
		crashdb_write_known(db);
	return db->n - before;
}
