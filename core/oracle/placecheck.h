/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The oracle's placement check: every get_vm_area, vmalloc, vmalloc_32 and
 * vmap must put its area where the first-fit model (placement.h) says.
 */
#ifndef VMFUZZ_PLACECHECK_H
#define VMFUZZ_PLACECHECK_H

#include "placement.h"

/* The model configured for the running program's knobs. */
void placement_cfg_for_knobs(struct placement_cfg *cfg);

/*
 * After an allocating op: compare its address (or NULL with the "out of
 * vmalloc space" warning) with the model's prediction from the other areas
 * in vmlist; a big vmalloc's vmalloc'ed page array too. A NULL without that
 * warning is a failed page or kmalloc allocation and is not checked. BUG()s
 * "area not where first fit puts it in __get_vm_area". O(live areas).
 */
void placecheck_op(void);

/*
 * Two CPUs, 2.6.28, at the end of an op the quiescent check will not judge
 * (run_smp.c: the other CPU left vmlist and the vmap tree alone during
 * it): the same check against vmlist and the ranges pending now
 * (vmapcheck_pending_now; for a NULL only the lazy frees noted since the
 * op's start, vmap_nr_notes `since`: a correct failing search purged the
 * rest synchronously, failure-flush). Skipped while a vmap area is between
 * its search and its vmlist link or unlink. O(areas + pending).
 */
void placecheck_smp_op(u32 since);

#endif
