/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lazy contract of the 2.6.28 vmap layer, checked by the oracle. A
 * lazily freed range keeps its PTEs (and TLB entries) until the purge that
 * covers it; the oracle keeps its own set of such pending ranges, from the
 * layer's log of lazy frees and purges (vmap_notes), and checks:
 *   - a pending range is never handed out again (no born area overlaps it);
 *   - after a purge, every page of what it covered is unmapped and faults
 *     through the TLB (unless an area born in the same op took it);
 *   - vmap_lazy_nr equals the pages pending;
 *   - the rbtree is a valid red-black tree whose in-order walk is
 *     vmap_area_list, and its non-lazy areas are exactly vmlist's (full
 *     check; after an op only around the areas the op created).
 * Cost per op: the notes, O(log n) per born area, one probe per purged
 * page (each page once). First generation: nothing, at once.
 */
#ifndef VMFUZZ_VMAPCHECK_H
#define VMFUZZ_VMAPCHECK_H

#include "types.h"

/* A fresh program: nothing pending. */
void vmapcheck_reset(void);

/* Op vmf.pc's part, first thing in the oracle's work on it: its purges
 * probed, the pending set brought to the op's end, the areas it created
 * checked around their tree nodes, vmap_lazy_nr against the set. */
void vmapcheck_op(void);

/* Is va in a range pending at the op's end (lazily freed, not purged)? */
bool vmapcheck_lazy(ulong32 va);

/* The whole tree, list and vmlist agreement (full sweeps). */
void vmapcheck_full(void);

/* Pending ranges at the op's end (placement's obstacles), in address
 * order: the number, and range i. Whether the op purged (then the ranges
 * pending before it were no obstacle to its final search). */
u32 vmapcheck_nr(void);
void vmapcheck_range(u32 i, ulong32 *start, ulong32 *end);
bool vmapcheck_purged_in_op(void);

/*
 * Two CPUs, at an op's end before the quiescent check: the ranges pending
 * now (the set and the notes logged since, up to their last purge), each
 * passed to add(); with since_only, only the lazy frees noted from index
 * `since` on (what a correct failing search may still have met after its
 * synchronous purge). False when unknown (an overflow). O(pending + notes).
 */
bool vmapcheck_pending_now(u32 since, bool since_only,
			   void (*add)(ulong32 start, ulong32 end));

#endif
