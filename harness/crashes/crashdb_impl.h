/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the crash database: what crashdb.c (entries, crash directories)
 * and crashdb_scan.c (raw files) share. Not for other files.
 */
#ifndef VMFUZZ_CRASHDB_IMPL_H
#define VMFUZZ_CRASHDB_IMPL_H

#include "campaign.h"

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

/* strcmp() for the tsearch() tree db->seen. */
int crashdb_cmp_keys(const void *a, const void *b);

/* Remember the raw file at path (its key below OUT) as replayed. */
void crashdb_seen_add(struct crashdb *db, const char *path);

/* crashdb_open() without its last steps: the entries of OUT/crashes and
 * the keys of OUT/triaged.txt loaded. Returns 0, or -1 after a message.
 * (crashdb_open is in crashdb_scan.c, so that crashdb.c never calls the
 * scan: the arrow is crashdb_scan.c -> crashdb.c.) */
int crashdb_load(struct crashdb *db, const char *out,
		 const struct vmf_config *cfg);

#endif
