// SPDX-License-Identifier: GPL-2.0
/*
 *  linux/mm/vmalloc.c as the seed gives it, ported to vmfuzz.
 *
 *  Copyright (C) 1993  Linus Torvalds
 *  Support of BIGMEM added by Gerhard Wichert, Siemens AG, July 1999
 *  SMP-safe vmalloc/vfree/ioremap, Tigran Aivazian <tigran@veritas.com>, May
 * 2000 Major rework to support vmap/vunmap, Christoph Hellwig, SGI, August 2002
 *
 * Which kernel each function follows (with no knob; core/bugs.h lists the
 * fixes the default path stands on):
 *   unmap_vm_area, map_vm_area   the seed's do/while pgd walker, as in
 *                                2.6.10 (2.6.11 iterates pgd_index(addr) ..
 *                                pgd_index(end - 1) instead; the two differ
 *                                for a zero-length map at a 4 MB boundary and
 *                                for an end that wraps past 4 GB)
 *   unmap_area_pte, map_area_pte 2.6.10/2.6.11 (identical there)
 *   __get_vm_area                2.6.11 with the 2.6.12 PAGE_ALIGN, the
 *                                2.6.9-rc2 straddle test and the 2.6.25 end
 *                                check; a zero test after the guard page too
 *   remove_vm_area, __vunmap     2.6.11 (no 2.6.12 guard-size hiding), with
 *                                2.6.18's VM_VPAGES
 *   vmap, __vmalloc, vmalloc*    2.6.11 (2.6.18's VM_VPAGES in __vmalloc;
 *                                size-bug puts back 2.4's BUG() on a bad size)
 * i386 folds pud and pmd into the pgd.
 */
#include "vmalloc.h"
#include "pgtable.h"
#include "slab.h"
#include "bugs.h"
#include "kernel.h"
#include "smp.h"
#include "vmap_area.h"
#include "vmap_block.h"

void vmalloc_init(void)
{
	vmlist = NULL;
	vmlist_lock = (rwlock_t){ 0, 0, 0 };
	vmap_area_init();
	vmap_block_init();
}

/**
 *	__get_vm_area  -  reserve a contingous kernel virtual area
 *	@size:		size of the area
 *	@flags:		%VM_IOREMAP for I/O mappings or VM_ALLOC
 *	@start:		start of the range to search
 *	@end:		end of the range to search
 */
struct vm_struct *__get_vm_area(ulong32 size, ulong32 flags, ulong32 start,
				ulong32 end)
{
	struct vm_struct **p, *tmp, *area;
	ulong32 align = 1;
	ulong32 addr;

	if (vmf_gen2()) /* the 2.6.28 vmap layer */
		return __get_vm_area_node(size, flags, start, end);
	if (flags & VM_IOREMAP) {
		int max = ioremap_max_order();
		int bit = fls(size);

		if (bit > max)
			bit = max;
		else if (bit < PAGE_SHIFT)
			bit = PAGE_SHIFT;

		align = (ulong32)1 << bit;
	}
	addr = ALIGN(start, align);
	/* 2.6.12: Andrea Arcangeli's PAGE_ALIGN and zero test. */
	if (!bug_on(BUG_GUARD_OVERFLOW)) {
		size = PAGE_ALIGN(size);
		if (unlikely(!size))
			return NULL;
	}

	area = kmalloc(sizeof(*area), GFP_KERNEL);
	if (unlikely(!area))
		return NULL;

	/*
	 * We always allocate a guard page.
	 */
	size += PAGE_SIZE;
	/* 2.6.11 tested here; 2.6.12-2.6.27 did not (guard-wrap). */
	if (!bug_on(BUG_GUARD_WRAP) && unlikely(!size)) {
		kfree(area);
		return NULL;
	}

	write_lock(&vmlist_lock);
	for (p = &vmlist; (tmp = *p) != NULL; p = &tmp->next) {
		if (tmp->addr < addr) {
			if (!bug_on(BUG_ALIGN_OVERLAP) &&
			    tmp->addr + tmp->size >= addr)
				addr = ALIGN(tmp->size + tmp->addr, align);
			continue;
		}
		if ((size + addr) < addr)
			goto out;
		if (size + addr <= tmp->addr)
			goto check_end;
		addr = ALIGN(tmp->size + tmp->addr, align);
		if (addr > end - size)
			goto out;
	}

check_end:
	/* 2.6.0-2.6.24 went straight to found, from the loop and after it. */
	if (!bug_on(BUG_END_CHECK)) {
		if ((size + addr) < addr)
			goto out;
		if (addr > end - size)
			goto out;
	}

	area->next = *p;
	*p = area;
	vmlist_gen++; /* vmfuzz: vmlist changed (run_smp.c's lockdep check) */

	area->flags = flags;
	area->addr = addr;
	area->size = size;
	area->pages = 0;
	area->nr_pages = 0;
	area->phys_addr = 0;
	write_unlock(&vmlist_lock);

	return area;

out:
	write_unlock(&vmlist_lock);
	kfree(area);
	vmf_warn("allocation failed: out of vmalloc space - use vmalloc=<size> "
		 "to increase size.");
	return NULL;
}

