/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slab redzones checked after an op, KASAN-style: each object the op got
 * from kmalloc() must keep the bytes past the size it asked for, up to the
 * end of the object its kmalloc cache hands out, as the redzone kmalloc()
 * wrote there, must not contain the start of another live object, and the
 * free slab memory right after it must still be free poison. The object's
 * bounds come from the size the slab recorded for it and the oracle's own
 * table of kmalloc caches, never from the slab's size class.
 */
#ifndef VMFUZZ_REDZONE_H
#define VMFUZZ_REDZONE_H

/*
 * Check every object kmalloc() handed out since the last call that is still
 * live: "slab-out-of-bounds" in the running op's function. O(the bytes of
 * those objects); when more were handed out than the slab remembers, every
 * live object is checked instead.
 */
void redzone_check_op(void);

#endif
