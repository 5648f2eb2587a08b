/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slab objects checked where they are used, KASAN-style: every vmlist node
 * and every page array that is not vmalloc'ed must be a live kmalloc object
 * of the right size class. Run right after each operation, before anything
 * else follows a vmlist pointer, so that a freed node left on the list is
 * reported as a use-after-free at the op that left it there, and a wild one
 * as such, instead of as a fault later.
 */
#ifndef VMFUZZ_OBJCHECK_H
#define VMFUZZ_OBJCHECK_H

#include "vmalloc.h"

/*
 * First the redzones of the objects the op got from kmalloc() (redzone.h:
 * "slab-out-of-bounds"), then walk vmlist checking each node before following its next pointer, and the
 * node's kmalloc'ed page array. BUG()s in the running op's function with
 * "use-after-free", "wild vmlist pointer", "slab object of the wrong size"
 * or "vmlist cycle". O(live areas); never dereferences a bad pointer.
 */
void objcheck_vmlist(void);

/* True when `area` may be dereferenced: a live kmalloc object of the size
 * of a vm_struct (report code stops its walks at the first bad node). */
bool objcheck_node_ok(const struct vm_struct *area);

#endif
