// SPDX-License-Identifier: GPL-2.0
/*
 * The placement model against the allocator, after every allocating op.
 */
#include "placecheck.h"
#include "bugs.h"
#include "interp.h"
#include "kernel.h"
#include "record.h"
#include "vmapcheck.h"
#include "vmap_area.h"
#include "vblockcheck.h"

/* vmlist, and on 2.6.28 its lazily freed ranges (vmapcheck.c's set). */
#define MAX_PENDING_AREAS 8192
#define MAX_AREAS (REC_MAX_AREAS + 1 + MAX_PENDING_AREAS)

static struct placement_area areas[MAX_AREAS];
static u32 nareas;

void placement_cfg_for_knobs(struct placement_cfg *cfg)
{
	/* ioremap-align-8: 3 + PAGE_SHIFT, as the June 2004 patch had it */
	cfg->ioremap_max_order = ioremap_max_order();
	cfg->straddle_fix = !bug_on(BUG_ALIGN_OVERLAP);
	cfg->end_check = !bug_on(BUG_END_CHECK);
	cfg->page_align = !bug_on(BUG_GUARD_OVERFLOW);
	if (vmf_gen2()) { /* 2.6.28's search: no first-generation knob */
		cfg->ioremap_max_order = IOREMAP_MAX_ORDER;
		cfg->straddle_fix = cfg->end_check = cfg->page_align = true;
	}
}

/* 2.6.28: the lazily freed ranges are in the way of the search too, unless
 * the op purged them (its failed search did, then searched again). Merged
 * into areas[] in address order. */
static void add_pending(void)
{
	u32 n = vmapcheck_nr(), i = nareas, j, k;
	struct placement_area p;

	/* a NULL follows a synchronous purge: nothing lazy was in its way */
	if (!n || vmapcheck_purged_in_op() ||
	    vmf.res[vmf.pc].kind == RES_NULL)
		return;
	if (n > MAX_AREAS - 1 - nareas)
		n = MAX_AREAS - 1 - nareas;
	/* merge from the back, in place: O(areas + pending) */
	for (j = n, k = nareas + n; j > 0; k--) {
		vmapcheck_range(j - 1, &p.addr, &p.size);
		p.size -= p.addr;
		if (i > 0 && areas[i - 1].addr > p.addr) {
			areas[k - 1] = areas[--i];
		} else {
			areas[k - 1] = p;
			j--;
		}
	}
	nareas += n;
}

/* The areas in vmlist other than the op's own new ones (area and, for a
 * big vmalloc, the area of its vmalloc'ed page array). */
static void collect(const struct vm_struct *area)
{
	ulong32 array = area && !kva_is_lowmem(area->pages) ? area->pages : 0;
	const struct vm_struct *tmp;

	nareas = 0;
	for (tmp = vmlist; tmp && nareas < MAX_AREAS - 1; tmp = tmp->next)
		if (tmp != area && (!array || tmp->addr != array))
			areas[nareas++] =
				(struct placement_area){ tmp->addr, tmp->size };
}

/* 2.6.28: live vmap blocks and big vm_map_ram areas are in the way too. */
static void add_vmap_blocks(void)
{
	struct placement_area p;
	u32 k;

	for (k = 0; nareas < MAX_AREAS - 1 &&
		    vblockcheck_obstacle(k, &p.addr, &p.size);
	     k++)
		placement_insert(areas, &nareas, p);
}

static bool out_of_space(const struct op_result *r)
{
	static const char msg[] = "allocation failed: out of vmalloc space";
	static const char msg28[] = "vmap allocation failed";

	return r->nwarn && (!memcmp(r->warn, msg, sizeof(msg) - 1) ||
			    !memcmp(r->warn, msg28, sizeof(msg28) - 1));
}

/* The model's answer for the op: the area the caller gets, and for a
 * vmalloc whose page array is vmalloc'ed, that array's area in *array. */
static struct placement predict(const struct placement_cfg *cfg,
				const struct vmf_op *op, u32 req,
				struct placement *array)
{
	ulong32 size = PAGE_ALIGN(op->a), nr = size >> PAGE_SHIFT;
	struct placement p;

