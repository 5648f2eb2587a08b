/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page pool: struct page, alloc_page(), __free_page(), num_physpages.
 *
 * Deterministic on purpose: frames come from a LIFO free list, then from a
 * bump pointer, so the same program gets the same frame numbers in both
 * worlds. Freed frames are filled with POISON_FREE (xv6's junk fill, to catch
 * dangling references). `fail_alloc N` makes the Nth allocation from now fail.
 */
#ifndef VMFUZZ_MM_H
#define VMFUZZ_MM_H

#include "types.h"
#include "memlayout.h"

typedef u32 gfp_t;
#define __GFP_HIGHMEM 0x02u
#define __GFP_WAIT 0x10u
#define __GFP_IO 0x40u
#define __GFP_FS 0x80u
#define __GFP_ZERO 0x8000u /* return a zeroed page (2.6.15+) */
#define GFP_KERNEL (__GFP_WAIT | __GFP_IO | __GFP_FS)

#define PG_allocated 0x1u
#define PG_slab 0x2u

#define POISON_FREE 0x6b
#define POISON_INUSE 0x5a

struct page {
	u32 flags;
	u32 next; /* free list or slab list link: a pfn, 0 ends it */
	u16 slab_class;
	u16 inuse;  /* slab: objects handed out */
	u64 objmap; /* slab: bit i set = object i handed out */
};

extern struct page mem_map[POOL_PAGES];
extern u32 num_physpages;

#define pfn_valid(pfn) ((pfn) >= POOL_PFN_START && (pfn) < POOL_PFN_END)
#define pfn_to_page(pfn) (&mem_map[(pfn)-POOL_PFN_START])
#define page_to_pfn(pg) ((u32)((pg)-mem_map) + POOL_PFN_START)

/*
 * A page reference as stored in a vm_struct's pages array: the pfn, 0 for
 * NULL. Four bytes in both worlds, like i386's `struct page *`.
 */
typedef u32 pageref_t;
#define page_ref(pg) ((pg) ? page_to_pfn(pg) : 0u)

/*
 * Reset the pool to "every frame free, none ever handed out". O(touched).
 * A frame's first use in a program finds POISON_FREE in every world: frames
 * freed (poisoned) since and not written since keep it, if keep_poison says
 * that nothing wrote a free frame (the last program ended ok); else every
 * frame is poisoned again at its first use.
 */
void page_alloc_init(bool keep_poison);

/* Native pointer to the frame's contents (lowmem: always mapped). */
void *page_address(struct page *page);

/* Physical and direct-map kernel addresses of a native pointer into the pool,
 * through the arch seam: __pa() of a pointer outside the pool is
 * ARCH_NO_PHYS (core/arch.h). */
#define __pa(p) arch_virt_to_phys(p)
#define __va(x) arch_phys_to_virt(x)

/*
 * Allocate one frame; NULL when the pool is empty or an injected failure
 * fires. The contents are whatever the frame held (freed frames: poison).
 */
struct page *alloc_page(gfp_t gfp_mask);

/* Return a frame; BUG()s on a frame that is not allocated (double free). */
#define __free_page(page) free_page_caller((page), __func__)
void free_page_caller(struct page *page, const char *caller);

/* Frames free now, and frames ever handed out since the last reset. */
u32 nr_free_pages(void);

/* Make the nth page allocation from now fail (1 = the next); 0 disarms. */
void fail_alloc_arm(u32 nth);

/* Translate a page reference back; BUG()s in `caller` on a bad one. */
struct page *ref_to_page(pageref_t ref, const char *caller);

#endif
