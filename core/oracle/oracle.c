// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle's full sweep (see oracle.h): every area, page table, frame and
 * written page, read from the allocator's state and probed through the MMU.
 * The incremental check (oracle_inc.c) runs it whenever it sees anything
 * wrong, and run.c at `check`, at the end of every program, and after every
 * op when the configuration is paranoid.
 */
#include "oracle_impl.h"
#include "vmapcheck.h"
#include "vblockcheck.h"
#include "arch.h"
#include "kernel.h"
#include "pattern.h"
#include "placecheck.h"
#include "pgtable.h"
#include "record.h"
#include "slab.h"
#include "smp.h"

static u32 frame_stamp[POOL_PAGES];
static u32 epoch;

const char *oracle_op_fn(void)
{
	return vmf_op_function(&vmf.prog.ops[vmf.pc]);
}

const struct slot *oracle_slot_of_area(const struct vm_struct *area)
{
	const struct slot *s;

	for_each_record(s)
		if (s->live && s->area == area)
			return s;
	return NULL;
}

u32 oracle_mapped_pages(const struct vm_struct *area)
{
	const struct slot *s;

	if (area->pages)
		return area->nr_pages;
	if (area->flags & VM_MAP) {
		s = oracle_slot_of_area(area);
		return s ? s->req : 0;
	}
	return 0;
}

bool oracle_expect_mapped(ulong32 va)
{
	const struct vm_struct *tmp;

	for (tmp = vmlist; tmp; tmp = tmp->next) {
		u64 end = (u64)tmp->addr +
			  (u64)oracle_mapped_pages(tmp) * PAGE_SIZE;

		if (va >= tmp->addr && va < end)
			return true;
	}
	return false;
}

static bool inside(u64 addr, u64 size, u64 start, u64 end)
{
	return addr >= start && addr + size <= end;
}

void oracle_check_vmlist(void)
{
	const struct vm_struct *tmp, *prev = NULL;

	for (tmp = vmlist; tmp; prev = tmp, tmp = tmp->next) {
		if (prev && tmp->addr < prev->addr)
			vmf_bug_at(tmp->addr, "vmlist not sorted");
		if (prev && (u64)prev->addr + prev->size > tmp->addr)
			vmf_bug_at(tmp->addr, "overlapping vm areas");
		if ((tmp->addr | tmp->size) & (PAGE_SIZE - 1) ||
		    tmp->size < 2 * PAGE_SIZE)
			vmf_bug_at(tmp->addr, "malformed vm area");
		if (!inside(tmp->addr, tmp->size, VMALLOC_START, VMALLOC_END) &&
		    !inside(tmp->addr, tmp->size, MODULES_VADDR, MODULES_END))
			vmf_bug_at(tmp->addr, "vm area outside vmalloc range");
	}
}

void oracle_check_new_slot(const struct slot *s, const struct vmf_op *op)
{
	const struct vm_struct *area = s->area;
	u64 req = s->kind == SLOT_VMAP ? (u64)s->req * PAGE_SIZE : s->req;
	u64 want = ((req + PAGE_SIZE - 1) & ~(u64)(PAGE_SIZE - 1)) + PAGE_SIZE;
	int bit;

	if (s->kind == SLOT_RAM) { /* vm_map_ram: no vm_struct */
		vblockcheck_new(s);
		return;
	}
	if (!area)
		vmf_bug_at(s->addr, "returned address has no vm area");
	if (area->size < want)
		vmf_bug_at(s->addr, "vm area smaller than requested");
	if (area->size > want)
		vmf_bug_at(s->addr, "vm area larger than requested");
	if (s->kind == SLOT_VMALLOC &&
	    area->nr_pages != (want >> PAGE_SHIFT) - 1)
		vmf_bug_at(s->addr, "vmalloc area with wrong page count");
	if (op->code != OP_GET_VM_AREA || op->mode != AREA_IOREMAP)
		return;
	bit = fls(s->req);
	bit = bit > ioremap_max_order() ? ioremap_max_order()
	      : bit < PAGE_SHIFT	? PAGE_SHIFT
					: bit;
	if (s->addr & (((ulong32)1 << bit) - 1))
		vmf_bug_at(s->addr, "misaligned ioremap area");
}

