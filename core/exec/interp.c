// SPDX-License-Identifier: GPL-2.0
/*
 * The program interpreter: runs each operation against the allocator, keeps
 * the slots and records each op's result. It never calls the oracle: run.c
 * hands the oracle what the op did (vmf.res, vmf_rec) afterwards.
 */
#include "interp.h"
#include "arch.h"
#include "bugs.h"
#include "kernel.h"
#include "pattern.h"
#include "pgtable.h"
#include "record.h"
#include "slab.h"
#include "smp.h"
#include "vmap_area.h"
#include "vmap_block.h"

static void set_addr_result(struct op_result *r, ulong32 addr)
{
	r->kind = addr ? RES_ADDR : RES_NULL;
	r->value = addr;
}

static void slot_assign(const struct vmf_op *op, enum slot_kind kind,
			ulong32 addr, struct vm_struct *area, ulong32 req)
{
	struct slot *s = &vmf.slots[op->slot];

	if (s->live)
		vmf.slots[vmf.nnamed + vmf.nshadow++] = *s;
	memset(s, 0, sizeof(*s));
	set_addr_result(&vmf.res[vmf.pc], addr);
	if (!addr)
		return;
	s->kind = kind;
	s->live = true;
	s->addr = addr;
	s->area = area;
	s->req = req;
	s->seed = mix32(vmf.pc * VMF_NSLOTS + op->slot);
}

/* Free-running, the other CPU may change vmlist meanwhile: the walk takes
 * vmlist_lock then (it adds no yield point in the other modes). */
static struct vm_struct *find_area(ulong32 addr)
{
	bool lock = smp_free;
	struct vm_struct *tmp;

	if (lock)
		read_lock(&vmlist_lock);
	for (tmp = vmlist; tmp; tmp = tmp->next)
		if (tmp->addr == addr)
			break;
	if (lock)
		read_unlock(&vmlist_lock);
	return tmp;
}

static void op_vmalloc(const struct vmf_op *op)
{
	ulong32 addr =
		op->code == OP_VMALLOC ? vmalloc(op->a) : vmalloc_32(op->a);

	slot_assign(op, SLOT_VMALLOC, addr, addr ? find_area(addr) : NULL,
		    op->a);
}

/* The first nonzero word of the page at p, or PAGE_SIZE / 4: one OR over
 * the page first, sixteen words per iteration (the host's compiler
 * vectorizes it; under TCG one translated block per iteration, not per
 * word, was 17% of a QEMU batch's samples at one word), then the search. */
static u32 first_nonzero(const u32 *p)
{
	u32 acc = 0, i;

	for (i = 0; i < PAGE_SIZE / 4; i += 16)
		acc |= p[i] | p[i + 1] | p[i + 2] | p[i + 3] | p[i + 4] |
		       p[i + 5] | p[i + 6] | p[i + 7] | p[i + 8] | p[i + 9] |
		       p[i + 10] | p[i + 11] | p[i + 12] | p[i + 13] |
		       p[i + 14] | p[i + 15];
	for (i = 0; acc && i < PAGE_SIZE / 4; i++)
		if (p[i])
			return i;
	return PAGE_SIZE / 4;
}

/* vmalloc_user(): its pages must read as zero, and its area be VM_USERMAP. */
static void op_vmalloc_user(const struct vmf_op *op)
{
	ulong32 addr = vmalloc_user(op->a), off, len = PAGE_ALIGN(op->a);
	struct vm_struct *area = addr ? find_area(addr) : NULL;

	slot_assign(op, SLOT_VMALLOC, addr, area, op->a);
	if (!addr)
		return;
	if (!area || !(area->flags & VM_USERMAP))
		vmf_bug("vmalloc_user", "area not marked VM_USERMAP",
			"at 0x%08x", addr);
	for (off = 0; off < len; off += PAGE_SIZE) {
		const u32 *p = arch_mmu_access(addr + off, 0);
		u32 i;

		vmf.bug_va = addr + off;
		vmf.has_bug_va = true;
		if (!p)
			vmf_bug("vmalloc_user", "fault on live area",
				"at 0x%08x", addr + off);
		i = first_nonzero(p);
		if (i < PAGE_SIZE / 4)
			vmf_bug("vmalloc_user", "memory not zeroed",
				"at 0x%08x", addr + off + i * 4);
	}
	vmf.has_bug_va = false;
}

