// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel page tables: the pieces of mm/memory.c and asm-i386/pgalloc.h that
 * vmalloc needs, over pool frames reached through the direct map.
 */
#include "pgtable.h"
#include "arch.h"
#include "kernel.h"
#include "bugs.h"
#include "smp.h"

pgd_t *swapper_pg_dir;
struct mm_struct init_mm;

int paging_init(void)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return -1;
	swapper_pg_dir = page_address(page);
	init_mm.page_table_lock = (spinlock_t){ 0 };
	arch_pgd_init(swapper_pg_dir);
	arch_load_cr3(page_to_pfn(page) << PAGE_SHIFT);
	return 0;
}

pgd_t *pgd_offset_k(ulong32 address)
{
	return swapper_pg_dir + PDX(address);
}

pmd_t *pmd_offset(pgd_t *pgd, ulong32 address)
{
	(void)address;
	return pgd;
}

pmd_t *pmd_alloc(pgd_t *pgd, ulong32 address)
{
	return pmd_offset(pgd, address);
}

pte_t *pte_offset_kernel(pmd_t *pmd, ulong32 address)
{
	pte_t *table = arch_phys_to_virt(pmd_val(*pmd) & PAGE_MASK);

	if (!table)
		BUG_MSG("page table outside the pool", "pmd 0x%08x",
			pmd_val(*pmd));
	return table + PTX(address);
}

/* 2.6.11: called with init_mm.page_table_lock held; drops it to allocate
 * and re-checks: "somebody else could have populated it" (pte-recheck
 * removes the re-check). */
pte_t *pte_alloc_kernel(pmd_t *pmd, ulong32 address)
{
	if (pmd_none(*pmd)) {
		struct page *page;

		spin_unlock(&init_mm.page_table_lock);
		page = alloc_page(GFP_KERNEL | __GFP_ZERO);
		spin_lock(&init_mm.page_table_lock);
		if (!page)
			return NULL;
		if (!bug_on(BUG_PTE_RECHECK) && pmd_present(*pmd)) {
			__free_page(page);
			goto out;
		}
		pmd->pgd = (page_to_pfn(page) << PAGE_SHIFT) | _KERNPG_TABLE;
		vmf_note_table(pmd);
	}
out:
	return pte_offset_kernel(pmd, address);
}

void set_pte(pte_t *ptep, pte_t pte)
{
	smp_yield("set_pte");
	if (ptep->pte_low != pte.pte_low)
		vmf_note_pte(ptep);
	*ptep = pte;
}

pte_t ptep_get_and_clear(pte_t *ptep)
{
	pte_t old;

	smp_yield("ptep_get_and_clear");
	old = *ptep;

	if (old.pte_low)
		vmf_note_pte(ptep);
	ptep->pte_low = 0;
	return old;
}

pte_t *lookup_pte_k(ulong32 address)
{
	pmd_t *pmd = pmd_offset(pgd_offset_k(address), address);
	pte_t *table;

	if (!pmd_present(*pmd))
		return NULL;
	table = arch_phys_to_virt(pmd_val(*pmd) & PAGE_MASK);
	return table ? table + PTX(address) : NULL;
}

/* i386: on SMP a local flush plus the IPI (smp.c). */
void flush_tlb_all(void)
{
	smp_flush_tlb_all();
}

void flush_tlb_kernel_range(ulong32 start, ulong32 end)
{
	ulong32 addr;

	if (smp_on) { /* i386 SMP: flush_tlb_kernel_range is flush_tlb_all */
		flush_tlb_all();
		return;
	}
	if ((end - start) >> PAGE_SHIFT > TLB_FLUSH_CEILING) {
		flush_tlb_all();
		return;
	}
	for (addr = start & PAGE_MASK; addr < end; addr += PAGE_SIZE)
		arch_invlpg(addr);
}

/* ------------------------------------------------------------------------
 * Reaching kernel addresses: the direct map directly, vmalloc space through
 * the MMU (soft or real), where a fault is a kernel oops.
 */
#include "vmalloc.h"

/*
 * Kernel code reaching vmalloc space whose PTE is clear faults in every
 * world, whatever a TLB still holds: such an access is a use after unmap,
 * and whether a finite TLB (QEMU's, Bochs's) had evicted the stale entry
 * is the emulator's business, not the program's, while the host's strict
 * TLB never evicts (a two-CPU late unmap under unmap-after-unlink gave
 * three titles); and it reaches the frame the PTE names. The table is
 * read through the direct map, as arch_mmu_access() on hardware does.
 */
static void *kva_through_tables(ulong32 kva, int write)
{
	const pte_t *pte = lookup_pte_k(kva);
	void *tlb, *frame;

	if (!pte || !pte_present(*pte))
		return NULL;
	tlb = arch_mmu_access(kva, write); /* A/D bits, write protection */
	if (!tlb)
		return NULL;
	/* The frame the PTE names, not a stale TLB entry's (a PTE rewritten
	 * under an overlapping area); outside the pool, the open-bus page. */
	frame = arch_phys_to_virt((pte_val(*pte) & PAGE_MASK) |
				  (kva & ~PAGE_MASK));
	return frame ? frame : tlb;
}

void *kva_ptr(ulong32 kva, int write, const char *caller)
{
	void *p;

	/* Below PAGE_OFFSET is user space, which kernel code never touches
	 * (the firmware's own identity map is no part of the machine). */
	if (kva_is_lowmem(kva))
		p = arch_phys_to_virt(__kpa(kva));
	else if (kva >= MODULES_VADDR && kva < VMALLOC_END)
		p = kva_through_tables(kva, write);
	else
		p = NULL;
	if (!p)
		vmf_bug(caller, "unable to handle kernel paging request",
			"at 0x%08x", kva);
	return p;
}

ulong32 obj_kva(const void *p)
{
	return p ? __kva(arch_virt_to_phys(p)) : 0;
}

pageref_t pages_get(ulong32 array, u32 i, const char *caller)
{
	const u8 *p = kva_ptr(array + i * (u32)sizeof(pageref_t), 0, caller);
	pageref_t ref;

	memcpy(&ref, p, sizeof(ref));
	return ref;
}

void pages_set(ulong32 array, u32 i, pageref_t ref, const char *caller)
{
	u8 *p = kva_ptr(array + i * (u32)sizeof(pageref_t), 1, caller);

	memcpy(p, &ref, sizeof(ref));
}

void kva_clear(ulong32 kva, u32 len, const char *caller)
{
	while (len) {
		u32 chunk = PAGE_SIZE - (kva & (PAGE_SIZE - 1));

		if (chunk > len)
			chunk = len;
		memset(kva_ptr(kva, 1, caller), 0, chunk);
		kva += chunk;
		len -= chunk;
	}
}
