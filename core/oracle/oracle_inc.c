// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle's incremental check (see oracle.h). After an op, given that
 * every invariant held before it, only what the op changed can break one:
 *
 *   vmlist      on ops that may change it, the list is checked whole (the op
 *               itself walked it); areas that left it are checked unmapped
 *               and unreachable page by page, as the full sweep does
 *   areas born  each mapped page present, to its expected frame, the frame
 *               allocated, not kmalloc's, not a page table, mapped once
 *   ptes        an entry the op made present lies in a born area's mapped
 *               pages; one it cleared lies in no live area's mapped pages
 *   frames      none the op freed is mapped by a live area or a page table
 *   counters    frames and kmalloc objects, summed per area as areas come
 *               and go; meminfo against get_vmalloc_info() when vmlist moved
 *
 * Written contents only change through `write` (a data frame of the slot's
 * own area) or by freeing a mapped frame (caught above). Whenever anything
 * here looks wrong, the full sweep runs and gives the verdict, so the first
 * BUG title is the full sweep's; a program whose summaries cannot be trusted
 * any more (a log overflowed, a false alarm) is swept after every op.
 */
#include "oracle_impl.h"
#include "vmapcheck.h"
#include "vblockcheck.h"
#include "arch.h"
#include "kernel.h"
#include "pgtable.h"
#include "placecheck.h"
#include "record.h"
#include "slab.h"

#define MAX_IDS (2 * REC_MAX_AREAS)

struct oarea {
	u32 id;	     /* index in alive[] */
	u32 m;	     /* mapped pages */
	u32 frames;  /* frames accounted to it: its pages, a vmap's pages */
	u32 objects; /* kmalloc objects: struct, lowmem page array, vmap's */
};

struct oracle_stats oracle_stats;

/* Summaries parallel to vmf_rec.areas (cur) and vmf_rec.old (prev). */
static struct oarea sum_buf[2][REC_MAX_AREAS];
static struct oarea *cur = sum_buf[0], *prev = sum_buf[1];
static u32 kept[REC_MAX_AREAS], kept_stamp; /* prev[j] kept this op */
static u8 alive[MAX_IDS];
static u32 nids, owner_base;
static u32 frame_owner[POOL_PAGES]; /* owner_base + id + 1: mapped by id */
static u32 table_gen[POOL_PAGES];   /* == gen: a page table or the pgd */
static u16 table_pdx[POOL_PAGES];
static u32 gen;
static u32 exp_frames, exp_objects, ntables;
static bool degraded;

static void mark_table(u32 pfn, u32 pdx)
{
	table_gen[pfn - POOL_PFN_START] = gen;
	table_pdx[pfn - POOL_PFN_START] = (u16)pdx;
}

void oracle_reset(void)
{
	vmapcheck_reset();
	vblockcheck_reset();
	memset(alive, 0, nids);
	if (owner_base > 0xffffffffu - 2 * MAX_IDS) {
		memset(frame_owner, 0, sizeof(frame_owner));
		owner_base = 0;
	} else {
		owner_base += nids;
	}
	nids = 0;
	if (++gen == 0) {
		memset(table_gen, 0, sizeof(table_gen));
		gen = 1;
	}
	exp_frames = exp_objects = ntables = 0;
	degraded = false;
	mark_table(__pa(swapper_pg_dir) >> PAGE_SHIFT, 0);
}

static bool owned(u32 idx)
{
	u32 v = frame_owner[idx];

	return v > owner_base && v - owner_base <= nids &&
	       alive[v - owner_base - 1];
}

/* The live vmap record of a VM_MAP area: usually the running op's slot. */
static const struct slot *vmap_record(const struct vm_struct *area)
{
	const struct slot *s = &vmf.slots[vmf.prog.ops[vmf.pc].slot];

	if (!(area->flags & VM_MAP))
		return NULL;
	return s->live && s->area == area ? s : oracle_slot_of_area(area);
}

static struct oarea born_summary(const struct vm_struct *area)
{
	const struct slot *s = vmap_record(area);
	struct oarea o = { MAX_IDS, 0, 0, 1 };

	if (nids == MAX_IDS)
		degraded = true;
	else
		alive[o.id = nids++] = 1;
	if (area->pages) {
		o.m = o.frames = area->nr_pages;
		o.objects += kva_is_lowmem(area->pages) ? 1 : 0;
	} else if (s) {
		o.m = s->req;
	}
	if (s && s->kind == SLOT_VMAP) {
		o.frames += s->req;
		o.objects++;
	}
	exp_frames += o.frames;
	exp_objects += o.objects;
	return o;
}

