// SPDX-License-Identifier: GPL-2.0
/*
 * The program interpreter: runs each operation against the allocator, keeps
 * the slots, feeds the oracle and folds every observable result into the
 * trace digest.
 */
#include "interp.h"
#include "arch.h"
#include "bugs.h"
#include "kernel.h"
#include "pgtable.h"
#include "slab.h"

struct interp vmf;

#define VMAP_MAX_COUNT (PAGE_SIZE / sizeof(pageref_t))

const char *vmf_op_function(const struct vmf_op *op)
{
	if (op->code == OP_GET_VM_AREA && op->mode == AREA_MODULE)
		return "__get_vm_area";
	if (op->code == OP_MEMINFO)
		return "get_vmalloc_info";
	return vmf_op_names[op->code]; /* the op is named after its function */
}

u32 mix32(u32 x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

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

static struct vm_struct *find_area(ulong32 addr)
{
	struct vm_struct *tmp;

	for (tmp = vmlist; tmp; tmp = tmp->next)
		if (tmp->addr == addr)
			return tmp;
	return NULL;
}

static void op_vmalloc(const struct vmf_op *op)
{
	ulong32 addr =
		op->code == OP_VMALLOC ? vmalloc(op->a) : vmalloc_32(op->a);

	slot_assign(op, SLOT_VMALLOC, addr, addr ? find_area(addr) : NULL,
		    op->a);
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
		for (i = 0; i < PAGE_SIZE / 4; i++)
			if (p[i])
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
	u32 count = op->a < VMAP_MAX_COUNT ? op->a : VMAP_MAX_COUNT;
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

	for (g = 0; g < vmf.ngone; g++) {
		const struct area_snap *e = &vmf.snap[vmf.gone[g]];

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
	ulong32 size = s->kind == SLOT_VMAP ? s->req * PAGE_SIZE : s->req;

	if (*off > size)
		*off = size;
	if (*len > size - *off)
		*len = size - *off;
}

/* Write (or, with verify, compare) the pattern over offsets [lo, hi) of s,
 * through the MMU. A fault or a mismatch is a BUG of the running op. */
/* Write or compare the pattern over offsets [lo, lo + n) of slot s at p
 * (within one page), a word at a time: byte `off` is byte (off & 3) of
 * mix32(seed + off / 4), little-endian as on both worlds. Returns the offset
 * of the first wrong byte, or lo + n. */
static ulong32 pattern_page(const struct slot *s, u8 *p, ulong32 lo, ulong32 n,
			    bool verify)
{
	ulong32 off = lo, end = lo + n;

	while (off < end) {
		u32 word = mix32(s->seed + (off >> 2));
		const u8 *want = (const u8 *)&word + (off & 3);
		ulong32 len = 4 - (off & 3), k;

		if (len > end - off)
			len = end - off;
		if (!verify) {
			memcpy(p + (off - lo), want, len);
		} else if (memcmp(p + (off - lo), want, len)) {
			for (k = 0; p[off - lo + k] == want[k]; k++)
				;
			return off + k;
		}
		off += len;
	}
	return end;
}

void vmf_pattern_range(const struct slot *s, ulong32 lo, ulong32 hi,
		       bool verify)
{
	const char *fn = vmf_op_function(&vmf.prog.ops[vmf.pc]);

	while (lo < hi) {
		ulong32 va = s->addr + lo;
		ulong32 chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1)), bad;
		u8 *p = arch_mmu_access(va, !verify);

		if (chunk > hi - lo)
			chunk = hi - lo;
		vmf.bug_va = va;
		vmf.has_bug_va = true;
		if (!p)
			vmf_bug(fn, "fault on live area", "at 0x%08x", va);
		bad = pattern_page(s, p, lo, chunk, verify);
		if (bad != lo + chunk) {
			vmf.bug_va = s->addr + bad;
			vmf_bug(fn, "live area corrupted", "at 0x%08x",
				s->addr + bad);
		}
		lo += chunk;
	}
	vmf.has_bug_va = false;
}

static bool slot_is_mapped(const struct slot *s)
{
	return s->live && (s->kind == SLOT_VMALLOC || s->kind == SLOT_VMAP);
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
	vmf_pattern_range(s, off, off + len, false);
	if (s->whi <= s->wlo) {
		s->wlo = off;
		s->whi = off + len;
		return;
	}
	/* Keep the written bytes one interval: fill the gap to the old one. */
	if (off > s->whi)
		vmf_pattern_range(s, s->whi, off, false);
	if (off + len < s->wlo)
		vmf_pattern_range(s, off + len, s->wlo, false);
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
	vmf_pattern_range(s, s->wlo, s->whi, true);
}

static void op_touch(const struct vmf_op *op)
{
	const struct slot *s = &vmf.slots[op->slot];
	struct op_result *r = &vmf.res[vmf.pc];
	ulong32 va = s->addr + op->a;
	bool faulted, expect;

	if (s->kind == SLOT_EMPTY || va < MODULES_VADDR) {
		r->kind = RES_SKIP;
		return;
	}
	faulted = arch_mmu_access(va, 0) == NULL;
	r->kind = faulted ? RES_FAULT : RES_OK;
	r->value = va;
	expect = !oracle_expect_mapped(va);
	vmf.bug_va = va;
	vmf.has_bug_va = true;
	if (faulted && !expect)
		vmf_bug("touch", "mapped address faulted", "at 0x%08x", va);
	if (!faulted && expect)
		vmf_bug("touch", "unmapped address did not fault", "at 0x%08x",
			va);
	vmf.has_bug_va = false;
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

	/* The struct of a dead slot is gone: only a live one can be passed. */
	if (!s->live) {
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

/* Run the op at vmf.pc. */
void interp_exec(const struct vmf_op *op)
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
	}
}