/* A mapped data frame: in the pool, allocated, not kmalloc's, not a page
 * table, not mapped elsewhere. Page tables and the pgd carry epoch + 1. */
static void check_frame(ulong32 va, u32 pfn)
{
	const struct page *page;
	u32 *stamp;

	if (!pfn_valid(pfn))
		vmf_bug_at(va, "frame outside the pool mapped");
	page = pfn_to_page(pfn);
	stamp = &frame_stamp[pfn - POOL_PFN_START];
	if (!(page->flags & PG_allocated))
		vmf_bug_at(va, "free frame mapped");
	if (page->flags & PG_slab)
		vmf_bug_at(va, "kmalloc frame mapped");
	if (*stamp == epoch + 1)
		vmf_bug_at(va, "page table frame mapped");
	if (*stamp == epoch)
		vmf_bug_at(va, "frame mapped twice");
	*stamp = epoch;
}

/* Walks an area's expected frames, reading a page array one page at a
 * time (it may be vmalloc'ed: each of its pages is a translation). */
struct frame_cursor {
	const struct vm_struct *area;
	const struct slot *slot; /* a vmap's pages: its record's array */
	const pageref_t *refs;	 /* the rest of the current array page */
	u32 left;
};

static pageref_t expected_frame(struct frame_cursor *c, u32 i)
{
	ulong32 kva = c->area->pages + i * (u32)sizeof(pageref_t);

	if (!c->area->pages)
		return c->slot->vpages[i];
	if (!c->left) {
		c->refs = kva_ptr(kva, 0, oracle_op_fn());
		c->left = (PAGE_SIZE - (kva & (PAGE_SIZE - 1))) /
			  (u32)sizeof(pageref_t);
	}
	c->left--;
	return *c->refs++;
}

/* The pte of va, stepping from prev (the pte of va - PAGE_SIZE) inside a
 * page table. */
static pte_t *next_pte(pte_t *prev, ulong32 va)
{
	return prev && PTX(va) ? prev + 1 : lookup_pte_k(va);
}

/* Index (from base, capped at n) of the first page of the next page
 * table after page i: where no table is, no page is mapped, and none ever
 * was in this program (page tables are never freed, as in 2.6), so no TLB
 * entry can exist either. */
static u32 next_table(ulong32 base, u32 i, u32 n)
{
	ulong32 va = base + i * PAGE_SIZE;
	u32 left = (u32)((PGDIR_SIZE - (va & (PGDIR_SIZE - 1))) >> PAGE_SHIFT);

	return n - i < left ? n : i + left;
}

/* Each area: its pages mapped to its frames, each frame once, the rest of
 * the area (guard page included) unmapped. Returns the mapped pages. */
static u32 check_area_mapping(const struct vm_struct *area)
{
	u32 m = oracle_mapped_pages(area), n = area->size >> PAGE_SHIFT, i;
	struct frame_cursor frames = { area, NULL, NULL, 0 };
	pte_t *pte = NULL;

	if (!area->pages && m)
		frames.slot = oracle_slot_of_area(area);

	for (i = 0; i < n; i++) {
		ulong32 va = area->addr + i * PAGE_SIZE;
		bool present;
		u32 pfn;

		pte = next_pte(pte, va);
		present = pte && pte_present(*pte);
		if (!pte && i >= m) {
			i = next_table(area->addr, i, n) - 1;
			continue;
		}
		if (i >= m) {
			if (present)
				vmf_bug_at(va, i == n - 1 ? "guard page mapped"
							  : "unbacked page of "
							    "vm area mapped");
			continue;
		}
		if (!present)
			vmf_bug_at(va, "live area not mapped");
		pfn = pte_pfn(*pte);
		if (pfn != expected_frame(&frames, i))
			vmf_bug_at(va, "live area mapped to the wrong frame");
		check_frame(va, pfn);
	}
	return m;
}

/* A present PTE that no lazily freed range of 2.6.28 keeps (those stay
 * mapped until their purge: vmapcheck.c). */
static u32 present_not_lazy(pte_t pte, u32 pdx, u32 i)
{
	ulong32 va = pdx << PGDIR_SHIFT | i << PAGE_SHIFT;

	return pte_present(pte) && !vmapcheck_lazy(va) &&
	       !vblockcheck_stale(va); /* vm_unmap_ram: until the purge */
}

