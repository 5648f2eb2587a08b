// SPDX-License-Identifier: GPL-2.0
/*
 * The lazy contract of the 2.6.28 vmap layer (see vmapcheck.h).
 */
#include "vmapcheck.h"
#include "arch.h"
#include "bugs.h"
#include "kernel.h"
#include "interp.h"
#include "pgtable.h"
#include "rbcheck.h"
#include "record.h"
#include "vmap_area.h"
#include "vblockcheck.h"

#define MAX_PENDING 8192

struct range {
	ulong32 start, end;
};

/* Pending ranges at the end of the last op, sorted, disjoint. */
static struct range pending[MAX_PENDING];
static u32 npending, pending_pages;
static bool pending_lost; /* the set overflowed: stop trusting it */
static bool purged_op;	  /* the last op purged */

void vmapcheck_reset(void)
{
	npending = pending_pages = 0;
	pending_lost = false;
	purged_op = false;
	vmap_nr_notes = 0;
	vmap_notes_overflow = false;
}

/* Index of the first pending range whose end is above va. */
static u32 lower_bound(ulong32 va)
{
	u32 lo = 0, hi = npending;

	while (lo < hi) {
		u32 mid = (lo + hi) / 2;

		if (pending[mid].end <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool in_set(ulong32 va)
{
	u32 i = lower_bound(va);

	return i < npending && pending[i].start <= va;
}

bool vmapcheck_lazy(ulong32 va)
{
	return vmf_gen2() && npending && in_set(va);
}

/* A purged page: unmapped and faulting, unless a live area holds it now. */
static void probe_purged(ulong32 va)
{
	const struct vmap_area *va_now = vmap_area_containing(va);
	pte_t *pte;

	if (va_now && !(va_now->flags & VM_LAZY_FREE))
		return;
	pte = lookup_pte_k(va);
	if (pte && pte_present(*pte))
		vmf_bug_at(va, "purged area still mapped");
	if (arch_mmu_access(va, 0))
		vmf_bug_at(va, "purged area still accessible");
}

static void probe_range(ulong32 start, ulong32 end)
{
	ulong32 va;

	for (va = start; va < end; va += PAGE_SIZE)
		probe_purged(va);
}

/* Lazy note k, noted before purge note `last`: still pending when it came
 * after that purge took purge_lock and its area is still lazy (the other
 * CPU freed it while the purge walked the list, past its place). */
static bool survived(u32 k, s32 last)
{
	const struct vmap_note *n = &vmap_notes[k];
	const struct vmap_area *va;

	if (last < 0 || k >= (u32)last)
		return true;
	if (k < vmap_notes[last].first)
		return false;
	va = vmap_area_containing(n->start);
	return va && va->va_start == n->start && va->va_end == n->end &&
	       (va->flags & VM_LAZY_FREE);
}

/* Everything pending before the op's last purge is gone: probe it. */
static s32 probe_purges(void)
{
	s32 last = -1;
	u32 k, i;

	for (k = 0; k < vmap_nr_notes; k++)
		if (vmap_notes[k].kind == VMAP_NOTE_PURGE)
			last = (s32)k;
	if (last < 0)
		return last;
	for (i = 0; i < npending; i++)
		probe_range(pending[i].start, pending[i].end);
	for (k = 0; k < (u32)last; k++)
		if (vmap_notes[k].kind == VMAP_NOTE_LAZY && !survived(k, last))
			probe_range(vmap_notes[k].start, vmap_notes[k].end);
	return last;
}

static void add_pending(ulong32 start, ulong32 end)
{
	u32 i = lower_bound(start), k;

	if (i < npending && pending[i].start < end)
		vmf_bug_at(start, "lazily freed area freed twice");
	if (npending == MAX_PENDING) {
		pending_lost = true;
		return;
	}
	for (k = npending; k > i; k--)
		pending[k] = pending[k - 1];
	pending[i] = (struct range){ start, end };
	npending++;
	pending_pages += (end - start) >> PAGE_SHIFT;
}

static bool va_less(const struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct vmap_area, rb_node)->va_end <=
	       rb_entry(b, struct vmap_area, rb_node)->va_start;
}

/* A born area: its vmap area, where the tree keeps it, and no pending
 * range under it. */
static void check_born(const struct rec_area *e)
{
	const struct vmap_area *va = find_vmap_area(e->addr);
	const char *why;
	u32 i;

	if (!va || va->va_end != e->addr + e->size || va->private != e->area ||
	    !(va->flags & VM_VM_AREA))
		vmf_bug_at(e->addr, "vm area without its vmap area");
	why = rb_check_node(&vmap_area_root, &va->rb_node, va_less);
	if (why)
		vmf_bug_at(e->addr, why);
	i = lower_bound(e->addr);
	if (!pending_lost && i < npending &&
	    pending[i].start < e->addr + e->size)
		vmf_bug_at(e->addr,
			   "lazily freed area reused before its flush");
}

void vmapcheck_op(void)
{
	s32 last_purge;
	u32 k, i;

	purged_op = false;
	if (!vmf_gen2())
		return;
	last_purge = probe_purges();
	purged_op = last_purge >= 0;
	if (vmap_notes_overflow)
		pending_lost = true;
	if (purged_op)
		npending = pending_pages = 0;
	for (k = 0; k < vmap_nr_notes; k++)
		if (vmap_notes[k].kind == VMAP_NOTE_LAZY &&
		    survived(k, last_purge))
			add_pending(vmap_notes[k].start, vmap_notes[k].end);
	vmap_nr_notes = 0;
	vmap_notes_overflow = false;
	if (vmf_rec.listed)
		for (i = 0; i < vmf_rec.nareas; i++)
			if (vmf_rec.from[i] < 0)
				check_born(&vmf_rec.areas[i]);
	if (!pending_lost && pending_pages != vmap_lazy_nr)
		vmf_bug(vmf_op_function(&vmf.prog.ops[vmf.pc]),
			"wrong vmap_lazy_nr", "%u pages counted, %u pending",
			vmap_lazy_nr, pending_pages);
}

/* vmap_area_list in tree order; its non-lazy areas are vmlist's. */
static void check_list(u32 count)
{
	const struct rb_node *n = rb_first(&vmap_area_root);
	const struct vm_struct *vm = vmlist;
	const struct vmap_area *va;
	u32 listed = 0, lazy = 0;

	list_for_each_entry(va, &vmap_area_list, list)
	{
		if (!n || &va->rb_node != n)
			vmf_bug_at(va->va_start, "vmap_area_list differs "
						 "from the rbtree");
		n = rb_next(n);
		listed++;
		if (va->flags & VM_LAZY_FREE) {
			lazy += (va->va_end - va->va_start) >> PAGE_SHIFT;
			if (!pending_lost && !in_set(va->va_start))
				vmf_bug_at(va->va_start,
					   "lazy vmap area the oracle never "
					   "saw freed");
			continue;
		}
		if (!(va->flags & VM_VM_AREA) && vblockcheck_owns(va))
			continue; /* a vmap block, a big vm_map_ram */
		if (!vm || vm->addr != va->va_start ||
		    vm->addr + vm->size != va->va_end || va->private != vm)
			vmf_bug_at(va->va_start, "vmap area not in vmlist");
		vm = vm->next;
	}
	if (vm)
		vmf_bug_at(vm->addr, "vm area without its vmap area");
	if (listed != count)
		vmf_bug(vmf_op_function(&vmf.prog.ops[vmf.pc]),
			"vmap_area_list differs from the rbtree",
			"%u listed, %u in the tree", listed, count);
	if (lazy != vmap_lazy_nr)
		vmf_bug(vmf_op_function(&vmf.prog.ops[vmf.pc]),
			"wrong vmap_lazy_nr", "%u pages counted, %u lazy",
			vmap_lazy_nr, lazy);
	if (!pending_lost && lazy != pending_pages)
		vmf_bug(vmf_op_function(&vmf.prog.ops[vmf.pc]),
			"wrong vmap_lazy_nr", "%u lazy pages, %u pending", lazy,
			pending_pages);
}

void vmapcheck_full(void)
{
	const struct rb_node *bad;
	const char *why;
	u32 count;

	if (!vmf_gen2())
		return;
	why = rb_check_tree(&vmap_area_root, va_less, &count, &bad);
	if (why)
		vmf_bug_at(
			bad ? rb_entry(bad, struct vmap_area, rb_node)->va_start
			    : 0,
			why);
	check_list(count);
}

u32 vmapcheck_nr(void)
{
	return vmf_gen2() ? npending : 0;
}

void vmapcheck_range(u32 i, ulong32 *start, ulong32 *end)
{
	*start = pending[i].start;
	*end = pending[i].end;
}

bool vmapcheck_purged_in_op(void)
{
	return purged_op;
}

bool vmapcheck_pending_now(u32 since, bool since_only,
			   void (*add)(ulong32 start, ulong32 end))
{
	s32 last = -1;
	u32 k, i, from;

	if (!vmf_gen2())
		return true;
	if (pending_lost || vmap_notes_overflow)
		return false;
	for (k = 0; k < vmap_nr_notes; k++)
		if (vmap_notes[k].kind == VMAP_NOTE_PURGE)
			last = (s32)k;
	if (!since_only && last < 0)
		for (i = 0; i < npending; i++)
			add(pending[i].start, pending[i].end);
	from = since_only ? since : 0;
	for (k = from; k < vmap_nr_notes; k++)
		if (vmap_notes[k].kind == VMAP_NOTE_LAZY && survived(k, last))
			add(vmap_notes[k].start, vmap_notes[k].end);
	return true;
}
