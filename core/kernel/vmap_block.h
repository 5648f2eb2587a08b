/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-CPU vmap block allocator of 2.6.28 (Nick Piggin's "mm: rewrite
 * vmap layer", db64fe02258f): vm_map_ram() of up to VMAP_MAX_ALLOC pages
 * takes a power-of-two run of pages from a `vmap_block` of the calling
 * CPU's `vmap_block_queue`; each block is one vmap_area of VMAP_BLOCK_SIZE
 * with an allocation and a dirty bitmap. vm_unmap_ram() marks its run
 * dirty (PTEs and TLB entries stay until vm_unmap_aliases() unmaps and
 * flushes dirty runs); a block all of whose pages are dirty is freed
 * lazily as one vmap area. Bigger vm_map_ram()s get a vmap area of their
 * own (no guard page), freed lazily by vm_unmap_ram().
 */
#ifndef VMFUZZ_VMAP_BLOCK_H
#define VMFUZZ_VMAP_BLOCK_H

#include "arch.h"
#include "list.h"
#include "vmap_area.h"

/*
 * 2.6.28 sizes, 32-bit: VMALLOC_SPACE 128 MB, VMALLOC_PAGES 32768,
 * VMAP_BBMAP_BITS = min(1024, max(2 * VMAP_MAX_ALLOC,
 * VMALLOC_PAGES / roundup_pow_of_two(NR_CPUS) / 16)) = 1024 with NR_CPUS
 * 2: 4 MB blocks. Our default VmallocTotal (112 MB) is close to the 128 MB
 * the formula assumes, so nothing is scaled; it has room for 28 blocks.
 *
 * NR_CPUS here is the configured one (`nr-cpus=N` in the knob list,
 * vmf_nr_cpus(); the real two CPUs otherwise): only this arithmetic reads
 * it. Before Clemens Ladisch's 2011 fix (knob vmap-block-ncpus) there was
 * no roundup_pow_of_two(): NR_CPUS 3 gave 682-bit blocks, a
 * VMAP_BLOCK_SIZE that is not a power of two. The value is fixed for a
 * run: vmap_block_init() computes it.
 */
#define VMAP_MAX_ALLOC 32 /* BITS_PER_LONG: 128 kB with 4 kB pages */
#define VMALLOC_SPACE (128u * 1024 * 1024)
#define VMALLOC_PAGES (VMALLOC_SPACE / PAGE_SIZE)
#define VMAP_BBMAP_BITS_MAX 1024
#define VMAP_BBMAP_BITS_MIN (VMAP_MAX_ALLOC * 2)
#define VMAP_MIN(x, y) ((x) < (y) ? (x) : (y))
#define VMAP_MAX(x, y) ((x) > (y) ? (x) : (y))
#define VMAP_BBMAP_BITS vmap_bbmap_bits
#define VMAP_BLOCK_SIZE (VMAP_BBMAP_BITS * PAGE_SIZE)
#define VMAP_BBMAP_WORDS (VMAP_BBMAP_BITS_MAX / 32) /* the bitmaps' room */

/* This run's VMAP_BBMAP_BITS (set by vmap_block_init()). */
extern u32 vmap_bbmap_bits;

/*
 * VMAP_BBMAP_BITS for knob mask `bugs`: the formula above with its
 * configured NR_CPUS, rounded up to a power of two unless the
 * vmap-block-ncpus knob is in the mask.
 */
u32 vmap_bbmap_bits_for(u32 bugs);

struct vmap_block_queue {
	spinlock_t lock;
	struct list_head free; /* blocks with free pages */
};

struct vmap_block {
	spinlock_t lock;
	struct vmap_area *va;
	struct vmap_block_queue *vbq;
	u32 free, dirty; /* pages */
	u32 alloc_map[VMAP_BBMAP_WORDS];
	u32 dirty_map[VMAP_BBMAP_WORDS];
	struct list_head free_list;
	struct list_head purge; /* purge_fragmented_blocks()'s list */
	int cpu;		/* not in Linux: the queue's CPU, for the oracle */
};

extern struct vmap_block_queue vmap_block_queue[NR_CPUS];

/* Forget every block (a fresh allocator state; vmalloc_init()). */
void vmap_block_init(void);

/*
 * Map count pages (the kernel address of a pageref_t array) with prot;
 * returns the address or 0. count <= VMAP_MAX_ALLOC: from a block of the
 * calling CPU, aligned to its power-of-two size; more: a vmap area of its
 * own. count 0 is the caller's bug (BUG_ON in 2.6.28's vb_alloc path).
 */
ulong32 vm_map_ram(ulong32 pages, u32 count, pgprot_t prot);

/* Unmap what vm_map_ram(.., count, ..) returned at mem (lazily: see above). */
void vm_unmap_ram(ulong32 mem, u32 count);

/*
 * vm_unmap_aliases()'s part (vmap_area.c calls it first): free the
 * fragmented blocks (unless vmap-block-purge), then clear the PTEs of every
 * block's dirty runs and widen [*start, *end) over them; *flush set when
 * there were any.
 */
void vb_unmap_aliases(ulong32 *start, ulong32 *end, int *flush);

/*
 * The oracle's view (not in Linux): the block holding addr, or NULL; and
 * block i of the pool's live blocks, for i = 0, 1, ... until NULL.
 */
struct vmap_block *vmap_block_of(ulong32 addr);
struct vmap_block *vmap_block_at(u32 i);

/* Is bit i of a block bitmap set? */
static inline bool vb_test(const u32 *map, u32 i)
{
	return (map[i / 32] >> (i % 32)) & 1;
}

#endif