struct vm_struct *get_vm_area(ulong32 size, ulong32 flags)
{
	return __get_vm_area(size, flags, VMALLOC_START, VMALLOC_END);
}

struct vm_struct *remove_vm_area(ulong32 addr)
{
	struct vm_struct **p, *tmp;

	if (vmf_gen2()) /* the 2.6.28 vmap layer */
		return remove_vm_area_28(addr);
	write_lock(&vmlist_lock);
	for (p = &vmlist; (tmp = *p) != NULL; p = &tmp->next) {
		if (tmp->addr == addr)
			goto found;
	}
	write_unlock(&vmlist_lock);
	return NULL;

found:
	if (!bug_on(BUG_UNMAP_AFTER_UNLINK))
		unmap_vm_area(tmp);
	*p = tmp->next;
	vmlist_gen++; /* vmfuzz: vmlist changed (run_smp.c's lockdep check) */
	write_unlock(&vmlist_lock);
	/* 2.5.32-2.5.69 unlinked and unlocked first: unmap-after-unlink. */
	if (bug_on(BUG_UNMAP_AFTER_UNLINK))
		unmap_vm_area(tmp);
	return tmp;
}

void free_vm_area(struct vm_struct *area)
{
	struct vm_struct *ret;

	ret = remove_vm_area(area->addr);
	BUG_ON(ret != area);
	kfree(area);
}

/* Was the area's page array vmalloc'ed? 2.6.11 guessed from nr_pages. */
static bool pages_vmalloced(const struct vm_struct *area)
{
	if (bug_on(BUG_OOM_ROLLBACK))
		return area->nr_pages > PAGE_SIZE / sizeof(pageref_t);
	return area->flags & VM_VPAGES;
}

static void __vunmap(ulong32 addr, int deallocate_pages)
{
	struct vm_struct *area;

	if (!addr)
		return;

	if ((PAGE_SIZE - 1) & addr) {
		vmf_warn("Trying to vfree() bad address (0x%08x)", addr);
		return;
	}

	area = remove_vm_area(addr);
	if (unlikely(!area)) {
		vmf_warn("Trying to vfree() nonexistent vm area (0x%08x)",
			 addr);
		return;
	}

	if (deallocate_pages) {
		u32 i;

		for (i = 0; i < area->nr_pages; i++) {
			struct page *page = ref_to_page(
				pages_get(area->pages, i, __func__), __func__);

			if (unlikely(!page))
				BUG();
			__free_page(page);
		}

		if (pages_vmalloced(area))
			vfree(area->pages);
		else
			kfree_kva(area->pages);
	}

	kfree(area);
	return;
}

void vfree(ulong32 addr)
{
	__vunmap(addr, 1);
}

void vunmap(ulong32 addr)
{
	__vunmap(addr, 0);
}

ulong32 vmap(ulong32 pages, u32 count, ulong32 flags, pgprot_t prot)
{
	struct vm_struct *area;

	if (count > num_physpages)
		return 0;

	area = get_vm_area((count << PAGE_SHIFT), flags);
	if (!area)
		return 0;
	if (map_vm_area(area, prot, &pages)) {
		vunmap(area->addr);
		return 0;
	}

	return area->addr;
}

ulong32 __vmalloc(ulong32 size, gfp_t gfp_mask, pgprot_t prot)
{
	struct vm_struct *area;
	ulong32 pages;
	u32 nr_pages, array_size, i;

	size = PAGE_ALIGN(size);
	if (!size || (size >> PAGE_SHIFT) > num_physpages) {
		/* 2.4 (and 2.5 until Aug 2002) BUG()ed here: size-bug. */
		if (bug_on(BUG_SIZE_BUG))
			BUG();
		return 0;
	}

	area = get_vm_area(size, VM_ALLOC);
	if (!area)
		return 0;

	nr_pages = size >> PAGE_SHIFT;
	array_size = (nr_pages * sizeof(pageref_t));

	area->nr_pages = nr_pages;
	/* Please note that the recursion is strictly bounded. */
	if (array_size > PAGE_SIZE) {
		pages = __vmalloc(array_size, gfp_mask, PAGE_KERNEL);
		if (!bug_on(BUG_OOM_ROLLBACK))
			area->flags |= VM_VPAGES;
	} else {
		pages = obj_kva(
			kmalloc(array_size, (gfp_mask & ~__GFP_HIGHMEM)));
	}
	area->pages = pages;
	if (!area->pages) {
		remove_vm_area(area->addr);
		kfree(area);
		return 0;
	}
	kva_clear(area->pages, array_size, __func__);

	for (i = 0; i < area->nr_pages; i++) {
		struct page *page = alloc_page(gfp_mask);

		pages_set(area->pages, i, page_ref(page), __func__);
		if (unlikely(!page)) {
			/* Successfully allocated i pages, free them in
			 * __vunmap() */
			area->nr_pages = i;
			goto fail;
		}
	}

	if (map_vm_area(area, prot, &pages))
		goto fail;
	return area->addr;

fail:
	vfree(area->addr);
	return 0;
}

ulong32 vmalloc(ulong32 size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_HIGHMEM, PAGE_KERNEL);
}

ulong32 vmalloc_32(ulong32 size)
{
	return __vmalloc(size, GFP_KERNEL, PAGE_KERNEL);
}