static void op_get_vm_area(const struct vmf_op *op)
{
	struct vm_struct *area;

	if (op->mode == AREA_MODULE)
		area = __get_vm_area(op->a, VM_ALLOC, MODULES_VADDR,
				     MODULES_END);
	else
		area = get_vm_area(op->a, op->mode == AREA_IOREMAP ? VM_IOREMAP
								   : VM_ALLOC);
	slot_assign(op, SLOT_AREA, area ? area->addr : 0, area, op->a);
}

static void vmap_release(pageref_t *pages, u32 n)
{
	while (n--)
		__free_page(pfn_to_page(pages[n]));
	kfree(pages);
}

static void op_vmap(const struct vmf_op *op)
{
	u32 count = op->a < VMF_VMAP_MAX_COUNT ? op->a : VMF_VMAP_MAX_COUNT;
	pageref_t *pages = kmalloc(count * sizeof(pageref_t), GFP_KERNEL);
	ulong32 addr = 0;
	u32 i;

	if (!pages) {
		slot_assign(op, SLOT_VMAP, 0, NULL, count);
		return;
	}
	for (i = 0; i < count; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page)
			break;
		pages[i] = page_ref(page);
	}
	if (i == count)
		addr = vmap(obj_kva(pages), count, VM_MAP, PAGE_KERNEL);
	if (!addr) {
		vmap_release(pages, i);
		slot_assign(op, SLOT_VMAP, 0, NULL, count);
		return;
	}
	slot_assign(op, SLOT_VMAP, addr, find_area(addr), count);
	vmf.slots[op->slot].vpages = pages;
}

/*
 * vm_map_ram COUNT (2.6.28): COUNT pages (clamped like vmap's) mapped by
 * vm_map_ram() from the running CPU's vmap blocks. The first generation
 * had no vm_map_ram (it came with the rewrite), and count 0 is the
 * caller's bug (a BUG_ON in 2.6.28): both skipped.
 */
static void op_vm_map_ram(const struct vmf_op *op)
{
	u32 count = op->a < VMF_VMAP_MAX_COUNT ? op->a : VMF_VMAP_MAX_COUNT;
	pageref_t *pages;
	ulong32 addr = 0;
	u32 i;

	if (!vmf_gen2() || !count) {
		vmf.res[vmf.pc].kind = RES_SKIP;
		return;
	}
	pages = kmalloc(count * sizeof(pageref_t), GFP_KERNEL);
	if (!pages) {
		slot_assign(op, SLOT_RAM, 0, NULL, count);
		return;
	}
	for (i = 0; i < count; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page)
			break;
		pages[i] = page_ref(page);
	}
	if (i == count)
		addr = vm_map_ram(obj_kva(pages), count, PAGE_KERNEL);
	if (!addr) {
		vmap_release(pages, i);
		slot_assign(op, SLOT_RAM, 0, NULL, count);
		return;
	}
	slot_assign(op, SLOT_RAM, addr, NULL, count);
	vmf.slots[op->slot].vpages = pages;
}

/* vm_unmap_ram aN: a live vm_map_ram slot only (anything else skipped);
 * its pages go back at once, as a caller of 2.6.28 frees them (its stale
 * mappings are the layer's to flush before anyone reaches them). */
static void op_vm_unmap_ram(const struct vmf_op *op)
{
	struct slot *s = &vmf.slots[op->slot];

	if (!s->live || s->kind != SLOT_RAM) {
		vmf.res[vmf.pc].kind = RES_SKIP;
		return;
	}
	vmf.res[vmf.pc].value = s->addr;
	vm_unmap_ram(s->addr, s->req);
	s->live = false;
	vmap_release(s->vpages, s->req);
	s->vpages = NULL;
}

