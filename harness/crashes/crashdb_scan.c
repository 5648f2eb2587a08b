// SPDX-License-Identifier: GPL-2.0
/*
 * The crash database's side that reads raw crash files (see crashdb.c): the
 * set of files replayed already, the scan of OUT for new ones (skipping
 * files an engine may still be writing). At open, the files whose crash
 * directory is gone or unfinished (a full disk, a kill) are triaged again
 * at once (crashdb_triaged.c), which completes or recreates it.
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

/*
 * Replay one raw crash file: a hit, a new entry, or not reproduced; id
 * the crash id it gave ("-": none). Returns -1 when the crash directory
 * could not be written.
 */
static int replay(struct crashdb *db, const char *path, char *data, size_t len,
		  const struct stat *st, char id[13])
{
	struct crash_entry *e;
	bool fresh;

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
	if (!replay(db, path, data, len, &st, id) && db->triaged)
		/* only now: a file is never half triaged */
		fprintf(db->triaged, "%s\t%s\n", raw_crash_key(path), id);
	crashdb_seen_add(db, path, id);
	free(data);
}

int crashdb_open(struct crashdb *db, const char *out,
		 const struct vmf_config *cfg)
{
	if (crashdb_load(db, out, cfg))
		return -1;
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