/* Follow vmf_rec: carry kept summaries over, make born ones, drop gone. */
static void sync_areas(void)
{
	struct oarea *next = prev;
	u32 i, j;

	if (++kept_stamp == 0) {
		memset(kept, 0, sizeof(kept));
		kept_stamp = 1;
	}
	for (i = 0; i < vmf_rec.nareas; i++) {
		s32 f = vmf_rec.from[i];

		if (f >= 0) {
			next[i] = cur[f];
			kept[f] = kept_stamp;
		} else {
			next[i] = born_summary(vmf_rec.areas[i].area);
		}
	}
	for (j = 0; j < vmf_rec.nold; j++) {
		if (kept[j] == kept_stamp)
			continue;
		if (cur[j].id < nids)
			alive[cur[j].id] = 0;
		exp_frames -= cur[j].frames;
		exp_objects -= cur[j].objects;
	}
	prev = cur;
	cur = next;
}

static void sync_tables(void)
{
	u32 i;

	for (i = 0; i < vmf_rec.ntables; i++) {
		pmd_t *pmd = vmf_rec.tables[i];

		if (!pmd_present(*pmd) || !pfn_valid(pmd_pfn(*pmd))) {
			degraded = true;
			continue;
		}
		mark_table(pmd_pfn(*pmd), (u32)(pmd - swapper_pg_dir));
		ntables++;
	}
}

