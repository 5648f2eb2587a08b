// SPDX-License-Identifier: GPL-2.0
/*
 * The crash database's set of raw crash files already replayed: an open
 * addressing hash set of their (never zero) 64-bit keys.
 */
#include "campaign.h"

#include <stdlib.h>

/* Slot of h in the seen set: where it is, or the free slot for it. */
static unsigned seen_slot(const struct crashdb *db, unsigned long long h)
{
	unsigned i = (unsigned)h & (db->seencap - 1);

	while (db->seen[i] && db->seen[i] != h)
		i = (i + 1) & (db->seencap - 1);
	return i;
}

bool seen_has(const struct crashdb *db, unsigned long long h)
{
	return db->seencap && db->seen[seen_slot(db, h)] == h;
}

void seen_add(struct crashdb *db, unsigned long long h)
{
	unsigned long long *old = db->seen;
	unsigned i, oldcap = db->seencap;

	if (2 * (db->nseen + 1) > db->seencap) {
		db->seen =
			calloc(oldcap ? oldcap * 2 : 1024, sizeof(*db->seen));
		if (!db->seen) {
			db->seen = old;
			return;
		}
		db->seencap = oldcap ? oldcap * 2 : 1024;
		db->nseen = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i])
				seen_add(db, old[i]);
		free(old);
	}
	if (!db->seencap)
		return;
	i = seen_slot(db, h);
	if (!db->seen[i])
		db->nseen++;
	db->seen[i] = h;
}
