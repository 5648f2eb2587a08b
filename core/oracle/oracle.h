/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The invariant oracle. It reads the allocator's state, the interpreter's
 * slots (interp.h) and what the running op changed (record.h); it writes
 * only its own summaries. Each broken invariant is a BUG() titled by what
 * broke and the allocator function of the running op.
 *
 * Two ways to check, with the same verdicts: the full sweep walks every
 * area, page table, frame and written page; the incremental check looks at
 * what the op changed (areas born and gone, the page-table entries and
 * tables it wrote, the frames it freed, the counters it moved) and falls
 * back to the full sweep when anything there looks wrong, so the first BUG
 * title is always the full sweep's.
 */
#ifndef VMFUZZ_ORACLE_H
#define VMFUZZ_ORACLE_H

#include "interp.h"

struct oracle_stats {
	u64 ops;	 /* oracle_after_op() calls */
	u64 full_sweeps; /* of them, full sweeps (asked for or fallen back) */
	u64 fallbacks;	 /* full sweeps the incremental check asked for */
};
extern struct oracle_stats oracle_stats;

/* A fresh program: forget every summary. O(what the last program used). */
void oracle_reset(void);

/*
 * Check the running op (vmf.pc) after it ran and vmf_rec was filled:
 * incrementally, or with the full sweep when `full`. BUG()s on the first
 * broken invariant; returns when every invariant holds.
 */
void oracle_after_op(bool full);

/* The full sweep over the whole state, as after the running op. */
void oracle_check_all(void);

/* Check the area just handed to slot s by op: size, page count, alignment.
 * The place where checks of a new allocation hook in. */
void oracle_check_new_slot(const struct slot *s, const struct vmf_op *op);

/* True if va lies in the mapped pages of an area in vmlist (full walk). */
bool oracle_expect_mapped(ulong32 va);

/* VmallocUsed/VmallocChunk computed independently of get_vmalloc_info(). */
void oracle_vmalloc_info(struct vmalloc_info *vmi);

/* Mapped pages the oracle expects for an area in vmlist. */
u32 oracle_mapped_pages(const struct vm_struct *area);

#endif