/* Present PTEs in pool page tables; *tables counts those page tables,
 * which (and the pgd) get stamp epoch + 1. */
static u32 count_present(u32 *tables)
{
	u32 pdx, i, n = 0;

	*tables = 0;
	frame_stamp[__pa(swapper_pg_dir) / PAGE_SIZE - POOL_PFN_START] =
		epoch + 1;
	for (pdx = 0; pdx < PTRS_PER_PGD; pdx++) {
		pgd_t pgd = swapper_pg_dir[pdx];
		const pte_t *table;

		if (!pmd_present(pgd) || !pfn_valid(pmd_pfn(pgd)))
			continue;
		table = arch_phys_to_virt(pmd_val(pgd) & PAGE_MASK);
		frame_stamp[pmd_pfn(pgd) - POOL_PFN_START] = epoch + 1;
		(*tables)++;
		for (i = 0; i < PTRS_PER_PTE; i++)
			n += present_not_lazy(table[i], pdx, i);
	}
	return n;
}

u32 oracle_check_mappings(u32 *tables)
{
	const struct vm_struct *tmp;
	u32 expected = 0, present;

	epoch += 2;
	if (epoch < 2) {
		memset(frame_stamp, 0, sizeof(frame_stamp));
		epoch = 2;
	}
	present = count_present(tables);
	for (tmp = vmlist; tmp; tmp = tmp->next)
		expected += check_area_mapping(tmp);
	expected += vblockcheck_mappings(check_frame);
	if (present != expected)
		vmf_bug(oracle_op_fn(), "stray kernel mapping",
			"%u present ptes for %u mapped pages", present,
			expected);
	return expected;
}

static bool overlaps_live(ulong32 addr, ulong32 size)
{
	const struct vm_struct *tmp;

	for (tmp = vmlist; tmp; tmp = tmp->next)
		if ((u64)tmp->addr < (u64)addr + size &&
		    (u64)tmp->addr + tmp->size > addr)
			return true;
	return false;
}

/*
 * Freed pages through the other CPU's TLB too, in a two-CPU run (at a
 * quiescent point: the other CPU is between ops). Its interrupts must be
 * on for the probe (an IPI on hardware); with them off the flush IPI of the
 * free could not have been taken either, and the probe is left out. The
 * pages come as runs (one probe each), so the cost follows the pages freed.
 */
struct freed_run {
	ulong32 va;
	u32 n;
};

static void probe_other_cpu(struct freed_run *run)
{
	int other = 1 - arch_smp_processor_id();
	u32 i;

	if (!run->n || !smp_on || !arch_irqs_enabled(other)) {
		run->n = 0;
		return;
	}
	i = (u32)arch_mmu_probe_cpu(other, run->va, run->n);
	if (i < run->n)
		vmf_bug_at(run->va + i * PAGE_SIZE,
			   "freed area still accessible on the other CPU");
	run->n = 0;
}

static void freed_run_add(struct freed_run *run, ulong32 va)
{
	if (run->n && run->va + run->n * PAGE_SIZE != va)
		probe_other_cpu(run);
	if (!run->n)
		run->va = va;
	run->n++;
}

void oracle_check_freed(void)
{
	struct freed_run run = { 0, 0 };
	u32 g;

	for (g = 0; g < vmf_rec.ngone; g++) {
		const struct rec_area *e = &vmf_rec.gone[g];
		bool shared;
		u32 i;

		if (vmapcheck_lazy(e->addr)) /* 2.6.28: mapped until purged */
			continue;
		shared = overlaps_live(e->addr, e->size);
		for (i = 0; i < e->size >> PAGE_SHIFT; i++) {
			ulong32 va = e->addr + i * PAGE_SIZE;
			pte_t *pte;

			if (shared && oracle_expect_mapped(va))
				continue;
			if (!pmd_present(*pgd_offset_k(va))) {
				i = next_table(e->addr, i,
					       e->size >> PAGE_SHIFT) -
				    1;
				continue;
			}
			pte = lookup_pte_k(va);
			if (pte && pte_present(*pte))
				vmf_bug_at(va, "freed area still mapped");
			if (arch_mmu_access(va, 0))
				vmf_bug_at(va, "freed area still accessible");
			if (smp_on)
				freed_run_add(&run, va);
		}
	}
	probe_other_cpu(&run);
}
