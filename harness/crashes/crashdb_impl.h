/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the crash database: what crashdb.c (entries, crash directories),
 * crashdb_load.c and crashdb_triaged.c (the db rebuilt from OUT at a
 * resume) and crashdb_scan.c (raw files) share. Not for other files.
 */
#ifndef VMFUZZ_CRASHDB_IMPL_H
#define VMFUZZ_CRASHDB_IMPL_H

#include "campaign.h"

/* One more entry, zeroed, at db->e[db->n - 1]; NULL when out of memory. */
struct crash_entry *crashdb_entry_new(struct crashdb *db);

/* e->cause: bisect the crash directory's repro.bin under the campaign's
 * knobs ("?" when it cannot be read); marks e dirty. */
void crashdb_entry_cause(struct crashdb *db, struct crash_entry *e);

/* repro.vmf (with e's "# found:" line), repro.bin and report.txt of the
 * minimized program *p in dir, each unless it is there with some content.
 * Returns 0 when all three are there. */
int crashdb_write_repro(struct crashdb *db, const struct crash_entry *e,
			const char *dir, const struct vmf_program *p);

/* Epoch seconds t as local time, "YYYY-MM-DD HH:MM:SS". */
void crashdb_format_time(double t, char *buf, size_t n);

/* A new entry for title, first seen in raw file path (one hit); NULL when
 * out of memory. */
struct crash_entry *crashdb_entry_add(struct crashdb *db, const char *title,
				      const char *path);

/* Entry e is new: minimize data, fill its crash directory, find its cause.
 * Returns 0, or -1 when a file could not be written: the entry is dropped
 * and the directory left without meta.txt, for the next run to complete. */
int crashdb_new_entry(struct crashdb *db, struct crash_entry *e, const u8 *data,
		      size_t len, double mtime);

/* Rewrite OUT/known-titles.txt from the entries. */
void crashdb_write_known(const struct crashdb *db);

/* strcmp() for the tsearch() tree db->seen (its nodes start with the key). */
int crashdb_cmp_keys(const void *a, const void *b);

/* Remember the raw file at path (its key below OUT) as replayed, giving
 * the crash id `id` ("-": no BUG, "": not known, an older triaged.txt). */
void crashdb_seen_add(struct crashdb *db, const char *path, const char *id);

/* crashdb_open() without its last steps: the entries of OUT/crashes
 * rebuilt from the crash directories and the keys of OUT/triaged.txt
 * loaded (crashdb_load.c). Returns 0, or -1 after a message.
 * (crashdb_open is in crashdb_scan.c, so that crashdb.c never calls the
 * scan: the arrow is crashdb_scan.c -> crashdb.c.) */
int crashdb_load(struct crashdb *db, const char *out,
		 const struct vmf_config *cfg);

/* Load OUT/triaged.txt into db->seen, after the entries: count their hits,
 * drop the keys of crash directories that are gone (crashdb_triaged.c). */
void crashdb_load_triaged(struct crashdb *db);

#endif
