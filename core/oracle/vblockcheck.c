// SPDX-License-Identifier: GPL-2.0
/*
 * 2.6.28's per-CPU vmap blocks, checked (see vblockcheck.h).
 */
#include "vblockcheck.h"
#include "arch.h"
#include "bugs.h"
#include "interp.h"
#include "kernel.h"
#include "pgtable.h"
#include "smp.h"
#include "vmap_block.h"

#define MAX_STALE 1024

struct range {
	ulong32 start, end;
};

/* Runs vm_unmap_ram()ed since the last vm_unmap_aliases(). */
static struct range stale[MAX_STALE];
static u32 nstale;
static bool stale_lost; /* overflowed: the blocks' dirty bits decide */
static bool active;	/* a vm_map_ram mapped something */

void vblockcheck_reset(void)
{
	nstale = 0;
	stale_lost = active = false;
}

static const char *fn(void)
{
	return vmf_op_function(&vmf.prog.ops[vmf.pc]);
}

static bool is_ram(const struct slot *s)
{
	return s->live && s->kind == SLOT_RAM;
}

bool vblockcheck_mapped(ulong32 va)
{
	const struct slot *s;

	if (!active)
		return false;
	for_each_record(s)
		if (is_ram(s) && va >= s->addr &&
		    va - s->addr < s->req * PAGE_SIZE)
			return true;
	return false;
}

static bool block_dirty(ulong32 va)
{
	const struct vmap_block *vb = vmap_block_of(va);

	return vb && va >= vb->va->va_start && va < vb->va->va_end &&
	       vb_test(vb->dirty_map, (va - vb->va->va_start) >> PAGE_SHIFT);
}

bool vblockcheck_stale(ulong32 va)
{
	u32 i;

	if (!active)
		return false;
	if (stale_lost && block_dirty(va))
		return true;
	for (i = 0; i < nstale; i++)
		if (va >= stale[i].start && va < stale[i].end)
			return true;
	return false;
}

/* After vm_unmap_aliases(): no CPU reaches a run unmapped before it. */
static void probe_stale(const struct range *r)
{
	int other = 1 - arch_smp_processor_id();
	ulong32 va;
	u32 i;

	for (va = r->start; va < r->end; va += PAGE_SIZE) {
		pte_t *pte = lookup_pte_k(va);

		if (vblockcheck_mapped(va))
			continue;
		vmf.bug_va = va;
		vmf.has_bug_va = true;
		if (pte && pte_present(*pte))
			vmf_bug_at(va, "unmapped vm_map_ram still mapped "
				       "after vm_unmap_aliases");
		if (arch_mmu_access(va, 0))
			vmf_bug_at(va, "unmapped vm_map_ram still accessible "
				       "after vm_unmap_aliases");
	}
	if (!smp_on || !arch_irqs_enabled(other))
		return;
	i = (u32)arch_mmu_probe_cpu(other, r->start,
				    (r->end - r->start) >> PAGE_SHIFT);
	if (i < (r->end - r->start) >> PAGE_SHIFT)
		vmf_bug_at(r->start + i * PAGE_SIZE,
			   "unmapped vm_map_ram still accessible on the other "
			   "CPU after vm_unmap_aliases");
}

static u32 popcount(const u32 *map)
{
	u32 i, n = 0;

	for (i = 0; i < VMAP_BBMAP_BITS; i++)
		n += vb_test(map, i);
	return n;
}

static bool on_free_list(const struct vmap_block *vb)
{
	const struct vmap_block *tmp;

	list_for_each_entry(tmp, &vb->vbq->free, free_list)
	{
		if (tmp == vb)
			return true;
	}
	return false;
}

static void check_block(const struct vmap_block *vb, bool purged)
{
	const struct vmap_area *va = vb->va;
	u32 i, nalloc = popcount(vb->alloc_map);

	if (va->va_end - va->va_start != VMAP_BLOCK_SIZE ||
	    (va->va_start & (VMAP_BLOCK_SIZE - 1)) ||
	    find_vmap_area(va->va_start) != va ||
	    (va->flags & (VM_LAZY_FREE | VM_VM_AREA)))
		vmf_bug_at(va->va_start, "vmap block without its vmap area");
	for (i = 0; i < VMAP_BBMAP_WORDS; i++)
		if (vb->dirty_map[i] & ~vb->alloc_map[i])
			vmf_bug_at(va->va_start + i * 32 * PAGE_SIZE,
				   "vmap block dirty page never allocated");
	if (vb->free != VMAP_BBMAP_BITS - nalloc ||
	    vb->dirty != popcount(vb->dirty_map))
		vmf_bug(fn(), "wrong vmap block counts",
			"block 0x%08x: free %u dirty %u, bitmaps %u %u",
			va->va_start, vb->free, vb->dirty,
			VMAP_BBMAP_BITS - nalloc, popcount(vb->dirty_map));
	if (vb->vbq != &vmap_block_queue[vb->cpu] ||
	    on_free_list(vb) != (vb->free > 0))
		vmf_bug_at(va->va_start, "vmap block on the wrong free list");
	if (purged && vb->free + vb->dirty == VMAP_BBMAP_BITS &&
	    vb->dirty != VMAP_BBMAP_BITS)
		vmf_bug(fn(), "fragmented vmap block kept",
			"block 0x%08x: %u pages free, %u dirty, none mapped",
			va->va_start, vb->free, vb->dirty);
}

