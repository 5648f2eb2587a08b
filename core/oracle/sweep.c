// SPDX-License-Identifier: GPL-2.0
/*
 * The full sweep's second half (oracle_impl.h): mappings, written contents,
 * frame and kmalloc accounting, meminfo. oracle_check_all() (oracle_inc.c)
 * runs it after the vmlist and cleared-pte checks.
 */
#include "oracle_impl.h"
#include "arch.h"
#include "kernel.h"
#include "pattern.h"
#include "placecheck.h"
#include "pgtable.h"
#include "record.h"
#include "slab.h"

static void check_byte(const struct slot *s, ulong32 off)
{
	interp_pattern(s, off, off + 1, true);
}

/* Written bytes of live slots: first and last of each page still hold the
 * pattern (the `check` op verifies every byte). */
static void check_contents(void)
{
	const struct slot *s;

	for_each_record(s) {
		ulong32 off;

		if (!s->live || s->whi <= s->wlo)
			continue;
		for (off = s->wlo; off < s->whi;
		     off = (off | (PAGE_SIZE - 1)) + 1) {
			ulong32 last = off | (PAGE_SIZE - 1);

			if (last >= s->whi)
				last = s->whi - 1;
			check_byte(s, off);
			if (last != off)
				check_byte(s, last);
		}
	}
}

/* free + used == total, and no kmalloc object without an owner. */
static void check_accounting(u32 tables)
{
	const struct vm_struct *tmp;
	const struct slot *s;
	u32 frames = 1 + tables + kmalloc_nr_slab_pages() + vmf.orphan_frames;
	u32 objects = vmf.orphan_objects;
	u32 used = POOL_PAGES - nr_free_pages();

	for (tmp = vmlist; tmp; tmp = tmp->next) {
		objects++;
		if (tmp->pages) {
			frames += tmp->nr_pages;
			objects += kva_is_lowmem(tmp->pages) ? 1 : 0;
		}
	}
	for_each_record(s) {
		if (s->live && (s->kind == SLOT_VMAP || s->kind == SLOT_RAM)) {
			frames += s->req;
			objects++;
		}
	}
	if (used > frames)
		vmf_bug(oracle_op_fn(), "page leak",
			"%u frames used, %u accounted for", used, frames);
	if (used < frames)
		vmf_bug(oracle_op_fn(), "frames in use were freed",
			"%u frames used, %u accounted for", used, frames);
	if (kmalloc_nr_objects() != objects)
		vmf_bug(oracle_op_fn(), "kmalloc leak",
			"%u objects, %u accounted for", kmalloc_nr_objects(),
			objects);
}

void oracle_vmalloc_info(struct vmalloc_info *vmi)
{
	const struct vm_struct *tmp;
	u64 prev_end = VMALLOC_START, chunk = 0, used = 0;

	for (tmp = vmlist; tmp; tmp = tmp->next) {
		if (tmp->addr < VMALLOC_START || tmp->addr >= VMALLOC_END)
			continue;
		used += tmp->size;
		if (tmp->addr > prev_end && tmp->addr - prev_end > chunk)
			chunk = tmp->addr - prev_end;
		if ((u64)tmp->addr + tmp->size > prev_end)
			prev_end = (u64)tmp->addr + tmp->size;
	}
	if (VMALLOC_END > prev_end && VMALLOC_END - prev_end > chunk)
		chunk = VMALLOC_END - prev_end;
	vmi->used = (ulong32)used;
	vmi->largest_chunk = (ulong32)chunk;
}

void oracle_check_meminfo(void)
{
	struct vmalloc_info got, want;

	get_vmalloc_info(&got);
	oracle_vmalloc_info(&want);
	if (got.used != want.used)
		vmf_bug("get_vmalloc_info", "wrong VmallocUsed",
			"%u kB, expected %u kB", got.used >> 10,
			want.used >> 10);
	if (got.largest_chunk != want.largest_chunk)
		vmf_bug("get_vmalloc_info", "wrong VmallocChunk",
			"%u kB, expected %u kB", got.largest_chunk >> 10,
			want.largest_chunk >> 10);
}

void oracle_sweep_rest(void)
{
	const struct vmf_op *op = &vmf.prog.ops[vmf.pc];
	u32 tables;

	if (vmf_op_assigns(op->code) && vmf.res[vmf.pc].kind == RES_ADDR)
		oracle_check_new_slot(&vmf.slots[op->slot], op);
	placecheck_op();
	oracle_check_mappings(&tables);
	check_contents();
	check_accounting(tables);
	oracle_check_meminfo();
}
