// SPDX-License-Identifier: GPL-2.0
/*
 * The mutator's leaf: its weighted random choice and the slot view (what a
 * program prefix leaves in the slots). values.c and genop.c both use these;
 * this file calls neither.
 */
#include "mutate_impl.h"

u32 rng_weighted(struct mut_rng *r, const u8 *w, u32 n)
{
	u32 i, total = 0, x;

	for (i = 0; i < n; i++)
		total += w[i];
	x = rng_below(r, total);
	for (i = 0; i + 1 < n && x >= w[i]; i++)
		x -= w[i];
	return i;
}

/* Bytes op asks for, for the slot view: vmap counts pages. */
static u32 op_bytes(const struct vmf_op *op)
{
	return op->code == OP_VMAP || op->code == OP_VM_MAP_RAM
		       ? op->a * PAGE_SIZE
		       : op->a;
}

/* Allocate [*cursor, ...) the way a first fit over an empty range would. */
static u32 estimate_addr(u32 *cursor, u32 size)
{
	u32 addr = *cursor;

	if (!size || size >= VMALLOC_TOTAL_DEFAULT)
		return 0;
	*cursor += PAGE_ALIGN(size) + PAGE_SIZE;
	return addr;
}

void mut_slot_view(const struct vmf_program *p, u32 at, struct slot_view *v)
{
	u32 i, vcur = MUT_VMALLOC_START, mcur = MUT_MODULES_START;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < at && i < p->nops; i++) {
		const struct vmf_op *op = &p->ops[i];
		bool module =
			op->code == OP_GET_VM_AREA && op->mode == AREA_MODULE;

		if (vmf_op_assigns(op->code)) {
			v->state[op->slot] = MSLOT_LIVE;
			v->size[op->slot] = op_bytes(op);
			v->addr[op->slot] = estimate_addr(
				module ? &mcur : &vcur, op_bytes(op));
		} else if ((op->code == OP_VFREE || op->code == OP_VUNMAP) &&
			   op->mode == TARGET_SLOT && !op->a) {
			v->state[op->slot] = MSLOT_FREED;
		} else if (op->code == OP_FREE_VM_AREA) {
			v->state[op->slot] = MSLOT_FREED;
		}
	}
}
