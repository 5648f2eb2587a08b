// SPDX-License-Identifier: GPL-2.0
/*
 *  linux/mm/vmalloc.c of 2.6.28, ported to vmfuzz: the vm_struct layer on
 *  the vmap area allocator (vmap_area.c).
 *
 *  Copyright (C) 1993  Linus Torvalds
 *  Support of BIGMEM added by Gerhard Wichert, Siemens AG, July 1999
 *  SMP-safe vmalloc/vfree/ioremap, Tigran Aivazian <tigran@veritas.com>, May
 * 2000 Major rework to support vmap/vunmap, Christoph Hellwig, SGI, August 2002
 *  Numa awareness, Christoph Lameter, SGI, June 2005
 *
 * Only what 2.6.28 changed is here; vmalloc.c's entry points call it when
 * the program runs the second generation (vmf_gen2()):
 *   __get_vm_area_node   reached from __get_vm_area() (no NUMA node or
 *                        caller arguments)
 *   remove_vm_area_28    remove_vm_area() of 2.6.28
 * The rest of the vm_struct layer is the same text in 2.6.28 as in the
 * first generation's correct default and is shared: __vmalloc (its page
 * array and rollback), __vunmap/vfree/vunmap, vmap, free_vm_area,
 * map_vm_area (one page table walk either way) and get_vmalloc_info
 * (fs/proc/mmu.c still walks vmlist). What differs underneath: the search
 * (an rbtree, O(log n) to the first candidate), vmlist insertion by a walk
 * of its own, and lazy unmapping (a freed area's PTEs and TLB entries stay
 * until a purge).
 *
 * Guard page (unconfirmed in 2.6.28 final): 2.6.28-rc1 added one to the
 * size here *and* its search left a page after every area, two guard pages
 * (double-guard). Nick Piggin's fix of 2008-11-08 dropped the first; we
 * drop the second instead, which spaces areas the same (one guard page)
 * and keeps vm->size counting the guard page as in every other 2.6 kernel
 * (VmallocUsed, the oracle's area sizes).
 */
#include "vmalloc.h"
#include "vmap_area.h"
#include "slab.h"
#include "kernel.h"

struct vm_struct *__get_vm_area_node(ulong32 size, ulong32 flags, ulong32 start,
				     ulong32 end)
{
	struct vmap_area *va;
	struct vm_struct *area;
	struct vm_struct *tmp, **p;
	ulong32 align = 1;

	if (flags & VM_IOREMAP) {
		int bit = fls(size);

		if (bit > IOREMAP_MAX_ORDER)
			bit = IOREMAP_MAX_ORDER;
		else if (bit < PAGE_SHIFT)
			bit = PAGE_SHIFT;

		align = (ulong32)1 << bit;
	}

	size = PAGE_ALIGN(size);
	if (unlikely(!size))
		return NULL;

	area = kmalloc(sizeof(*area), GFP_KERNEL);
	if (unlikely(!area))
		return NULL;

	/*
	 * We always allocate a guard page.
	 */
	size += PAGE_SIZE;
	if (unlikely(!size)) { /* 0xfffff000: alloc_vmap_area BUG_ONs 0 */
		kfree(area);
		return NULL;
	}

	va = alloc_vmap_area(size, align, start, end);
	if (!va) {
		kfree(area);
		return NULL;
	}

	area->flags = flags;
	area->addr = va->va_start;
	area->size = size;
	area->pages = 0;
	area->nr_pages = 0;
	area->phys_addr = 0;
	va->private = area;
	va->flags |= VM_VM_AREA;

	write_lock(&vmlist_lock);
	for (p = &vmlist; (tmp = *p) != NULL; p = &tmp->next) {
		if (tmp->addr >= area->addr)
			break;
	}
	area->next = *p;
	*p = area;
	vmlist_gen++; /* vmfuzz: vmlist changed (run_smp.c's lockdep check) */
	write_unlock(&vmlist_lock);

	return area;
}

/**
 *	remove_vm_area  -  find and remove a continuous kernel virtual area
 *	@addr:		base address
 *
 *	Search for the kernel VM area starting at @addr, and remove it.
 *	This function returns the found VM area, but using it is NOT safe
 *	on SMP machines, except for its size or flags.
 */
struct vm_struct *remove_vm_area_28(ulong32 addr)
{
	struct vmap_area *va;

	va = find_vmap_area(addr);
	if (va && va->flags & VM_VM_AREA) {
		struct vm_struct *vm = va->private;
		struct vm_struct *tmp, **p;

		/*
		 * Not in 2.6.28 (3.x clears it here, under vmap_area_lock): a
		 * lazy area then no longer passes for a live one, so a second
		 * vfree warns as in the first generation instead of walking
		 * vmlist off its end (an oops on the caller's double free).
		 */
		va->flags &= ~VM_VM_AREA;
		free_unmap_vmap_area(va);

		write_lock(&vmlist_lock);
		for (p = &vmlist; (tmp = *p) != vm; p = &tmp->next)
			;
		*p = tmp->next;
		vmlist_gen++; /* vmfuzz: vmlist changed (run_smp.c's lockdep check) */
		write_unlock(&vmlist_lock);

		return vm;
	}
	return NULL;
}
