// SPDX-License-Identifier: GPL-2.0
/*
 * Operations for the mutator: new ones and tweaked ones, naming live, freed
 * and never-used slots on purpose through the slot view (slotview.c).
 */
#include "mutate_impl.h"

/* A random slot in state `want`, or -1 when there is none. */
static int slot_in_state(struct mut_rng *r, const struct slot_view *v, u8 want)
{
	u32 i, n = 0, pick;

	for (i = 0; i < VMF_NSLOTS; i++)
		n += v->state[i] == want;
	if (!n)
		return -1;
	pick = rng_below(r, n);
	for (i = 0; i < VMF_NSLOTS; i++)
		if (v->state[i] == want && !pick--)
			break;
	return (int)i;
}

/* The lowest slot in state `want`, or -1 when there is none. */
static int lowest_in_state(const struct slot_view *v, u8 want)
{
	u32 i;

	for (i = 0; i < VMF_NSLOTS; i++)
		if (v->state[i] == want)
			return (int)i;
	return -1;
}

/* A result slot: mostly the lowest never-used one (a0..a15 encode one byte
 * shorter than a16..a63), sometimes any. */
u32 mut_assign_slot(struct mut_rng *r, const struct slot_view *v)
{
	u32 x = rng_below(r, 10);
	int s = -1;

	if (x < 6)
		s = lowest_in_state(v, MSLOT_NEVER);
	else if (x < 8)
		s = slot_in_state(r, v, MSLOT_NEVER);
	if (s >= 0)
		return (u32)s;
	return rng_below(r, rng_one_in(r, 4) ? VMF_NSLOTS : 16);
}

u32 mut_use_slot(struct mut_rng *r, const struct slot_view *v)
{
	u32 x = rng_below(r, 10);
	int s = -1;

	if (x < 6)
		s = slot_in_state(r, v, MSLOT_LIVE);
	else if (x < 8)
		s = slot_in_state(r, v, MSLOT_FREED);
	if (s < 0 && x < 8)
		s = slot_in_state(r, v, MSLOT_LIVE);
	return s < 0 ? rng_below(r, VMF_NSLOTS) : (u32)s;
}

/* Point a vfree/vunmap at a slot (+ offset) or at an absolute address. */
void mut_free_target(struct mut_rng *r, const struct slot_view *v,
		     struct vmf_op *op)
{
	static const u32 offs[] = { 1, PAGE_SIZE, -PAGE_SIZE, 0xFFFFFFFF, 8 };

	if (rng_one_in(r, 3)) {
		op->mode = TARGET_ADDR;
		op->slot = 0;
		op->a = mut_address(r, v);
		return;
	}
	op->mode = TARGET_SLOT;
	op->slot = (u8)mut_use_slot(r, v);
	op->a = 0;
	if (rng_one_in(r, 4))
		op->a = rng_one_in(r, 3) ? v->size[op->slot]
					 : offs[rng_below(r, ARRAY_SIZE(offs))];
}

/* Arguments of a slot-using op (write, check, touch, free_vm_area). */
static void use_args(struct mut_rng *r, const struct slot_view *v,
		     struct vmf_op *op)
{
	u32 size;

	op->slot = (u8)mut_use_slot(r, v);
	size = v->size[op->slot];
	if (op->code == OP_WRITE) {
		op->a = rng_one_in(r, 2) ? 0 : mut_offset(r, size);
		op->b = mut_length(r, size, op->a);
	} else if (op->code == OP_TOUCH) {
		op->a = mut_offset(r, size);
	}
}

/* Arguments of op->code, chosen with the slot view in mind. */
static void fill_args(struct mut_rng *r, const struct slot_view *v,
		      struct vmf_op *op)
{
	static const u8 kinds[NR_AREA_KINDS] = { 10, 6, 3 };