/* A vmalloc area removed by vunmap() or free_vm_area() keeps its pages
 * (and a kmalloc'ed page array): leaked by the caller, counted as such. */
static void orphan(const struct slot *s)
{
	u8 code = vmf.prog.ops[vmf.pc].code;
	u32 nr_pages = PAGE_ALIGN(s->req) >> PAGE_SHIFT;

	if (s->kind != SLOT_VMALLOC ||
	    (code != OP_VUNMAP && code != OP_FREE_VM_AREA))
		return;
	vmf.orphan_frames += nr_pages;
	if (nr_pages <= PAGE_SIZE / sizeof(pageref_t))
		vmf.orphan_objects++;
}

void interp_update_liveness(void)
{
	struct slot *s;
	u32 g;

	/* Two CPUs: a slot died at the yield point where its area left vmlist
	 * (interp_smp_unlinked()); a gone area's struct may since carry a
	 * live slot's area at the same address (kfree, then kmalloc). */
	if (prog_is_smp(&vmf.prog))
		return;
	for (g = 0; g < vmf_rec.ngone; g++) {
		const struct rec_area *e = &vmf_rec.gone[g];

		for_each_record(s)
			if (s->live && s->area == e->area && s->addr == e->addr)
				break;
		if (s == vmf_records_end())
			continue;
		s->live = false;
		orphan(s);
		if (s->kind == SLOT_VMAP) {
			vmap_release(s->vpages, s->req);
			s->vpages = NULL;
		}
	}
}

/* Clamp [off, off+len) to the slot's requested bytes. */
static void clamp_range(const struct slot *s, ulong32 *off, ulong32 *len)
{
	ulong32 size = s->kind == SLOT_VMAP || s->kind == SLOT_RAM
			       ? s->req * PAGE_SIZE
			       : s->req;

	if (*off > size)
		*off = size;
	if (*len > size - *off)
		*len = size - *off;
}

/* Write or compare slot s's pattern over offsets [lo, hi); a fault or a
 * wrong byte is a BUG of the running op. */
void interp_pattern(const struct slot *s, ulong32 lo, ulong32 hi, bool verify)
{
	ulong32 va;

	switch (pattern_range(s->addr, s->seed, lo, hi, verify, &va)) {
	case PATTERN_OK:
		return;
	case PATTERN_FAULT:
		vmf_bug_at(va, "fault on live area");
	case PATTERN_MISMATCH:
		vmf_bug_at(va, "live area corrupted");
	}
}

static bool slot_is_mapped(const struct slot *s)
{
	return s->live && (s->kind == SLOT_VMALLOC || s->kind == SLOT_VMAP ||
			   s->kind == SLOT_RAM);
}

static void op_write(const struct vmf_op *op)
{
	struct slot *s = &vmf.slots[op->slot];
	ulong32 off = op->a, len = op->b;

	if (!slot_is_mapped(s)) {
		vmf.res[vmf.pc].kind = RES_SKIP;
		return;
	}
	clamp_range(s, &off, &len);
	if (!len)
		return;
	interp_pattern(s, off, off + len, false);
	if (s->whi <= s->wlo) {
		s->wlo = off;
		s->whi = off + len;
		return;
	}
	/* Keep the written bytes one interval: fill the gap to the old one. */
	if (off > s->whi)
		interp_pattern(s, s->whi, off, false);
	if (off + len < s->wlo)
		interp_pattern(s, off + len, s->wlo, false);
	s->wlo = off < s->wlo ? off : s->wlo;
	s->whi = off + len > s->whi ? off + len : s->whi;
}

static void op_check(const struct vmf_op *op)
{
	struct slot *s = &vmf.slots[op->slot];

	if (!slot_is_mapped(s)) {
		vmf.res[vmf.pc].kind = RES_SKIP;
		return;
	}
	interp_pattern(s, s->wlo, s->whi, true);
}

