// SPDX-License-Identifier: GPL-2.0
/*
 * The structure-aware mutator: program edits on decoded operations, and the
 * two entry points every engine glue calls (see mutate.h).
 */
#include <string.h>

#include "mutate.h"
#include "mutate_impl.h"

static struct vmf_op mkop(u8 code, u32 slot, u32 a, u32 b)
{
	struct vmf_op op = { .code = code, .slot = (u8)slot, .a = a, .b = b };

	prog_canonical_op(&op);
	return op;
}

/* Insert ops[0..n) before index at, as many as there is room for. */
static bool insert_ops(struct vmf_program *p, u32 at, const struct vmf_op *ops,
		       u32 n)
{
	if (n > VMF_MAX_OPS - p->nops)
		n = VMF_MAX_OPS - p->nops;
	if (!n)
		return false;
	memmove(&p->ops[at + n], &p->ops[at],
		(p->nops - at) * sizeof(p->ops[0]));
	memcpy(&p->ops[at], ops, n * sizeof(*ops));
	p->nops += n;
	return true;
}

static bool edit_insert(struct vmf_program *p, struct mut_rng *r)
{
	u32 at = rng_below(r, p->nops + 1);
	struct slot_view v;
	struct vmf_op op;

	mut_slot_view(p, at, &v);
	mut_random_op(r, &v, &op);
	if (prog_is_smp(p))
		op.cpu = (u8)rng_below(r, 2);
	return insert_ops(p, at, &op, 1);
}

static bool edit_delete(struct vmf_program *p, struct mut_rng *r)
{
	u32 at = rng_below(r, p->nops);
	u32 n = rng_one_in(r, 4) ? 1 + rng_below(r, 4) : 1;

	if (!p->nops)
		return false;
	if (n > p->nops - at)
		n = p->nops - at;
	memmove(&p->ops[at], &p->ops[at + n],
		(p->nops - at - n) * sizeof(p->ops[0]));
	p->nops -= n;
	return true;
}

/* Copy a run of up to four operations to another place. */
static bool edit_duplicate(struct vmf_program *p, struct mut_rng *r)
{
	struct vmf_op run[4];
	u32 from, n, left;

	if (!p->nops)
		return false;
	from = rng_below(r, p->nops);
	left = p->nops - from;
	n = 1 + rng_below(r, left < 4 ? left : 4);
	memcpy(run, &p->ops[from], n * sizeof(run[0]));
	return insert_ops(p, rng_below(r, p->nops + 1), run, n);
}

static bool edit_swap(struct vmf_program *p, struct mut_rng *r)
{
	u32 i, j;
	struct vmf_op t;

	if (p->nops < 2)
		return false;
	i = rng_below(r, p->nops);
	j = (i + 1 + rng_below(r, p->nops - 1)) % p->nops;
	t = p->ops[i];
	p->ops[i] = p->ops[j];
	p->ops[j] = t;
	return true;
}

/* Change an argument or slot of one operation. */
static bool edit_tweak(struct vmf_program *p, struct mut_rng *r)
{
	u32 i = rng_below(r, p->nops);
	struct slot_view v;

	if (!p->nops)
		return false;
	mut_slot_view(p, i, &v);
	mut_tweak_op(r, &v, &p->ops[i]);
	return true;
}

/* Point an operation at another slot: a free at a live, freed or bogus
 * target, a use at another area, a result into another slot. */
static bool edit_retarget(struct vmf_program *p, struct mut_rng *r)
{
	u32 i = rng_below(r, p->nops);
	struct vmf_op *op = &p->ops[i];
	struct slot_view v;

	if (!p->nops || op->code == OP_MEMINFO || op->code == OP_FAIL_ALLOC ||
	    op->code == OP_PURGE)
		return false;
	mut_slot_view(p, i, &v);
	if (op->code == OP_VFREE || op->code == OP_VUNMAP)
		mut_free_target(r, &v, op);
	else if (vmf_op_assigns(op->code))
		op->slot = (u8)mut_assign_slot(r, &v);
	else
		op->slot = (u8)mut_use_slot(r, &v);
	return true;
}

/* Another opcode with the same slot and arguments. */
static bool edit_opcode(struct vmf_program *p, struct mut_rng *r)
{
	struct vmf_op *op = &p->ops[rng_below(r, p->nops)];

	if (!p->nops)
		return false;
	op->code = (u8)rng_below(r, NR_OPS);
	prog_canonical_op(op);
	return true;
}

/* Insert a small life cycle: use after free, a failure in the middle of a
 * big vmalloc, or a double free. */