/* A stale run whose page is not dirty in a live block any more: its block
 * was freed (lazily: vmapcheck.c's pending set keeps it allowed until the
 * purge, and probes it then), its space maybe a new block's since. */
static void prune_stale(void)
{
	u32 i, k = 0;

	for (i = 0; i < nstale; i++)
		if (block_dirty(stale[i].start))
			stale[k++] = stale[i];
	nstale = k;
}

static void note_unmap(const struct slot *s, ulong32 addr)
{
	if (s->req > VMAP_MAX_ALLOC) /* a vmap area: vmapcheck's pending set */
		return;
	if (nstale == MAX_STALE) {
		stale_lost = true;
		return;
	}
	stale[nstale++] = (struct range){ addr, addr + s->req * PAGE_SIZE };
}

bool vblockcheck_op(void)
{
	const struct vmf_op *op = &vmf.prog.ops[vmf.pc];
	const struct op_result *r = &vmf.res[vmf.pc];
	const struct vmap_block *vb;
	bool purged = op->code == OP_PURGE;
	u32 i;

	if (!vmf_gen2())
		return false;
	if (op->code == OP_VM_MAP_RAM && r->kind == RES_ADDR)
		active = true;
	if (!active)
		return false;
	if (op->code == OP_VM_UNMAP_RAM && r->kind != RES_SKIP)
		note_unmap(&vmf.slots[op->slot], r->value);
	if (purged) {
		for (i = 0; i < nstale; i++)
			probe_stale(&stale[i]);
		vmf.has_bug_va = false;
		nstale = 0;
		stale_lost = false;
	} else {
		prune_stale();
	}
	for (i = 0; (vb = vmap_block_at(i)) != NULL; i++)
		check_block(vb, purged);
	return true;
}

/* A live vm_map_ram's range: its block run allocated and clean, or its
 * own live vmap area. */
static void check_ram_range(const struct slot *s)
{
	const struct vmap_block *vb;
	const struct vmap_area *va;
	u32 i, first;

	if (s->req > VMAP_MAX_ALLOC) {
		va = vmap_area_containing(s->addr);
		if (!va || va->va_start != s->addr ||
		    va->va_end != s->addr + s->req * PAGE_SIZE ||
		    (va->flags & (VM_LAZY_FREE | VM_VM_AREA)))
			vmf_bug_at(s->addr, "vm_map_ram without its vmap area");
		return;
	}
	vb = vmap_block_of(s->addr);
	if (!vb || s->addr < vb->va->va_start ||
	    s->addr + s->req * PAGE_SIZE > vb->va->va_end)
		vmf_bug_at(s->addr, "vm_map_ram outside every vmap block");
	first = (s->addr - vb->va->va_start) >> PAGE_SHIFT;
	for (i = first; i < first + s->req; i++)
		if (!vb_test(vb->alloc_map, i) || vb_test(vb->dirty_map, i))
			vmf_bug_at(vb->va->va_start + i * PAGE_SIZE,
				   "live vm_map_ram page free in its block");
}

u32 vblockcheck_mappings(void (*check_frame)(ulong32 va, u32 pfn))
{
	const struct slot *s;
	u32 n = 0, i;

	if (!active)
		return 0;
	for_each_record(s) {
		if (!is_ram(s))
			continue;
		check_ram_range(s);
		for (i = 0; i < s->req; i++) {
			ulong32 va = s->addr + i * PAGE_SIZE;
			pte_t *pte = lookup_pte_k(va);

			if (!pte || !pte_present(*pte))
				vmf_bug_at(va, "live area not mapped");
			if (pte_pfn(*pte) != s->vpages[i])
				vmf_bug_at(va, "live area mapped to the wrong "
					       "frame");
			check_frame(va, pte_pfn(*pte));
		}
		n += s->req;
	}
	return n;
}

void vblockcheck_new(const struct slot *s)
{
	const struct vmap_block *vb;
	u32 order = 0;

	check_ram_range(s);
	if (s->req > VMAP_MAX_ALLOC)
		return;
	while ((1u << order) < s->req)
		order++;
	vb = vmap_block_of(s->addr);
	if ((s->addr - vb->va->va_start) & ((PAGE_SIZE << order) - 1))
		vmf_bug_at(s->addr, "misaligned vm_map_ram");
	if (vb->cpu != vmf.prog.ops[vmf.pc].cpu)
		vmf_bug_at(s->addr, "vm_map_ram from another CPU's block");
}

bool vblockcheck_owns(const struct vmap_area *va)
{
	const struct vmap_block *vb = vmap_block_of(va->va_start);
	const struct slot *s;

	if (vb && vb->va == va)
		return true;
	for_each_record(s)
		if (is_ram(s) && s->req > VMAP_MAX_ALLOC &&
		    s->addr == va->va_start)
			return true;
	return false;
}

bool vblockcheck_obstacle(u32 k, ulong32 *addr, ulong32 *size)
{
	const struct vmap_block *vb;
	const struct slot *s;
	u32 i;

	if (!active)
		return false;
	for (i = 0; (vb = vmap_block_at(i)) != NULL; i++)
		if (k-- == 0) {
			*addr = vb->va->va_start;
			*size = VMAP_BLOCK_SIZE;
			return true;
		}
	for_each_record(s)
		if (is_ram(s) && s->req > VMAP_MAX_ALLOC && k-- == 0) {
			*addr = s->addr;
			*size = s->req * PAGE_SIZE;
			return true;
		}
	return false;
}