/* The oracle judges whether the touch should have faulted. */
static void op_touch(const struct vmf_op *op)
{
	const struct slot *s = &vmf.slots[op->slot];
	struct op_result *r = &vmf.res[vmf.pc];
	ulong32 va = s->addr + op->a;

	if (s->kind == SLOT_EMPTY || va < MODULES_VADDR) {
		r->kind = RES_SKIP;
		return;
	}
	r->kind = arch_mmu_access(va, 0) ? RES_OK : RES_FAULT;
	r->value = va;
}

static ulong32 target_addr(const struct vmf_op *op, bool *skip)
{
	const struct slot *s = &vmf.slots[op->slot];

	*skip = false;
	if (op->mode == TARGET_ADDR)
		return op->a;
	if (s->kind == SLOT_EMPTY) {
		*skip = true;
		return 0;
	}
	return s->addr + op->a;
}

/* An area in vmlist that no allocation of the program owns: the page array
 * of a big vmalloc. A caller cannot hold its address (only by a double free
 * after reuse, whose damage is the caller's), so frees of it are skipped. */
static bool internal_area(ulong32 addr)
{
	struct vm_struct *area = find_area(addr);
	const struct slot *s;

	if (!area)
		return false;
	for_each_record(s)
		if (s->live && s->area == area)
			return false;
	return true;
}

static void op_free(const struct vmf_op *op)
{
	bool skip;
	ulong32 addr = target_addr(op, &skip);

	if (skip || internal_area(addr)) {
		vmf.res[vmf.pc].kind = RES_SKIP;
		return;
	}
	vmf.res[vmf.pc].value = addr;
	if (op->code == OP_VFREE)
		vfree(addr);
	else
		vunmap(addr);
}

static void op_free_vm_area(const struct vmf_op *op)
{
	const struct slot *s = &vmf.slots[op->slot];

	/* The struct of a dead slot is gone: only a live one can be passed
	 * (and a vm_map_ram has none). */
	if (!s->live || !s->area) {
		vmf.res[vmf.pc].kind = RES_SKIP;
		return;
	}
	free_vm_area(s->area);
}

static void op_meminfo(void)
{
	struct vmalloc_info vmi;

	get_vmalloc_info(&vmi);
	vmf_digest_u32(VMALLOC_TOTAL);
	vmf_digest_u32(vmi.used);
	vmf_digest_u32(vmi.largest_chunk);
	vmf_print_meminfo(&vmi);
}

/*
 * The caller rule on two CPUs: a slot is "in flight" on a CPU from its op's
 * start to the op's return (its kernel call included). An op on the other
 * CPU that names the same slot then would race the caller's own use of it
 * (a write into, or a free of, an area whose allocation or free has not
 * returned): a caller bug in Linux, not the allocator's, so it is skipped.
 * The slot each CPU has in flight, -1 for none.
 */
static s32 busy_slot[NR_CPUS] = { -1, -1 };
/* Whether each CPU's op in flight allocates (it links an area whose
 * address nobody knows before its call returns), or frees an address no
 * area started at when it began (op_slot()'s *unborn). The two race: the
 * one that starts second is skipped. */
static bool busy_alloc[NR_CPUS], busy_unborn[NR_CPUS];

void interp_smp_reset(void)
{
	busy_slot[0] = busy_slot[1] = -1;
	busy_alloc[0] = busy_alloc[1] = false;
	busy_unborn[0] = busy_unborn[1] = false;
}

/*
 * The slot the op uses, or -1. A vfree or vunmap uses the slot that owns
 * the area at its target address when the op starts: a free of a literal
 * address, or of a stale slot's address reused since, frees that slot's
 * allocation, so it races that slot's ops on the other CPU like a free of
 * the slot itself. With no area there, *unborn is set: only an allocation
 * in flight on the other CPU could link one there before the free looks,
 * and freeing an allocation that has not returned is the caller's bug.
 */