	array->kind = PLACE_NONE;
	if (op->code == OP_GET_VM_AREA && op->mode == AREA_MODULE)
		return placement_fit(cfg, areas, nareas, op->a, VM_ALLOC,
				     MODULES_VADDR, MODULES_END);
	if (op->code == OP_GET_VM_AREA)
		return placement_fit(cfg, areas, nareas, op->a,
				     op->mode == AREA_IOREMAP ? VM_IOREMAP
							      : VM_ALLOC,
				     VMALLOC_START, VMALLOC_END);
	if (op->code == OP_VMAP)
		return placement_fit(cfg, areas, nareas, req << PAGE_SHIFT,
				     VM_MAP, VMALLOC_START, VMALLOC_END);
	if (!size || nr > num_physpages)
		return (struct placement){ PLACE_NONE, 0, 0 };
	p = placement_fit(cfg, areas, nareas, size, VM_ALLOC, VMALLOC_START,
			  VMALLOC_END);
	if (p.kind != PLACE_AT || nr * sizeof(pageref_t) <= PAGE_SIZE)
		return p;
	placement_insert(areas, &nareas,
			 (struct placement_area){ p.addr, p.size });
	*array = placement_fit(cfg, areas, nareas, nr * sizeof(pageref_t),
			       VM_ALLOC, VMALLOC_START, VMALLOC_END);
	return array->kind == PLACE_AT ? p : *array;
}

static void __noreturn misplaced(const char *what, ulong32 got,
				 const struct placement *want)
{
	if (want->kind == PLACE_AT)
		vmf_bug("__get_vm_area", "area not where first fit puts it",
			"%s at 0x%08x, first fit: 0x%08x", what, got,
			want->addr);
	vmf_bug("__get_vm_area", "area not where first fit puts it",
		"%s at 0x%08x, first fit: %s", what, got,
		want->kind == PLACE_FULL ? "out of vmalloc space"
					 : "NULL (empty area)");
}

/* Does the op's result concern the placement model? */
static bool judged(const struct vmf_op *op, const struct op_result *r)
{
	if (op->code != OP_VMALLOC && op->code != OP_VMALLOC_32 &&
	    op->code != OP_VMALLOC_USER && op->code != OP_GET_VM_AREA &&
	    op->code != OP_VMAP)
		return false;
	return r->kind == RES_ADDR || (r->kind == RES_NULL && out_of_space(r));
}

static void judge(const struct vmf_op *op, const struct op_result *r,
		  const struct vm_struct *area);

void placecheck_op(void)
{
	const struct vmf_op *op = &vmf.prog.ops[vmf.pc];
	const struct op_result *r = &vmf.res[vmf.pc];
	const struct slot *s = &vmf.slots[op->slot];
	const struct vm_struct *area = r->kind == RES_ADDR ? s->area : NULL;

	if (vmf.overlapped || !judged(op, r))
		return;
	collect(area);
	add_pending();
	add_vmap_blocks();
	judge(op, r, area);
}

static u32 nnow;

static void count_now(ulong32 start, ulong32 end)
{
	(void)start, (void)end;
	nnow++;
}

static void insert_now(ulong32 start, ulong32 end)
{
	if (nareas < MAX_AREAS - 1)
		placement_insert(areas, &nareas,
				 (struct placement_area){ start, end - start });
}

/* The vmap areas now against vmlist's and the pending ranges: equal when
 * no area is between its search and its vmlist link (or unlink). */
static bool tree_is_vmlist_and_lazy(void)
{
	const struct vmap_area *va;
	const struct vm_struct *t;
	u32 tree = 0, listed = 0;

	list_for_each_entry(va, &vmap_area_list, list)
		tree++;
	for (t = vmlist; t; t = t->next)
		listed++;
	return tree == listed + nnow;
}

void placecheck_smp_op(u32 since)
{
	const struct vmf_op *op = &vmf.prog.ops[vmf.pc];
	const struct op_result *r = &vmf.res[vmf.pc];
	const struct slot *s = &vmf.slots[op->slot];
	const struct vm_struct *area = r->kind == RES_ADDR ? s->area : NULL;

	if (!judged(op, r))
		return;
	nnow = 0;
	if (!vmapcheck_pending_now(since, false, count_now) ||
	    !tree_is_vmlist_and_lazy())
		return;
	collect(area);
	vmapcheck_pending_now(since, r->kind == RES_NULL, insert_now);
	add_vmap_blocks();
	judge(op, r, area);
}

static void judge(const struct vmf_op *op, const struct op_result *r,
		  const struct vm_struct *area)
{
	struct placement_cfg cfg;
	struct placement want, array;

	placement_cfg_for_knobs(&cfg);
	/* vmap's page count as the interpreter clamps it (a NULL slot keeps
	 * none) */
	want = predict(&cfg, op,
		       op->a < VMF_VMAP_MAX_COUNT ? op->a : VMF_VMAP_MAX_COUNT,
		       &array);
	if (r->kind == RES_NULL) {
		if (want.kind == PLACE_AT)
			vmf_bug("__get_vm_area",
				"area not where first fit puts it",
				"NULL (out of vmalloc space), first fit: "
				"0x%08x",
				want.addr);
		return;
	}
	if (want.kind != PLACE_AT || want.addr != r->value)
		misplaced("area", r->value, &want);
	if (array.kind == PLACE_AT && area && area->pages != array.addr)
		misplaced("page array", area->pages, &array);
}
