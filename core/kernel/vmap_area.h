/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel virtual address allocator of 2.6.28 (Nick Piggin, commit
 * db64fe02258f "mm: rewrite vmap layer"): `vmap_area` extents in an rbtree
 * (vmap_area_root) and an address-sorted list (vmap_area_list), both under
 * vmap_area_lock, and lazy unmapping: a freed area keeps its page-table
 * entries (and any TLB entries) until __purge_vmap_area_lazy() unmaps a
 * batch and flushes the TLB once over their union. vmalloc28.c builds the
XX
 */
#ifndef VMFUZZ_VMAP_AREA_H
#define VMFUZZ_VMAP_AREA_H

#include "list.h"
#include "rbtree.h"
#include "smp.h"
#include "vmalloc.h"

/* va->flags (2.6.28) */
#define VM_LAZY_FREE 0x01    /* freed, its mapping not yet purged */
#define VM_LAZY_FREEING 0x02 /* being purged */
#define VM_VM_AREA 0x04	     /* va->private is a vm_struct in vmlist */

struct vmap_area {
	ulong32 va_start;
	ulong32 va_end; /* one past the last byte */
	ulong32 flags;
	struct rb_node rb_node;	     /* address sorted rbtree */
	struct list_head list;	     /* address sorted list */
	struct list_head purge_list; /* "lazy purge" list */
	struct vm_struct *private;
};

extern struct rb_root vmap_area_root;
extern struct list_head vmap_area_list;
extern spinlock_t vmap_area_lock;
/* Pages of lazily freed areas not yet purged (an atomic_t in Linux). */
extern u32 vmap_lazy_nr;

/* vmfuzz: bumped at every insert into and erase from the tree (run_smp.c
 * checks, at yield points, that it changed only under vmap_area_lock). */
extern u32 vmap_area_gen;

/* Does the running CPU hold __purge_vmap_area_lazy()'s purge_lock? (The
 * lock-discipline check: 2.6.28 clears kernel PTEs only in the purge.) */
bool vmap_purge_lock_held(void);

/* Forget every vmap area (a fresh allocator state). */
void vmap_area_init(void);

/*
 * Reserve [addr, addr + size) at the lowest addr >= vstart aligned to
 * `align` (a power of two) with addr + size <= vend, overlapping no vmap
 * area, live or lazily freed. On failure purge the lazy areas and search
 * once more. Returns the area (in the tree and the list, flags 0) or NULL
 * (warns "vmap allocation failed"). size: a nonzero multiple of PAGE_SIZE.
 */
struct vmap_area *alloc_vmap_area(ulong32 size, ulong32 align, ulong32 vstart,
				  ulong32 vend);

/* Take va out of the tree and the list and free it (no unmap, no flush). */
void free_vmap_area(struct vmap_area *va);

/* The area that starts exactly at addr, or NULL. O(log n). */
struct vmap_area *find_vmap_area(ulong32 addr);

/*
 * Free va lazily: mark it VM_LAZY_FREE and count its pages in
 * vmap_lazy_nr; its mapping stays until a purge, which runs here once
 * vmap_lazy_nr passes lazy_max_pages().
 */
void free_unmap_vmap_area(struct vmap_area *va);

/* 32 MB of pages times fls(num_online_cpus()) (2.6.28). */
ulong32 lazy_max_pages(void);

/* Unmap every lazily freed area, flush the TLB over their union, free
 * them (synchronous: waits for a purge in progress). */
void purge_vmap_area_lazy(void);

/* Set by vmap_block_init() to vb_unmap_aliases(): vm_unmap_aliases()
 * calls it first (a pointer, so the two files do not call each other). */
extern void (*vb_unmap_aliases_hook)(ulong32 *start, ulong32 *end, int *flush);

/* Unmap every lazy alias the vmap layer keeps and flush (2.6.28; no vmap
 * blocks here, so: purge_vmap_area_lazy()). */
void vm_unmap_aliases(void);

/* The area whose [va_start, va_end) holds addr, or NULL. O(log n). Not in
 * Linux: the interpreter and the oracle ask it. */
struct vmap_area *vmap_area_containing(ulong32 addr);

/*
 * What the layer did since the oracle last looked, for the oracle's
 * independent account (not in Linux; no sink call, so the ported code's
 * control flow stays Linux's): each lazy free and each purge, in order.
 * A log that fills up sets vmap_notes_overflow.
 */
enum { VMAP_NOTE_LAZY, VMAP_NOTE_PURGE };
struct vmap_note {
	u8 kind;
	ulong32 start, end; /* LAZY: the area; PURGE: the flushed union */
	u32 nr;		    /* pages freed by it */
	u32 first; /* PURGE: vmap_nr_notes when it took purge_lock (the lazy
		    * frees noted later may have come after its walk) */
};
#define VMAP_MAX_NOTES 32
extern struct vmap_note vmap_notes[VMAP_MAX_NOTES];
extern u32 vmap_nr_notes;
extern bool vmap_notes_overflow;

#endif