static s32 op_slot(const struct vmf_op *op, bool *unborn)
{
	const struct vm_struct *area;
	const struct slot *s;
	s32 named = op->mode == TARGET_ADDR ? -1 : (s32)op->slot;
	ulong32 addr;
	bool skip;

	*unborn = false;
	if (op->code == OP_FAIL_ALLOC || op->code == OP_MEMINFO ||
	    op->code == OP_PURGE)
		return -1;
	if (op->code != OP_VFREE && op->code != OP_VUNMAP)
		return op->slot;
	addr = target_addr(op, &skip);
	area = skip || !addr ? NULL : find_area(addr);
	*unborn = !skip && addr && !area;
	if (area)
		for_each_record(s)
			if (s->live && s->area == area)
				return (s32)(s - vmf.slots);
	return named;
}

void interp_smp_unlinked(void)
{
	struct slot *s;

	for_each_record(s)
		if (s->live && s->area && find_area(s->addr) != s->area) {
			s->live = false;
			s->dying = vmf.pc + 1;
		}
}

/* At the end of op vmf.pc on two CPUs: release what its call unlinked. */
static void smp_liveness(void)
{
	struct slot *s;

	for_each_record(s) {
		if (s->dying != vmf.pc + 1)
			continue;
		s->dying = 0;
		orphan(s);
		if (s->kind == SLOT_VMAP) {
			vmap_release(s->vpages, s->req);
			s->vpages = NULL;
		}
	}
}

void interp_smp_release_as(u32 pc)
{
	u32 saved = vmf.pc;

	vmf.pc = pc;
	smp_liveness();
	vmf.pc = saved;
}

static void exec_op(const struct vmf_op *op)
{
	switch (op->code) {
	case OP_VMALLOC:
	case OP_VMALLOC_32:
		op_vmalloc(op);
		break;
	case OP_GET_VM_AREA:
		op_get_vm_area(op);
		break;
	case OP_VMAP:
		op_vmap(op);
		break;
	case OP_WRITE:
		op_write(op);
		break;
	case OP_CHECK:
		op_check(op);
		break;
	case OP_TOUCH:
		op_touch(op);
		break;
	case OP_VFREE:
	case OP_VUNMAP:
		op_free(op);
		break;
	case OP_FREE_VM_AREA:
		op_free_vm_area(op);
		break;
	case OP_FAIL_ALLOC:
		fail_alloc_arm(op->a);
		break;
	case OP_MEMINFO:
		op_meminfo();
		break;
	case OP_VMALLOC_USER:
		op_vmalloc_user(op);
		break;
	case OP_PURGE: /* 2.6.11 has no lazy areas: nothing to purge */
		if (vmf_gen2())
			vm_unmap_aliases();
		break;
	case OP_VM_MAP_RAM:
		op_vm_map_ram(op);
		break;
	case OP_VM_UNMAP_RAM:
		op_vm_unmap_ram(op);
		break;
	}
}

/* Run the op at vmf.pc; on two CPUs, skip it when its slot is in flight on
 * the other CPU (the caller rule above). */
void interp_exec(const struct vmf_op *op)
{
	int cpu = arch_smp_processor_id();
	bool unborn;
	s32 slot;

	if (!prog_is_smp(&vmf.prog)) {
		exec_op(op);
		return;
	}
	slot = op_slot(op, &unborn);
	if ((slot >= 0 && busy_slot[1 - cpu] == slot) ||
	    (unborn && busy_alloc[1 - cpu]) ||
	    (vmf_op_assigns(op->code) && busy_unborn[1 - cpu])) {
		vmf.res[vmf.pc].kind = RES_SKIP;
		return;
	}
	busy_slot[cpu] = slot;
	busy_alloc[cpu] = vmf_op_assigns(op->code);
	busy_unborn[cpu] = unborn;
	exec_op(op);
	busy_slot[cpu] = -1;
	busy_alloc[cpu] = busy_unborn[cpu] = false;
	smp_liveness();
}
