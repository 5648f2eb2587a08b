/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running operation changed. The interpreter (run.c) and the
 * core's mutators (set_pte, ptep_get_and_clear, pte_alloc_kernel,
 * __free_page) write it; the oracle only reads it, to check no more than
 * what the op could have broken.
 *
 *   areas      vmlist as of the end of the last recorded op, address order
 *   from[i]    index of areas[i] in the previous array, or -1: born this op
 *   gone       areas that left vmlist during the op (their struct may be
 *              freed: only the copied addr/size are valid)
 *   ptes       page-table entries whose value the op changed
 *   tables     page directory entries the op pointed at a new page table
 *   freed      frames the op gave back to the pool
 * A log that fills up sets `overflow`: the oracle then checks everything.
 */
#ifndef VMFUZZ_RECORD_H
#define VMFUZZ_RECORD_H

#include "prog.h"
#include "vmalloc.h"

/* Each op adds at most two areas to vmlist (one of them a page array). */
#define REC_MAX_AREAS (2 * VMF_MAX_OPS + 8)
#define REC_MAX_PTES (2 * POOL_PAGES + 64)
#define REC_MAX_TABLES 64
#define REC_MAX_FREED POOL_PAGES

struct rec_area {
	const struct vm_struct *area;
	ulong32 addr, size;
	ulong32 flags, pages; /* as the area had them when recorded */
};

struct vmf_record {
	u32 nareas, nold;
	struct rec_area *areas, *old; /* current and previous vmlist copies */
	s32 from[REC_MAX_AREAS];
	u32 ngone;
	struct rec_area gone[REC_MAX_AREAS];
	u32 nborn;
	bool listed; /* record_vmlist() ran for this op */
	bool overflow;
	u32 nptes, ntables, nfreed;
	pte_t *ptes[REC_MAX_PTES];
	pmd_t *tables[REC_MAX_TABLES];
	u32 freed[REC_MAX_FREED];
};

extern struct vmf_record vmf_rec;

/* A fresh program: vmlist is empty, nothing recorded. */
void record_reset(void);

/* Before each op: empty the per-op logs (areas keep the last vmlist). */
void record_begin_op(void);

/* After an op that may have changed vmlist: walk it once, fill from[] and
 * gone[], and make it the new `areas`. O(areas). */
void record_vmlist(void);

/* Hooks of the core's mutators. */
void record_pte(pte_t *ptep);
void record_table(pmd_t *pmd);
void record_free(u32 pfn);

#endif
