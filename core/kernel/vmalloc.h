/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/linux/vmalloc.h of 2.6, in i386 widths: every address is a
 * ulong32 kernel virtual address (i386's `void *`), and a pages array is
 * referred to by its kernel address (it may itself be vmalloc'ed).
 */
#ifndef VMFUZZ_VMALLOC_H
#define VMFUZZ_VMALLOC_H

#include "mm.h"
#include "bugs.h"
#include "smp.h"

#define VM_IOREMAP 0x00000001 /* ioremap() and friends */
#define VM_ALLOC 0x00000002   /* vmalloc() */
#define VM_MAP 0x00000004     /* vmap()ed pages */
#define VM_USERMAP 0x00000008 /* suitable for remap_vmalloc_range (2.6.18) */
#define VM_VPAGES 0x00000010  /* buffer for pages was vmalloc'ed */

#define IOREMAP_MAX_ORDER (7 + PAGE_SHIFT) /* 128 pages */

/* The largest ioremap alignment order of the kernel under test: 3 + PAGE_SHIFT
 * under ioremap-align-8 (the 2004-06-30 patch), else IOREMAP_MAX_ORDER. */
#define ioremap_max_order()                                                    \
	(bug_on(BUG_IOREMAP_ALIGN_8) ? 3 + PAGE_SHIFT : IOREMAP_MAX_ORDER)

/* 2.6's field order, `next` last: the first 24 bytes are laid out alike in
 * both worlds (i386 and the 64-bit host), so a stray write into a vm_struct
 * hits the same field in both. `next` takes 8 bytes in both, so that the
 * struct is 32 bytes everywhere: kmalloc() is asked the same size, and the
 * object's redzone (slab.c) starts at the same byte in every world (it was
 * 28 bytes asked on i386 and 32 on the host). */
struct vm_struct {
	ulong32 addr;
	ulong32 size; /* includes the guard page */
	ulong32 flags;
	ulong32 pages; /* kernel address of pageref_t[nr_pages], or 0 */
	u32 nr_pages;
	ulong32 phys_addr;
	union {
		struct vm_struct *next;
		u64 next_slot; /* only its size matters */
	};
};
_Static_assert(sizeof(struct vm_struct) == 32, "vm_struct not 32 bytes");

/* The sorted list of areas. */
extern struct vm_struct *vmlist;
/* vmfuzz, not Linux: bumped at every link into and unlink from vmlist, so
 * the two-CPU lockdep check (run_smp.c) sees a change in O(1). */
extern u32 vmlist_gen;
/* Guards vmlist (2.4-era rwlock; smp.h). */
extern rwlock_t vmlist_lock;

struct vmalloc_info {
	ulong32 used;
	ulong32 largest_chunk;
};

/* Allocate size bytes of virtually contiguous memory; its address, or 0. */
ulong32 vmalloc(ulong32 size);
ulong32 vmalloc_32(ulong32 size);
/* 2.6.18: vmalloc() of zeroed pages whose area is marked VM_USERMAP (for
 * mapping to user space); its address, or 0. */
ulong32 vmalloc_user(ulong32 size);
ulong32 __vmalloc(ulong32 size, gfp_t gfp_mask, pgprot_t prot);

/* Free memory from vmalloc(); 0 is silent, a bad address warns. */
void vfree(ulong32 addr);
/* Unmap an area from vmap() without freeing its pages. */
void vunmap(ulong32 addr);

/*
 * Map the `count` pages whose references are at kernel address `pages`
 * into one area. Returns its address, or 0 (the pages stay the caller's).
 */
ulong32 vmap(ulong32 pages, u32 count, ulong32 flags, pgprot_t prot);

/* Reserve an area of size bytes (plus a guard page) in [start, end); the
 * area (kmalloc'ed, linked into vmlist) or NULL. Maps nothing. */
struct vm_struct *get_vm_area(ulong32 size, ulong32 flags);
struct vm_struct *__get_vm_area(ulong32 size, ulong32 flags, ulong32 start,
				ulong32 end);

/* Unlink (and unmap) the area starting exactly at addr; it, or NULL. */
struct vm_struct *remove_vm_area(ulong32 addr);
/* remove_vm_area() + kfree() of an area from get_vm_area(). */
void free_vm_area(struct vm_struct *area);

/* Map the area's pages, taken from the array cursor *pages (advanced by one
 * reference per mapped page). Returns 0 or -ENOMEM (partial mapping left). */
int map_vm_area(struct vm_struct *area, pgprot_t prot, ulong32 *pages);
void unmap_vm_area(struct vm_struct *area);

/* /proc/meminfo's VmallocUsed and VmallocChunk, under vmlist_lock. */
void get_vmalloc_info(struct vmalloc_info *vmi);

/* The same walk without the lock: for a BUG report, whose CPU may hold
 * vmlist_lock already (the oops path of Linux takes no lock either). */
void __get_vmalloc_info(struct vmalloc_info *vmi);

/* Forget every area (a fresh allocator state), in both generations. */
void vmalloc_init(void);

/* The second generation's (2.6.28, vmalloc28.c): __get_vm_area() and
 * remove_vm_area() call them when vmf_gen2(). */
struct vm_struct *__get_vm_area_node(ulong32 size, ulong32 flags,
				     ulong32 start, ulong32 end);
struct vm_struct *remove_vm_area_28(ulong32 addr);

/*
 * Native pointer to the byte at kernel address kva (direct map, or through
 * the MMU for [MODULES_VADDR, VMALLOC_END)), valid to the end of its page.
 * A fault, or any other address (user space below PAGE_OFFSET included), is
 * a BUG ("unable to handle kernel paging request") in `caller`.
 */
void *kva_ptr(ulong32 kva, int write, const char *caller);

/* Kernel (direct-map) address of a native pointer into the pool; 0 for NULL. */
ulong32 obj_kva(const void *p);

/* Zero len bytes at kernel address kva, page by page (faults: BUG in
 * caller). */
void kva_clear(ulong32 kva, u32 len, const char *caller);

/* Read / write entry i of the pageref_t array at kernel address `array`. */
pageref_t pages_get(ulong32 array, u32 i, const char *caller);
void pages_set(ulong32 array, u32 i, pageref_t ref, const char *caller);

#define ENOMEM 12

#endif
