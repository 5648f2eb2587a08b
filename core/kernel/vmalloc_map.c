// SPDX-License-Identifier: GPL-2.0
/*
 *  linux/mm/vmalloc.c as the seed gives it, ported to vmfuzz: the page-table
 *  half (map_vm_area, unmap_vm_area and their pte walkers); the areas and
 *  the allocation entry points are in vmalloc.c, whose header says which
 *  kernel each function follows.
 *
 *  Copyright (C) 1993  Linus Torvalds
 *  Support of BIGMEM added by Gerhard Wichert, Siemens AG, July 1999
 *  SMP-safe vmalloc/vfree/ioremap, Tigran Aivazian <tigran@veritas.com>, May
 * 2000 Major rework to support vmap/vunmap, Christoph Hellwig, SGI, August 2002
 *
 * i386 folds pud and pmd into the pgd.
 */
#include "vmalloc.h"
#include "pgtable.h"
#include "bugs.h"
#include "kernel.h"

static void unmap_area_pte(pmd_t *pmd, ulong32 address, ulong32 size)
{
	ulong32 end;
	pte_t *pte;

	if (pmd_none(*pmd))
		return;
	pte = pte_offset_kernel(pmd, address);
	address &= ~PMD_MASK;
	end = address + size;
	if (end > PMD_SIZE)
		end = PMD_SIZE;

	do {
		pte_t page;

		page = ptep_get_and_clear(pte);
		address += PAGE_SIZE;
		pte++;
		if (pte_none(page))
			continue;
		if (pte_present(page))
			continue;
		vmf_warn("Whee.. Swapped out page in kernel page table");
	} while (address < end);
}

/*
 * flush-irqs-off: init_mm.page_table_lock made irq-safe (synthetic). The
 * unmap takes it with spin_lock_irqsave() and flushes under it, against
 * smp_call_function()'s "You must not call this function with disabled
 * interrupts"; the map takes it with spin_lock_irq(), so a CPU that spins
 * on it there never takes the flush IPI.
 */
static void map_lock(void)
{
	if (bug_on(BUG_FLUSH_IRQS_OFF))
		spin_lock_irq(&init_mm.page_table_lock);
	else
		spin_lock(&init_mm.page_table_lock);
}

static void map_unlock(void)
{
	if (bug_on(BUG_FLUSH_IRQS_OFF))
		spin_unlock_irq(&init_mm.page_table_lock);
	else
		spin_unlock(&init_mm.page_table_lock);
}

void unmap_vm_area(struct vm_struct *area)
{
	ulong32 address = area->addr;
	ulong32 end = address + area->size;
	bool irqsafe = bug_on(BUG_FLUSH_IRQS_OFF);
	unsigned long flags = 0;
	pgd_t *dir;

	if (irqsafe)
		spin_lock_irqsave(&init_mm.page_table_lock, flags);
	dir = pgd_offset_k(address);
	flush_cache_vunmap(address, end);
	do {
		unmap_area_pte(pmd_offset(dir, address), address,
			       end - address);
		address = (address + PGDIR_SIZE) & PGDIR_MASK;
		dir++;
	} while (address && (address < end));
	if (!bug_on(BUG_NO_FLUSH))
		flush_tlb_kernel_range(area->addr, end);
	if (irqsafe)
		spin_unlock_irqrestore(&init_mm.page_table_lock, flags);
}

static int map_area_pte(pte_t *pte, ulong32 address, ulong32 size,
			pgprot_t prot, ulong32 *pages)
{
	ulong32 end;

	address &= ~PMD_MASK;
	end = address + size;
	if (end > PMD_SIZE)
		end = PMD_SIZE;

	do {
		struct page *page =
			ref_to_page(pages_get(*pages, 0, __func__), __func__);

		WARN_ON(!pte_none(*pte));
		if (!page)
			return -ENOMEM;

		set_pte(pte, pfn_pte(page_to_pfn(page), prot));
		address += PAGE_SIZE;
		pte++;
		*pages += sizeof(pageref_t);
	} while (address < end);
	return 0;
}

static int map_area_pmd(pmd_t *pmd, ulong32 address, ulong32 size,
			pgprot_t prot, ulong32 *pages)
{
	ulong32 base, end;

	base = address & PGDIR_MASK;
	address &= ~PGDIR_MASK;
	end = address + size;
	if (end > PGDIR_SIZE)
		end = PGDIR_SIZE;

	do {
		pte_t *pte = pte_alloc_kernel(pmd, base + address);

		if (!pte)
			return -ENOMEM;
		if (map_area_pte(pte, address, end - address, prot, pages))
			return -ENOMEM;
		address = (address + PMD_SIZE) & PMD_MASK;
		pmd++;
	} while (address < end);

	return 0;
}

int map_vm_area(struct vm_struct *area, pgprot_t prot, ulong32 *pages)
{
	ulong32 address = area->addr;
	ulong32 end = address + (area->size - PAGE_SIZE);
	pgd_t *dir;
	int err = 0;

	dir = pgd_offset_k(address);
	map_lock();
	do {
		pmd_t *pmd = pmd_alloc(dir, address);

		if (!pmd) {
			err = -ENOMEM;
			break;
		}
		if (map_area_pmd(pmd, address, end - address, prot, pages)) {
			err = -ENOMEM;
			break;
		}

		address = (address + PGDIR_SIZE) & PGDIR_MASK;
		dir++;
	} while (address && (address < end));

	map_unlock();
	flush_cache_vmap(area->addr, end);
	return err;
}