static bool edit_scenario(struct vmf_program *p, struct mut_rng *r)
{
	static const u8 frees[] = { OP_VFREE, OP_VUNMAP, OP_FREE_VM_AREA };
	u32 at = rng_below(r, p->nops + 1), s, size;
	struct vmf_op ops[4];
	struct slot_view v;

	mut_slot_view(p, at, &v);
	s = mut_assign_slot(r, &v);
	size = rng_one_in(r, 2) ? PAGE_SIZE * (1 + rng_below(r, 4))
				: mut_size(r);
	switch (rng_below(r, 3)) {
	case 0:
		ops[0] = mkop(OP_VMALLOC, s, size, 0);
		ops[1] = mkop(OP_WRITE, s, 0, size);
		ops[2] = mkop(OP_VFREE, s, 0, 0);
		ops[3] = mkop(OP_TOUCH, s, mut_offset(r, size), 0);
		return insert_ops(p, at, ops, 4);
	case 1:
		ops[0] = mkop(OP_FAIL_ALLOC, 0, 1 + rng_below(r, 16), 0);
		ops[1] = mkop(OP_VMALLOC, s,
			      (1025 + rng_below(r, 512)) * PAGE_SIZE, 0);
		ops[2] = mkop(OP_MEMINFO, 0, 0, 0);
		return insert_ops(p, at, ops, 3);
	default:
		ops[0] = mkop(OP_VMAP, s, mut_count(r), 0);
		if (!rng_one_in(r, 4))
			ops[0] = mkop(rng_below(r, OP_VMAP), s, size, 0);
		if (rng_one_in(r, 8))
			ops[0] = mkop(OP_VMALLOC_USER, s, size, 0);
		ops[0].mode = (u8)rng_below(r, NR_AREA_KINDS);
		prog_canonical_op(&ops[0]);
		ops[1] = mkop(OP_VFREE, s, 0, 0);
		ops[2] = mkop(frees[rng_below(r, ARRAY_SIZE(frees))], s, 0, 0);
		return insert_ops(p, at, ops, 3);
	}
}

typedef bool (*edit_fn)(struct vmf_program *p, struct mut_rng *r);

static void apply_edits(struct vmf_program *p, struct mut_rng *r)
{
	/* clang-format off */
	static const edit_fn edits[] = {
		edit_insert, edit_delete,   edit_duplicate, edit_swap,
		edit_tweak,  edit_retarget, edit_opcode,    edit_scenario,
		mut_sched_edit,
	};
	static const u8 weights[ARRAY_SIZE(edits)] = {
		20,          12,            8,              6,
		26,          14,            4,              6,
		14,
	};
	/* clang-format on */
	u32 i, n = rng_one_in(r, 2) ? 1 : 2 + rng_below(r, 3);

	for (i = 0; i < n; i++)
		edits[rng_weighted(r, weights, ARRAY_SIZE(edits))](p, r);
}

/* Drop trailing operations until p and its schedule (2 bytes a run, the
 * runs that fit in half of max) encode into max bytes; encode it. */
static size_t encode_fit(struct vmf_program *p, u8 *out, size_t max)
{
	u32 i, len;

	if (p->nsched > max / 4)
		p->nsched = (u32)(max / 4);
	len = 2 * p->nsched;

	for (i = 0; i < p->nops; i++) {
		u32 n = prog_op_encoded_size(&p->ops[i]);

		if (len + n > max)
			break;
		len += n;
	}
	p->nops = i;
	return prog_encode(p, out, len);
}

static struct mut_rng rng_seeded(u32 seed, size_t size)
{
	struct mut_rng r = { ((u64)seed << 32) ^ (u64)size };

	return r;
}

/* *d = *s, copying only the operations s has (a program is 64 KB). */
static void prog_copy(struct vmf_program *d, const struct vmf_program *s)
{
	d->nops = s->nops;
	memcpy(d->ops, s->ops, s->nops * sizeof(s->ops[0]));
	d->nsched = s->nsched;
	memcpy(d->sched, s->sched, s->nsched * sizeof(s->sched[0]));
}

static u32 clamp_len(size_t len)
{
	return len > VMF_PROG_MAX_BYTES ? VMF_PROG_MAX_BYTES : (u32)len;
}

size_t vmf_mutate(u8 *data, size_t size, size_t max_size, u32 seed,
		  vmf_bytes_fn bytes)
{
	/* Static: too big for every engine's stack; engines call one at a
	 * time. */
	static struct vmf_program orig, p;
	static u8 canon[VMF_PROG_MAX_BYTES], out[VMF_PROG_MAX_BYTES];
	struct mut_rng r = rng_seeded(seed, size);
	size_t clen, len = 0;
	u32 tries;

	if (bytes && rng_one_in(&r, 8))
		return bytes(data, size, max_size);
	prog_decode(data, clamp_len(size), &orig);
	clen = encode_fit(&orig, canon, max_size);
	if (rng_one_in(&r, 16)) {
		/* Now and then a fresh two-CPU program with a PCT schedule, as
		 * syzkaller generates one among its mutations. */
		vmf_generate_smp(rng_next(&r), 64, 0, &p);
		len = encode_fit(&p, out, max_size);
		if (len && (len != clen || memcmp(out, canon, len))) {
			memcpy(data, out, len);
			return len;
		}
	}
	for (tries = 0; tries < 8; tries++) {
		prog_copy(&p, &orig);
		apply_edits(&p, &r);
		len = encode_fit(&p, out, max_size);
		if (len != clen || memcmp(out, canon, len))
			break;
	}
	if (tries == 8) {
		/* Nothing stuck: drop the last op, or add a meminfo. */
		prog_copy(&p, &orig);
		if (p.nops)
			p.nops--;
		else
			p.ops[p.nops++] = mkop(OP_MEMINFO, 0, 0, 0);
		len = encode_fit(&p, out, max_size);
	}
	memcpy(data, out, len);
	return len;
}