	op->slot = op->mode = 0;
	op->a = op->b = 0;
	switch (op->code) {
	case OP_VMALLOC:
	case OP_VMALLOC_32:
	case OP_VMALLOC_USER:
	case OP_GET_VM_AREA:
		op->slot = (u8)mut_assign_slot(r, v);
		op->a = mut_size(r);
		if (op->code == OP_GET_VM_AREA)
			op->mode = (u8)rng_weighted(r, kinds, NR_AREA_KINDS);
		break;
	case OP_VMAP:
	case OP_VM_MAP_RAM:
		op->slot = (u8)mut_assign_slot(r, v);
		op->a = mut_count(r);
		break;
	case OP_VFREE:
	case OP_VUNMAP:
		mut_free_target(r, v, op);
		break;
	case OP_FAIL_ALLOC:
		op->a = mut_fail_n(r);
		break;
	case OP_MEMINFO:
		break;
	default:
		use_args(r, v, op);
		break;
	}
}

void mut_random_op(struct mut_rng *r, const struct slot_view *v,
		   struct vmf_op *op)
{
	/* clang-format off */
	static const u8 weights[NR_OPS] = {
		[OP_VMALLOC] = 20, [OP_VMALLOC_32] = 4, [OP_GET_VM_AREA] = 12,
		[OP_VMAP] = 8,     [OP_WRITE] = 10,     [OP_CHECK] = 5,
		[OP_TOUCH] = 10,   [OP_VFREE] = 15,     [OP_VUNMAP] = 5,
		[OP_FREE_VM_AREA] = 5, [OP_FAIL_ALLOC] = 6, [OP_MEMINFO] = 5,
		[OP_VMALLOC_USER] = 4,
	};
	/* clang-format on */

	op->code = (u8)rng_weighted(r, weights, NR_OPS);
	fill_args(r, v, op);
	prog_canonical_op(op);
}

/* A vmap count or fail_alloc point: a step either way, or a new one. */
static u32 tweak_small(struct mut_rng *r, const struct vmf_op *op)
{
	if (rng_one_in(r, 2))
		return op->a + rng_below(r, 5) - 2;
	return op->code == OP_VMAP ? mut_count(r) : mut_fail_n(r);
}

/* The offset or length of a write or touch, with the slot's size in mind. */
static void tweak_access(struct mut_rng *r, const struct slot_view *v,
			 struct vmf_op *op)
{
	u32 size = v->size[op->slot];

	if (op->code == OP_WRITE && rng_one_in(r, 2))
		op->b = mut_length(r, size, op->a);
	else if (op->code == OP_TOUCH && rng_one_in(r, 2))
		op->a = mut_nudge(r, op->a);
	else
		op->a = mut_offset(r, size);
}

/* Change one argument (or the slot) of op; meminfo, which has none, becomes
 * a check. */
void mut_tweak_op(struct mut_rng *r, const struct slot_view *v,
		  struct vmf_op *op)
{
	switch (op->code) {
	case OP_VFREE:
	case OP_VUNMAP:
		if (op->mode == TARGET_SLOT || rng_one_in(r, 2))
			mut_free_target(r, v, op);
		else
			op->a = mut_nudge(r, op->a);
		break;
	case OP_VMAP:
	case OP_FAIL_ALLOC:
		op->a = tweak_small(r, op);
		break;
	case OP_GET_VM_AREA:
		if (rng_one_in(r, 4))
			op->mode = (u8)rng_below(r, NR_AREA_KINDS);
		else
			op->a = mut_nudge(r, op->a);
		break;
	case OP_WRITE:
	case OP_TOUCH:
		tweak_access(r, v, op);
		break;
	case OP_MEMINFO:
		op->code = OP_CHECK;
		/* fall through */
	case OP_CHECK:
	case OP_FREE_VM_AREA:
		op->slot = (u8)mut_use_slot(r, v);
		break;
	default:
		op->a = mut_nudge(r, op->a);
		break;
	}
	prog_canonical_op(op);
}
