/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The oracle's part for 2.6.28's per-CPU vmap blocks (vm_map_ram):
 *   - a live vm_map_ram maps its pages to its own frames, lies in a block
 *     (its run allocated, not dirty, aligned to its power-of-two size) or,
 *     above VMAP_MAX_ALLOC pages, in a vmap area of its own; the full
 *     sweep counts its pages as live mapped pages;
 *   - an unmapped run may keep its PTEs and TLB entries until
 *     vm_unmap_aliases() (the `purge` op): after it no CPU reaches it;
 *   - every block's free and dirty counts match its bitmaps, the dirty
 *     bits are allocated ones, it is on its CPU's free list exactly when it
 *     has free pages, and its vmap area is live and VMAP_BLOCK_SIZE long;
 *   - after vm_unmap_aliases no block is left whose pages are all free or
 *     dirty but not all dirty (02b709df817c frees such fragmented blocks).
 * Cost: O(blocks * VMAP_BBMAP_BITS + ram slots) per op, only once a
 * program mapped with vm_map_ram (it is then swept after every op).
 */
#ifndef VMFUZZ_VBLOCKCHECK_H
#define VMFUZZ_VBLOCKCHECK_H

#include "types.h"

struct slot;
struct vmap_area;

/* A fresh program: no vm_map_ram seen, nothing stale. */
void vblockcheck_reset(void);

/* After op vmf.pc (after vmapcheck_op()): its unmaps noted, its purge
 * probed, the blocks checked. True from the first vm_map_ram on: the
 * caller then sweeps fully (the incremental summaries know no blocks). */
bool vblockcheck_op(void);

/* Does a live vm_map_ram map va? */
bool vblockcheck_mapped(ulong32 va);

/* May va keep a PTE or TLB entry of a vm_map_ram unmapped since the last
 * vm_unmap_aliases()? */
bool vblockcheck_stale(ulong32 va);

/* Live vm_map_ram pages: present, each to its frame (check_frame() is
 * called on each). Returns their number. */
u32 vblockcheck_mappings(void (*check_frame)(ulong32 va, u32 pfn));

/* A new vm_map_ram slot's placement (oracle_check_new_slot()). */
void vblockcheck_new(const struct slot *s);

/* Is va (not a vm_struct's, not lazy) a live block's or a big
 * vm_map_ram's vmap area? */
bool vblockcheck_owns(const struct vmap_area *va);

/* Obstacles for the placement model: the k-th live block or big
 * vm_map_ram area, in no particular order; false past the last. */
bool vblockcheck_obstacle(u32 k, ulong32 *addr, ulong32 *size);

#endif
