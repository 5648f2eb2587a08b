/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The oracle's check of what a free removes, from 2.6's __vunmap() and
 * free_vm_area() contracts: vfree(0) does nothing; an address that is not
 * page aligned warns "Trying to vfree() bad address" and removes nothing;
 * an address where no area starts warns "Trying to vfree() nonexistent vm
 * area" and removes nothing; otherwise exactly the area starting there goes
 * (with, for vfree, its vmalloc'ed page array), without a warning.
 */
#ifndef VMFUZZ_FREECHECK_H
#define VMFUZZ_FREECHECK_H

/*
 * After a vfree, vunmap or free_vm_area, once the areas that left vmlist are
 * recorded (record_vmlist(): vmf_rec.old, vmf_rec.gone) and before the
 * slots learn of it: BUG()s "area not freed", "wrong area freed" or "wrong
 * warning" in the op's function. O(log areas + areas gone x records).
 */
void freecheck_op(void);

#include "record.h"

/*
 * Two CPUs (run_smp.c): the op at vmf.pc is a free to judge (not skipped):
 * true with its target address. Valid once the op has called the kernel
 * (inside it, at its yield points, and after).
 */
bool freecheck_smp_addr(ulong32 *addr);

/*
 * Two CPUs, at the free's end: the same verdict as freecheck_op(), from
 * what the runner saw at the free's linearization point: target is the
 * area at addr in vmlist when remove_vm_area() looked (under the write
 * lock; NULL: none, or the free never looked), gone[0, ngone) the areas
 * the op unlinked, owned_then[g] whether a live allocation record owned
 * gone[g] at its unlink.
 */
void freecheck_smp(ulong32 addr, const struct rec_area *target,
		   const struct rec_area *gone, u32 ngone,
		   const bool *owned_then);

/* True when a live slot holds recorded area e (same struct and address).
 * Allocates nothing; O(slots). */
bool freecheck_slot_owns(const struct rec_area *e);

#endif