/* q = a[0..i) + b[j..j+n) + a[i+drop..), cut at VMF_MAX_OPS. */
static void splice(struct vmf_program *q, const struct vmf_program *a, u32 i,
		   u32 drop, const struct vmf_program *b, u32 j, u32 n)
{
	q->nops = 0;
	q->nsched = a->nsched; /* a's schedule, b's ops keep their CPUs */
	memcpy(q->sched, a->sched, a->nsched * sizeof(a->sched[0]));
	insert_ops(q, 0, a->ops, i);
	insert_ops(q, q->nops, &b->ops[j], n);
	insert_ops(q, q->nops, &a->ops[i + drop], a->nops - i - drop);
}

size_t vmf_crossover(const u8 *a, size_t alen, const u8 *b, size_t blen,
		     u8 *out, size_t max_out, u32 seed)
{
	static struct vmf_program pa, pb, q;
	static u8 buf[VMF_PROG_MAX_BYTES];
	struct mut_rng r = rng_seeded(seed, alen * 31 + blen);
	u32 i, j, n, drop, left;
	size_t len;

	prog_decode(a, clamp_len(alen), &pa);
	prog_decode(b, clamp_len(blen), &pb);
	if (!pa.nops || !pb.nops) {
		prog_copy(&q, pa.nops ? &pa : &pb);
		len = encode_fit(&q, buf, max_out);
		memcpy(out, buf, len);
		return len;
	}
	j = rng_below(&r, pb.nops);
	left = pb.nops - j;
	n = 1 + rng_below(&r, left < 16 ? left : 16);
	i = rng_below(&r, pa.nops + 1);
	left = pa.nops - i < n ? pa.nops - i : n;
	drop = rng_one_in(&r, 2) ? rng_below(&r, left + 1) : 0;
	if (drop == pa.nops)
		drop--;
	splice(&q, &pa, i, drop, &pb, j, n);
	len = encode_fit(&q, buf, max_out);
	/* Both parents in what fits? Else: a's first op, then b's run. */
	if (q.nops <= i || (!i && q.nops <= n)) {
		splice(&q, &pa, 1, 0, &pb, j, n);
		len = encode_fit(&q, buf, max_out);
	}
	memcpy(out, buf, len);
	return len;
}

/* Pages op maps at most (vmalloc, vmalloc_32, vmap); 0 for the rest. */
static u32 op_pages(const struct vmf_op *op)
{
	if (op->code == OP_VMAP || op->code == OP_VM_MAP_RAM)
		return op->a;
	if (op->code == OP_VMALLOC || op->code == OP_VMALLOC_32)
		return op->a / PAGE_SIZE + 1;
	return 0;
}

static bool fits(const struct vmf_program *p, u32 from, u32 max_pages)
{
	u32 i;

	for (i = from; max_pages && i < p->nops; i++)
		if (op_pages(&p->ops[i]) > max_pages)
			return false;
	return true;
}

/* Append one random operation that maps at most max_pages (0: any). */
static void generate_op(struct vmf_program *p, struct mut_rng *r, u32 max_pages)
{
	struct vmf_op *op = &p->ops[p->nops];
	struct slot_view v;
	u32 tries = 0;

	mut_slot_view(p, p->nops, &v);
	do {
		memset(op, 0, sizeof(*op));
		mut_random_op(r, &v, op);
	} while (max_pages && op_pages(op) > max_pages && ++tries < 16);
	if (max_pages && op_pages(op) > max_pages)
		*op = mkop(OP_MEMINFO, 0, 0, 0);
	p->nops++;
}

void vmf_generate(u64 seed, u32 max_pages, struct vmf_program *p)
{
	static struct vmf_program before;
	struct mut_rng r = { seed * 0x9e3779b97f4a7c15ull + 1 };
	u32 want = 4 + rng_below(&r, 37);

	p->nops = 0;
	p->nsched = 0;
	while (p->nops < want) {
		if (rng_one_in(&r, 8)) {
			before = *p;
			if (edit_scenario(p, &r) && fits(p, 0, max_pages))
				continue;
			*p = before;
		}
		generate_op(p, &r, max_pages);
	}
	if (p->nops > want)
		p->nops = want;
}

void vmf_generate_smp(u64 seed, u32 max_pages, u32 depth,
		      struct vmf_program *p)
{
	struct mut_rng r = { seed * 0xd1b54a32d192ed03ull + 7 };
	u32 i;

	vmf_generate(seed, max_pages, p);
	for (i = 0; i < p->nops; i++)
		p->ops[i].cpu = (u8)rng_below(&r, 2);
	if (p->nops > 1 && !p->ops[0].cpu == !p->ops[1].cpu)
		p->ops[1].cpu ^= 1; /* both CPUs have an op */
	mut_pct_schedule(&r, p, depth ? depth : 2 + rng_below(&r, 3));
}
