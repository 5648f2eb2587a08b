/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What oracle.c (the full sweep) shares with oracle_inc.c (the incremental
 * check). Not for other callers.
 */
#ifndef VMFUZZ_ORACLE_IMPL_H
#define VMFUZZ_ORACLE_IMPL_H

#include "oracle.h"

/* The allocator function of the running op (the "in <function>" part). */
const char *oracle_op_fn(void);

/* The live record whose area is `area`, or NULL. O(records). */
const struct slot *oracle_slot_of_area(const struct vm_struct *area);

/* vmlist sorted, non-overlapping, page aligned, inside one of the ranges:
 * O(areas), BUG()s on the first area that is not. */
void oracle_check_vmlist(void);

/* Areas the op removed (vmf_rec.gone): every page unmapped, and a load
 * faults through the TLB (a missing flush leaves a stale translation). */
void oracle_check_freed(void);

/* Page-table entries the op cleared outside every live area's mapped pages
 * (areas gone, and areas born and gone within the op, as on a failed
 * vmalloc): a load must fault through the TLB. O(entries the op changed). */
void oracle_check_cleared(void);

/* get_vmalloc_info() against oracle_vmalloc_info(). O(areas). */
void oracle_check_meminfo(void);

/* Every live area's mapping checked page by page (oracle.c); *tables: the
 * page tables of the pgd. Returns the number of mapped pages. */
u32 oracle_check_mappings(u32 *tables);

/* The full sweep after vmlist, freed and cleared (sweep.c): the op's new
 * slot, placement, every mapping, contents, accounting and meminfo. */
void oracle_sweep_rest(void);

#endif