/* Index of the area holding va in its mapped pages, or -1. */
static s32 mapped_area(ulong32 va)
{
	s32 lo = 0, hi = (s32)vmf_rec.nareas - 1, k = -1;

	while (lo <= hi) {
		s32 mid = (lo + hi) / 2;

		if (vmf_rec.areas[mid].addr <= va) {
			k = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (k < 0 ||
	    (u64)(va - vmf_rec.areas[k].addr) >= (u64)cur[k].m * PAGE_SIZE)
		return -1;
	return k;
}

/* The address a pte translates, if it lies in a page table of this
 * program's page directory. */
static bool pte_va(const pte_t *ptep, ulong32 *va)
{
	u32 phys = arch_virt_to_phys(ptep), pfn = phys >> PAGE_SHIFT;

	if (phys == ARCH_NO_PHYS || !pfn_valid(pfn) ||
	    table_gen[pfn - POOL_PFN_START] != gen)
		return false;
	*va = ((ulong32)table_pdx[pfn - POOL_PFN_START] << PGDIR_SHIFT) |
	      (((phys & ~PAGE_MASK) >> 2) << PAGE_SHIFT);
	return true;
}

void oracle_check_cleared(void)
{
	u32 i;
	ulong32 va;

	for (i = 0; i < vmf_rec.nptes; i++) {
		const pte_t *ptep = vmf_rec.ptes[i];

		if (pte_present(*ptep) || !pte_va(ptep, &va) ||
		    mapped_area(va) >= 0)
			continue;
		if (arch_mmu_access(va, 0))
			vmf_bug_at(va, "freed area still accessible");
	}
}

/* A pte the op changed: present only in a born area's mapped pages (which
 * born_ok() checks); cleared only outside every live area's, and then it
 * must fault through the TLB too. */
static bool pte_ok(const pte_t *ptep)
{
	ulong32 va;
	s32 k;

	if (!pte_va(ptep, &va))
		return false;
	k = mapped_area(va);
	if (pte_present(*ptep))
		return k >= 0 && vmf_rec.from[k] < 0;
	return k < 0 && !arch_mmu_access(va, 0);
}

/* Reads an area's page array in order, one translation per page of it. */
struct array_cursor {
	const struct vm_struct *area;
	const u8 *p; /* the rest of the current array page */
	u32 left;    /* entries left there */
};

/* Entry i (called with i = 0, 1, ...), or false if it cannot be read. */
static bool array_entry(struct array_cursor *c, u32 i, pageref_t *ref)
{
	ulong32 kva = c->area->pages + i * (u32)sizeof(pageref_t);

	if (!c->left) {
		c->p = kva_is_lowmem(kva) ? arch_phys_to_virt(__kpa(kva))
					  : arch_mmu_access(kva, 0);
		if (!c->p)
			return false;
		c->left = (PAGE_SIZE - (kva & (PAGE_SIZE - 1))) /
			  (u32)sizeof(pageref_t);
	}
	memcpy(ref, c->p, sizeof(*ref));
	c->p += sizeof(*ref);
	c->left--;
	return true;
}

static bool frame_ok(u32 pfn, u32 id)
{
	u32 idx = pfn - POOL_PFN_START;
	const struct page *page;

	if (!pfn_valid(pfn))
		return false;
	page = pfn_to_page(pfn);
	if (!(page->flags & PG_allocated) || (page->flags & PG_slab) ||
	    table_gen[idx] == gen || owned(idx))
		return false;
	frame_owner[idx] = owner_base + id + 1;
	return true;
}

/* A born area's mapped pages: present, each to its expected frame. */
static bool born_ok(u32 i)
{
	const struct vm_struct *area = vmf_rec.areas[i].area;
	const struct slot *s = area->pages ? NULL : vmap_record(area);
	struct array_cursor c = { area, NULL, 0 };
	const pte_t *pte = NULL;
	u32 p;

	for (p = 0; p < cur[i].m; p++) {
		ulong32 va = vmf_rec.areas[i].addr + p * PAGE_SIZE;
		pageref_t want;

		pte = pte && PTX(va) ? pte + 1 : lookup_pte_k(va);
		if (!pte || !pte_present(*pte))
			return false;
		if (s)
			want = s->vpages[p];
		else if (!array_entry(&c, p, &want))
			return false;
		if (pte_pfn(*pte) != want || !frame_ok(want, cur[i].id))
			return false;
	}
	return true;
}

static bool mappings_ok(void)
{
	u32 i;

	for (i = 0; i < vmf_rec.nfreed; i++) {
		u32 idx = vmf_rec.freed[i] - POOL_PFN_START;

		if (owned(idx) || table_gen[idx] == gen)
			return false;
	}
	for (i = 0; i < vmf_rec.nptes; i++)
		if (!pte_ok(vmf_rec.ptes[i]))
			return false;
	if (!vmf_rec.listed)
		return !vmf_rec.nptes && !vmf_rec.ntables && !vmf_rec.nfreed;
	for (i = 0; i < vmf_rec.nareas; i++)
		if (vmf_rec.from[i] < 0 && !born_ok(i))
			return false;
	return true;
}

static bool counters_ok(void)
{
	u32 frames = 1 + ntables + kmalloc_nr_slab_pages() + vmf.orphan_frames +
		     exp_frames;
	struct vmalloc_info got, want;

	if (POOL_PAGES - nr_free_pages() != frames ||
	    kmalloc_nr_objects() != vmf.orphan_objects + exp_objects)
		return false;
	if (!vmf_rec.listed)
		return true;
	get_vmalloc_info(&got);
	oracle_vmalloc_info(&want);
	return got.used == want.used && got.largest_chunk == want.largest_chunk;
}

/* The touch verdict: a fault exactly where no live area maps the byte. */
static void check_touch(const struct op_result *r)
{
	bool expect = mapped_area(r->value) >= 0 ||
		      vblockcheck_mapped(r->value);

	if (r->kind == RES_FAULT && expect)
		vmf_bug_at(r->value, "mapped address faulted");
	/* 2.6.28: a lazily freed range stays mapped until its purge */
	if (r->kind == RES_OK && !expect && !vmapcheck_lazy(r->value) &&
	    !vblockcheck_stale(r->value))
		vmf_bug_at(r->value, "unmapped address did not fault");
}

static void sweep(void)
{
	oracle_stats.full_sweeps++;
	oracle_check_all();
}

void oracle_after_op(bool full)
{
	const struct vmf_op *op = &vmf.prog.ops[vmf.pc];
	const struct op_result *r = &vmf.res[vmf.pc];

	oracle_stats.ops++;
	vmapcheck_op();
	/* vm_map_ram mappings: no incremental summary knows them */
	if (vblockcheck_op())
		full = true;
	if (vmf_rec.listed)
		sync_areas();
	sync_tables();
	if (vmf_rec.overflow)
		degraded = true;
	if (op->code == OP_TOUCH && r->kind != RES_SKIP && !vmf.overlapped)
		check_touch(r);
	if (full || degraded) {
		sweep();
		/* Keep the frame owners of born areas for later ops. */
		if (!degraded && !mappings_ok())
			degraded = true;
		return;
	}
	if (vmf_rec.listed) {
		oracle_check_vmlist();
		oracle_check_freed();
	}
	if (vmf_op_assigns(op->code) && r->kind == RES_ADDR)
		oracle_check_new_slot(&vmf.slots[op->slot], op);
	placecheck_op();
	if (mappings_ok() && counters_ok())
		return;
	/* Something looks wrong: the full sweep names it. If it finds
	 * nothing, the summaries are suspect: sweep from now on. */
	oracle_stats.fallbacks++;
	sweep();
	degraded = true;
}

void oracle_check_all(void)
{
	oracle_check_vmlist();
	vmapcheck_full();
	if (vmf_rec.listed)
		oracle_check_freed();
	oracle_check_cleared();
	oracle_sweep_rest();
}
