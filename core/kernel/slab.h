/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmalloc/kfree: power-of-two size classes from 64 bytes to a page, carved
 * from pool frames. The smallest class is 64 so that a vm_struct (24 bytes on
 * i386, 40 on x86-64) takes the same class, hence the same frames, in both
 * worlds. kfree() catches a double free and a pointer that kmalloc() never
 * returned, as a BUG in its caller.
 */
#ifndef VMFUZZ_SLAB_H
#define VMFUZZ_SLAB_H

#include "mm.h"

#define KMALLOC_MIN_SHIFT 6
#define KMALLOC_MAX_SIZE PAGE_SIZE
#define SLUB_RED_ACTIVE 0xcc /* an object's bytes past the size asked */
#define KMALLOC_LOG_SIZE 32  /* objects kmalloc_handed() remembers */

/*
 * Allocate `size` bytes (0 counts as 1), filled with POISON_INUSE, the rest
 * of the object with SLUB_RED_ACTIVE; the size is recorded (orig_size) and
 * the object logged (kmalloc_handed()). Returns
 * NULL when size > KMALLOC_MAX_SIZE or no frame is left for a new slab.
 */
void *kmalloc(u32 size, gfp_t flags);

/* Free a kmalloc() object; NULL is silent; anything else bad BUG()s in the
 * caller ("double-free or invalid-free"). */
#define kfree(p) kfree_caller((p), __func__)
void kfree_caller(const void *objp, const char *caller);

/*
 * kfree() of an object known by its kernel address (a pages array): a
 * direct-map address of the pool is freed as above; 0 is silent; any other
 * address (a vmalloc one, say) is a BUG in the caller, never dereferenced.
 */
#define kfree_kva(kva) kfree_kva_caller((kva), __func__)
void kfree_kva_caller(ulong32 kva, const char *caller);

/* What kmalloc_check() found at a pointer. */
enum kobj_state {
	KOBJ_LIVE,	 /* a handed-out object of the expected size class */
	KOBJ_FREED,	 /* the start of an object that is free now */
	KOBJ_WRONG_SIZE, /* a live object of another size class */
	KOBJ_INVALID,	 /* not the start of any kmalloc object */
};

/*
 * Classify objp as a kmalloc() object meant to hold `size` bytes, without
 * dereferencing it (KASAN's question, asked of the slab's own bookkeeping).
 * O(1).
 */
enum kobj_state kmalloc_check(const void *objp, u32 size);

/*
 * The size asked of kmalloc() (0 counted as 1) for the live object that
 * starts at objp; 0 when none starts there. Looked up by address alone, never
 * through the size class. O(1).
 */
u32 kmalloc_orig_size(const void *objp);

/* Objects kmalloc() handed out since boot (wraps; never reset), and the nth
 * of them (counted from 0): the last KMALLOC_LOG_SIZE are remembered. */
u32 kmalloc_nr_handed(void);
void *kmalloc_handed(u32 n);

/* Forget every object and slab (the pool is being reset too). */
void kmalloc_init(void);

/* Objects handed out now, and frames held by slabs. */
u32 kmalloc_nr_objects(void);
u32 kmalloc_nr_slab_pages(void);

#endif
